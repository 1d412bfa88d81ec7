"""calibrate: panel agreement, assessor severity, moderation, adjusted shortlist."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from . import _core
from ._inputs import Files, arguments, check_top, pd, read_table
from ._scoring import _rules_path
from .errors import UsageError

__all__ = ["Calibration", "calibrate", "AGREEMENT_COLUMNS", "EXTRA_AGREEMENT_COLUMNS"]

#: The agreement statistics, in the order of the CLI's agreement.csv.
AGREEMENT_COLUMNS = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "alpha_nominal",
                     "alpha_ordinal", "alpha_interval", "alpha_ratio", "fleiss_kappa",
                     "kendall_w")

#: Where the calibrate JSON document keeps the chance-corrected coefficients
#: in a criterion's object (docs/calibration.md); each KEY's standard error
#: is under KEY_se.
_CHANCE_CORRECTED = {
    "gwet_ac1": ("gwet_ac1",),
    "gwet_ac2_linear": ("gwet_ac2", "linear"),
    "gwet_ac2_quadratic": ("gwet_ac2", "quadratic"),
    "brennan_prediger": ("brennan_prediger",),
    "brennan_prediger_linear": ("brennan_prediger_weighted", "linear"),
    "brennan_prediger_quadratic": ("brennan_prediger_weighted", "quadratic"),
}

#: The agreement statistics beyond agreement.csv, after AGREEMENT_COLUMNS:
#: each column and its place in a criterion's object of the JSON document.
EXTRA_AGREEMENT_COLUMNS = {
    **_CHANCE_CORRECTED,
    "fleiss_kappa_se": ("fleiss_kappa_se",),
    **{f"{name}_se": (keys[0] + "_se", *keys[1:]) for name, keys in _CHANCE_CORRECTED.items()},
}


@dataclass
class Calibration:
    """What ``shortlist calibrate`` reports, as DataFrames (docs/calibration.md).

    agreement:  agreement.csv indexed by criterion id, then "overall":
                n_applicants, n_assessors, n_ratings, then AGREEMENT_COLUMNS,
                then EXTRA_AGREEMENT_COLUMNS (Gwet's AC1/AC2, Brennan-Prediger
                and the standard errors, from the JSON document); NaN where a
                statistic cannot be computed.
    assessors:  assessors.csv indexed by assessor id: severity (+ = harsher),
                se, infit, outfit (Rasch only), n_ratings, group (connected
                component), adjustment (points to add to remove the effect),
                flagged.
    moderation: applicant_id, criterion, assessors (list), scores (list), spread.
    changes:    with a rulebook and applicants, who enters or leaves the
                shortlist once assessor effects are removed
                (shortlist_changes.csv: applicant_id, change, rank_before,
                rank_after, status_before, status_after); else None.
    notes:      sentences on what was left out or could not be estimated.
    generalizability: generalizability.csv indexed by criterion id, then
                "overall": estimator ("anova" or "henderson1"), the variance
                components (applicant, assessor, criterion, applicant_assessor,
                applicant_criterion, assessor_criterion, residual; NaN where
                the design has none), g, phi, assessors (harmonic mean per
                applicant) and the D study g_k, phi_k for k = 1..6
                (docs/calibration.md, "Generalizability").
    audit:      the library's audit record of the run (docs/audit.md).
    report:     the whole JSON document of ``shortlist calibrate --json``
                (ICC tests and intervals, alpha intervals, Cohen's kappas,
                the Rasch estimates, ...), without its "audit".
    """

    agreement: pd.DataFrame
    assessors: pd.DataFrame
    moderation: pd.DataFrame
    changes: Optional[pd.DataFrame]
    model: str
    notes: List[str] = field(default_factory=list)
    audit: Dict[str, Any] = field(default_factory=dict)
    report: Dict[str, Any] = field(default_factory=dict)
    generalizability: Optional[pd.DataFrame] = None


def _extra_agreement(document: Dict[str, Any], index: "pd.Index") -> pd.DataFrame:
    """EXTRA_AGREEMENT_COLUMNS of each row of ``index`` from the JSON document."""
    def value(criterion: Dict[str, Any], keys: tuple) -> float:
        for key in keys:
            criterion = criterion.get(key) if isinstance(criterion, dict) else None
        return float("nan") if criterion is None else float(criterion)

    objects = {**document["criteria"], "overall": document["overall"] or {}}
    return pd.DataFrame([[value(objects.get(name, {}), keys)
                          for keys in EXTRA_AGREEMENT_COLUMNS.values()] for name in index],
                        index=index, columns=list(EXTRA_AGREEMENT_COLUMNS), dtype=float)


def calibrate(ratings: Any = None, rulebook: Any = None, model: str = "additive",
              bootstrap: int = 0, applicants: Any = None, threshold: Optional[float] = None,
              min_severity: Optional[float] = None, top: Optional[int] = None,
              anchor: Any = None, drift_threshold: Optional[float] = None) -> Calibration:
    """Calibrate a panel from its ratings, as ``shortlist calibrate`` does.

    ``ratings``: a path or a long-format DataFrame (applicant_id, criterion,
    assessor, score); None when ``applicants`` is a JSON Lines file holding
    them. ``rulebook`` (a Rulebook or a path): take each criterion's scale
    from it (else the range of the scores given) and its moderation policy.
    With ``applicants`` as well, the evidence is loaded as ``score`` loads it
    and the shortlist is re-scored without assessor effects (``changes``).
    ``model``: "additive" (scale points) or "rasch" (logits). ``bootstrap``:
    resamples for Krippendorff's alpha intervals (0: none; the alphas
    themselves do not depend on it). ``threshold`` and ``min_severity``
    override the rulebook's moderation policy; ``top`` the shortlist size
    (at least 1). ``anchor``: the path of an earlier ``calibrate --json``
    document (for instance ``json.dump`` of an earlier result's ``report``):
    the assessors it shares are held at its severities and the others put on
    its scale; ``report["anchoring"]`` gives each shared assessor's drift,
    flagged beyond ``drift_threshold`` (default 0.5; docs/calibration.md#anchoring).
    Runs with the GIL released.
    """
    rules = None if rulebook is None else _rules_path(rulebook)
    check_top(top)
    if drift_threshold is not None and anchor is None:
        raise UsageError("calibrate: drift_threshold needs anchor")
    with Files() as files:
        ratings_path = files.path(ratings, "ratings")
        applicants_path = files.path(applicants, "applicants")
        anchor_path = None if anchor is None else os.fspath(anchor)
        args = arguments(("--rules", rules), ("--applicants", applicants_path),
                         ("--ratings", ratings_path), ("--model", model),
                         ("--threshold", threshold), ("--min-severity", min_severity),
                         ("--top", top), ("--bootstrap", bootstrap),
                         ("--anchor", anchor_path), ("--drift-threshold", drift_threshold))
        written = _core.calibrate(args, ratings_path, rules, applicants_path, model, bootstrap,
                                  threshold, min_severity, top, anchor_path,
                                  0.5 if drift_threshold is None else drift_threshold)
        audit, document = files.load(written["audit"]), files.load(written["json"])
    tables = written["tables"]
    agreement = read_table(tables["agreement.csv"], ["criterion"]).set_index("criterion")
    agreement = agreement.join(_extra_agreement(document, agreement.index))
    assessors = read_table(tables["assessors.csv"], ["assessor"]).set_index("assessor")
    moderation = pd.DataFrame(document["moderation"], columns=[
        "applicant_id", "criterion", "assessors", "scores", "spread"])
    changes = None
    if "shortlist_changes.csv" in tables:
        changes = read_table(tables["shortlist_changes.csv"], ["applicant_id"],
                             ["rank_before", "rank_after"])
    generalizability = read_table(tables["generalizability.csv"],
                                  ["criterion", "estimator"]).set_index("criterion")
    result = Calibration(agreement, assessors, moderation, changes, document["model"],
                         list(document["notes"]), audit, document, generalizability)
    for frame in (agreement, assessors, moderation, changes, generalizability):
        if frame is not None:
            frame.attrs["audit"] = audit
    return result
