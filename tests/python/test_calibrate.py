"""sl.calibrate against `shortlist calibrate --csv DIR` on the example data."""
import json
import threading
import time

import numpy as np
import pandas as pd
import pytest

import shortlist as sl
from conftest import EXAMPLES, RULES, ratings_for


def cli_tables(run_cli, tmp_path, *args):
    run_cli("calibrate", *args, "--bootstrap", 0, "--csv", tmp_path)
    read = lambda name: pd.read_csv(tmp_path / name, keep_default_na=False, na_values=[""],
                                   float_precision="round_trip")
    return {name: read(f"{name}.csv") for name in ("agreement", "assessors", "moderation")} | {
        "changes": read("shortlist_changes.csv") if (tmp_path / "shortlist_changes.csv").exists()
        else None}


@pytest.mark.parametrize("rules", RULES, ids=lambda p: p.stem)
def test_calibrate_equals_cli(rules, run_cli, tmp_path):
    rb = sl.load_rulebook(rules)
    ratings = ratings_for(rb.id)
    applicants = EXAMPLES / "applicants.csv"
    cal = sl.calibrate(ratings, rulebook=rb, applicants=applicants)
    cli = cli_tables(run_cli, tmp_path, "--rules", rules, "--applicants", applicants,
                     "--ratings", ratings)

    expected = cli["agreement"].set_index("criterion")
    contract = list(expected.columns)
    assert list(cal.agreement.columns) == contract + list(sl.calibration.EXTRA_AGREEMENT_COLUMNS)
    assert cal.agreement.index[-1] == "overall"
    pd.testing.assert_frame_equal(cal.agreement[contract], expected, check_dtype=False,
                                  check_exact=True)
    # The columns beyond agreement.csv are the --json document's numbers.
    document = json.loads(run_cli("calibrate", "--rules", rules, "--applicants", applicants,
                                  "--ratings", ratings, "--bootstrap", 0, "--json"))
    same = lambda x, y: x == y if y is not None else np.isnan(x)
    for name, row in cal.agreement.iterrows():
        obj = document["overall"] if name == "overall" else document["criteria"][name]
        assert same(row["gwet_ac1"], obj["gwet_ac1"]), name
        assert same(row["gwet_ac2_quadratic"], obj["gwet_ac2"]["quadratic"]), name
        assert same(row["brennan_prediger_linear_se"],
                    obj["brennan_prediger_weighted_se"]["linear"]), name
        assert same(row["fleiss_kappa_se"], obj["fleiss_kappa_se"]), name
    assert cal.agreement["gwet_ac1"].notna().any()
    for column in ("ICC1", "ICC2k", "alpha_interval", "fleiss_kappa", "kendall_w"):
        assert cal.agreement[column].notna().any(), column

    expected = cli["assessors"].set_index("assessor")
    pd.testing.assert_frame_equal(cal.assessors, expected, check_dtype=False, check_exact=True)

    moderation = cli["moderation"]
    assert list(cal.moderation["applicant_id"]) == list(moderation["applicant_id"].astype(str))
    assert list(cal.moderation["criterion"]) == list(moderation["criterion"])
    assert [";".join(a) for a in cal.moderation["assessors"]] == list(moderation["assessors"])
    assert np.array_equal(cal.moderation["spread"].to_numpy(), moderation["spread"].to_numpy())

    assert cal.changes is not None and cli["changes"] is not None
    pd.testing.assert_frame_equal(cal.changes, cli["changes"], check_dtype=False)
    assert cal.agreement.attrs["audit"]["command"] == "calibrate"


def six_psychiatrists() -> pd.DataFrame:
    """irrCAC's distrib.6raters: 15 patients, 6 psychiatrists, 5 diagnoses (Fleiss 1971,
    Table 1, its first 15 patients), as counts per diagnosis; in long format."""
    counts = [[0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6],
              [0, 3, 0, 3, 0], [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0],
              [2, 0, 0, 4, 0], [0, 0, 0, 0, 6], [1, 0, 0, 5, 0], [1, 1, 0, 4, 0],
              [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1]]
    rows = []
    for i, c in enumerate(counts):
        scores = [k + 1 for k, n in enumerate(c) for _ in range(n)]
        rows += [(f"P{i + 1:02d}", "diagnosis", f"R{j + 1}", str(x))
                 for j, x in enumerate(scores)]
    return pd.DataFrame(rows, columns=["applicant_id", "criterion", "assessor", "score"])


def test_chance_corrected_agreement_matches_published_values():
    # irrCAC README (Gwet): gwet.ac1.dist(distrib.6raters) 0.4448007, se
    # 0.08418757; bp.coeff.dist 0.4388889, se 0.08312142; vignette,
    # quadratic.weights(1:5): AC2 0.4837438, se 0.1058227.
    row = sl.calibrate(six_psychiatrists()).agreement.loc["diagnosis"]
    assert row["gwet_ac1"] == pytest.approx(0.4448007, abs=5e-8)
    assert row["gwet_ac1_se"] == pytest.approx(0.08418757, abs=5e-9)
    assert row["brennan_prediger"] == pytest.approx(0.4388889, abs=5e-8)
    assert row["brennan_prediger_se"] == pytest.approx(0.08312142, abs=5e-9)
    assert row["gwet_ac2_quadratic"] == pytest.approx(0.4837438, abs=5e-8)
    assert row["gwet_ac2_quadratic_se"] == pytest.approx(0.1058227, abs=5e-8)
    assert not np.isnan(row["fleiss_kappa_se"])


def test_rasch_without_rulebook_equals_cli(run_cli, tmp_path):
    ratings = ratings_for("gloucestershire-pcso")
    cal = sl.calibrate(pd.read_csv(ratings, dtype=str, keep_default_na=False), model="rasch")
    cli = cli_tables(run_cli, tmp_path, "--ratings", ratings, "--model", "rasch")
    pd.testing.assert_frame_equal(cal.assessors, cli["assessors"].set_index("assessor"),
                                  check_dtype=False, check_exact=True)
    # Severities are given exactly when the fit converged (the notes say so).
    converged = not any("did not converge" in n for n in cal.notes)
    assert cal.assessors["severity"].notna().all() == converged
    assert cal.model == "rasch"
    assert cal.changes is None
    assert any("no rulebook" in n for n in cal.notes)


def test_long_calls_release_the_gil():
    # While a thread is inside the library's call (_core.calibrate, which
    # sl.calibrate wraps; its pandas work around the call holds the GIL as any
    # Python code does), the main thread keeps running. With the GIL held
    # through the call, the main thread would stand still for all of it.
    from shortlist import _core
    ratings = str(ratings_for("staffordshire-pcso"))
    inside = []

    def call():
        started = time.perf_counter()
        _core.calibrate([], ratings, bootstrap=300)
        inside.append(time.perf_counter() - started)

    ticks = [time.perf_counter()]
    worker = threading.Thread(target=call)
    worker.start()
    while worker.is_alive():
        time.sleep(0.001)
        ticks.append(time.perf_counter())
    worker.join()
    took = inside[0]
    stood_still = max(b - a for a, b in zip(ticks, ticks[1:]))
    assert took > 0.05, f"the call is too quick ({took:.3f} s) to show anything"
    assert stood_still < took / 3, \
        f"the main thread stood still for {stood_still:.3f} s of a {took:.3f} s call"


def test_calibrate_generalizability_equals_cli(run_cli, tmp_path):
    """generalizability.csv as the CLI writes it, and the --json document's numbers."""
    rules = RULES[0]
    rb = sl.load_rulebook(rules)
    ratings = ratings_for(rb.id)
    cal = sl.calibrate(ratings, rulebook=rb)
    run_cli("calibrate", "--rules", rules, "--ratings", ratings, "--bootstrap", 0,
            "--csv", tmp_path)
    expected = pd.read_csv(tmp_path / "generalizability.csv", keep_default_na=False,
                           na_values=[""], float_precision="round_trip",
                           dtype={"criterion": str}).set_index("criterion")
    pd.testing.assert_frame_equal(cal.generalizability, expected, check_dtype=False,
                                  check_exact=True)
    overall = cal.report["overall"]["generalizability"]
    assert cal.generalizability.loc["overall", "g"] == overall["g"]
    assert cal.generalizability.loc["overall", "estimator"] == overall["estimator"]
    assert [row["assessors"] for row in overall["d_study"]] == [1, 2, 3, 4, 5, 6]


def test_calibrate_anchor_equals_cli(run_cli, tmp_path):
    """anchor= holds an earlier calibration's severities, as --anchor does
    (docs/calibration.md#anchoring): anchored to itself, the severities stay."""
    rules = RULES[0]
    rb = sl.load_rulebook(rules)
    ratings = ratings_for(rb.id)
    earlier = sl.calibrate(ratings, rulebook=rb)
    anchor = tmp_path / "earlier.json"
    anchor.write_text(json.dumps(earlier.report))
    cal = sl.calibrate(ratings, rulebook=rb, anchor=anchor)
    anchoring = cal.report["anchoring"]
    assert sorted(anchoring["anchored"]) == sorted(earlier.assessors.index)
    assert anchoring["estimated"] == []
    for row in anchoring["drift"]:
        assert abs(row["drift"]) < 1e-9
    assert (cal.assessors["severity"] == earlier.assessors["severity"]).all()
    document = json.loads(run_cli("calibrate", "--rules", rules, "--ratings", ratings,
                                  "--bootstrap", 0, "--anchor", anchor, "--json"))
    assert document["anchoring"] == anchoring
    assert document["wright_map"] == cal.report["wright_map"]
    with pytest.raises(sl.UsageError, match="drift_threshold needs anchor"):
        sl.calibrate(ratings, rulebook=rb, drift_threshold=0.3)
