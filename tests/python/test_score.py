"""sl.load_rulebook and sl.score against `shortlist score --format csv`, on
every shipped rulebook's example data."""
import hashlib
import io

import numpy as np
import pandas as pd
import pytest

import shortlist as sl
from conftest import EXAMPLES, ROOT, RULES, ratings_for

CSV_COLUMNS = ["rank", "applicant_id", "status", "total", "essential", "desirable",
               "competency", "conditions", "reasons"]


def read_cli_csv(text: str) -> pd.DataFrame:
    """The CLI's CSV as pandas reads it: numbers as floats, empty cells NaN,
    the text columns as text."""
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""],
                       float_precision="round_trip",
                       dtype={"applicant_id": str, "status": str, "conditions": object,
                              "reasons": object},
                       converters=None).astype({"rank": float, "total": float,
                                                "essential": float, "desirable": float,
                                                "competency": float})


@pytest.mark.parametrize("rules", RULES, ids=lambda p: p.stem)
def test_score_equals_cli_on_every_rulebook(rules, run_cli):
    rb = sl.load_rulebook(rules)
    ratings = ratings_for(rb.id)
    applicants = EXAMPLES / "applicants.csv"
    res = sl.score(rb, applicants, ratings)
    expected = read_cli_csv(run_cli("score", "--rules", rules, "--applicants", applicants,
                                    "--ratings", ratings))
    assert list(res.columns) == CSV_COLUMNS
    assert len(res) == 200
    pd.testing.assert_frame_equal(res, expected, check_exact=True)
    assert res["status"].isin(["shortlisted", "not_shortlisted", "not_eligible",
                               "guaranteed_interview"]).all()


@pytest.mark.parametrize("rules", RULES, ids=lambda p: p.stem)
def test_dataframes_give_the_same_shortlist_as_files(rules):
    rb = sl.load_rulebook(rules)
    ratings = ratings_for(rb.id)
    applicants = EXAMPLES / "applicants.csv"
    from_files = sl.score(rb, applicants, ratings, top=10)
    frames = sl.score(rb, pd.read_csv(applicants, dtype=str, keep_default_na=False),
                      pd.read_csv(ratings, dtype=str, keep_default_na=False), top=10)
    pd.testing.assert_frame_equal(frames, from_files, check_exact=True)
    assert (from_files["status"] == "shortlisted").sum() >= 10  # ties may add more


def test_json_lines_and_top_equal_cli(run_cli):
    rules = [r for r in RULES if r.stem.startswith("gloucestershire")][0]
    jsonl = EXAMPLES / "applicants.jsonl"
    res = sl.score(str(rules), jsonl, top=5)
    expected = read_cli_csv(run_cli("score", "--rules", rules, "--applicants", jsonl,
                                    "--top", 5))
    pd.testing.assert_frame_equal(res, expected, check_exact=True)


def test_empty_cells_are_nan_and_numbers_floats():
    # Every shipped rulebook has a pre-employment check, which is a condition on
    # every result at the sift; the unnamed force's copy without stages has
    # none, so its applicants have no conditions.
    rb = sl.load_rulebook(ROOT / "tests" / "data" / "stages" / "unnamed_force_no_stage.yaml")
    res = sl.score(rb, EXAMPLES / "applicants.csv", ratings_for(rb.id))
    for column in ("rank", "total", "essential", "desirable", "competency"):
        assert res[column].dtype == np.float64
    ineligible = res[res["status"] == "not_eligible"]
    assert len(ineligible) > 0 and ineligible["rank"].isna().all()
    assert res["conditions"].isna().any()


def test_rulebook_properties():
    rules = [r for r in RULES if r.stem.startswith("staffordshire")][0]
    rb = sl.load_rulebook(rules)
    assert rb.id == "staffordshire-pcso"
    criteria = rb.criteria
    assert criteria.index.name == "id"
    assert "communication" in criteria.index
    assert set(criteria["group"]) <= {"essential", "desirable", "competency"}
    assert (criteria["scale_max"] > criteria["scale_min"]).all()
    assert rb.path.endswith("staffordshire_pcso.yaml")


def test_result_carries_the_librarys_audit_record():
    # The record is the library's (docs/audit.md), as `shortlist score`
    # makes it: the equivalent command line, each input hashed.
    rules = [r for r in RULES if r.stem.startswith("staffordshire")][0]
    rb = sl.load_rulebook(rules)
    applicants, ratings = EXAMPLES / "applicants.csv", ratings_for(rb.id)
    res = sl.score(rb, applicants, ratings, top=3)
    audit = res.attrs["audit"]
    assert audit["tool"] == "shortlist" and audit["command"] == "score"
    assert audit["version"] == sl.__version__
    assert audit["arguments"] == ["--rules", rb.path, "--applicants", str(applicants),
                                  "--ratings", str(ratings), "--top", "3"]
    roles = [f["role"] for f in audit["inputs"]]
    assert roles[0] == "rules" and roles[-2:] == ["applicants", "ratings"]
    assert audit["inputs"][-1]["sha256"] == hashlib.sha256(ratings.read_bytes()).hexdigest()
    assert len(audit["rulebook_sha256"]) == 64


def test_dataframe_inputs_are_named_in_the_audit_record():
    rules = [r for r in RULES if r.stem.startswith("staffordshire")][0]
    rb = sl.load_rulebook(rules)
    frame = pd.read_csv(EXAMPLES / "applicants.csv", dtype=str, keep_default_na=False)
    audit = sl.score(rb, frame, ratings_for(rb.id)).attrs["audit"]
    applicants = [f for f in audit["inputs"] if f["role"] == "applicants"][0]
    assert applicants["path"] == "<applicants DataFrame>"
    text = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert applicants["sha256"] == hashlib.sha256(text).hexdigest()
    assert "<applicants DataFrame>" in audit["arguments"]


@pytest.mark.parametrize("model", ["additive", "rasch"])
def test_adjust_assessors_equals_cli(run_cli, model):
    rules = [r for r in RULES if r.stem.startswith("staffordshire")][0]
    rb = sl.load_rulebook(rules)
    ratings = ratings_for(rb.id)
    applicants = EXAMPLES / "applicants.csv"
    res = sl.score(rb, applicants, ratings, adjust_assessors=True, model=model)
    expected = read_cli_csv(run_cli("score", "--rules", rules, "--applicants", applicants,
                                    "--ratings", ratings, "--adjust-assessors", "--model",
                                    model))
    pd.testing.assert_frame_equal(res, expected, check_exact=True)
    plain = sl.score(rb, applicants, ratings)
    assert not plain["total"].equals(res["total"])  # the adjustment moved some totals
    assert res.attrs["audit"]["arguments"][-3:] == ["--adjust-assessors", "--model", model]
    with pytest.raises(sl.UsageError):
        sl.score(rb, applicants, ratings, model="rasch")  # a model needs the adjustment


@pytest.mark.parametrize("rules", RULES, ids=lambda p: p.stem)
def test_interpretations_are_those_rules_prints(rules, run_cli):
    """Every reading the rulebook records, as `shortlist rules --json` gives it."""
    import json
    rb = sl.load_rulebook(rules)
    expected = json.loads(run_cli("rules", "--json", rules))["interpretations"]
    got = rb.interpretations
    assert list(got.index) == [e["id"] for e in expected]
    for e in expected:
        row = got.loc[e["id"]]
        assert list(row["about"]) == e["about"]
        for key in ("seed_text", "reading", "alternative", "source"):
            assert row[key] == e[key]
