"""Fixtures for the Python package's tests (docs/bindings.md).

The tests compare the package with the `shortlist` command on the example
data, so they need the CLI: SHORTLIST_CLI names it, else build/ci/shortlist
(.ci/python-tests builds it). A missing CLI fails the tests; it never skips
them."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULES = sorted((ROOT / "rules").glob("*.yaml"))
EXAMPLES = ROOT / "examples" / "data"
AGREEMENT_DATA = ROOT / "tests" / "data" / "agreement"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> Path:
    path = Path(os.environ.get("SHORTLIST_CLI", ROOT / "build" / "ci" / "shortlist"))
    if not path.is_file():
        pytest.fail(f"the shortlist command is needed for these tests: {path} does not exist "
                    "(build it, or set SHORTLIST_CLI)")
    return path


@pytest.fixture(scope="session")
def run_cli(cli):
    def run(*args: str) -> str:
        done = subprocess.run([str(cli), *map(str, args)], capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout
    return run


def ratings_for(rulebook_id: str) -> Path:
    """The example ratings of a rulebook (examples/data/README.md names them by id)."""
    path = EXAMPLES / "ratings" / f"{rulebook_id}.csv"
    assert path.is_file(), path
    return path
