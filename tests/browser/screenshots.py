"""Make the README screenshots of the widget on the demo page, against the REAL bot.

    make run            # in another terminal: the real bot and the demo page on :8080
    .venv/bin/python -m tests.browser.screenshots [--demo http://localhost:8080/demo.html]

Writes docs/img/widget-desktop.png (1280x800) and docs/img/widget-phone.png (360x740). The real
bot, not the browser tests' fake server: the pictures must show what a parent will read.
"""

from __future__ import annotations

import argparse

from playwright.sync_api import expect, sync_playwright

from tests import ROOT
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

OUT = ROOT / "docs" / "img"
SHOTS = {"widget-desktop.png": (1280, 800), "widget-phone.png": (360, 740)}


QUESTION = "mijn dochter van 6 laat zich niet troosten als ze valt, wat kan ik doen?"


def short_conversation(page, url):
    page.goto(url)
    page.get_by_role("button", name="Chat met Hechtwijzer").click()
    chat = page.frame_locator("hechtwijzer-chat iframe")  # the chat runs in its own frame
    field = chat.get_by_role("textbox", name="Je vraag aan Hechtwijzer")
    bubbles = chat.locator(".msg-bot .bubble")
    expect(bubbles.first).to_be_visible(timeout=30_000)  # the welcome
    before = bubbles.count()
    field.fill(QUESTION)
    field.press("Enter")
    expect(bubbles).not_to_have_count(before, timeout=30_000)
    page.wait_for_timeout(1500)  # all bubbles of the answer
    # No focus ring in the picture.
    chat.locator(":focus").evaluate("(e) => e.blur()")
    # the question at the top, the answer below it: what a parent reads first
    chat.locator(".log").evaluate(
        "(l) => { const m = l.querySelectorAll('.msg-user'); l.scrollTop = m[m.length - 1].offsetTop - l.offsetTop; }"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--demo", default="http://localhost:8080/demo.html", help="the demo page of a running bot"
    )
    demo = parser.parse_args().demo
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (width, height) in SHOTS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="nl-NL", reduced_motion="reduce"
            )
            page = context.new_page()
            short_conversation(page, demo)
            page.screenshot(path=str(OUT / name))
            context.close()
            print("wrote", OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
