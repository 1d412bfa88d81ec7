"""Every library error is a shortlist.Error with its place apart from its message."""
import numpy as np
import pandas as pd
import pytest

import shortlist as sl
from conftest import EXAMPLES, ROOT, RULES, ratings_for


def test_rulebook_error_has_file_line_column_message():
    bad = ROOT / "tests" / "data" / "bad" / "unknown_key.yaml"
    with pytest.raises(sl.RulebookError) as caught:
        sl.load_rulebook(bad)
    e = caught.value
    assert isinstance(e, sl.Error)
    assert e.file == str(bad) and (e.line, e.column) == (11, 7)
    assert e.message.startswith("unknown key 'wieght' in criterion 'communication'")
    assert str(e).startswith(f"{bad}:11:7: error: unknown key 'wieght'")
    assert len(e.diagnostics) == 2  # every problem found, the first one first


def test_evidence_error_names_the_dataframe_and_cell():
    rules = [r for r in RULES if r.stem.startswith("staffordshire")][0]
    applicants = pd.read_csv(EXAMPLES / "applicants.csv", dtype=str, keep_default_na=False)
    ratings = pd.DataFrame({"applicant_id": ["A0001"], "criterion": ["communication"],
                            "assessor": ["R1"], "score": ["eleven"]})
    with pytest.raises(sl.EvidenceError) as caught:
        sl.score(rules, applicants, ratings)
    e = caught.value
    assert e.file == "<ratings DataFrame>"
    assert (e.line, e.column) == (2, 4)  # the header is line 1; score is the 4th field
    assert "eleven" in e.message


def test_missing_file_and_bad_arguments():
    with pytest.raises(sl.Error) as caught:
        sl.load_rulebook(ROOT / "no_such_rulebook.yaml")
    assert "no_such_rulebook.yaml" in str(caught.value)
    with pytest.raises(sl.UsageError):
        sl.stats.krippendorff_alpha(np.ones((3, 2)), metric="cosine")
    with pytest.raises(ValueError):  # UsageError is a ValueError too
        sl.stats.icc(np.ones(4))
    with pytest.raises(sl.UsageError):
        sl.score(RULES[0], EXAMPLES / "applicants.csv", top=0)


def test_bad_options_are_usage_errors():
    # top is checked in Python for every call that takes it (the library takes
    # 0 as an empty shortlist); the library checks the sensitivity options.
    rules = ROOT / "rules" / "staffordshire_pcso.yaml"
    applicants, ratings = EXAMPLES / "applicants.csv", ratings_for("staffordshire-pcso")
    for call in (lambda: sl.score(rules, applicants, ratings, top=0),
                 lambda: sl.sensitivity(rules, applicants, ratings, top=0),
                 lambda: sl.compare(rules, rules, applicants, ratings, top=0),
                 lambda: sl.calibrate(ratings, rulebook=rules, applicants=applicants, top=0)):
        with pytest.raises(sl.UsageError, match="top must be at least 1"):
            call()
    for options, message in (({"draws": 0}, "draws must be at least 1"),
                             ({"dirichlet": 0}, "concentration must be a finite number above 0"),
                             ({"dirichlet": float("inf")}, "concentration must be a finite"),
                             ({"perturb": 100}, "perturbation must be at least 0 and below 1"),
                             ({"perturb": -1}, "perturbation must be at least 0 and below 1"),
                             ({"perturb": 10, "dirichlet": 5}, "not both")):
        with pytest.raises(sl.UsageError, match=message):
            sl.sensitivity(rules, applicants, ratings, **options)
