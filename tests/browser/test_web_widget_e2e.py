"""One end-to-end check against the real bot, started by the launcher (`make run`).

HECHTWIJZER_WEB is where the demo page is opened, HECHTWIJZER_URL the bot's server as the
widget's data-server (the launcher's web server, which serves the chat and passes its messages
to Rasa; 127.0.0.1 instead of localhost makes it another origin, as on a real site):

    HECHTWIJZER_URL=http://127.0.0.1:8080 HECHTWIJZER_WEB=http://localhost:8080 \
        .venv/bin/python -m pytest tests/browser -m e2e_real
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

BOT_URL = os.environ.get("HECHTWIJZER_URL")
WEB_URL = os.environ.get("HECHTWIJZER_WEB")


@pytest.mark.e2e_real
@pytest.mark.skipif(not (BOT_URL and WEB_URL), reason="set HECHTWIJZER_URL and HECHTWIJZER_WEB")
def test_real_bot_answers_in_dutch(browser):
    # A context without the loopback-only route of the other tests: the real servers may live elsewhere.
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{WEB_URL.rstrip('/')}/demo.html?server={quote(BOT_URL, safe=':/')}")
        page.get_by_role("button", name=re.compile("^Chat met ")).click()
        chat = page.frame_locator("hechtwijzer-chat iframe")
        field = chat.get_by_role("textbox", name=re.compile("^Je vraag"))
        field.fill("Wat is hechting?")
        field.press("Enter")
        answers = chat.locator(".msg-bot .bubble")
        # The greeting is bubble 0; the bot's answer follows (a cold model can be slow).
        expect(answers.nth(1)).to_be_visible(timeout=30_000)
        expect(answers.filter(has_text=re.compile("hecht", re.I)).nth(1)).to_be_visible(timeout=30_000)
        expect(chat.get_by_text("Er ging iets mis")).to_have_count(0)
    finally:
        context.close()
