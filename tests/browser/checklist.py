"""A list of named checks for the script tests (browser, report, terminal):
each prints ok or FAIL, and finish() gives the exit status."""

failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def finish(passed):
    """0 when every check passed (printing `passed`), else 1."""
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print(passed)
    return 0
