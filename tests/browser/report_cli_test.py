#!/usr/bin/python3
"""`shortlist report` as a user runs it (docs/report.md): the report and its
audit record are written, `shortlist verify` reproduces the report byte for
byte, a changed input is caught, and usage errors are refused before anything
is written.

usage: report_cli_test.py SHORTLIST_CLI SOURCE_DIR WORK_DIR
"""
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from checklist import check, finish  # noqa: E402


def run(args, cwd):
    return subprocess.run(args, capture_output=True, cwd=cwd, timeout=300)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    cli, source, work = (os.path.abspath(a) for a in sys.argv[1:4])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    # Inputs copied, so that one can be changed; relative paths, as a user types them.
    shutil.copytree(os.path.join(source, "rules"), os.path.join(work, "rules"))
    data = os.path.join(source, "examples", "data")
    for f in ("applicants.csv", "monitoring.csv"):
        shutil.copy(os.path.join(data, f), work)
    shutil.copy(os.path.join(data, "ratings", "staffordshire-pcso.csv"),
                os.path.join(work, "ratings.csv"))
    report = [cli, "report", "--rules", "rules/staffordshire_pcso.yaml", "--applicants",
              "applicants.csv", "--ratings", "ratings.csv", "--monitoring", "monitoring.csv",
              "--draws", "300"]

    done = run(report + ["--out", "report.html"], work)
    check(done.returncode == 0 and done.stdout == b"", "report: exit 0, nothing on stdout")
    html = open(os.path.join(work, "report.html"), "rb").read()
    check(html.startswith(b"<!DOCTYPE html>") and html.endswith(b"</html>\n"), "a whole document")
    check(os.path.exists(os.path.join(work, "report.html.audit.json")), "the audit record beside it")
    check(b'&quot;command&quot;: &quot;report&quot;' in html or b'"command": "report"' in html,
          "the audit block is in the report")

    done = run([cli, "verify", "report.html"], work)
    out = done.stdout.decode()
    check(done.returncode == 0 and out.endswith("reproduced\n") and
          "report.html: identical" in out, "verify report.html: reproduced\n" + out)

    with open(os.path.join(work, "monitoring.csv"), "a") as f:
        f.write("A9999,Female,White,35-44,No\n")
    done = run([cli, "verify", "report.html"], work)
    check(done.returncode == 4 and b"input monitoring monitoring.csv: changed" in done.stdout,
          "verify after the monitoring file changed: exit 4, named")

    done = run(report + ["--out", "applicants.csv"], work)
    check(done.returncode == 1 and b"is one of the input files" in done.stderr,
          "--out an input: refused (exit 1)")
    done = run(report, work)
    check(done.returncode == 1 and b"report: --out is required" in done.stderr,
          "no --out: usage error")
    done = run([cli, "report", "--help"], work)
    check(done.returncode == 0 and b"usage: shortlist report" in done.stdout, "--help")

    return finish("all report command checks passed")


if __name__ == "__main__":
    sys.exit(main())
