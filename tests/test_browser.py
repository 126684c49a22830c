"""A real browser (Playwright driving Debian's chromium) against a live `load.py serve`: home -> topic GDPR ->
meeting -> person, the network overview and a topic's pictures, then a named query on /sparql. Screenshots go to tests/artifacts/ (git-ignored)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="the test extra installs playwright")
if not Path(CHROMIUM).exists():  # .ci/run installs Debian's chromium; a developer machine may not have it
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory, wstb_path):
    store = tmp_path_factory.mktemp("browser") / "store"
    loaded = subprocess.run([sys.executable, str(REPO / "load.py"), str(wstb_path), "--store", str(store)],
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    port = _free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "load.py"), "serve", "--store", str(store),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "the site did not start within 30 s"
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def page():
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


def test_home_topic_meeting_person(site, page):
    page.goto(site + "/")
    assert "Welfare Sector Transparency Board" in page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)

    page.click("a[href='/topic/gdpr']")
    page.wait_for_url("**/topic/gdpr")
    assert "Judith Jones" in page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "topic-gdpr.png"), full_page=True)

    page.click("main a[href^='/meeting/wstb/2017-06-29']")
    page.wait_for_url("**/meeting/wstb/2017-06-29*")
    main = page.inner_text("main")
    assert "Charlie Boundy" in main and "Any other business" in main
    page.screenshot(path=str(ARTIFACTS / "meeting.png"), full_page=True)

    page.click("main a[href='/person/nick-halliday']")
    page.wait_for_url("**/person/nick-halliday")
    main = page.inner_text("main")
    assert "Nick Halliday" in main and "Cabinet Office" in main
    page.screenshot(path=str(ARTIFACTS / "person.png"), full_page=True)


def test_network_overview_and_topic_pictures(site, page):
    page.goto(site + "/")
    page.click("header.site a[href='/network']")
    page.wait_for_url("**/network")
    figure = page.locator("#people svg[role='img']")
    assert figure.count() == 1 and figure.locator("circle").count() >= 5
    assert "Most connected" in page.inner_text("#people")
    page.screenshot(path=str(ARTIFACTS / "network.png"), full_page=True)

    page.click("#people svg a[href='/person/nick-halliday']")
    page.wait_for_url("**/person/nick-halliday")
    assert page.locator("#sits-with svg[role='img'] a.centre").count() == 1

    page.goto(site + "/topic/gdpr")
    chart = page.locator("#rise-and-fall svg[role='img']")
    assert chart.locator("g.bar").count() == 1 and "June 2017" in chart.text_content()  # one month, one bar
    assert "Judith Jones" in page.inner_text("#first-raised")
    page.screenshot(path=str(ARTIFACTS / "topic-gdpr-pictures.png"), full_page=True)
    box = page.locator("#cooccurring svg").bounding_box()
    assert box and box["width"] > 300  # drawn at a readable size, not collapsed


def test_run_a_named_query(site, page):
    page.goto(site + "/sparql")
    page.select_option("select[name='example']", "open-actions")
    page.click("form.sparql-examples button[type='submit']")
    page.click("form.sparql-query button[type='submit']")
    page.wait_for_selector("table")
    table = page.inner_text("table")
    assert table.count("Nick Halliday") == 2 and "Gemma Kirk" in table
    page.screenshot(path=str(ARTIFACTS / "sparql-open-actions.png"), full_page=True)


def test_no_console_errors_on_the_pages(site, page):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    for path in ("/", "/topic/gdpr", "/meeting/wstb/2017-06-29", "/person/nick-halliday", "/actions", "/sparql",
                 "/network", "/org/cabinet-office"):
        page.goto(site + path)
    assert errors == []  # a CSP violation or a missing asset would show here
