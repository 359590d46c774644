"""Make the README screenshots of the widget on the demo page, against the fake server.

    .venv/bin/python -m tests.browser.screenshots

Writes docs/img/widget-desktop.png (1280x800) and docs/img/widget-phone.png (360x740).
"""

from __future__ import annotations

from playwright.sync_api import expect, sync_playwright

from tests import ROOT
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.hw_fake_server import FakeRasa

OUT = ROOT / "docs" / "img"
SHOTS = {"widget-desktop.png": (1280, 800), "widget-phone.png": (360, 740)}


def short_conversation(page, url):
    page.goto(url)
    page.get_by_role("button", name="Chat met Hechtwijzer").click()
    chat = page.frame_locator("hechtwijzer-chat iframe")  # the chat runs in its own frame
    field = chat.get_by_role("textbox", name="Je vraag aan Hechtwijzer")
    field.fill("Wat is hechting?")
    field.press("Enter")
    chat.get_by_role("button", name="Wat kan ik zelf doen?").click()
    bubbles = chat.locator(".msg-bot .bubble")
    expect(bubbles.last).to_contain_text("voorspelbaarheid")
    # No focus ring in the picture.
    chat.locator(":focus").evaluate("(e) => e.blur()")
    chat.locator(".log").evaluate("(l) => { l.scrollTop = l.scrollHeight; }")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    fake = FakeRasa().start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, (width, height) in SHOTS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, locale="nl-NL", reduced_motion="reduce"
                )
                page = context.new_page()
                short_conversation(page, fake.demo_url())
                page.screenshot(path=str(OUT / name))
                context.close()
                print("wrote", OUT / name)
            browser.close()
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
