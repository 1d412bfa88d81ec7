#!/usr/bin/python3
"""The HTML report in a real browser (docs/report.md, "Tested in a browser").

Writes the report from the example data with monitoring, loads it in headless
Chromium and checks: the DOM has every section and chart; the console shows
no message (no error, no CSP violation); the network log shows no request but
the file itself, with every host name mapped to nowhere; a screenshot is not
blank and shows the stylesheet applied; printing gives a PDF of several pages.
A control page first proves that the console and network checks can fail.
A second report, with an applicant id that is a script tag, must give a DOM
without any script element.

usage: browser_test.py SHORTLIST_CLI SOURCE_DIR WORK_DIR [BROWSER]
Exit 77 (ctest: skipped) only when no browser is installed.
"""
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from checklist import check, finish  # noqa: E402
import zlib

SECTIONS = ["summary", "distribution", "groups", "agreement", "moderation", "severity",
            "sensitivity", "fairness", "explanations", "audit"]
CHARTS = ["chart-distribution", "chart-groups", "chart-agreement", "chart-severity",
          "chart-sensitivity", "chart-fairness-0", "chart-fairness-1", "chart-fairness-2",
          "chart-fairness-3"]
HOSTILE = "<script>alert(1)</script>"


def find_browser(given):
    for name in ([given] if given else []) + ["chromium-headless-shell", "chromium",
                                              "chromium-browser"]:
        path = shutil.which(name) if name else None
        if path:
            return path
    return None


def run_browser(browser, work, name, url, mode_args):
    """One headless run with logging and a net log; returns (stdout, console lines, urls)."""
    profile = os.path.join(work, "profile-" + name)
    shutil.rmtree(profile, ignore_errors=True)
    net_log = os.path.join(work, "net-" + name + ".json")
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
           "--host-resolver-rules=MAP * ^NOTFOUND", "--log-net-log=" + net_log,
           "--window-size=1280,2000"] + mode_args + [url]
    done = subprocess.run(cmd, capture_output=True, timeout=180)
    if done.returncode != 0:
        check(False, name + ": the browser exited with status %d: %s"
              % (done.returncode, done.stderr.decode(errors="replace")[-2000:]))
    err = done.stderr.decode(errors="replace")
    console = [l for l in err.splitlines() if ":CONSOLE" in l or "Refused to" in l]
    with open(net_log, encoding="utf-8", errors="replace") as f:
        log = f.read()
    urls = set(re.findall(r'"url":"([^"]*)"', log))
    return done.stdout.decode(errors="replace"), console, urls


def png_pixels(path):
    """Width, height, bytes per pixel and the rows of the PNG: by PIL when it is
    installed (Debian's python3-pil), else by the decoder below."""
    try:
        from PIL import Image
    except ImportError:
        return png_pixels_zlib(path)
    with Image.open(path) as im:
        rgb = im.convert("RGB")
        width, height = rgb.size
        data = rgb.tobytes()
    return width, height, 3, [data[y * width * 3:(y + 1) * width * 3] for y in range(height)]


def png_pixels_zlib(path):
    """Width, height and the RGB(A) rows of an 8-bit truecolour PNG (no PIL needed)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big")
            depth, colour, interlace = body[8], body[9], body[12]
            assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG format"
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, at = [], bytearray(stride), 0
    for _ in range(height):
        filt, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):  # undo the scanline filter (PNG spec, section 9)
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if filt == 1:
                line[i] = (line[i] + a) & 255
            elif filt == 2:
                line[i] = (line[i] + b) & 255
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def control(browser, work):
    """A page that logs to the console and asks for a remote image: both must be seen."""
    page = os.path.join(work, "control.html")
    with open(page, "w") as f:
        f.write('<!DOCTYPE html><p>control</p><img src="http://control.invalid/x.png">'
                '<script>console.error("control-error")</script>')
    _, console, urls = run_browser(browser, work, "control", "file://" + page, ["--dump-dom"])
    check(any("control-error" in l for l in console),
          "control: the console check sees a console error")
    check("http://control.invalid/x.png" in urls, "control: the net-log check sees a request")


def write_report(cli, source, work, name, applicants, ratings, monitoring):
    out = os.path.join(work, name + ".html")
    for f in (out, out + ".audit.json"):
        if os.path.exists(f):
            os.remove(f)
    cmd = [cli, "report", "--rules", os.path.join(source, "rules", "staffordshire_pcso.yaml"),
           "--applicants", applicants, "--ratings", ratings, "--monitoring", monitoring,
           "--draws", "200", "--out", out]
    done = subprocess.run(cmd, capture_output=True, timeout=300)
    if done.returncode != 0:
        print(done.stderr.decode(errors="replace"))
        sys.exit("shortlist report failed with status %d" % done.returncode)
    return out


def check_report(browser, work, report):
    url = "file://" + report
    dom, console, urls = run_browser(browser, work, "dom", url, ["--dump-dom"])
    check("<html" in dom[:100] and "</html>" in dom[-100:],
          "the DOM was dumped (%d bytes)" % len(dom))
    check("default-src 'none'" in dom[:1000], "the Content-Security-Policy is in the DOM")
    for s in SECTIONS:
        check('<section id="%s">' % s in dom, "section #%s is in the DOM" % s)
    for c in CHARTS:
        check(re.search(r'<svg [^>]*aria-labelledby="%s-title %s-desc"' % (c, c), dom) is not None
              and '<title id="%s-title">' % c in dom, "chart %s is in the DOM with its title" % c)
    check(dom.count('<details class="applicant"') == 200, "an explanation for each of 200")
    check("<script" not in dom, "no script element")
    check(console == [], "no console message: %s" % console[:3])
    check(urls <= {url}, "no URL requested but the file: %s" % sorted(urls - {url})[:5])

    shot = os.path.join(work, "report.png")
    if os.path.exists(shot):
        os.remove(shot)
    _, console, urls = run_browser(browser, work, "shot", url, ["--screenshot=" + shot,
                                                                "--hide-scrollbars"])
    check(console == [] and urls <= {url}, "screenshot run: no console message, no request")
    width, height, bpp, rows = png_pixels(shot)
    check((width, height) == (1280, 2000), "the screenshot is 1280 x 2000 (%d x %d)"
          % (width, height))
    # Sample every 4th pixel of every 4th row: grey levels, their spread, and
    # how much of the page is not the background.
    grey = [sum(r[i:i + 3]) // 3 for r in rows[::4] for i in range(0, len(r), 4 * bpp)]
    mean = sum(grey) / len(grey)
    sd = (sum((g - mean) ** 2 for g in grey) / len(grey)) ** 0.5
    background = max(set(grey), key=grey.count)
    other = sum(1 for g in grey if abs(g - background) > 24) / len(grey)
    check(sd > 20, "the screenshot is not blank (grey level sd %.1f)" % sd)
    check(other > 0.05, "%.1f%% of the page is not background" % (100 * other))
    top = rows[20][20 * bpp:20 * bpp + 3]
    check(abs(top[0] - 0x1d) < 12 and abs(top[1] - 0x4e) < 12 and abs(top[2] - 0x89) < 12,
          "the inline stylesheet applied: the masthead is #1d4e89 (%02x%02x%02x)" % tuple(top))

    pdf = os.path.join(work, "report.pdf")
    if os.path.exists(pdf):
        os.remove(pdf)
    _, console, urls = run_browser(browser, work, "pdf", url, ["--print-to-pdf=" + pdf,
                                                               "--no-pdf-header-footer"])
    with open(pdf, "rb") as f:
        body = f.read()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", body))
    check(body.startswith(b"%PDF") and pages >= 5, "it prints to a PDF of %d pages" % pages)
    check(console == [] and urls <= {url}, "print run: no console message, no request")


def hostile(cli, source, work, browser):
    """The example data with applicant A0001 renamed to a script tag."""
    data = os.path.join(source, "examples", "data")
    name = '"' + HOSTILE + '"'
    paths = []
    for src, dst in (("applicants.csv", "h_applicants.csv"),
                     (os.path.join("ratings", "staffordshire-pcso.csv"), "h_ratings.csv"),
                     ("monitoring.csv", "h_monitoring.csv")):
        with open(os.path.join(data, src), encoding="utf-8") as f:
            text = f.read().replace("\nA0001,", "\n" + name + ",")
        with open(os.path.join(work, dst), "w", encoding="utf-8") as f:
            f.write(text)
        paths.append(os.path.join(work, dst))
    report = write_report(cli, source, work, "hostile", *paths)
    dom, console, urls = run_browser(browser, work, "hostile", "file://" + report, ["--dump-dom"])
    check("<script" not in dom, "hostile id: no script element in the DOM")
    check(dom.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3,
          "hostile id: shown as text (%d times)" % dom.count("&lt;script&gt;alert(1)"))
    check(console == [], "hostile id: no console message")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    cli, source, work = sys.argv[1:4]
    browser = find_browser(sys.argv[4] if len(sys.argv) > 4 else "")
    if browser is None:
        print("SKIPPED: no headless Chromium found (install Debian's chromium-headless-shell, "
              "as .ci/install-deps does)")
        return 77
    os.makedirs(work, exist_ok=True)
    work = os.path.abspath(work)
    print("browser: " + browser)
    control(browser, work)
    data = os.path.join(source, "examples", "data")
    report = write_report(cli, source, work, "report", os.path.join(data, "applicants.csv"),
                          os.path.join(data, "ratings", "staffordshire-pcso.csv"),
                          os.path.join(data, "monitoring.csv"))
    check_report(browser, work, report)
    hostile(cli, source, work, browser)
    return finish("all browser checks passed")


if __name__ == "__main__":
    sys.exit(main())
