"""sl.sensitivity, sl.compare and sl.fairness against the CLI's --csv tables."""
import pandas as pd
import pytest

import shortlist as sl
from conftest import EXAMPLES, ROOT, ratings_for

STAFFORDSHIRE = ROOT / "rules" / "staffordshire_pcso.yaml"
SOUTH_WALES = ROOT / "rules" / "south_wales_pcso.yaml"
APPLICANTS = EXAMPLES / "applicants.csv"


def read(path):
    return pd.read_csv(path, keep_default_na=False, na_values=[""],
                       float_precision="round_trip")


def test_sensitivity_equals_cli(run_cli, tmp_path):
    ratings = ratings_for("staffordshire-pcso")
    res = sl.sensitivity(STAFFORDSHIRE, APPLICANTS, ratings, draws=200, seed=7, perturb=30)
    run_cli("sensitivity", "--rules", STAFFORDSHIRE, "--applicants", APPLICANTS, "--ratings",
            ratings, "--draws", 200, "--seed", 7, "--perturb", 30, "--csv", tmp_path)
    expected = read(tmp_path / "sensitivity.csv")
    pd.testing.assert_frame_equal(res, expected, check_dtype=False, check_exact=True)
    assert res["band"].eq("boundary").any()  # 30% perturbations move someone
    weights = read(tmp_path / "sensitivity_weights.csv").set_index("criterion")["weight"]
    assert res.attrs["weights"].to_dict() == weights.to_dict()
    # One thread or every core: the same draws.
    again = sl.sensitivity(STAFFORDSHIRE, APPLICANTS, ratings, draws=200, seed=7, perturb=30,
                           threads=1)
    pd.testing.assert_frame_equal(again, res)
    audit = res.attrs["audit"]  # the library's record: the seed drawn from
    assert audit["command"] == "sensitivity" and audit["seed"] == 7
    assert res.attrs["summary"]["perturbation"] == 0.3


def test_sensitivity_selection_only(run_cli, tmp_path):
    # The same shortlist counts as the full run, without the rank columns or
    # Kendall's tau, and the same as the CLI's --selection-only.
    ratings = ratings_for("staffordshire-pcso")
    full = sl.sensitivity(STAFFORDSHIRE, APPLICANTS, ratings, draws=200, seed=7, perturb=30)
    sel = sl.sensitivity(STAFFORDSHIRE, APPLICANTS, ratings, draws=200, seed=7, perturb=30,
                         selection_only=True)
    run_cli("sensitivity", "--rules", STAFFORDSHIRE, "--applicants", APPLICANTS, "--ratings",
            ratings, "--draws", 200, "--seed", 7, "--perturb", 30, "--selection-only",
            "--csv", tmp_path)
    pd.testing.assert_frame_equal(sel, read(tmp_path / "sensitivity.csv"), check_dtype=False,
                                  check_exact=True)
    assert "median_rank" not in sel.columns and "kendall_tau" not in sel.attrs["summary"]
    assert sel.attrs["summary"]["selection_only"] is True
    pd.testing.assert_frame_equal(sel, full.drop(columns=["median_rank", "rank_lo", "rank_hi"]))
    assert sel.attrs["audit"]["arguments"][-1] == "--selection-only"


def test_compare_equals_cli(run_cli, tmp_path):
    ra, rb = ratings_for("staffordshire-pcso"), ratings_for("south-wales-pcso")
    c = sl.compare(STAFFORDSHIRE, SOUTH_WALES, APPLICANTS, ratings=ra, ratings_b=rb, top=20)
    run_cli("compare", "--rules-a", STAFFORDSHIRE, "--rules-b", SOUTH_WALES, "--applicants",
            APPLICANTS, "--ratings-a", ra, "--ratings-b", rb, "--top", 20, "--csv", tmp_path)
    moves = read(tmp_path / "compare_moves.csv")
    assert len(c.moves) > 0
    pd.testing.assert_frame_equal(c.moves, moves, check_dtype=False, check_exact=True)
    drivers = read(tmp_path / "compare_drivers.csv").set_index("criterion")
    pd.testing.assert_frame_equal(c.drivers, drivers, check_dtype=False, check_exact=True)
    assert c.summary["overlap"] + len(c.moves[c.moves["move"] == "left"]) == len(
        c.summary["a"]["shortlist"])


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_fairness_equals_cli(run_cli, tmp_path, fmt):
    ratings = ratings_for("staffordshire-pcso")
    results = tmp_path / f"results.{fmt}"
    results.write_text(run_cli("score", "--rules", STAFFORDSHIRE, "--applicants", APPLICANTS,
                               "--ratings", ratings, "--format", fmt))
    monitoring = EXAMPLES / "monitoring.csv"
    f = sl.fairness(results, pd.read_csv(monitoring, dtype=str, keep_default_na=False))
    out = tmp_path / "out"
    run_cli("fairness", "--results", results, "--monitoring", monitoring, "--csv", out)
    pd.testing.assert_frame_equal(f.impact, read(out / "impact.csv"), check_dtype=False,
                                  check_exact=True)
    expected = read(out / "attribution.csv")
    assert (len(f.attribution) > 0) == (fmt == "json")  # only JSON lists the gates
    assert [(i["role"], i["path"]) for i in f.audit["inputs"]] == [
        ("results", str(results)), ("monitoring", "<monitoring DataFrame>")]
    pd.testing.assert_frame_equal(f.attribution, expected, check_dtype=False, check_exact=True)


def test_fairness_from_score_dataframe(run_cli, tmp_path):
    ratings = ratings_for("staffordshire-pcso")
    res = sl.score(STAFFORDSHIRE, APPLICANTS, ratings)
    results = tmp_path / "results.csv"
    results.write_text(run_cli("score", "--rules", STAFFORDSHIRE, "--applicants", APPLICANTS,
                               "--ratings", ratings))
    monitoring = EXAMPLES / "monitoring.csv"
    from_frame = sl.fairness(res, monitoring)
    from_file = sl.fairness(results, monitoring)
    pd.testing.assert_frame_equal(from_frame.impact, from_file.impact)
    assert set(from_frame.impact["stage"]) >= {"shortlisted"}
