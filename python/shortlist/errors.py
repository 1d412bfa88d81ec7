"""The exceptions every library error becomes (docs/bindings.md).

Each carries the place apart from the message, as the C++ library's
``shortlist::Error`` does: ``.file``, ``.line``, ``.column`` (``None`` when not
known) and ``.message``; ``str(e)`` is the library's full text,
``file:line:column: error: message``, one line per problem found.
"""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

__all__ = ["Error", "RulebookError", "EvidenceError", "UsageError", "Diagnostic"]

Diagnostic = Tuple[str, int, int, str, str]
"""One problem: (file, line, column, message, code); 0 = line or column not known."""


class Error(Exception):
    """Base of every error the shortlist library reports."""

    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    message: str
    code: Optional[str]
    diagnostics: List[Diagnostic]

    def __init__(self, text: str, file: Optional[str] = None, line: Optional[int] = None,
                 column: Optional[int] = None, message: Optional[str] = None,
                 code: Optional[str] = None, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(text)
        self.file = file or None
        self.line = line or None
        self.column = column or None
        self.message = message if message is not None else text
        self.code = code
        self.diagnostics = list(diagnostics)


class RulebookError(Error):
    """A rulebook or framework file is malformed or inconsistent."""


class EvidenceError(Error):
    """Applicant evidence (facts, ratings) is malformed or does not fit the rulebook."""


class UsageError(Error, ValueError):
    """An argument that cannot be used (an unknown metric, a file that cannot be read)."""
