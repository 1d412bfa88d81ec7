"""sl.load_rulebook and sl.score against `shortlist score --format csv`, on
every shipped rulebook's example data."""
import io

import numpy as np
import pandas as pd
import pytest

import shortlist as sl
from conftest import EXAMPLES, RULES, ratings_for

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
    rules = [r for r in RULES if r.stem.startswith("staffordshire")][0]
    rb = sl.load_rulebook(rules)
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


def test_result_carries_its_audit_record():
    rules = [r for r in RULES if r.stem.startswith("staffordshire")][0]
    rb = sl.load_rulebook(rules)
    res = sl.score(rb, EXAMPLES / "applicants.csv", ratings_for(rb.id), top=3)
    audit = res.attrs["audit"]
    assert audit["command"] == "score" and audit["version"] == sl.__version__
    assert audit["options"] == {"top": 3}
    roles = [f["role"] for f in audit["inputs"]]
    assert roles == ["rules", "applicants", "ratings"]
    assert all(len(f["sha256"]) == 64 for f in audit["inputs"])
