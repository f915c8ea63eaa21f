"""What the browser tests share: the real app served on a free local port, and a headless
Chromium driven by Selenium (Debian's chromium + chromium-driver). A missing or broken browser
FAILS the tests that need it; they are never skipped."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MISSING = (f"Chromium or its WebDriver is missing ({CHROMIUM}, {CHROMEDRIVER}). Install them with "
           "`bash scripts/install-browser.sh` (apt: chromium chromium-driver); `bash scripts/test.sh` does this "
           "for you. The browser tests are part of the suite and are never skipped.")
BASE_ARGS = ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
             "--disable-extensions", "--no-first-run", "--lang=en-GB")


def serve(app: Any, name: str) -> Iterator[str]:
    """Serve a WSGI app with werkzeug in a background thread; yields its base URL."""
    from werkzeug.serving import make_server

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, name=name, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(timeout=10)


def chrome(extra_args: tuple[str, ...] = (), prefs: dict[str, Any] | None = None) -> Iterator[Any]:
    """One headless Chromium session; yields the Selenium driver."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(MISSING, pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (*BASE_ARGS, *extra_args):
        options.add_argument(arg)
    if prefs:
        options.add_experimental_option("prefs", prefs)
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    except Exception as exc:  # noqa: BLE001 - a broken install must fail loudly, not skip
        pytest.fail(f"Could not start headless Chromium with {CHROMEDRIVER}: {exc}\n{MISSING}", pytrace=False)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
