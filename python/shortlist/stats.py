"""Inter-rater agreement over a subjects x raters array, NaN for missing.

The same kernels `shortlist calibrate` uses (docs/calibration.md), so the
numbers are the CLI's. Arrays are what pingouin and the ``krippendorff``
package compare with — note that ``krippendorff.alpha`` takes raters x units,
the transpose of what these functions take.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import numpy as np

from . import _core

__all__ = ["icc", "icc_table", "krippendorff_alpha", "fleiss_kappa", "kendall_w", "wide"]

ICC_FORMS = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")


def _matrix(x: Any) -> np.ndarray:
    values = getattr(x, "to_numpy", None)
    array = values(dtype=float) if values is not None else np.asarray(x, dtype=float)
    return np.ascontiguousarray(array, dtype=float)


def icc(x: Any, confidence: float = 0.95) -> Dict[str, float]:
    """The six Shrout & Fleiss (1979) intraclass correlations of ``x``
    (subjects x raters; a DataFrame or anything numpy reads), on the largest
    complete block of subjects and raters: ``{"ICC1", "ICC2", "ICC3", "ICC1k",
    "ICC2k", "ICC3k"}`` (ICC1 = ICC(1,1), ICC2k = ICC(2,k), ...). A form that
    cannot be computed is NaN. Runs with the GIL released."""
    values, _, _ = _core.icc(_matrix(x), confidence)
    return dict(values)


def icc_table(x: Any, confidence: float = 0.95) -> "Any":
    """ICC with its tests, as a DataFrame indexed by form: ICC, F, df1, df2, p,
    ci_lower, ci_upper (pingouin's intraclass_corr has the same numbers).
    ``.attrs["notes"]`` says what was left out to get a complete block."""
    import pandas as pd

    values, detail, notes = _core.icc(_matrix(x), confidence)
    frame = pd.DataFrame({form: {"ICC": values[form], **detail[form]} for form in ICC_FORMS}).T
    frame.index.name = "form"
    frame.attrs["notes"] = list(notes)
    return frame


def krippendorff_alpha(x: Any, metric: str = "interval", bootstrap: int = 0,
                       seed: Optional[int] = None, ci: bool = False
                       ) -> "float | Tuple[float, Optional[Tuple[float, float]]]":
    """Krippendorff's alpha of ``x`` (subjects x raters, NaN missing) with the
    difference function ``metric``: nominal, ordinal, interval or ratio
    (Krippendorff 2011). NaN when undefined. With ``bootstrap`` resamples and
    ``ci=True``, returns ``(alpha, (lower, upper))``, the 95% percentile
    interval (seeded: the same interval on every platform)."""
    args = (_matrix(x), metric, bootstrap) if seed is None else (_matrix(x), metric, bootstrap,
                                                                 seed)
    alpha, interval, _ = _core.krippendorff_alpha(*args)
    return (alpha, interval) if ci else alpha


def fleiss_kappa(x: Any) -> float:
    """Fleiss' (1971) kappa of ``x`` (subjects x raters, NaN missing; the
    categories are the distinct values), on the subjects with the modal number
    of ratings. NaN when undefined."""
    return _core.fleiss_kappa(_matrix(x))


def kendall_w(x: Any) -> float:
    """Kendall's W with the tie correction, on the largest complete block of
    ``x`` (subjects x raters). NaN when undefined."""
    return _core.kendall_w(_matrix(x))


def wide(long: Any, subject: str = "applicant_id", rater: str = "assessor",
         value: str = "score") -> "Any":
    """A long-format DataFrame (one row per rating) as subjects x raters, NaN
    where a rater did not rate a subject (a subject may be a column list, e.g.
    ``["applicant_id", "criterion"]``). Non-numeric scores are dropped."""
    import pandas as pd

    frame = long.copy()
    frame[value] = pd.to_numeric(frame[value], errors="coerce")
    frame = frame.dropna(subset=[value])
    return frame.pivot_table(index=subject, columns=rater, values=value, aggfunc="first")
