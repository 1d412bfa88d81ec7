"""sensitivity, compare and fairness: the CLI's analyses as DataFrames, with
the columns of their --csv tables (docs/sensitivity.md, docs/compare.md,
docs/fairness.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from . import _core
from ._inputs import Files, arguments, check_top, is_path, pd, read_table
from ._scoring import _rules_path
from .errors import UsageError

__all__ = ["sensitivity", "compare", "fairness", "Comparison", "Fairness"]


def sensitivity(rulebook: Any, applicants: Any, ratings: Any = None, top: Optional[int] = None,
                dirichlet: Optional[float] = None, perturb: Optional[float] = None,
                draws: int = 1000, seed: int = 1, threads: int = 0,
                selection_only: bool = False) -> pd.DataFrame:
    """How the shortlist moves when the weights do, as ``shortlist sensitivity``.

    Weights are drawn from Dirichlet(``dirichlet`` x the rulebook's; default
    100) or, with ``perturb`` = X (a percentage), each multiplied by
    1 + U(-X%, X%) and renormalised. One row per applicant in the baseline's
    order, the columns of sensitivity.csv: applicant_id, baseline_rank,
    baseline_shortlisted, p_shortlisted, shortlisted_draws, median_rank,
    rank_lo, rank_hi, rankable, guaranteed_interview, band (stable_core,
    boundary or NaN); ranks as floats, NaN when none. ``.attrs``: "weights"
    (each criterion's base share), "summary" (overlap, Kendall's tau, ...)
    and "audit". The same seed gives the same result on any thread count.
    ``selection_only`` (``--selection-only``): the same shortlist counts,
    faster, without median_rank, rank_lo, rank_hi or Kendall's tau
    (docs/sensitivity.md, "Selection only").
    """
    # The library checks the draws, the concentration and the spread.
    if dirichlet is not None and perturb is not None:
        raise UsageError("give dirichlet or perturb, not both")
    check_top(top)
    rules = _rules_path(rulebook)
    method, parameter = ("uniform", perturb / 100) if perturb is not None else (
        "dirichlet", 100.0 if dirichlet is None else float(dirichlet))
    with Files() as files:
        paths = (files.path(applicants, "applicants"), files.path(ratings, "ratings"))
        args = arguments(("--rules", rules), ("--applicants", paths[0]),
                         ("--ratings", paths[1]), ("--top", top), ("--dirichlet", dirichlet),
                         ("--perturb", perturb), ("--draws", draws), ("--seed", seed),
                         ("--threads", threads), ("--selection-only", selection_only))
        written = _core.sensitivity(args, rules, paths[0], paths[1], top, method, parameter,
                                    draws, seed, threads, not selection_only)
        audit, summary = files.load(written["audit"]), files.load(written["json"])
    tables = written["tables"]
    ranks = [] if selection_only else ["median_rank", "rank_lo", "rank_hi"]
    frame = read_table(tables["sensitivity.csv"], ["applicant_id", "band"],
                       ["baseline_rank"] + ranks)
    weights = read_table(tables["sensitivity_weights.csv"], ["criterion"])
    frame.attrs["weights"] = weights.set_index("criterion")["weight"]
    for key in ("applicants", "weights"):
        summary.pop(key)
    frame.attrs["summary"] = summary
    frame.attrs["audit"] = audit
    return frame


@dataclass
class Comparison:
    """Two rulebooks on the same applicants (``shortlist compare``).

    moves:   who entered (on b's shortlist, not a's) or left, the columns of
             compare_moves.csv: applicant_id, move, rank_a, rank_b, status_a,
             status_b, total_a, total_b, gate_a, gate_b.
    drivers: per criterion, what moved the movers (compare_drivers.csv):
             weight_a, weight_b, points, weight_part, score_part, score_gap;
             indexed by criterion.
    summary: shortlists, overlap, jaccard, kendall_tau, lead_change, notes.
    """

    moves: pd.DataFrame
    drivers: pd.DataFrame
    summary: Dict[str, Any] = field(default_factory=dict)
    audit: Dict[str, Any] = field(default_factory=dict)


def compare(a: Any, b: Any, applicants: Any, ratings: Any = None,
            applicants_b: Any = None, ratings_b: Any = None,
            top: Optional[int] = None) -> Comparison:
    """Compare rulebook ``a`` with rulebook ``b`` on the same applicants, as
    ``shortlist compare`` does. ``applicants_b``/``ratings_b``: b's own
    evidence when it differs (default: a's)."""
    check_top(top)
    rules_a, rules_b = _rules_path(a), _rules_path(b)
    with Files() as files:
        side_a = (files.path(applicants, "applicants"), files.path(ratings, "ratings"))
        side_b = (side_a[0] if applicants_b is None else files.path(applicants_b, "applicants b"),
                  side_a[1] if ratings_b is None else files.path(ratings_b, "ratings b"))
        args = arguments(("--rules-a", rules_a), ("--rules-b", rules_b),
                         ("--applicants-a", side_a[0]), ("--applicants-b", side_b[0]),
                         ("--ratings-a", side_a[1]), ("--ratings-b", side_b[1]), ("--top", top))
        written = _core.compare(args, rules_a, *side_a, rules_b, *side_b, top)
        audit, summary = files.load(written["audit"]), files.load(written["json"])
    tables = written["tables"]
    moves = read_table(tables["compare_moves.csv"], ["applicant_id", "gate_a", "gate_b"],
                       ["rank_a", "rank_b"])
    drivers = read_table(tables["compare_drivers.csv"], ["criterion"],
                         ["weight_a", "weight_b"]).set_index("criterion")
    for key in ("moves", "drivers"):
        summary.pop(key, None)
    for frame in (moves, drivers):
        frame.attrs["audit"] = audit
    return Comparison(moves, drivers, summary, audit)


@dataclass
class Fairness:
    """Adverse impact by group and stage (``shortlist fairness``).

    impact:      the columns of impact.csv: stage, column, group,
                 reference_group, n, selected, rate, impact_ratio,
                 four_fifths_flag, fisher_p, z, small, one_person_shift,
                 suppressed (a suppressed group's numbers are NaN).
    attribution: attribution.csv, which gate removes how many of a group
                 (only from the score's JSON output, which lists the gates).
    notes:       what was left out and why.
    """

    impact: pd.DataFrame
    attribution: pd.DataFrame
    notes: List[str] = field(default_factory=list)
    audit: Dict[str, Any] = field(default_factory=dict)


def _results_path(files: Files, results: Any) -> Optional[str]:
    """A score result: a path (the CLI's CSV or JSON) or sl.score's DataFrame,
    passed back as the CSV it came from (ranks as whole numbers)."""
    if is_path(results) or not hasattr(results, "to_csv"):
        return files.path(results, "results")
    frame = results.copy()
    if "rank" in frame:
        frame["rank"] = frame["rank"].astype("Int64")
    return files.path(frame, "results")


def fairness(results: Any, monitoring: Any, disclosure: int = 5,
             min_group: float = 5.0) -> Fairness:
    """Selection rates, impact ratios (four-fifths rule), Fisher's exact p and
    z by monitoring group at each stage of the sift, as ``shortlist
    fairness``. ``results``: the score output (a path to its CSV or JSON, or
    sl.score's DataFrame); ``monitoring``: applicant_id plus one column per
    characteristic (a path or a DataFrame). Groups under ``disclosure``
    applicants are suppressed; ``min_group`` is the smallest expected count
    for which a group is not marked small."""
    with Files() as files:
        paths = (_results_path(files, results), files.path(monitoring, "monitoring"))
        args = arguments(("--results", paths[0]), ("--monitoring", paths[1]),
                         ("--min-group", min_group), ("--disclosure", disclosure))
        written = _core.fairness(args, *paths, disclosure, min_group)
        audit, document = files.load(written["audit"]), files.load(written["json"])
    tables = written["tables"]
    impact = read_table(tables["impact.csv"], ["stage", "column", "group", "reference_group"],
                        ["n", "selected", "rate", "impact_ratio", "fisher_p", "z"])
    attribution = read_table(tables["attribution.csv"], ["column", "group", "gate"],
                             ["n", "failed", "share", "excess"])
    return Fairness(impact, attribution, list(document["notes"]), audit)
