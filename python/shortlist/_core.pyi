"""Type hints for the compiled core (src/python/). Use the package's
pure-Python functions instead: they take paths or DataFrames and return
DataFrames. Each command's call takes the files its request reads and the
equivalent command line (the audit record's "arguments"), builds the report
with the library's one call and returns what the library's writers write."""
from typing import Any, Dict, List, Optional, Tuple, TypedDict

import numpy as np
import numpy.typing as npt

__version__: str

class Rulebook:
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def organisation(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def aggregation(self) -> str: ...
    @property
    def top(self) -> Optional[int]: ...
    @property
    def pass_mark(self) -> Optional[float]: ...
    @property
    def criteria(self) -> List[Dict[str, Any]]: ...
    @property
    def facts(self) -> List[Dict[str, Any]]: ...

class Written(TypedDict):
    """A report as the library's writers write it."""
    tables: Dict[str, str]  # each CSV table of the command's --csv DIR, by file name
    json: str               # the command's --json document, without "audit"
    audit: str              # the audit record (docs/audit.md) as JSON

class Scored(TypedDict):
    csv: str                     # `shortlist score --format csv`
    audit: str                   # the audit record as JSON
    dropped_columns: List[str]   # monitoring-only columns left unread

def load_rulebook(path: str) -> Rulebook: ...
def score(arguments: List[str], rules: str, applicants: str, ratings: Optional[str] = None,
          top: Optional[int] = None, adjust_assessors: Optional[str] = None) -> Scored: ...
def icc(x: npt.ArrayLike, confidence: float = 0.95
        ) -> Tuple[Dict[str, float], Dict[str, Dict[str, float]], List[str]]: ...
def krippendorff_alpha(x: npt.ArrayLike, metric: str = "interval", bootstrap: int = 0,
                       seed: int = ...) -> Tuple[float, Optional[Tuple[float, float]],
                                                 List[str]]: ...
def fleiss_kappa(x: npt.ArrayLike) -> float: ...
def kendall_w(x: npt.ArrayLike) -> float: ...
def calibrate(arguments: List[str], ratings: Optional[str], rules: Optional[str] = None,
              applicants: Optional[str] = None, model: str = "additive", bootstrap: int = 0,
              threshold: Optional[float] = None, min_severity: Optional[float] = None,
              top: Optional[int] = None, anchor: Optional[str] = None,
              drift_threshold: float = 0.5) -> Written: ...
def sensitivity(arguments: List[str], rules: str, applicants: str, ratings: Optional[str],
                top: Optional[int], method: str, parameter: float, draws: int, seed: int,
                threads: int, ranks: bool = True) -> Written: ...
def compare(arguments: List[str], rules_a: str, applicants_a: str, ratings_a: Optional[str],
            rules_b: str, applicants_b: str, ratings_b: Optional[str],
            top: Optional[int]) -> Written: ...
def fairness(arguments: List[str], results: str, monitoring: str, disclosure: int = 5,
             min_expected: float = 5.0) -> Written: ...
