"""The slide decks as an audience sees them: `slides` renders each deck, and
headless Chromium shows every slide (none blank, none overflowing its 16:9
page), steps through them with the keyboard, hides the speaker notes, and
prints one slide per page. Each lab's deck has one slide per step of the
lab's checker, and the lab's handout links to each of them."""
import base64
import os
import re
import subprocess
import tempfile

import pytest

from conftest import ROOT, chromium, wait_until  # noqa: F401 (chromium is a fixture)

SLIDES = os.path.join(ROOT, ".build", "debug", "slides")
DECKS = {"overview": "Warmup", "scheduler": "Scheduler", "api": "API", "log": "Log",
         "streaming": "Streaming", "store": "Store", "notebook": "Notebook", "capstone": None}


def expected_slides(deck):
    """The slide count, read from the Markdown independently of the renderer."""
    lines = open(os.path.join(ROOT, "slides", f"{deck}.md"), encoding="utf-8").read().split("\n")
    assert lines[0].strip() == "---", f"slides/{deck}.md must start with front matter"
    body = lines[lines.index("---", 1) + 1:]
    count, fence = 1, None
    for line in body:
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = None
        elif stripped.startswith("```") or stripped.startswith("~~~"):
            fence = stripped[:3]
        elif stripped == "---":
            count += 1
    return count


@pytest.fixture(scope="module")
def rendered():
    assert os.access(SLIDES, os.X_OK), f"{SLIDES} is not built: run `swift build --product slides` (make test does)"
    out = tempfile.mkdtemp(prefix="slides-")
    decks = [os.path.join(ROOT, "slides", f"{d}.md") for d in DECKS]
    run = subprocess.run([SLIDES, "--out", out] + [d for d in decks if os.path.exists(d)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, f"slides failed:\n{run.stderr}"
    return out


def test_every_deck_is_there_and_make_slides_renders_them_all():
    missing = [d for d in DECKS if not os.path.exists(os.path.join(ROOT, "slides", f"{d}.md"))]
    assert not missing, f"slides/ has no deck for {missing}"
    makefile = open(os.path.join(ROOT, "Makefile"), encoding="utf-8").read()
    assert re.search(r"^DECKS := " + " ".join(DECKS) + "$", makefile, re.M), "make slides must render every deck"


def github_anchor(heading):
    """The anchor GitHub (and most Markdown viewers) give a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def open_deck(chromium, page, fragment=""):
    """A tab showing the page (at `#fragment`), once its script has shown a slide."""
    tab = chromium.open("about:blank")
    tab.call("Page.navigate", url=f"file://{page}{fragment}")
    wait_until(lambda: tab.eval("location.protocol === 'file:' && !!document.querySelector('section.slide.current')"),
               timeout=20, what=f"{os.path.basename(page)} to load and show a slide")
    return tab


def lab_steps(lab):
    """The lab's steps as its checker lists them: (number, title)."""
    run = subprocess.run([os.path.join(ROOT, ".build", "debug", f"check-{lab}"), "--list"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return [(int(line.split("\t")[0]), line.split("\t")[1]) for line in run.stdout.splitlines()]


@pytest.mark.parametrize("deck", list(DECKS))
def test_every_slide_shows_fits_and_the_keyboard_steps_through_them(deck, rendered, chromium):
    page = os.path.join(rendered, f"{deck}.html")
    html = open(page, encoding="utf-8").read()
    assert not re.search(r'<(script|img|iframe)[^>]+src=|<link\b', html), "the page must not fetch anything"
    tab = open_deck(chromium, page)
    total = expected_slides(deck)
    assert tab.eval("document.querySelectorAll('section.slide').length") == total
    for number in range(1, total + 1):
        state = tab.eval("""(() => {
            const s = document.querySelector('section.slide.current'), c = s.querySelector('.content');
            const wide = Array.from(s.querySelectorAll('pre, table, svg')).filter(e => e.scrollWidth > c.clientWidth + 1);
            return {number: Number(s.dataset.number), hash: location.hash, text: c.innerText.trim().length,
                    height: c.getBoundingClientRect().height, overflow: c.scrollHeight - c.clientHeight,
                    wide: wide.map(e => e.tagName), heading: (s.querySelector('h1, h2') || {}).textContent || '',
                    shown: document.querySelectorAll('section.slide.current').length};
        })()""")
        where = f"slides/{deck}.md, slide {number} ({state['heading']!r})"
        assert state["number"] == number and state["hash"] == f"#{number}" and state["shown"] == 1, where
        assert state["text"] > 0 and state["height"] > 0, f"{where} is blank"
        assert state["overflow"] <= 1, f"{where} overflows its page by {state['overflow']} px: split it"
        assert not state["wide"], f"{where} has a {state['wide']} wider than the slide"
        tab.key("ArrowRight", keycode=39)
    assert tab.eval("document.querySelector('section.slide.current').dataset.number") == str(total), \
        "ArrowRight past the last slide stays on it"
    tab.key("Home", keycode=36)
    assert tab.eval("location.hash") == "#1"
    tab.key("End", keycode=35)
    assert tab.eval("location.hash") == f"#{total}"
    tab.key("ArrowLeft", keycode=37)
    assert tab.eval("location.hash") == f"#{total - 1}"
    # Speaker notes: hidden until `n`.
    assert tab.eval("getComputedStyle(document.getElementById('notes-panel')).display") == "none"
    assert tab.eval("Array.from(document.querySelectorAll('.notes')).every(n => getComputedStyle(n).display === 'none')")
    tab.key("n", code="KeyN", keycode=78)
    assert tab.eval("getComputedStyle(document.getElementById('notes-panel')).display") == "block"


@pytest.mark.parametrize("deck", list(DECKS))
def test_printing_gives_one_page_per_slide_without_notes(deck, rendered, chromium):
    tab = open_deck(chromium, os.path.join(rendered, f"{deck}.html"))
    tab.call("Emulation.setEmulatedMedia", media="print")
    assert tab.eval("Array.from(document.querySelectorAll('section.slide')).every(s => getComputedStyle(s).display === 'block')")
    assert tab.eval("Array.from(document.querySelectorAll('.notes')).every(n => getComputedStyle(n).display === 'none')")
    pdf = base64.b64decode(tab.call("Page.printToPDF", preferCSSPageSize=True, printBackground=True)["data"])
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == expected_slides(deck), f"printing slides/{deck}.md gave {pages} pages for {expected_slides(deck)} slides"


@pytest.mark.parametrize("deck", [d for d, lab in DECKS.items() if lab])
def test_a_labs_deck_has_a_slide_per_step_and_its_handout_links_to_each(deck, rendered, chromium):
    text = open(os.path.join(ROOT, "slides", f"{deck}.md"), encoding="utf-8").read()
    lab = re.search(r"^lab:\s*(\S+)", text, re.M).group(1)
    steps = lab_steps(lab)
    headings = re.findall(r"^## (Step \d+: .*?)\s*$", text, re.M)
    assert headings == [f"Step {n}: {title}" for n, title in steps], \
        f"slides/{deck}.md's step slides must be the {lab} lab's steps, in order, titled as check-{lab} --list says"
    handout = open(os.path.join(ROOT, "Labs", DECKS[deck], "README.md"), encoding="utf-8").read()
    anchors = {github_anchor(h) for h in re.findall(r"^#+ (.*?)\s*$", handout, re.M)}
    for number, title in steps:
        assert f"## Step {number}: {title}\n" in handout, f"Labs/{DECKS[deck]}/README.md needs the heading ## Step {number}: {title}"
        assert f"slides/html/{deck}.html#step-{number}" in handout, \
            f"Labs/{DECKS[deck]}/README.md must link step {number} to its slide"
        hints = subprocess.run([os.path.join(ROOT, ".build", "debug", f"check-{lab}"), "--hints", str(number), "--hint", "all"],
                               capture_output=True, text=True, timeout=60).stdout
        reading = re.search(r"Read: Labs/\w+/README\.md#(\S+)", hints).group(1)
        assert reading in anchors, f"check-{lab} step {number} points students at #{reading}, which is no heading of the handout"
    tab = open_deck(chromium, os.path.join(rendered, f"{deck}.html"), f"#step-{steps[-1][0]}")
    assert tab.eval("document.querySelector('section.slide.current h2').textContent") == f"Step {steps[-1][0]}: {steps[-1][1]}"
