"""shortlist: shortlist job applicants against a role profile, with reasons,
and calibrate the panels that rate them (docs/bindings.md).

    import shortlist as sl
    rb  = sl.load_rulebook("rules/staffordshire_pcso.yaml")
    res = sl.score(rb, "examples/data/applicants.csv",
                   "examples/data/ratings/staffordshire-pcso.csv")
    cal = sl.calibrate("examples/data/ratings/staffordshire-pcso.csv", rulebook=rb)
    sl.stats.icc(x); sl.stats.krippendorff_alpha(x, metric="ordinal")

Every library error is raised as a subclass of ``shortlist.Error`` with
``.file``, ``.line``, ``.column`` and ``.message``.
"""
from . import stats
from ._core import __version__
from ._scoring import Rulebook, load_rulebook, score
from .analyses import Comparison, Fairness, compare, fairness, sensitivity
from .calibration import Calibration, calibrate
from .errors import Error, EvidenceError, RulebookError, UsageError

__all__ = [
    "__version__", "Rulebook", "load_rulebook", "score", "Calibration", "calibrate", "stats",
    "sensitivity", "compare", "Comparison", "fairness", "Fairness",
    "Error", "RulebookError", "EvidenceError", "UsageError",
]
