"""The Python example in docs/bindings.md runs as written (from the
repository root, with `x` a subjects x raters array)."""
import os
import re

import numpy as np

from conftest import ROOT


def test_docs_python_example_runs():
    page = (ROOT / "docs" / "bindings.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", page, re.S).group(1)
    scope = {"x": np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8]], dtype=float)}
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code, "docs/bindings.md", "exec"), scope)  # noqa: S102 - our own page
    finally:
        os.chdir(here)
    assert scope["rb"].id == "staffordshire-pcso"
    assert (scope["res"]["status"] == "shortlisted").sum() >= 20
    assert scope["cal"].changes is not None
