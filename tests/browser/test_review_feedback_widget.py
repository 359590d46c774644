"""👍/👎 under a knowledge answer in the widget (issue 14), by keyboard and with a screen reader's
names, against the fake Rasa server; and the review report rendered in Chromium."""

from __future__ import annotations

import os
import re

from playwright.sync_api import expect

from tests import ROOT
from tests.browser.hw_fake_server import FEEDBACK_ANSWER
from tests.browser.test_web_widget import ask_and_wait, chat, chat_input, deep_focus, open_widget, stored

QUESTION = "Had je hier iets aan?"


def feedback_group(page):
    return chat(page).get_by_role("group", name=QUESTION)


def test_thumbs_up_by_keyboard_is_sent_once_and_thanked(page, fake):
    open_widget(page, fake.demo_url())
    ask_and_wait(page, "kennisvraag over hechting", "Hechting is de band")
    group = feedback_group(page)
    expect(group).to_have_count(1)  # under the answer, not under every bubble
    expect(group).to_contain_text(QUESTION)
    up = group.get_by_role("button", name="Ja, dit hielp")
    expect(group.get_by_role("button", name="Nee, dit hielp niet")).to_be_visible()

    # Keyboard only: Shift+Tab back from the text field reaches the buttons under the answer.
    chat_input(page).focus()
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        if deep_focus(page) == "Ja, dit hielp":
            break
    assert deep_focus(page) == "Ja, dit hielp"
    page.keyboard.press("Enter")

    expect(group).to_have_text("Bedankt voor je reactie.")
    expect(up).to_have_count(0)
    expect(chat_input(page)).to_be_focused()
    for _ in range(50):  # the request goes out after the thanks
        if fake.feedback:
            break
        page.wait_for_timeout(100)
    sender = stored(page)["senderId"]
    assert fake.feedback == [{"sender": sender, "answer": FEEDBACK_ANSWER, "value": "up"}]
    # No chat message was sent: the conversation's flow is untouched.
    assert [r["message"] for r in fake.requests] == ["kennisvraag over hechting"]

    page.reload()  # the vote is remembered with the conversation: no second vote
    expect(feedback_group(page)).to_have_text("Bedankt voor je reactie.")


def test_no_feedback_under_other_replies(page, fake):
    open_widget(page, fake.demo_url())
    ask_and_wait(page, "Wat is hechting?", "Hechting is de band")
    expect(feedback_group(page)).to_have_count(0)


def test_review_report_renders_in_chromium(page, tmp_path):
    """The report of tests/test_review.py's conversations plus a synthetic month, rendered. The
    screenshot goes to the test's temp dir; HECHTWIJZER_UPDATE_SCREENSHOTS=1 refreshes
    docs/img/review.png (the README's picture), so a test run leaves git clean."""
    from concurrent.futures import ThreadPoolExecutor

    import sqlalchemy as sa

    from bot.tools import review, review_bench, review_report
    from tests.test_review import SECRETS, write_store

    db = tmp_path / "tracker.db"
    with ThreadPoolExecutor(1) as pool:  # Rasa's store is async; Playwright's loop runs in this thread
        pool.submit(write_store, db).result()
    review_bench.fill(db, 1500, days=30)
    result = review.read(sa.engine.URL.create("sqlite", database=str(db)), progress=False)
    report, _ = review_report.write(result, review_report.analyse(result), tmp_path / "out")

    page.set_content(report.read_text(encoding="utf-8"))  # file: URLs are refused by conftest's router
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hechtwijzer")
    expect(page.locator("p", has_text="Periode:")).to_contain_text(
        re.compile(r"Periode: \d\d-\d\d-\d{4} \d\d:\d\d tot en met \d\d-\d\d-\d{4}")
    )
    images = page.locator("img")
    expect(images).to_have_count(3)
    sizes = images.evaluate_all("(imgs) => imgs.map((i) => i.complete && i.naturalWidth > 0)")
    assert all(sizes)
    body = page.locator("body").inner_text()
    assert not [s for s in SECRETS if s.lower() in body.lower()]
    out = (
        ROOT / "docs" / "img" / "review.png"
        if os.environ.get("HECHTWIJZER_UPDATE_SCREENSHOTS")
        else tmp_path / "review.png"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 20_000
