"""calibrate: panel agreement, assessor severity, moderation, adjusted shortlist."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from . import _core
from ._inputs import audit_record, pd, to_input
from ._scoring import as_rulebook

__all__ = ["Calibration", "calibrate", "AGREEMENT_COLUMNS"]

#: The agreement statistics, in the order of the CLI's agreement.csv.
AGREEMENT_COLUMNS = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "alpha_nominal",
                     "alpha_ordinal", "alpha_interval", "alpha_ratio", "fleiss_kappa",
                     "kendall_w")


@dataclass
class Calibration:
    """What ``shortlist calibrate`` reports, as DataFrames (docs/calibration.md).

    agreement:  indexed by criterion id, then "overall": n_applicants,
                n_assessors, n_ratings, then AGREEMENT_COLUMNS (NaN where a
                statistic cannot be computed).
    assessors:  indexed by assessor id: severity (+ = harsher), se, infit,
                outfit (Rasch only), n_ratings, group (connected component),
                adjustment (points to add to remove the effect), flagged.
    moderation: applicant_id, criterion, assessors (list), scores (list), spread.
    changes:    with a rulebook and applicants, who enters or leaves the
                shortlist once assessor effects are removed (applicant_id,
                change, rank_before, rank_after, status_before, status_after);
                else None.
    notes:      sentences on what was left out or could not be estimated.
    audit:      what the result was made from.
    """

    agreement: pd.DataFrame
    assessors: pd.DataFrame
    moderation: pd.DataFrame
    changes: Optional[pd.DataFrame]
    model: str
    notes: List[str] = field(default_factory=list)
    audit: Dict[str, Any] = field(default_factory=dict)


def calibrate(ratings: Any, rulebook: Any = None, model: str = "additive",
              bootstrap: int = 0, applicants: Any = None, threshold: Optional[float] = None,
              min_severity: Optional[float] = None, top: Optional[int] = None) -> Calibration:
    """Calibrate a panel from its ratings, as ``shortlist calibrate`` does.

    ``ratings``: a path or a long-format DataFrame (applicant_id, criterion,
    assessor, score). ``rulebook`` (a Rulebook or a path): take each
    criterion's scale from it (else the range of the scores given) and its
    moderation policy. With ``applicants`` as well, the evidence is loaded as
    ``score`` loads it and the shortlist is re-scored without assessor effects
    (``changes``). ``model``: "additive" (scale points) or "rasch" (logits).
    ``bootstrap``: resamples for Krippendorff's alpha intervals (0: none; the
    alphas themselves do not depend on it). ``threshold`` and
    ``min_severity`` override the rulebook's moderation policy; ``top`` the
    shortlist size. Runs with the GIL released.
    """
    rb = None if rulebook is None else as_rulebook(rulebook)
    raw = _core.calibrate(
        to_input(ratings, "ratings"), None if rb is None else rb._core,
        None if applicants is None else to_input(applicants, "applicants"),
        model, bootstrap, threshold, min_severity, top)
    agreement = pd.DataFrame(
        raw["agreement"],
        columns=["criterion", "n_applicants", "n_assessors", "n_ratings", *AGREEMENT_COLUMNS],
    ).set_index("criterion")
    assessors = pd.DataFrame(
        raw["assessors"],
        columns=["assessor", "severity", "se", "infit", "outfit", "n_ratings", "group",
                 "adjustment", "flagged"],
    ).set_index("assessor")
    moderation = pd.DataFrame(
        raw["moderation"], columns=["applicant_id", "criterion", "assessors", "scores", "spread"])
    changes = None
    if raw["changes"] is not None:
        changes = pd.DataFrame(
            raw["changes"], columns=["applicant_id", "change", "rank_before", "rank_after",
                                     "status_before", "status_after"])
        for column in ("rank_before", "rank_after"):
            changes[column] = changes[column].astype(float)
    audit = audit_record("calibrate", rb, {"ratings": ratings, "applicants": applicants},
                         {"model": model, "bootstrap": bootstrap, "threshold": threshold,
                          "min_severity": min_severity, "top": top})
    result = Calibration(agreement, assessors, moderation, changes, raw["model"],
                         list(raw["notes"]), audit)
    for frame in (agreement, assessors, moderation, changes):
        if frame is not None:
            frame.attrs["audit"] = audit
    return result
