"""examples/calibration_experiment.py runs end to end and finds the
severities it simulated (it exits 1 if their correlation is 0.9 or less)."""
import importlib.util
import os
import re
import subprocess
import sys

from conftest import ROOT


def test_calibration_experiment(tmp_path):
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "calibration_experiment.py"),
                           "--out", str(tmp_path)], capture_output=True, text=True, env=env,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    r = float(re.search(r"correlation (\S+);", done.stdout).group(1))
    assert r > 0.9
    assert re.search(r"S6: true \+0\.80, estimated \+0\.[5-9]", done.stdout), done.stdout
    if importlib.util.find_spec("matplotlib") is not None:
        assert (tmp_path / "calibration_experiment.png").stat().st_size > 1000
