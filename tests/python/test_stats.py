"""sl.stats against the published values the C++ tests use
(tests/unit/analysis/agreement_test.cpp), on the same data sets
(tests/data/agreement/, each file citing its source)."""
import numpy as np
import pandas as pd
import pytest

import shortlist as sl
from conftest import AGREEMENT_DATA, ROOT


def load(name: str) -> np.ndarray:
    return np.genfromtxt(AGREEMENT_DATA / name, comments="#", missing_values="NA",
                         filling_values=np.nan)


def test_icc_shrout_fleiss_1979():
    # Shrout & Fleiss (1979), Table 4: the six estimates to 2 decimals.
    icc = sl.stats.icc(load("shrout_fleiss_1979.txt"))
    assert list(icc) == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
    published = {"ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62,
                 "ICC3k": 0.91}
    for form, value in published.items():
        assert icc[form] == pytest.approx(value, abs=0.005), form


def test_icc_mcgraw_wong_1996_with_tests_and_intervals():
    # McGraw & Wong (1996), Table 6 data; psych::ICC output as quoted in
    # R. P. Matthew's f_ICC.m (2018) "Verification from R".
    x = np.array([[103, 119], [82, 65], [116, 106], [102, 102], [99, 105], [98, 100],
                  [104, 107], [62, 85], [97, 101], [107, 110]], dtype=float)
    published = {"ICC1": 0.722, "ICC2": 0.720, "ICC3": 0.714, "ICC1k": 0.838, "ICC2k": 0.837,
                 "ICC3k": 0.833}
    icc = sl.stats.icc(x)
    for form, value in published.items():
        assert icc[form] == pytest.approx(value, abs=5e-4), form
    table = sl.stats.icc_table(x)
    assert table.loc["ICC1", "F"] == pytest.approx(6.18, abs=0.005)
    assert table.loc["ICC1", "p"] == pytest.approx(0.00437, abs=5e-6)
    assert table.loc["ICC3", "ci_lower"] == pytest.approx(0.197, abs=5e-4)
    assert table.loc["ICC3", "ci_upper"] == pytest.approx(0.920, abs=5e-4)


def test_icc_irr_anxiety_from_a_dataframe():
    # irr::icc(anxiety, model = "twoway", type = "agreement"): ICC(A,1) = 0.198.
    frame = pd.DataFrame(load("irr_anxiety.txt"), columns=["r1", "r2", "r3"])
    assert sl.stats.icc(frame)["ICC2"] == pytest.approx(0.198, abs=5e-4)


@pytest.mark.parametrize("metric,published", [("nominal", 0.743), ("ordinal", 0.815),
                                              ("interval", 0.849), ("ratio", 0.797)])
def test_krippendorff_2011_with_missing_values(metric, published):
    # Krippendorff (2011), section C: nominal 0.743, interval 0.849; irr::kripp.alpha
    # on the same data: ordinal 0.815, ratio 0.797.
    alpha = sl.stats.krippendorff_alpha(load("krippendorff_2011.txt"), metric=metric)
    assert alpha == pytest.approx(published, abs=5e-4)


def test_krippendorff_interval_and_default_metric():
    x = load("krippendorff_2011.txt")
    assert sl.stats.krippendorff_alpha(x) == pytest.approx(0.849, abs=5e-4)
    alpha, (lower, upper) = sl.stats.krippendorff_alpha(x, bootstrap=500, ci=True)
    assert lower <= alpha <= upper and lower < upper


def test_undefined_statistics_are_nan():
    same = np.full((4, 3), 2.0)  # no variation: nothing to agree or disagree about
    assert np.isnan(sl.stats.krippendorff_alpha(same))
    assert np.isnan(sl.stats.icc(same)["ICC1"])


def test_fleiss_kappa_and_kendall_w():
    # Fleiss (1971): kappa = .430 (irr::kappam.fleiss: 0.4302445).
    assert sl.stats.fleiss_kappa(load("fleiss_1971_diagnoses.txt")) == pytest.approx(
        0.4302445, abs=5e-8)
    # irr::kendall(anxiety, correct = TRUE): W = 0.54.
    assert sl.stats.kendall_w(load("irr_anxiety.txt")) == pytest.approx(0.54, abs=0.005)


def test_wide_from_long_format():
    long = pd.DataFrame({"applicant_id": ["A", "A", "B", "B", "C"],
                         "assessor": ["R1", "R2", "R1", "R2", "R1"],
                         "score": ["4", "5", "2", "not_assessed", "3"]})
    x = sl.stats.wide(long)
    assert x.shape == (3, 2)
    assert np.isnan(x.loc["B", "R2"]) and x.loc["A", "R2"] == 5


def test_stats_work_without_pandas():
    # pandas is optional where a numpy array does: block its import entirely.
    import subprocess
    import sys
    # A rulebook loads without it; only its DataFrames need it.
    rules = ROOT / "rules" / "staffordshire_pcso.yaml"
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import numpy as np, shortlist as sl\n"
            "x = np.array([[9,2,5,8],[6,1,3,2],[8,4,6,8],[7,1,2,6],[10,5,6,9],[6,2,4,7]])\n"
            "print(round(sl.stats.icc(x)['ICC3'], 2))\n"
            f"rb = sl.load_rulebook({str(rules)!r})\n"
            "print(rb.id)\n"
            "try:\n    rb.criteria\nexcept ImportError as e:\n    print(e.name)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # Shrout & Fleiss (1979): ICC(3,1) = .71
    assert done.stdout.split() == ["0.71", "staffordshire-pcso", "pandas"]
