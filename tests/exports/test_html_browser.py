"""The HTML view in a real browser: headless Debian Chromium driven by Playwright.

Never `playwright install`: the tests use the system browser at /usr/bin/chromium
(`apt-get install chromium`) and are skipped, saying so, when it is missing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from exports.html import write_html
from exports.html_data import NODE_STYLES
from tests.exports.html_sample import HOSTILE_TITLE, make_graph

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--headless", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
HOSTILE_ID = "title:0000000000000003"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) for browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the `test` extra) is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Opened:
    page: object
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)


@pytest.fixture
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "graph.html"
    write_html(make_graph(n_extra=6), path)
    return path


@pytest.fixture
def opened(browser, page_file: Path) -> Iterator[Opened]:
    yield from _open(browser, page_file)


def _open(browser, page_file: Path) -> Iterator[Opened]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    state = Opened(page)

    def route(r) -> None:
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            state.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("request", lambda req: state.requests.append(req.url))
    page.on("dialog", lambda d: (state.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda exc: state.errors.append(str(exc)))
    page.on("console", lambda msg: state.errors.append(msg.text) if msg.type == "error" else None)
    page.goto(page_file.as_uri())
    page.wait_for_function("window.__kgReady === true", timeout=30_000)
    yield state
    context.close()


def _colours(png: bytes) -> dict[tuple[int, int, int], int]:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {colour: n for n, colour in image.getcolors(maxcolors=1 << 24)}


def _near(colours: dict[tuple[int, int, int], int], hex_colour: str, tol: int = 6) -> int:
    target = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return sum(n for c, n in colours.items() if all(abs(a - b) <= tol for a, b in zip(c, target)))


def _node_point(opened: Opened, node_id: str) -> tuple[float, float]:
    """Zoom onto a node; the page coordinates where the canvas draws it."""
    opened.js("id => window.__kg.network.focus(id, {scale: 2.5, animation: false})", node_id)
    point = opened.js("""id => {
        const net = window.__kg.network, p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y, hit: net.getNodeAt(p)};
    }""", node_id)
    assert point["hit"] == node_id, f"another node covers {node_id}: {point['hit']}"
    return point["x"], point["y"]


def _click_node(opened: Opened, node_id: str) -> None:
    opened.page.mouse.click(*_node_point(opened, node_id))


def test_canvas_drawn_and_nothing_leaves_file(opened: Opened) -> None:
    colours = _colours(opened.page.locator("#kg-network").screenshot())
    assert len(colours) > 50, "the network canvas looks blank"
    assert _near(colours, NODE_STYLES["Paper"][1]) > 100 and _near(colours, NODE_STYLES["Dataset"][1]) > 100
    assert opened.requests and all(u.startswith(("file://", "data:")) for u in opened.requests), opened.requests
    assert opened.blocked == [] and opened.errors == [] and opened.dialogs == []
    assert opened.js("document.querySelectorAll('#kg-types input[type=checkbox]').length") >= 5


def test_search_finds_and_selects(opened: Opened) -> None:
    search = opened.page.locator("#kg-search")
    search.fill("ms coco")  # an alias
    first = opened.page.locator("#kg-results li").first
    assert first.get_attribute("data-id") == "dataset:coco"
    search.press("Enter")
    assert opened.js("window.__kg.network.getSelectedNodes()") == ["dataset:coco"]
    assert opened.page.locator("#kg-panel").is_visible()
    assert opened.page.locator("#kg-panel h2").text_content() == "COCO"
    search.fill("cityscap")
    opened.page.locator("#kg-results li", has_text="Cityscapes").first.click()
    assert opened.js("window.__kg.network.getSelectedNodes()") == ["dataset:cityscapes"]


def test_type_filter_hides_nodes(opened: Opened) -> None:
    visible = "window.__kg.nodes.get({filter: n => !n.hidden}).map(n => n.kind)"
    before = opened.js(visible)
    paper_pixels = _near(_colours(opened.page.locator("#kg-network").screenshot()), NODE_STYLES["Paper"][1])
    opened.page.locator("#kg-type-Paper").uncheck()
    after = opened.js(visible)
    assert "Paper" in before and "Paper" not in after
    assert len(after) == len(before) - before.count("Paper")
    hidden_edges = opened.js("window.__kg.edges.get({filter: e => e.hidden}).length")
    assert hidden_edges > 0
    left = _near(_colours(opened.page.locator("#kg-network").screenshot()), NODE_STYLES["Paper"][1])
    assert left < paper_pixels / 10, (paper_pixels, left)
    opened.page.locator("#kg-type-Paper").check()
    assert len(opened.js(visible)) == len(before)


def test_click_paper_opens_panel_with_evidence(opened: Opened) -> None:
    _click_node(opened, "arxiv:2005.12872")
    panel = opened.page.locator("#kg-panel")
    assert panel.is_visible()
    assert panel.locator("h2").text_content() == "End-to-End Object Detection with Transformers"
    assert panel.locator("mark[data-node='dataset:coco']").first.text_content() == "COCO"
    assert panel.locator("mark[data-node='method:detr']").text_content() == "DETR"
    assert panel.locator("a[href='https://arxiv.org/abs/2005.12872']").count() == 1
    assert panel.locator("a[href='https://github.com/facebookresearch/detr']").count() == 1
    panel.locator("mark[data-node='dataset:coco']").first.click()  # jump to the entity
    assert panel.locator("h2").text_content() == "COCO"
    assert "Mentioned by 3 papers" in panel.text_content()
    assert panel.locator("mark.kg-hit", has_text="MS COCO").count() == 1


def test_hostile_title_executes_nothing(opened: Opened) -> None:
    x, y = _node_point(opened, HOSTILE_ID)
    opened.page.mouse.move(x - 1, y - 1)
    opened.page.mouse.move(x, y)  # rest on the node: vis shows its tooltip
    tooltip = opened.page.locator("div.vis-tooltip")
    opened.page.wait_for_function("() => { const t = document.querySelector('div.vis-tooltip');"
                                  " return t && t.style.visibility === 'visible' && t.textContent.includes('<img'); }")
    assert tooltip.text_content() == HOSTILE_TITLE + "Paper \u00b7 1 connection"  # the newline is a <br>
    assert opened.page.locator("div.vis-tooltip img, div.vis-tooltip script").count() == 0  # text, not markup
    opened.page.mouse.click(x, y)
    opened.page.mouse.move(10, 10)
    opened.js("id => window.__kg.select(id)", HOSTILE_ID)
    opened.page.locator("#kg-search").fill("<img src=x")
    opened.page.locator("#kg-search").press("Enter")
    panel = opened.page.locator("#kg-panel")
    assert panel.locator("h2").text_content() == HOSTILE_TITLE
    assert opened.dialogs == [] and opened.errors == []
    assert opened.js("document.querySelectorAll('img').length") == 0
    assert opened.js("document.scripts.length") == 3
    assert opened.js("document.querySelectorAll('#kg-panel a[href^=javascript]').length") == 0
    assert all(u.startswith(("file://", "data:")) for u in opened.requests)


def test_escape_closes_the_search_results_then_the_panel(opened: Opened) -> None:
    search, panel = opened.page.locator("#kg-search"), opened.page.locator("#kg-panel")
    search.fill("coco")
    search.press("Enter")
    assert panel.is_visible() and opened.js("window.__kg.network.getSelectedNodes()") == ["dataset:coco"]
    search.fill("cityscapes")
    assert opened.page.locator("#kg-results").is_visible()
    search.press("Escape")  # first the open result list
    assert not opened.page.locator("#kg-results").is_visible() and panel.is_visible()
    opened.page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert opened.js("window.__kg.network.getSelectedNodes()") == []
    _click_node(opened, "dataset:cityscapes")  # a panel opened by a click closes the same way
    assert panel.is_visible()
    opened.page.keyboard.press("Escape")
    assert not panel.is_visible()


def test_header_counts_follow_the_type_filters(opened: Opened) -> None:
    def header() -> tuple[int, int]:
        return (int(opened.page.locator("#kg-shown-nodes").text_content().replace(",", "")),
                int(opened.page.locator("#kg-shown-edges").text_content().replace(",", "")))

    def visible() -> tuple[int, int]:
        return (opened.js("window.__kg.nodes.get({filter: n => !n.hidden}).length"),
                opened.js("window.__kg.edges.get({filter: e => !e.hidden}).length"))

    all_nodes, all_edges = header()
    assert (all_nodes, all_edges) == visible() == (opened.js("window.__kg.nodes.length"), opened.js("window.__kg.edges.length"))
    opened.page.locator("#kg-type-Paper").uncheck()
    papers = opened.js("window.__kg.nodes.get({filter: n => n.kind === 'Paper'}).length")
    assert header() == visible() and header()[0] == all_nodes - papers and header()[1] < all_edges
    opened.page.locator("#kg-type-Dataset").uncheck()
    assert header() == visible()
    opened.page.locator("#kg-type-Paper").check()
    opened.page.locator("#kg-type-Dataset").check()
    assert header() == (all_nodes, all_edges)


def _no_overlaps(labels: list[dict]) -> None:
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            x0, y0, x1, y1 = a["box"]
            u0, v0, u1, v1 = b["box"]
            assert not (x0 < u1 and u0 < x1 and y0 < v1 and v0 < y1), (a["id"], b["id"])


def _ink(opened: Opened, box: list[float]) -> int:
    """Dark pixels (text) inside a label's box on the canvas."""
    from PIL import Image

    x0, y0, x1, y1 = box
    frame = opened.page.locator("#kg-network").bounding_box()
    png = opened.page.screenshot(clip={"x": frame["x"] + x0, "y": frame["y"] + y0, "width": x1 - x0, "height": y1 - y0})
    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(n for n, level in image.getcolors(maxcolors=256) if level < 90)


def test_small_view_labels_every_paper_whole_readable_and_apart(opened: Opened) -> None:
    labels = opened.js("window.__kg.labels()")
    assert labels and all(label["px"] >= 12 for label in labels)
    _no_overlaps(labels)
    titles = {n["id"]: n["labelStyle"]["text"] for n in opened.js("window.__kg.nodes.get()") if n["kind"] == "Paper"}
    drawn = {label["id"]: label for label in labels}
    assert drawn["arxiv:2005.12872"]["text"].replace("\n", " ") == "End-to-End Object Detection with Transformers"
    assert len(set(drawn) & set(titles)) >= len(titles) - 2, sorted(set(titles) - set(drawn))
    assert _ink(opened, drawn["arxiv:2005.12872"]["box"]) > 30  # the title is on the canvas, not only computed


@pytest.fixture
def big_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from exports.html import SMALL_VIEW

    path = tmp_path_factory.mktemp("big") / "graph.html"
    kg = make_graph(n_extra=SMALL_VIEW)  # a corpus-like view: a main component and many islands
    for i in range(SMALL_VIEW):
        kg.add_node(f"title:island{i:04d}", "Paper", title=f"Island paper {i} about its own tasks")
        for j in range(3):
            kg.add_node(f"task:island-{i}-{j}", "Task", name=f"island task {i}.{j}")
            kg.add_relation(f"title:island{i:04d}", f"task:island-{i}-{j}", "ADDRESSES")
    write_html(kg, path)
    return path


def test_big_view_shows_the_hubs_names_at_the_default_zoom(browser, big_page: Path) -> None:
    for opened in _open(browser, big_page):
        scale = opened.js("window.__kg.network.getScale()")
        coco = opened.js("window.__kg.nodes.get('dataset:coco').labelStyle")
        assert coco["base"] * scale < 5  # vis-network would not draw COCO's name at this zoom (under 5 px)
        labels = {label["id"]: label for label in opened.js("window.__kg.labels()")}
        assert {"dataset:cityscapes", "dataset:coco"} <= set(labels)
        assert all(label["px"] >= 12 for label in labels.values())
        assert not any(i.startswith("title:extra") for i in labels)  # paper titles wait for the zoom
        _no_overlaps(list(labels.values()))
        assert _ink(opened, labels["dataset:cityscapes"]["box"]) > 20
        opened.js("window.__kg.network.moveTo({scale: 2.5, position: window.__kg.network.getPositions(['title:extra00007'])['title:extra00007'], animation: false})")
        opened.js("window.__kg.network.redraw()")
        zoomed = {label["id"]: label for label in opened.js("window.__kg.labels()")}
        assert "title:extra00007" in zoomed and zoomed["title:extra00007"]["px"] <= 14  # zooming in reveals titles
        _no_overlaps(list(zoomed.values()))
