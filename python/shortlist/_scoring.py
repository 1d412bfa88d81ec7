"""load_rulebook and score: the shortlist as the CLI's CSV, as a DataFrame."""
from __future__ import annotations

import os
from typing import Any, Optional

from . import _core
from ._inputs import Files, PathLike, arguments, check_top, pd, read_table
from .errors import UsageError

__all__ = ["Rulebook", "load_rulebook", "score", "NUMERIC_COLUMNS"]

#: The columns of `shortlist score --format csv` that hold numbers.
NUMERIC_COLUMNS = ("rank", "total", "essential", "desirable", "competency")
#: Its other columns, read as text.
_TEXT_COLUMNS = ("applicant_id", "status", "conditions", "reasons")


class Rulebook:
    """A loaded, checked rulebook (docs/rulebooks.md).

    ``id``, ``title``, ``organisation``, ``version``, ``path``, ``aggregation``,
    ``top`` (the shortlist size, or None) and ``pass_mark`` as written;
    ``criteria`` one row per criterion in rulebook order (index ``id``; columns
    group, text, source, scale, scale_min, scale_max, weight, group_weight,
    minimum, indicators, may_be_met_later); ``facts`` one row per declared fact;
    ``interpretations`` one row per recorded reading of the profile.
    """

    def __init__(self, core: "_core.Rulebook") -> None:
        self._core = core

    id = property(lambda self: self._core.id, doc="The rulebook's id.")
    title = property(lambda self: self._core.title, doc="Its title.")
    organisation = property(lambda self: self._core.organisation, doc="Who it is for.")
    version = property(lambda self: self._core.version, doc="Its version, as written.")
    path = property(lambda self: self._core.path, doc="The file it was loaded from.")
    aggregation = property(lambda self: self._core.aggregation,
                           doc="weighted_mean or weighted_geometric_mean.")
    top = property(lambda self: self._core.top, doc="shortlist.top, or None.")
    pass_mark = property(lambda self: self._core.pass_mark, doc="shortlist.pass_mark, or None.")

    @property
    def criteria(self) -> pd.DataFrame:
        """One row per criterion, indexed by criterion id, in rulebook order."""
        return pd.DataFrame(self._core.criteria).set_index("id")

    @property
    def facts(self) -> pd.DataFrame:
        """One row per declared fact, indexed by name: type, values, text."""
        return pd.DataFrame(self._core.facts, columns=["name", "type", "values", "text"]
                            ).set_index("name")

    @property
    def interpretations(self) -> pd.DataFrame:
        """The readings of an ambiguous profile (docs/rulebook.md, "Interpretations"),
        indexed by id: about (a list), seed_text, reading, alternative, source."""
        return pd.DataFrame(self._core.interpretations,
                            columns=["id", "about", "seed_text", "reading", "alternative",
                                     "source"]).set_index("id")

    def __repr__(self) -> str:
        return f"<shortlist.Rulebook {self.id!r} version {self.version!r}, " \
               f"{len(self._core.criteria)} criteria>"


def load_rulebook(path: PathLike) -> Rulebook:
    """Load and check a rulebook file (YAML), resolving its frameworks.

    Raises RulebookError listing every problem found (file:line:column)."""
    return Rulebook(_core.load_rulebook(str(path)))


def _rules_path(rulebook: Any) -> str:
    """The file a request reads for ``rulebook``: a path as given, or the file
    a Rulebook was loaded from. The library loads it once, in the call."""
    if isinstance(rulebook, Rulebook):
        return rulebook.path
    if isinstance(rulebook, (str, bytes)) or hasattr(rulebook, "__fspath__"):
        return os.fsdecode(rulebook)
    raise UsageError(f"expected a shortlist.Rulebook or a path, not {type(rulebook).__name__}")


def score(rulebook: Any, applicants: Any, ratings: Any = None, top: Optional[int] = None,
          adjust_assessors: bool = False, model: str = "additive") -> pd.DataFrame:
    """Score and rank the applicants: ``shortlist score --format csv`` as a DataFrame.

    ``applicants``: a path (CSV, or JSON Lines ending .jsonl/.ndjson with the
    ratings inside) or a DataFrame with ``applicant_id`` and a column per fact.
    ``ratings``: a path or a DataFrame with applicant_id, criterion, assessor,
    score (and optionally indicators, comment), or None. ``top``: the
    shortlist size (overrides the rulebook's shortlist.top; at least 1).
    ``adjust_assessors``: remove each assessor's severity (``model``:
    "additive" or "rasch", as sl.calibrate fits it) before scoring, as
    ``shortlist score --adjust-assessors --model`` does.

    Returns the CLI's rows and columns exactly (rank, applicant_id, status,
    total, essential, desirable, competency, conditions, reasons): numbers as
    floats, NaN where the CSV cell is empty. ``.attrs["audit"]`` is the
    library's audit record of the run (docs/audit.md), ``.attrs["dropped_columns"]``
    the monitoring-only columns left unread. The work runs with the GIL released.
    """
    rules = _rules_path(rulebook)
    check_top(top)
    if model != "additive" and not adjust_assessors:
        raise UsageError("model goes with adjust_assessors=True")
    with Files() as files:
        paths = (files.path(applicants, "applicants"), files.path(ratings, "ratings"))
        args = arguments(("--rules", rules), ("--applicants", paths[0]),
                         ("--ratings", paths[1]), ("--top", top),
                         ("--adjust-assessors", adjust_assessors),
                         ("--model", model if adjust_assessors else None))
        written = _core.score(args, rules, paths[0], paths[1], top,
                              model if adjust_assessors else None)
        frame = read_table(written["csv"], _TEXT_COLUMNS, NUMERIC_COLUMNS)
        frame.attrs["audit"] = files.load(written["audit"])
    frame.attrs["dropped_columns"] = list(written["dropped_columns"])
    return frame
