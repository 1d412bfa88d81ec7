"""Turning the arguments users pass (paths, DataFrames) into the core's inputs."""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from . import _core
from .errors import UsageError

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


def to_input(value: Any, what: str) -> "_core.Input":
    """A path (str or PathLike) is read by the library; a DataFrame is passed
    as the CSV text its columns make (pandas' to_csv, no index), named
    ``<what DataFrame>`` in messages."""
    if is_path(value):
        return _core.Input(path=os.fspath(value))
    to_csv = getattr(value, "to_csv", None)
    if to_csv is None:
        raise UsageError(f"{what}: expected a path or a pandas DataFrame, not "
                         f"{type(value).__name__}")
    return _core.Input(text=to_csv(index=False, lineterminator="\n"),
                       name=f"<{what} DataFrame>")


def _sha256_of(value: Any) -> Optional[str]:
    if is_path(value):
        try:
            return hashlib.sha256(Path(value).read_bytes()).hexdigest()
        except OSError:
            return None
    text = value.to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def audit_record(command: str, rulebook: Any, inputs: Dict[str, Any],
                 options: Dict[str, Any]) -> Dict[str, Any]:
    """What a result was made from (after the CLI's audit block, docs/audit.md):
    tool, version, command, the options given, each input's path (or
    ``<DataFrame>``) and SHA-256 (of the file's bytes, or of the CSV text a
    DataFrame was passed as), the rulebook's id, version and file, and the UTC
    time."""
    files: List[Dict[str, Any]] = []
    if rulebook is not None:
        files.append({"role": "rules", "path": rulebook.path,
                      "sha256": _sha256_of(rulebook.path) if rulebook.path else None})
    for role, value in inputs.items():
        if value is None:
            continue
        files.append({"role": role,
                      "path": os.fspath(value) if is_path(value) else "<DataFrame>",
                      "sha256": _sha256_of(value)})
    record: Dict[str, Any] = {
        "tool": "shortlist",
        "version": _core.__version__,
        "interface": "python",
        "command": command,
        "options": dict(options),
        "inputs": files,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if rulebook is not None:
        record["rulebook"] = {"id": rulebook.id, "version": rulebook.version}
    return record
