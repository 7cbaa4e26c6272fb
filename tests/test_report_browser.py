"""The HTML report in a real browser: headless Chromium (Debian package, /usr/bin/chromium).

`make test` installs Chromium first where it is absent and apt-get is there (`make browser`);
skipped only where that could not be done, with the reason it wrote down; set
CLAIMDIFF_CHROMIUM to use another binary. The DOM is read with `--dump-dom` after the page's script ran
(`--virtual-time-budget`), so the checks see what a reader sees: the filters working, the
chart, and hostile article text shown as text without executing. Set
CLAIMDIFF_SCREENSHOT_DIR to keep the screenshot for a look.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from claimdiff.output.report import render_html

from . import report_fixtures as fx

CHROMIUM = os.environ.get("CLAIMDIFF_CHROMIUM", "/usr/bin/chromium")
# `make test` installs Debian's chromium first where it is absent and apt-get can (make
# browser); where it could not, it wrote down why, and the skip says that.
STATUS = Path(__file__).resolve().parents[1] / ".venv" / "chromium.status"


def _missing_reason() -> str:
    why = ""
    try:
        why = STATUS.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    if why and why != "ok":
        return f"headless Chromium not found at {CHROMIUM}: {why}"
    return f"headless Chromium not found at {CHROMIUM} (`make browser` installs Debian's chromium; or set CLAIMDIFF_CHROMIUM)"


pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)), reason=_missing_reason()),
]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,2600",
    "--virtual-time-budget=3000",
]

TIMEOUT_S = 45

# Markup that would change the page if it ever ran: it sets attributes on <html>.
PWN_SCRIPT = "<script>document.documentElement.setAttribute('data-pwned','script')</script>"


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        # A page normally loads in ~2 s. A hang is what an injected alert() does: the
        # dialog blocks headless Chromium, so treat it as script injection.
        pytest.fail(f"Chromium did not finish in {TIMEOUT_S} s: a JavaScript dialog (alert) is blocking?")
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    verdicts = dict(fx.VERDICTS)
    verdicts[fx.CONFLICT_HOSTILE.id] = ("new", PWN_SCRIPT)
    html = render_html(fx.scan_result(), verdicts, title=f"claimdiff report {PWN_SCRIPT}")
    path = tmp / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def dump_dom(tmp_path: Path, page: Path, fragment: str = "") -> str:
    return chromium(tmp_path, "--dump-dom", page.as_uri() + fragment).stdout


def html_tag(dom: str) -> str:
    return re.search(r"<html[^>]*>", dom).group(0)


def test_report_runs_in_chromium_and_nothing_hostile_executes(tmp_path, page):
    dom = dump_dom(tmp_path, page)
    root = html_tag(dom)
    assert 'data-filters="ready"' in root  # our script ran
    assert "data-pwned" not in root  # neither the article's <img onerror> nor a <script>
    assert "<img" not in dom
    assert len(re.findall(r"<script>", dom)) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # shown as text
    assert len(re.findall(r'<article class="conflict"', dom)) == 4
    assert '<form id="filters">' in dom  # unhidden by the script
    assert "4 of 4 conflicts shown" in dom
    svg = re.search(r'<svg class="timeline".*?</svg>', dom, re.S).group(0)
    # one referent (US troops withdrawn from Iraq): three dated articles, one number each
    assert len(re.findall(r'<g class="pt"', svg)) == 3 and "Digital Journal / Ken Hanly" in svg


def _visible_kinds(dom: str) -> list[str]:
    tags = re.findall(r'<article class="conflict"[^>]*>', dom)
    return sorted(re.search(r'data-kind="([^"]*)"', t).group(1) for t in tags if " hidden" not in t)


def test_kind_filter_hides_rows(tmp_path, page):
    dom = dump_dom(tmp_path, page, "#kind=numeric")
    assert "2 of 4 conflicts shown" in dom
    assert _visible_kinds(dom) == ["numeric", "numeric"]


def test_source_filter_hides_rows(tmp_path, page):
    dom = dump_dom(tmp_path, page, "#source=" + quote("Digital Journal / Ken Hanly"))
    assert "2 of 4 conflicts shown" in dom
    assert _visible_kinds(dom) == ["framing", "numeric"]


def test_screenshot(tmp_path, page):
    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2600)
    # measured: this report ~360 kB, an empty page of the same size ~14 kB
    assert len(data) > 100_000
    keep = os.environ.get("CLAIMDIFF_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report.png")
