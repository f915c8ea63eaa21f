"""Officer sign-in in a real browser (Debian's Chromium, headless, through Selenium).

The real app over the sample index, with an accounts store in tmp holding one officer, is
served by werkzeug on 127.0.0.1. The browser follows the public "Officer sign-in" link from a
search, fills in the form, comes back to the same search signed in, and signs out. As in
tests/test_browser.py, a missing Chromium FAILS these tests; they are never skipped.
"""
from __future__ import annotations

from dataclasses import replace

import pytest
from browser_support import chrome, serve

from webui.accounts import AccountStore
from webui.app import create_app, default_service_factory

PASSWORD = "correct horse battery staple"
WAIT = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory, sample_config):
    state = tmp_path_factory.mktemp("browser-auth")
    config = replace(sample_config, users_db=state / "users.sqlite", secret_key_file=state / "secret_key")
    AccountStore(config.users_db).add("olive", "officer", PASSWORD)
    yield from serve(create_app(config, service_factory=default_service_factory(config)), "agenda-search-auth-server")


@pytest.fixture(scope="module")
def browser():
    # Chromium's password manager would otherwise offer to save the password (a dialog headless ignores).
    yield from chrome(("--window-size=1280,900",),
                      {"credentials_enable_service": False, "profile.password_manager_enabled": False})


def test_officer_signs_in_with_the_form_comes_back_signed_in_and_signs_out(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, WAIT)
    browser.get(f"{server}/?q=school")
    assert "Signed in as" not in browser.find_element(By.CSS_SELECTOR, ".site-header").text
    browser.find_element(By.LINK_TEXT, "Officer sign-in").click()
    wait.until(EC.presence_of_element_located((By.ID, "password")))
    assert browser.title.startswith("Officer sign-in")

    browser.find_element(By.ID, "name").send_keys("olive")
    browser.find_element(By.ID, "password").send_keys("not the right one")
    browser.find_element(By.CSS_SELECTOR, ".sign-in-form button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".error-summary")))
    assert "did not match an account" in browser.find_element(By.CSS_SELECTOR, ".error-summary").text

    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, ".sign-in-form button[type=submit]").click()
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".site-header"), "Signed in as"))
    header = browser.find_element(By.CSS_SELECTOR, ".site-header").text
    assert "Signed in as olive (officer)" in header
    assert browser.current_url == f"{server}/?q=school"  # back to the search it started from
    cookie = browser.get_cookie("agenda_search_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    browser.find_element(By.CSS_SELECTOR, ".sign-out button").click()
    wait.until(EC.presence_of_element_located((By.LINK_TEXT, "Officer sign-in")))
    assert "Signed in as" not in browser.find_element(By.CSS_SELECTOR, ".site-header").text
