#!/usr/bin/python3
"""`shortlist score` on a terminal (docs/report.md, "On a terminal"), and the
progress `shortlist report` and `shortlist calibrate` show there (docs/cli.md,
"Progress").

Runs the CLI under util-linux `script`, which gives it a pseudo-terminal: the
shortlist comes as a table with the counts by status and how to get every
row, in colour unless NO_COLOR is set; with --format csv or json the bytes
are the same as through a pipe, and through a pipe the output is the CSV.

usage: terminal_test.py SHORTLIST_CLI SOURCE_DIR
"""
import os
import re
import shlex
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from checklist import check, finish  # noqa: E402


def env(no_colour):
    e = dict(os.environ, TERM="xterm", COLUMNS="100")
    e.pop("NO_COLOR", None)
    if no_colour:
        e["NO_COLOR"] = "1"
    return e


def on_terminal(cmd, no_colour=False):
    """The command's output as a terminal shows it (CR LF made LF)."""
    done = subprocess.run(["script", "-qec", shlex.join(cmd), "/dev/null"], capture_output=True,
                          env=env(no_colour), stdin=subprocess.DEVNULL, timeout=120)
    check(done.returncode == 0, "exit status 0 under script: " + shlex.join(cmd[1:3]))
    return done.stdout.replace(b"\r\n", b"\n")


def piped(cmd):
    done = subprocess.run(cmd, capture_output=True, env=env(False), timeout=120)
    check(done.returncode == 0, "exit status 0 through a pipe")
    return done.stdout


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cli, source = sys.argv[1:3]
    if shutil.which("script") is None:
        print("SKIPPED: util-linux script is not installed")
        return 77
    data = os.path.join(source, "examples", "data")
    score = [cli, "score", "--rules", os.path.join(source, "rules", "staffordshire_pcso.yaml"),
             "--applicants", os.path.join(data, "applicants.csv"),
             "--ratings", os.path.join(data, "ratings", "staffordshire-pcso.csv")]

    csv = piped(score)
    check(csv.startswith(b"rank,applicant_id,status,total,"), "through a pipe: the CSV")
    check(len(csv.splitlines()) == 201, "through a pipe: a header and 200 rows")

    table = on_terminal(score)
    plain = re.sub(rb"\x1b\[[0-9;]*m", b"", table)
    check(b"\x1b[32m" in table and b"\x1b[0m" in table, "on a terminal: in colour")
    check(not plain.startswith(b"rank,"), "on a terminal: not the CSV")
    check(b"\nshortlisted 20, guaranteed interview 15, not shortlisted 89, not eligible 76\n"
          in plain, "on a terminal: the counts by status")
    check(b"\nrank  applicant  status                 total   ess   des  comp  reason\n" in plain,
          "on a terminal: the table's header")
    check(re.search(rb"\n   1  A0078      shortlisted            98\.56  98\.8 100\.0  97\.9  "
                    rb"ranked 1 of 124", plain) is not None, "on a terminal: the first row")
    check(b"\n38 of 200 rows shown (35 on the shortlist, then the next 3); 162 not shown\n"
          in plain, "on a terminal: what is not shown")
    check(b"\nevery row, with the full reasons: --out FILE (CSV), --format csv|json, or a pipe\n"
          in plain,
          "on a terminal: how to get every row")
    check(all(len(l.decode()) <= 100 for l in plain.splitlines()),
          "on a terminal: no line wider than the terminal's 100 columns")

    bare = on_terminal(score, no_colour=True)
    check(b"\x1b" not in bare, "NO_COLOR: no escape sequence at all")
    check(bare == plain, "NO_COLOR: the same table without colour")

    # The JSON carries its audit block, whose time of the run is masked.
    def masked(b):
        return re.sub(rb'"time": "[^"]*"', b'"time": "(masked)"', b)

    for fmt in ("csv", "json"):
        same = on_terminal(score + ["--format", fmt])
        check(masked(same) == masked(piped(score + ["--format", fmt])),
              "--format %s on a terminal: the same bytes as through a pipe" % fmt)

    # Progress of the weight draws on a terminal's stderr, silenced by --quiet;
    # never through a pipe.
    out = os.path.join(os.environ.get("TMPDIR", "/tmp"), "shortlist-terminal-%d.html" % os.getpid())
    report = [cli, "report", "--rules", score[3], "--applicants", score[5], "--ratings", score[7],
              "--draws", "2000", "--out", out]
    shown = on_terminal(report)
    check(b"report: weight sensitivity [" in shown and b"] 100% of 2000 draws" in shown,
          "report on a terminal: the draws' progress")
    check(b"\x1b" not in shown and shown.endswith(b"\r"), "report: the bar is erased at the end")
    check(on_terminal(report + ["--quiet"]) == b"", "report --quiet: nothing on the terminal")
    done = subprocess.run(report, capture_output=True, timeout=120)
    check(done.returncode == 0 and done.stderr == b"", "report through a pipe: no progress")
    for f in (out, out + ".audit.json"):
        if os.path.exists(f):
            os.remove(f)

    # calibrate's alpha bootstrap: a bar on the terminal, erased, and around it
    # the same text as through a pipe; nothing with --quiet, nor on a piped
    # standard error.
    calibrate = [cli, "calibrate", "--rules", score[3], "--ratings", score[7], "--bootstrap", "500"]
    text = piped(calibrate)
    shown = on_terminal(calibrate)
    check(b"calibrate: alpha bootstrap [" in shown and b" resamples" in shown,
          "calibrate on a terminal: the bootstrap's progress")
    bars = shown[:len(shown) - len(text)]  # drawn before the text is written
    check(shown.endswith(text) and bars.endswith(b"\r") and b"\n" not in bars,
          "calibrate on a terminal: the bars erased, then the text as through a pipe")
    check(on_terminal(calibrate + ["--quiet"]) == text, "calibrate --quiet: only the text")
    done = subprocess.run(calibrate, capture_output=True, timeout=120)
    check(done.returncode == 0 and done.stderr == b"", "calibrate through a pipe: no progress")

    return finish("all terminal checks passed")


if __name__ == "__main__":
    sys.exit(main())
