"""Turning the arguments users pass (paths, DataFrames) into the files the
library's requests read, and the library's written results back into Python
values."""
from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from typing import Any, Dict, Iterable, List, Optional, Union

from .errors import Error, UsageError

PathLike = Union[str, "os.PathLike[str]"]


class _Lazy:
    """A module imported when first used: pandas is needed only by the calls
    that return DataFrames, so `import shortlist` and sl.stats work without it."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        import importlib

        return getattr(importlib.import_module(self._name), attr)


pd: Any = _Lazy("pandas")


def is_path(value: Any) -> bool:
    return isinstance(value, (str, os.PathLike))


class Files:
    """The files a call hands to the library, as a context manager.

    A path (str or PathLike) is passed as given. A DataFrame is written, as
    the CSV text its columns make (pandas' to_csv, no index), to a file in a
    temporary directory that is removed on exit; error messages and the audit
    record name it ``<what DataFrame>`` (line 1 is the header) and record the
    SHA-256 of that text."""

    def __init__(self) -> None:
        self._dir: Optional[str] = None
        self._names: Dict[str, str] = {}

    def __enter__(self) -> "Files":
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
        if isinstance(error, Error):
            self._rename_error(error)

    def path(self, value: Any, what: str) -> Optional[str]:
        """The path the library reads for ``value`` (None stays None)."""
        if value is None:
            return None
        if is_path(value):
            return os.fspath(value)
        to_csv = getattr(value, "to_csv", None)
        if to_csv is None:
            raise UsageError(f"{what}: expected a path or a pandas DataFrame, not "
                             f"{type(value).__name__}")
        if self._dir is None:
            self._dir = tempfile.mkdtemp(prefix="shortlist-")
        path = os.path.join(self._dir, f"{what.replace(' ', '_')}.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(to_csv(index=False, lineterminator="\n"))
        self._names[path] = f"<{what} DataFrame>"
        return path

    def rename(self, text: str) -> str:
        """``text`` with each DataFrame's file named as the DataFrame."""
        for path, name in self._names.items():
            text = text.replace(path, name)
        return text

    def _rename_error(self, error: Error) -> None:
        if not self._names:
            return
        error.args = tuple(self.rename(a) if isinstance(a, str) else a for a in error.args)
        if error.file is not None:
            error.file = self.rename(error.file)
        error.message = self.rename(error.message)
        error.diagnostics = [(self.rename(f), line, column, self.rename(m), code)
                             for f, line, column, m, code in error.diagnostics]

    def load(self, text: str) -> Any:
        """A JSON document the library wrote (a report, or its audit record),
        each DataFrame's file named as the DataFrame."""
        return json.loads(self.rename(text))


def check_top(top: Optional[int]) -> None:
    """The shortlist size, when given, is at least 1, as the CLI's --top (the
    library takes 0 as an empty shortlist)."""
    if top is not None and top < 1:
        raise UsageError("top must be at least 1")


def arguments(*pairs: Any) -> List[str]:
    """The command line that makes the same report (the audit record's
    "arguments"): each (option, value) pair whose value is not None or False;
    True gives the bare option."""
    out: List[str] = []
    for option, value in pairs:
        if value is None or value is False:
            continue
        out.append(option)
        if value is not True:
            out.append(str(value))
    return out


def read_table(text: str, text_columns: Iterable[str] = (),
               float_columns: Iterable[str] = ()) -> pd.DataFrame:
    """A CSV table the library wrote, as pandas reads the CLI's file: empty
    cells NaN, numbers exactly (round trip), ``text_columns`` as text (an id
    like 007 stays '007'), ``float_columns`` as floats (a rank of whole
    numbers too, so that it can be NaN)."""
    dtype = {**{c: str for c in text_columns}, **{c: float for c in float_columns}}
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""],
                       float_precision="round_trip", dtype=dtype)
