"""The website in a real browser: Debian's Chromium driven by Selenium, headless.

The real app (real engine, sample index) is served on 127.0.0.1 on a free port by
werkzeug in a background thread; one browser session serves the whole module. JavaScript
is switched off for some checks (DevTools `Emulation.setScriptExecutionDisabled`) to
prove the site works without it, and the viewport is narrowed to a phone's for others.

Chromium and chromedriver come from apt (scripts/install-browser.sh, run by
scripts/test.sh). If they are missing these tests FAIL, they are never skipped.

Screenshots (desktop and phone, search results and an item) are written to
tests/artifacts/. With UPDATE_SCREENSHOTS=1 they are also copied, cropped and
palette-compressed, to docs/screenshots/.
"""
from __future__ import annotations

import os
import shutil
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import CHROMEDRIVER, CHROMIUM, MISSING, chrome, serve

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCS_SHOTS = ROOT / "docs" / "screenshots"
DESKTOP = (1280, 900)
PHONE = (375, 812)
WAIT = 10


def test_chromium_and_chromedriver_are_installed():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(MISSING, pytrace=False)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def server(sample_app):
    """Base URL of the real app served by werkzeug in a background thread."""
    yield from serve(sample_app, "agenda-search-test-server")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium session for the module."""
    yield from chrome(("--hide-scrollbars", f"--window-size={DESKTOP[0]},{DESKTOP[1]}"),
                      {"intl.accept_languages": "en-GB,en", "plugins.always_open_pdf_externally": False})


@pytest.fixture
def b(browser):
    """The module's browser, reset to a desktop viewport with JavaScript on, for one test."""
    yield browser
    viewport(browser, *DESKTOP)
    set_javascript(browser, True)


@pytest.fixture(scope="module")
def ids(sample_app) -> dict:
    """Item and pack ids of the sample items these tests open (found through the JSON API)."""
    client = sample_app.test_client()

    def find(query, title, **params):
        data = client.get("/search.json", query_string={"q": query, "limit": 100, **params}).json
        for hit in data["results"]:
            if title.lower() in hit["title"].lower():
                return hit
        raise AssertionError(f"{title!r} not found for {query!r}")

    edpsych = find("educational psychology", "Educational Psychology Contract Provision")
    kent = find("Strengthening Independence", "Strengthening Independence", council="Kent County Council")
    return {"edpsych": edpsych["item_id"], "edpsych_pack": edpsych["pack_id"],
            "kent": kent["item_id"], "kent_pack": kent["pack_id"]}


# --------------------------------------------------------------------------- helpers


def viewport(driver, width: int, height: int) -> None:
    """Emulate an exact CSS viewport (a phone is a 'mobile' one)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def set_javascript(driver, enabled: bool) -> None:
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not enabled})


def wait_for(driver, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition, message)


def css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def css_all(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def load(driver, url: str) -> None:
    driver.get(url)
    wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete", f"{url} did not load")


def active(driver) -> dict:
    """What has keyboard focus: tag, id, classes, text, href."""
    return driver.execute_script("""
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className || '',
                text: (el.innerText || el.value || '').trim().slice(0, 80),
                href: el.getAttribute('href') || '', name: el.getAttribute('name') || ''};""")


def focus_is_visible(driver) -> bool:
    """The focused element shows an outline, a box-shadow or the yellow focus background."""
    return driver.execute_script("""
        const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== 'none' && s.outlineWidth !== '0px' && s.outlineColor !== 'rgba(0, 0, 0, 0)')
            || s.boxShadow !== 'none' || s.backgroundColor === 'rgb(255, 221, 0)';""")


def press_tab(driver, times: int = 1) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(times):
        ActionChains(driver).send_keys(Keys.TAB).perform()


def no_horizontal_scroll(driver) -> tuple[int, int]:
    return tuple(driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"))


def screenshot(driver, name: str, width: int, max_height: int = 8000) -> Path:
    """Full-page screenshot at a CSS width, saved to tests/artifacts/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    viewport(driver, width, min(int(height), max_height))
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def publish(path: Path, crop_height: int) -> None:
    """Copy a screenshot to docs/screenshots/, cropped to its top and palette-compressed."""
    DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
    target = DOCS_SHOTS / path.name
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with reportlab (test extra); without it, copy as is
        shutil.copyfile(path, target)
        return
    with Image.open(path) as im:
        top = im.crop((0, 0, im.width, min(im.height, crop_height))).convert("RGB")
        top.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


# --------------------------------------------------------------------------- tests


def test_search_then_open_an_item(b, server):
    from selenium.webdriver.common.keys import Keys

    load(b, server + "/")
    box = css(b, "#q")
    assert box.get_attribute("type") == "search"
    assert b.execute_script("return document.activeElement.id") != "q"  # no focus stealing on load
    box.send_keys("educational psychology", Keys.ENTER)
    wait_for(b, lambda d: "q=educational+psychology" in d.current_url, "search was not submitted")
    assert "items found" in css(b, "#results-heading").text
    titles = [a.text for a in css_all(b, ".result-title a")]
    assert titles and "Educational Psychology Contract Provision" in titles[0]
    assert css_all(b, ".result .snippet mark")
    css(b, ".result-title a").click()
    wait_for(b, lambda d: "/items/" in d.current_url, "the item did not open")
    assert css(b, "h1").text == "Item 7: Educational Psychology Contract Provision"
    assert "Rutland County Council, Cabinet, 20 June 2017, Item 7, Report 112/2017" in css(b, "#citation").text
    # progressive enhancement: the copy button exists only with JavaScript (and the Clipboard API)
    assert css(b, ".js-copy").is_displayed()


def test_tick_a_facet_and_apply(b, server):
    load(b, server + "/?q=report")
    before = int(css(b, "#results-heading").text.split()[0].replace(",", ""))
    rutland = [cb for cb in css_all(b, "input[name=council]") if cb.get_attribute("value") == "Rutland County Council"]
    assert rutland, "no Rutland council checkbox"
    css(b, f"label[for={rutland[0].get_attribute('id')}]").click()  # the label ticks the box
    assert rutland[0].is_selected()
    css(b, "#apply-filters").click()
    wait_for(b, lambda d: "council=" in d.current_url, "filters were not applied")
    assert query_of(b.current_url)["council"] == ["Rutland County Council"]
    assert query_of(b.current_url)["q"] == ["report"]
    after = int(css(b, "#results-heading").text.split()[0].replace(",", ""))
    assert 0 < after < before
    metas = [m.text for m in css_all(b, ".result .meta")]
    assert metas and all(m.startswith("Rutland County Council") for m in metas)
    assert "from=" not in b.current_url and "sort=" not in b.current_url  # the clean, shareable URL
    ticked = [cb.get_attribute("value") for cb in css_all(b, "input[name=council]") if cb.is_selected()]
    assert ticked == ["Rutland County Council"]
    assert "Council: Rutland County Council" in css(b, ".chips").text


def test_a_filter_typed_in_lower_case_is_ticked_and_can_be_unticked(b, server):
    load(b, server + "/?q=report&meeting=cabinet")
    boxes = [cb for cb in css_all(b, "input[name=meeting]") if cb.get_attribute("value").casefold() == "cabinet"]
    assert len(boxes) == 1, "a phantom second Cabinet checkbox"
    assert boxes[0].get_attribute("value") == "Cabinet" and boxes[0].is_selected()
    css(b, f"label[for={boxes[0].get_attribute('id')}]").click()
    assert not boxes[0].is_selected()
    css(b, "#apply-filters").click()
    wait_for(b, lambda d: "meeting=" not in d.current_url, "unticking did not remove the filter")
    assert not [cb for cb in css_all(b, "input[name=meeting]") if cb.is_selected()]


def test_filters_work_without_javascript(b, server):
    set_javascript(b, False)
    load(b, server + "/?q=report")
    for council in ("Rutland County Council", "Leicestershire County Council"):
        box = [cb for cb in css_all(b, "input[name=council]") if cb.get_attribute("value") == council][0]
        box.click()
    css(b, "#sort option[value=newest]").click()
    css(b, "#apply-filters").click()
    wait_for(b, lambda d: "council=" in d.current_url, "filters were not applied without JavaScript")
    qs = query_of(b.current_url)
    assert sorted(qs["council"]) == ["Leicestershire County Council", "Rutland County Council"]
    assert qs["sort"] == ["newest"]
    councils = {m.text for m in css_all(b, ".result .meta > span:first-child")}
    assert councils <= {"Rutland County Council", "Leicestershire County Council"} and len(councils) == 2
    dates = [t.get_attribute("datetime") for t in css_all(b, ".result .meta time")]
    assert dates == sorted(dates, reverse=True)
    # a phone without JavaScript gets the filters open (nothing can open them otherwise)
    viewport(b, *PHONE)
    load(b, server + "/?q=report")
    assert css(b, "#filter-panel").get_attribute("open") is not None
    assert css(b, "#apply-filters").is_displayed()
    # an item page without JavaScript: no dead "Copy citation" button
    load(b, server + "/?q=educational+psychology")
    css(b, ".result-title a").click()
    wait_for(b, lambda d: "/items/" in d.current_url, "the item did not open")
    assert not css(b, ".js-copy").is_displayed()


def test_phone_filters_collapse_with_javascript_and_still_work(b, server):
    viewport(b, *PHONE)
    load(b, server + "/?q=report")
    panel = css(b, "#filter-panel")
    assert panel.get_attribute("open") is None  # results first on a small screen
    toggle = css(b, ".filter-toggle")
    assert toggle.is_displayed() and "Filter and sort results" in toggle.text
    toggle.click()
    assert panel.get_attribute("open") is not None
    box = css(b, "input[name=year][value='2017']")
    b.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    css(b, "#apply-filters").click()
    wait_for(b, lambda d: "year=2017" in d.current_url, "year filter was not applied")
    assert "Filter and sort results (1 active)" in css(b, ".filter-toggle").text


def test_page_link_opens_the_pdf_at_that_page(b, server, ids):
    load(b, server + f"/items/{ids['kent']}")
    links = [a for a in css_all(b, "a.page-link") if "#page=" in (a.get_attribute("href") or "")]
    assert links, "no page links on a PDF item"
    link = links[1] if len(links) > 1 else links[0]
    b.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    wait_for(b, lambda d: "/packs/" in d.current_url, "the page link did not open the PDF")
    url = urlsplit(b.current_url)
    assert url.path == f"/packs/{ids['kent_pack']}.pdf"
    assert url.fragment.startswith("page=") and int(url.fragment[5:]) >= 1
    assert b.execute_script("return document.contentType") == "application/pdf"
    with urllib.request.urlopen(b.current_url.split("#")[0], timeout=10) as resp:
        assert resp.headers["Content-Type"] == "application/pdf"
        assert resp.read(5) == b"%PDF-"


def test_keyboard_only_navigation(b, server):
    load(b, server + "/?q=school")
    press_tab(b)
    first = active(b)
    assert "skip-link" in first["cls"] and first["text"] == "Skip to main content", first
    assert focus_is_visible(b)
    rect = b.execute_script("const r = document.activeElement.getBoundingClientRect(); return [r.left, r.top, r.width];")
    assert rect[0] >= 0 and rect[1] >= 0 and rect[2] > 10, "the focused skip link is off screen"
    order = [first]
    for _ in range(150):
        press_tab(b)
        now = active(b)
        order.append(now)
        assert focus_is_visible(b), f"no visible focus on {now}"
        if "/items/" in now["href"]:
            break
    ids_in_order = [el["id"] for el in order]
    assert "q" in ids_in_order, "Tab never reached the search box"
    assert "/items/" in order[-1]["href"], "Tab never reached the first result"
    first_result = css(b, ".result-title a").get_attribute("href")
    assert first_result.endswith(order[-1]["href"])
    assert ids_in_order.index("q") < len(order) - 1
    assert ids_in_order.index("q") <= 6, f"too many stops before the search box: {order[:8]}"
    # the second skip link jumps over the filters straight to the results
    load(b, server + "/?q=school")
    press_tab(b, 2)
    assert active(b)["text"] == "Skip to results"
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(b).send_keys(Keys.ENTER).perform()
    press_tab(b)
    assert active(b)["href"] == css(b, ".result-title a").get_attribute("href").replace(server, "")
    # "Skip to main content" then Tab lands in the search box
    load(b, server + "/?q=school")
    press_tab(b)
    ActionChains(b).send_keys(Keys.ENTER).perform()
    press_tab(b)
    assert active(b)["id"] == "q"


AUDIT_JS = r"""
const problems = [];
const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
  && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.visually-hidden, [hidden]');
// language, one h1, no skipped heading levels
if (!document.documentElement.lang) problems.push('no lang on <html>');
const heads = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
if (heads.filter(h => h.tagName === 'H1').length !== 1) problems.push('not exactly one h1');
let level = 0;
for (const h of heads) {
  const n = +h.tagName[1];
  if (n > level + 1) problems.push(`heading ${h.tagName} "${h.textContent.trim().slice(0, 40)}" skips a level after h${level}`);
  level = n;
}
// every control has a label; ids are unique; images have alt text
for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
  const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
  if (!named) problems.push(`unlabelled ${el.tagName} name=${el.name}`);
}
const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
if (dup.length) problems.push('duplicate ids: ' + [...new Set(dup)].join(', '));
for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) problems.push('img without alt');
for (const a of document.querySelectorAll('a')) if (visible(a) && !a.textContent.trim() && !a.getAttribute('aria-label')) problems.push('empty link ' + a.href);
// text contrast (WCAG 1.4.3): 4.5:1, or 3:1 for large text
const rgba = s => { const m = s.match(/[\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
const lum = ([r, g, b]) => { const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
const background = el => {
  for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor); if (c[3] > 0.5) return c; }
  return [255, 255, 255, 1];
};
const seen = new Set();
for (const el of document.querySelectorAll('body *')) {
  if (!visible(el) || ['SCRIPT', 'STYLE', 'OPTION'].includes(el.tagName)) continue;
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const st = getComputedStyle(el);
  const fg = rgba(st.color), bg = background(el);
  const mix = fg.slice(0, 3).map((c, i) => c * fg[3] + bg[i] * (1 - fg[3]));
  const [l1, l2] = [lum(mix), lum(bg)].sort((a, b) => b - a);
  const ratio = (l1 + 0.05) / (l2 + 0.05);
  const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight) >= 700;
  const need = (size >= 24 || (size >= 18.66 && bold)) ? 3 : 4.5;
  const key = `${el.tagName}.${el.className}:${st.color}/${bg}`;
  if (ratio < need && !seen.has(key)) {
    seen.add(key);
    problems.push(`contrast ${ratio.toFixed(2)} < ${need} for ${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}"`);
  }
}
return problems;
"""


def test_accessibility_basics(b, server, ids):
    """Language, one h1 and no skipped heading levels, labelled controls, unique ids, alt text,
    no empty links and WCAG AA text contrast, on every kind of page, at desktop and phone widths."""
    pages = ("/", "/?q=educational+psychology", "/?q=report&council=Rutland+County+Council&year=2017",
             "/?q=psycology", f"/items/{ids['edpsych']}", f"/items/{ids['kent']}",
             f"/meetings/{ids['edpsych_pack']}", "/officers/Tim%20O'Neill", "/help", "/?q=x&page=0",
             "/items/0000000000000000:1")
    problems = {}
    for width, height in (DESKTOP, PHONE):
        viewport(b, width, height)
        for path in pages:
            load(b, server + path)
            found = b.execute_script(AUDIT_JS)
            if found:
                problems[f"{path} at {width}px"] = found
    assert not problems, problems


@pytest.mark.parametrize("width", [PHONE[0], 320])
def test_phone_width_has_no_horizontal_scrolling(b, server, ids, width):
    viewport(b, width, PHONE[1])
    for path in ("/", "/?q=educational+psychology", "/?q=report&council=Rutland+County+Council&page=2",
                 f"/items/{ids['edpsych']}", f"/items/{ids['kent']}", f"/meetings/{ids['edpsych_pack']}",
                 "/officers/Tim%20O'Neill", "/help", "/?q=x&page=0", "/items/0000000000000000:1"):
        load(b, server + path)
        scroll, client = no_horizontal_scroll(b)
        assert client == width
        assert scroll <= client, f"{path} scrolls sideways at {width}px ({scroll} > {client})"


def test_screenshots(b, server, ids):
    shots = []
    for name, path in (("search", "/?q=educational+psychology"), ("item", f"/items/{ids['edpsych']}")):
        for label, (width, height) in (("desktop", DESKTOP), ("phone", PHONE)):
            viewport(b, width, height)
            load(b, server + path)
            shot = screenshot(b, f"{name}-{label}", width)
            assert shot.stat().st_size > 10_000
            shots.append((shot, 1400 if label == "desktop" else 1500))
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        for shot, crop in shots:
            publish(shot, crop)
