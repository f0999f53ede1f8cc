"""The filtering and monitoring review in real Chromium: kept, private, saved and opened, printed, refused files."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import axe_violations, recording_page

pytestmark = pytest.mark.browser

STORAGE_KEY = "pies-filtering-review/v1"
PAGE = "/filtering-and-monitoring-review/"


def open_review(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}{PAGE}")
    page.wait_for_selector("#fm.fm--ready")


@pytest.fixture
def review(browser, site_url: str):  # type: ignore[no-untyped-def]
    """The review in a fresh browser profile, recording every request and error."""
    with recording_page(browser, accept_downloads=True) as page:
        open_review(page, site_url)
        yield page
        assert page.errors == [], f"errors on the page: {page.errors}"


def saved(page) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The review as stored in this browser, once the debounced save has run."""
    page.wait_for_function("k => localStorage.getItem(k) !== null", arg=STORAGE_KEY)
    page.wait_for_timeout(600)
    return json.loads(page.evaluate("k => localStorage.getItem(k)", STORAGE_KEY))


def compact(value):  # type: ignore[no-untyped-def]
    """A saved part without its empty text, which means the same as an absent field."""
    if isinstance(value, dict):
        return {key: compact(item) for key, item in value.items() if item not in ("", None)}
    if isinstance(value, list):
        return [compact(item) for item in value]
    return value


def fill(page) -> None:  # type: ignore[no-untyped-def]
    """A review part done: the setting, two checks, a rating, one filtering test and one action."""
    page.locator("#fm-setting").fill("Hilltop Academy")
    page.locator("#fm-phase").select_option("Secondary")
    page.locator("#fm-date").fill("2026-11-20")
    page.locator("#fm-person-governor").fill("Ms Patel, link governor")
    page.locator("#fm-trigger-1").check()
    page.locator("#fm-named-governor-yes").check()
    check = page.locator("#fm-check-logs")
    check.locator("#fm-logs-partly").check()
    check.locator("[data-field=evidence]").fill("Log export, 14 Nov")
    check.locator("[data-field=note]").fill("No user names on guest logs")
    page.locator("#fm-rating-filtering-partly").check()
    page.locator("#fm-gaps-filtering").fill("Guest network logs lack users")
    page.get_by_role("button", name="Add a test").click()
    row = page.locator(".fm-test-row").last
    row.locator("[data-field=device]").fill("Pupil Chromebook")
    row.locator("[data-field=site]").fill("Main site")
    row.locator("[data-field=group]").fill("Year 9")
    row.locator("[data-category=child-abuse]").select_option("blocked")
    row.locator("[data-category=adult]").select_option("open")
    page.get_by_role("button", name="Add an action").click()
    action = page.locator(".fm-action-row").last
    action.locator("[data-field=what]").fill("Add user names to guest logs")
    action.locator("[data-field=standard]").select_option("filtering")
    action.locator("[data-field=owner]").fill("IT provider")
    action.locator("[data-field=by]").fill("2027-02-01")
    action.locator("[data-field=cost]").fill("£300")


def test_checks_are_kept_through_a_reload_and_absent_in_a_fresh_profile(review, browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    fill(review)
    stored = saved(review)
    assert stored["about"]["setting"] == "Hilltop Academy"
    assert (
        stored["checks"]["logs"]["result"] == "partly" and stored["checks"]["logs"]["evidence"] == "Log export, 14 Nov"
    )
    assert stored["tests"][0]["results"]["adult"] == "open"
    open_review(review, site_url)
    assert review.locator("#fm-setting").input_value() == "Hilltop Academy"
    assert review.locator("#fm-logs-partly").is_checked()
    assert review.locator(".fm-test-row [data-field=device]").input_value() == "Pupil Chromebook"
    assert review.locator(".fm-action-row [data-field=cost]").input_value() == "£300"
    assert review.locator("#fm-progress").inner_text().startswith("2 of ")
    assert not review.locator("#fm-logs-yes").is_checked()  # negative control: only the answer given
    with recording_page(browser) as fresh:  # another computer, in effect
        open_review(fresh, site_url)
        assert fresh.evaluate("k => localStorage.getItem(k)", STORAGE_KEY) is None
        assert fresh.locator("#fm-setting").input_value() == ""
        assert not fresh.locator("#fm-logs-partly").is_checked()


def test_saved_to_a_file_and_opened_in_another_profile(review, browser, site_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(review)
    before = saved(review)
    with review.expect_download() as download:
        review.get_by_role("button", name="Save your review as a file").click()
    exported = tmp_path / "review.json"
    download.value.save_as(exported)
    document = json.loads(exported.read_text())
    assert document["format"] == "pies-filtering-review" and document["edition"] == "edition-2026-12"
    with recording_page(browser) as other:
        open_review(other, site_url)
        other.locator("#fm-import").set_input_files(str(exported))
        other.wait_for_function("() => document.querySelector('#fm-status').textContent.startsWith('Review opened')")
        after = saved(other)
        for part in ("about", "checks", "standards", "tests", "actions"):
            assert compact(after[part]) == compact(before[part]), part
        assert other.locator("#fm-rating-filtering-partly").is_checked()
        assert other.locator("#fm-gaps-filtering").input_value() == "Guest network logs lack users"
        assert other.errors == []


def test_the_governors_report_prints_to_pdf_with_last_years_changes(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    last_year = {
        "format": "pies-filtering-review",
        "version": 1,
        "about": {"setting": "Hilltop Academy", "date": "2025-11-18"},
        "checks": {"logs": {"result": "no"}},
        "standards": {"filtering": {"rating": "not-met"}},
    }
    previous = tmp_path / "last-year.json"
    previous.write_text(json.dumps(last_year))
    fill(review)
    review.locator("#fm-previous").set_input_files(str(previous))
    review.wait_for_function(
        "() => document.querySelector('#fm-status').textContent.startsWith(\"Last year's review\")"
    )
    saved(review)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(review.pdf(format="A4"))).pages)
    text = " ".join(text.split())
    assert "Filtering and monitoring review: Hilltop Academy" in text
    assert "Partly met" in text and "Guest network logs lack users" in text
    assert "Add user names to guest logs" in text and "£300" in text
    assert "Pupil Chromebook" in text and "Not blocked" in text
    assert "Standard 3: Not met last time, Partly met now." in text
    assert "Sign-off" in text and "What this review does not prove" in text
    assert "Who took part" in text and "Ms Patel, link governor" in text
    # The form itself is not printed once the report is there (negative control: a question's text).
    assert "Is a named member of the senior leadership team responsible" not in text


HOSTILE = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>'
BAD_FILES = {
    "too big": (" " * 1_200_000 + "{}", "too large to be a filtering and monitoring review"),
    "not JSON": ("{not json", "not valid JSON"),
    "wrong kind": (
        json.dumps({"format": "pies-self-review", "version": 1, "setting": {}, "areas": {}}),
        "not a filtering and monitoring review exported from this page",
    ),
    "wrong version": (json.dumps({"format": "pies-filtering-review", "version": 9}), "version 9"),
    "bad result": (
        json.dumps({"format": "pies-filtering-review", "version": 1, "checks": {"logs": {"result": "maybe"}}}),
        'check "logs" is not valid',
    ),
    "too many tests": (
        json.dumps({"format": "pies-filtering-review", "version": 1, "tests": [{}] * 201}),
        "record of tests",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_hostile_files_are_refused_with_a_message(review, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    review.locator("#fm-setting").fill("Keep me")
    before = saved(review)
    text, message = BAD_FILES[case]
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    review.locator("#fm-import").set_input_files(str(bad))
    review.wait_for_function("() => document.querySelector('#fm-status').textContent.includes('Nothing has changed')")
    assert message in review.locator("#fm-status").inner_text()
    assert saved(review)["about"] == before["about"]
    assert review.locator("#fm-setting").input_value() == "Keep me"


def test_script_in_a_file_is_shown_as_text_never_run(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = {
        "format": "pies-filtering-review",
        "version": 1,
        "about": {"setting": HOSTILE},
        "checks": {"logs": {"result": "no", "note": HOSTILE}},
        "actions": [{"what": HOSTILE}],
    }
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(document))
    review.locator("#fm-import").set_input_files(str(hostile))
    review.wait_for_function("() => document.querySelector('#fm-status').textContent.startsWith('Review opened')")
    assert review.locator("#fm-setting").input_value() == HOSTILE
    report = review.locator("#fm-report")
    assert HOSTILE in report.text_content()
    assert report.locator("img, script").count() == 0
    assert review.evaluate("window.hacked") is None


def test_no_request_leaves_the_host_and_no_cookie_is_set(review, site_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(review)
    saved(review)
    with review.expect_download():
        review.get_by_role("button", name="Save your review as a file").click()
    host = urlsplit(site_url).netloc
    elsewhere = [
        url for url in review.requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != host
    ]
    assert elsewhere == []
    assert any(PAGE in url for url in review.requests)  # negative control: requests were recorded
    assert review.context.cookies() == []
    assert review.evaluate("document.cookie") == ""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_accessibility_violations_and_no_sideways_scrolling(browser, site_url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    open_review(page, site_url)
    fill(page)  # with a test and an action added: their rows are the widest part of the form
    saved(page)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_without_javascript_the_checks_are_a_printable_form(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}{PAGE}")
    notice = page.locator(".fm-noscript")
    assert notice.is_visible() and "Saving this review needs JavaScript" in notice.inner_text()
    assert page.locator("fieldset.fm-check").count() == 49
    assert page.locator("#fm-check-logs legend").is_visible()
    assert not page.get_by_role("button", name="Save your review as a file").is_visible()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages).split())
    assert "Is a named member of the senior leadership team responsible" in text
    assert "Checked by" in text
    context.close()
    # negative control: with JavaScript the notice is hidden and the buttons are there
    with recording_page(browser) as scripted:
        open_review(scripted, site_url)
        assert not scripted.locator(".fm-noscript").is_visible()
        assert scripted.get_by_role("button", name="Save your review as a file").is_visible()


def test_a_file_from_another_edition_keeps_what_still_exists_and_flags_rewording(review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = {
        "format": "pies-filtering-review",
        "version": 1,
        "edition": "edition-2025-09",
        "checks": {
            "logs": {"result": "yes", "wording": "000000000000"},  # answered to other words
            "bypass": {"result": "no"},
            "dropped-check": {"result": "yes"},
        },
    }
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document))
    review.locator("#fm-import").set_input_files(str(older))
    review.wait_for_function("() => document.querySelector('#fm-status').textContent.startsWith('Review opened')")
    assert "1 answer(s) to checks this page no longer asks were left out" in review.locator("#fm-status").inner_text()
    assert review.locator("#fm-check-logs .fm-updated").is_visible()
    assert not review.locator("#fm-check-bypass .fm-updated").is_visible()  # negative control: no stamp, no flag
    assert review.locator("#fm-bypass-no").is_checked()
    review.locator("#fm-logs-partly").check()  # answered again: no longer flagged
    assert not review.locator("#fm-check-logs .fm-updated").is_visible()
