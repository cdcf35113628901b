"""The pages in a real headless browser: Debian's chromium driven by Playwright, against `claimledger serve`
running on 127.0.0.1 over a SQLite store of the written gas story plus one hostile article.

Playwright's own browser download does not work here: the tests launch /usr/bin/chromium (installed by
.ci/run). CLAIMLEDGER_SCREENSHOTS=DIR also saves the README's screenshots of the four main pages there.
"""
from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from serve_helpers import HOSTILE, TOKEN, fill, hostile_jsonl, server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing: .ci/run installs it (apt-get install -y chromium)")
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    db = str(tmp_path_factory.mktemp("browser") / "story.db")
    fill(db)
    with server(db) as base:
        r = httpx.post(base + "/api/v1/ingest", content=hostile_jsonl(), headers={"Authorization": f"Bearer {TOKEN}"},
                       timeout=120)
        assert r.status_code == 200 and r.json()["counts"]["new"] == 1, r.text
        yield {"base": base, "hostile": r.json()["articles"][0]["article_id"]}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 760})
    p = context.new_page()
    p.dialogs = []  # type: ignore[attr-defined]
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    yield p
    context.close()


def _non_blank(browser: Browser, png: bytes) -> tuple[int, float]:
    """(distinct colours, share of pixels that are not the most common colour) of a PNG, decoded by the
    browser itself on a blank page."""
    blank = browser.new_page()
    try:
        return tuple(blank.evaluate("""async (data) => {
            const img = new Image(); img.src = 'data:image/png;base64,' + data; await img.decode();
            const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0);
            const px = g.getImageData(0, 0, c.width, c.height).data; const counts = new Map();
            for (let i = 0; i < px.length; i += 16) {
              const k = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2]; counts.set(k, (counts.get(k) || 0) + 1); }
            const top = Math.max(...counts.values()); return [counts.size, 1 - top / (px.length / 16)];
        }""", base64.b64encode(png).decode()))  # type: ignore[return-value]
    finally:
        blank.close()


def _screenshot(browser: Browser, page: Page, name: str) -> None:
    png = page.screenshot()
    colours, ink = _non_blank(browser, png)
    assert colours > 20 and ink > 0.03, (name, colours, ink)
    if out := os.environ.get("CLAIMLEDGER_SCREENSHOTS"):
        Path(out, f"serve-{name}.png").write_bytes(png)


def test_click_from_article_to_claim_to_source(site: dict[str, Any], page: Page, browser: Browser) -> None:
    base = site["base"]
    page.goto(base + "/claims?contested=true")
    _screenshot(browser, page, "contested")
    page.locator("ul.claims a").first.click()
    expect(page.locator("svg.timeline circle").first).to_be_visible()
    expect(page.locator("#side-denies .entry").first).to_be_visible()
    _screenshot(browser, page, "claim")
    who = page.locator("#side-denies a.who").first
    anchor = who.get_attribute("href").split("#")[1]  # type: ignore[union-attr]
    who.click()
    page.wait_for_url("**/articles/**")
    assert page.locator(f"[id='{anchor}']").count() == 1  # the page opens at the statement
    highlight = page.locator("#article-text .hl.role-source").first
    highlight.focus()
    tip = highlight.locator(".tip")
    expect(tip).to_be_visible()
    assert "stance" in tip.inner_text() and "kind" in tip.inner_text()
    _screenshot(browser, page, "article")
    page.locator("#claims a").first.click()
    page.wait_for_url("**/claims/*")
    page.get_by_role("link", name="Sources").click()
    expect(page.locator("svg.bars rect").first).to_be_visible()
    _screenshot(browser, page, "sources")
    outlet = page.locator("#outlets table a").first
    name = outlet.inner_text()
    outlet.click()
    page.wait_for_url("**/claims?outlet=*")
    assert page.locator("form.filters input[name=outlet]").input_value() == name


def test_type_in_the_search_box(site: dict[str, Any], page: Page) -> None:
    page.goto(site["base"] + "/")
    page.locator("#search-box").fill("Norway gas")
    page.locator("#search-box").press("Enter")
    page.wait_for_url("**/search?q=Norway+gas")
    expect(page.locator("#found-articles li").first).to_be_visible()
    assert page.locator("#found-claims li").count() >= 1


def test_submit_a_correction(site: dict[str, Any], page: Page) -> None:
    page.goto(site["base"] + f"/articles/{site['hostile']}")
    row = page.locator("#attributions tbody tr").first
    attribution = row.locator("td").first.inner_text()
    current = row.locator("td.stance").inner_text()
    wanted = "hedge" if current != "hedge" else "assert"
    row.locator("summary").click()
    row.locator("select[name=stance]").select_option(wanted)
    row.locator("input[name=token]").fill("wrong")
    row.locator("button[type=submit]").click()
    expect(page.locator("p.error")).to_contain_text("token")
    page.go_back()
    row = page.locator("#attributions tbody tr").first
    if not row.locator("select[name=stance]").is_visible():
        row.locator("summary").click()
    row.locator("select[name=stance]").select_option(wanted)
    row.locator("input[name=token]").fill(TOKEN)
    row.locator("button[type=submit]").click()
    page.wait_for_url(f"**corrected={attribution}*")
    cell = page.locator("#attributions tbody tr").filter(has_text=attribution).first.locator("td.stance")
    expect(cell).to_contain_text(f"{wanted} (corrected)")


def test_hostile_article_runs_nothing(site: dict[str, Any], page: Page) -> None:
    base = site["base"]
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    paths = [f"/articles/{site['hostile']}", "/search?q=gas", "/claims", "/sources", "/"]
    claims = httpx.get(base + "/api/v1/claims", params={"q": "gas"}).json()["claims"]
    paths += [f"/claims/{c['id']}" for c in claims]
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("img").count() == 0, path
        assert page.locator("a[href^='javascript']").count() == 0, path
        assert page.locator("script").count() == 1, path  # /static/app.js alone
    page.goto(base + f"/articles/{site['hostile']}")
    expect(page.locator("h1")).to_contain_text("<script>")  # shown as text
    expect(page.locator(".meta .outlet")).to_contain_text("<img")
    page.goto(base + "/analyze")
    page.locator("textarea[name=text]").fill(HOSTILE["text"])
    page.locator("input[name=title]").fill(HOSTILE["title"])
    page.locator("form.paste button").click()
    page.wait_for_load_state("load")
    expect(page.locator(".notice")).to_contain_text("nothing was stored")
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []  # type: ignore[attr-defined]
