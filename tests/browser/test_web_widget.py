"""Browser tests for the widget against the fake Rasa server (hw_fake_server.py).

The host page (the association's site) runs bot/web/hechtwijzer.js: the launcher button and a
frame. The chat itself (bot/web/chat.html, chat.js) runs in that frame, from the bot's origin;
the helpers below reach into it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

STORAGE_KEY = "hechtwijzer.gesprek.v1"
CRISIS_LINE = "Acute nood? Bel 112 · Somber of suïcidale gedachten? Bel 113"
OPEN_NAME = "Chat met Hechtwijzer"
ERROR_TEXT = "Er ging iets mis. Probeer het opnieuw."


# ---------------------------------------------------------------------------- helpers
FRAME = "hechtwijzer-chat iframe"


def chat(page):
    """The chat inside the widget's frame, for locators."""
    return page.frame_locator(FRAME)


def chat_frame(page):
    """The chat's document, for evaluate(); the frame is loaded once the launcher shows."""
    return page.locator(FRAME).element_handle().content_frame()


def launcher(page):
    return page.get_by_role("button", name=OPEN_NAME)


def panel(page):
    return chat(page).get_by_role("dialog", name="Hechtwijzer")


def chat_input(page):
    return chat(page).get_by_role("textbox", name=re.compile(r"^Je vraag aan "))


def user_bubbles(page):
    return chat(page).locator(".msg-user .bubble")


def bot_bubbles(page):
    return chat(page).locator(".msg-bot .bubble")


def typing(page):
    return chat(page).get_by_role("status").filter(has_text="Hechtwijzer typt…")


def open_widget(page, url):
    page.goto(url)
    launcher(page).click()
    expect(panel(page)).to_be_visible()
    expect(chat_input(page)).to_be_focused()


def ask(page, text):
    chat_input(page).fill(text)
    chat_input(page).press("Enter")


def ask_and_wait(page, text, answer):
    before = bot_bubbles(page).count()
    ask(page, text)
    expect(bot_bubbles(page).nth(before)).to_contain_text(answer)


def stored(page):
    """The conversation as the chat keeps it: in the frame's sessionStorage."""
    expect(chat(page).locator("#hw-panel")).to_be_attached()  # chat.js has run
    return chat_frame(page).evaluate(f"() => JSON.parse(sessionStorage.getItem('{STORAGE_KEY}'))")


_FOCUSED = """() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a || a === document.body) return null;
    if (a.tagName === 'IFRAME') return '<frame>';
    return (a.getAttribute('aria-label') || a.getAttribute('placeholder') || a.textContent || '').trim();
}"""


def deep_focus(page):
    """Accessible-ish name of the element that really has focus: into shadow roots and the chat's frame."""
    found = page.evaluate(_FOCUSED)
    return chat_frame(page).evaluate(_FOCUSED) if found == "<frame>" else found


def panel_count(page, selector):
    """How many elements match inside the chat panel."""
    return chat_frame(page).evaluate(
        "(sel) => document.getElementById('hw-panel').querySelectorAll(sel).length", selector
    )


# ---------------------------------------------------------------------------- basics
def test_open_ask_and_see_answer(page, fake):
    page.goto(fake.demo_url())
    expect(panel(page)).to_be_hidden()
    open_widget(page, fake.demo_url())

    expect(chat(page).locator(".crisis")).to_have_text(CRISIS_LINE)
    expect(chat(page).get_by_role("button", name="Snel weg")).to_be_visible()
    expect(chat(page).locator("#hw-privacy")).to_contain_text("maximaal 30 dagen")
    expect(chat(page).locator("#hw-privacy")).to_contain_text("alleen in dit tabblad")
    expect(bot_bubbles(page).first).to_contain_text("geen hulpverlener")

    ask(page, "Wat is hechting?")
    expect(user_bubbles(page)).to_have_text(["Wat is hechting?"])
    expect(bot_bubbles(page).nth(1)).to_contain_text("Hechting is de band")
    expect(chat_input(page)).to_have_value("")

    link = bot_bubbles(page).nth(1).get_by_role("link", name="https://www.example.org/hechting")
    expect(link).to_have_attribute("href", "https://www.example.org/hechting")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
    # The sentence's full stop stays outside the link.
    expect(bot_bubbles(page).nth(1)).to_contain_text("https://www.example.org/hechting. Wil je")
    phone = bot_bubbles(page).nth(1).get_by_role("link", name="0800-0432")
    expect(phone).to_have_attribute("href", "tel:08000432")
    expect(chat(page).locator(".crisis a[href='tel:113']")).to_have_text("113")

    assert fake.requests[0]["message"] == "Wat is hechting?"
    assert fake.requests[0]["sender"].startswith("hw-")


def test_styles_do_not_leak_from_host_page(page, fake):
    page.goto(fake.demo_url())
    # demo.css paints every <button> hotpink at 30px; the launcher must not care.
    styles = launcher(page).evaluate(
        "(b) => { const s = getComputedStyle(b); return [s.backgroundColor, s.fontSize]; }"
    )
    assert styles == ["rgb(31, 94, 122)", "16px"]


def test_typing_indicator_while_waiting(page, fake):
    open_widget(page, fake.demo_url())
    expect(typing(page)).to_be_hidden()
    ask(page, "wacht even")
    expect(typing(page)).to_be_visible()
    expect(chat(page).get_by_role("button", name="Verstuur")).to_have_attribute("aria-disabled", "true")
    fake.release()
    expect(bot_bubbles(page).nth(1)).to_have_text("Dank voor je geduld. Hier is mijn antwoord.")
    expect(typing(page)).to_be_hidden()


def test_quick_reply_sends_payload_and_shows_title(page, fake):
    open_widget(page, fake.demo_url())
    ask_and_wait(page, "Wat is hechting?", "Hechting is de band")
    choice = (
        chat(page)
        .get_by_role("group", name="Kies een antwoord")
        .get_by_role("button", name="Wat kan ik zelf doen?")
    )
    choice.click()
    expect(user_bubbles(page).last).to_have_text("Wat kan ik zelf doen?")
    expect(bot_bubbles(page).last).to_contain_text("voorspelbaarheid")
    assert fake.requests[-1]["message"] == "/tips_zelf"
    expect(chat(page).get_by_role("group", name="Kies een antwoord")).to_have_count(0)
    expect(chat_input(page)).to_be_focused()


def test_empty_reply_is_not_a_blank_panel(page, fake):
    open_widget(page, fake.demo_url())
    ask_and_wait(page, "leeg", "geen antwoord")


# ---------------------------------------------------------------------------- persistence
def test_conversation_survives_reload_but_not_a_new_tab(page, fake):
    open_widget(page, fake.demo_url())
    ask_and_wait(page, "Wat is hechting?", "Hechting is de band")
    sender = fake.requests[-1]["sender"]
    assert stored(page)["senderId"] == sender

    page.reload()
    expect(panel(page)).to_be_visible()  # it was open before the reload
    expect(user_bubbles(page)).to_have_text(["Wat is hechting?"])
    expect(bot_bubbles(page).nth(1)).to_contain_text("Hechting is de band")
    # The latest choices are still offered after the reload.
    expect(chat(page).get_by_role("button", name="Waar vind ik hulp?")).to_be_visible()
    ask_and_wait(page, "nog een vraag", "anders vragen")
    assert fake.requests[-1]["sender"] == sender

    other_tab = page.context.new_page()
    other_tab.goto(fake.demo_url())
    expect(launcher(other_tab)).to_be_visible()
    assert stored(other_tab) is None
    other_tab.close()


def test_new_conversation_starts_over(page, fake):
    open_widget(page, fake.demo_url())
    ask_and_wait(page, "Wat is hechting?", "Hechting is de band")
    old_sender = stored(page)["senderId"]

    chat(page).get_by_role("button", name="Nieuw gesprek").click()
    expect(user_bubbles(page)).to_have_count(0)
    expect(bot_bubbles(page)).to_have_count(1)  # only the greeting
    expect(chat_input(page)).to_be_focused()
    new_state = stored(page)
    assert new_state["messages"] == []
    assert new_state["senderId"] != old_sender

    ask_and_wait(page, "hallo", "anders vragen")
    assert fake.requests[-1]["sender"] == new_state["senderId"]


def test_quick_exit_wipes_and_leaves(page, fake):
    exits = []

    def fake_google(route):
        exits.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Google</title><p>neutraal</p>")

    page.route("https://www.google.nl/**", fake_google)
    open_widget(page, fake.demo_url())
    ask_and_wait(page, "Wat is hechting?", "Hechting is de band")
    assert stored(page) is not None

    chat(page).get_by_role("button", name="Snel weg").click()
    page.wait_for_url("https://www.google.nl/")
    assert exits == ["https://www.google.nl/"]

    # Back on the association's site in the same tab: nothing left of the conversation.
    page.goto(fake.demo_url())
    assert stored(page) is None
    launcher(page).click()
    expect(user_bubbles(page)).to_have_count(0)


# ---------------------------------------------------------------------------- safety
XSS = "<img src=x onerror=alert(1)>"


def test_xss_in_user_message_is_shown_as_text(page, fake):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    open_widget(page, fake.demo_url())
    ask_and_wait(page, XSS, "anders vragen")
    expect(user_bubbles(page)).to_have_text([XSS])
    assert panel_count(page, "img, script") == 0
    assert page.dialogs == []
    assert not [u for u in requested if u.endswith("/x")]
    assert stored(page)["messages"][0]["text"] == XSS


def test_xss_in_bot_reply_is_shown_as_text(page, fake):
    open_widget(page, fake.demo_url())
    ask(page, "xss graag")
    reply = bot_bubbles(page).nth(1)
    expect(reply).to_contain_text('<img src=x onerror=alert("bot")>')
    expect(reply).to_contain_text('<script>alert("bot2")</script>')
    expect(reply).to_contain_text("<b>vet</b>")
    # A markdown link to javascript: keeps its words but loses the link.
    expect(reply).to_contain_text("klik hier")
    expect(reply.get_by_role("link")).to_have_count(0)
    expect(chat(page).get_by_role("button", name="<i>knop</i>")).to_be_visible()
    assert panel_count(page, "img, script, b, i") == 0
    assert page.dialogs == []


# ---------------------------------------------------------------------------- the host page reads nothing
# What an analytics or tag-manager script on the association's site can do: read everything the
# page itself can reach, listen to keys and to messages between windows.
HOSTILE_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Vereniging</title></head>
<body><main><h1>Vereniging</h1><p>Nieuws van de vereniging.</p></main>
<script>
  window.__heard = [];
  ['keydown', 'keyup', 'input', 'paste', 'copy'].forEach(function (type) {
    document.addEventListener(type, function (e) {
      window.__heard.push(type + ':' + (e.key || '') + ':' + ((e.target && e.target.value) || ''));
    }, true);
  });
  window.addEventListener('message', function (e) {
    window.__heard.push('message:' + JSON.stringify(e.data));
  }, true);
  window.__snoop = function () {
    var found = [document.documentElement.outerHTML, document.body.innerText, document.title,
      document.cookie, window.name, location.href, JSON.stringify(sessionStorage),
      JSON.stringify(localStorage)];
    function walk(root) {
      found.push(root.textContent || '');
      root.querySelectorAll('*').forEach(function (el) {
        Array.prototype.forEach.call(el.attributes, function (a) { found.push(a.value); });
        if (el.value) found.push(String(el.value));
        if (el.shadowRoot) walk(el.shadowRoot);
        if (el.tagName === 'IFRAME') {
          found.push('frame document: ' + (el.contentDocument === null ? 'closed' : 'OPEN'));
          try { found.push(JSON.stringify(el.contentWindow.sessionStorage)); }
          catch (e) { found.push('frame storage: ' + e.name); }
        }
      });
    }
    walk(document);
    for (var i = 0; i < window.frames.length; i++) {
      try { found.push(window.frames[i].document.body.innerText); }
      catch (e) { found.push('frames[' + i + ']: ' + e.name); }
    }
    return found.concat(window.__heard);
  };
</script>
<script src="{api}/hechtwijzer.js" data-server="{api}" defer></script></body></html>"""


def test_host_page_scripts_cannot_read_the_conversation(page, fake):
    """A crisis disclosure typed into the chat never reaches the host page: not its storage, not
    its DOM or shadow roots, not its key events or messages, not after a reload."""
    secret = "Ik ben bang dat ik mijn kind iets aandoe, hecht-7315"
    fake.pages["/vereniging.html"] = HOSTILE_PAGE.replace("{api}", fake.api_url)
    page.goto(f"{fake.web_url}/vereniging.html")
    launcher(page).click()
    expect(chat_input(page)).to_be_focused()
    page.keyboard.type(secret)
    page.keyboard.press("Enter")
    expect(bot_bubbles(page).nth(1)).to_contain_text("Hechting is de band")
    assert fake.requests[-1]["message"] == secret  # the chat did work

    seen = page.evaluate("() => window.__snoop()")
    page.reload()
    expect(user_bubbles(page)).to_have_text([secret])  # the chat still has it, in its frame
    seen += page.evaluate("() => window.__snoop()")

    everything = "\n".join(seen)
    sender = fake.requests[-1]["sender"]  # who has it can read the conversation back in the review
    for text in (secret, "hecht-7315", "Hechting is de band", sender):
        assert text not in everything, text
    # The snooping itself worked: it read the launcher in the open shadow root, found the frame
    # and was refused its document and storage.
    assert "Chat met Hechtwijzer" in everything
    assert "frame document: closed" in everything and "frame storage: SecurityError" in everything
    messages = [h for h in seen if h.startswith("message:")]
    assert messages and set(messages) <= {
        'message:{"hechtwijzer":"ready","open":false}',
        'message:{"hechtwijzer":"ready","open":true}',
    }, messages
    assert not [h for h in seen if h.startswith(("keydown", "keyup", "input"))]


# ---------------------------------------------------------------------------- failures
def test_server_error_shows_calm_message_and_retry_works(page, fake):
    open_widget(page, fake.demo_url())
    ask(page, "fout500 wat is hechting")
    expect(chat(page).get_by_text(ERROR_TEXT)).to_be_visible()
    expect(typing(page)).to_be_hidden()
    chat(page).get_by_role("button", name="Opnieuw proberen").click()
    expect(bot_bubbles(page).nth(1)).to_contain_text("Hechting is de band")
    expect(chat(page).get_by_text(ERROR_TEXT)).to_have_count(0)
    expect(user_bubbles(page)).to_have_count(1)  # the retry did not repeat the question
    assert [r["message"] for r in fake.requests] == ["fout500 wat is hechting"] * 2


def test_timeout_shows_calm_message_and_retry_works(page, fake):
    open_widget(page, fake.demo_url(timeout="1"))
    ask(page, "traag antwoord")
    expect(typing(page)).to_be_visible()
    expect(chat(page).get_by_text("Het antwoord duurt te lang. Probeer het opnieuw.")).to_be_visible()
    chat(page).get_by_role("button", name="Opnieuw proberen").click()
    expect(bot_bubbles(page).nth(1)).to_contain_text("Hechting is de band")


def test_unanswered_question_after_reload_offers_retry(page, fake):
    open_widget(page, fake.demo_url())
    ask(page, "fout500 na herladen")
    expect(chat(page).get_by_text(ERROR_TEXT)).to_be_visible()
    page.reload()
    expect(chat(page).get_by_text("Het antwoord op je laatste vraag is niet aangekomen.")).to_be_visible()
    chat(page).get_by_role("button", name="Opnieuw proberen").click()
    expect(bot_bubbles(page).nth(1)).to_contain_text("Hechting is de band")


# ---------------------------------------------------------------------------- phone, keyboard
def test_phone_panel_is_full_width_without_horizontal_scroll(phone_page, fake):
    page = phone_page
    page.goto(fake.demo_url())
    box = launcher(page).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    open_widget(page, fake.demo_url())
    ask_and_wait(page, "Wat is hechting?", "Hechting is de band")
    box = panel(page).bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 360, 740)
    for selector in [".composer", ".footer", ".header"]:
        part = chat(page).locator(selector).bounding_box()
        assert part["x"] >= 0 and part["x"] + part["width"] <= 360, selector
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    log_fits = chat(page).locator(".log").evaluate("(l) => l.scrollWidth <= l.clientWidth")
    assert log_fits


def test_keyboard_only(page, fake):
    page.goto(fake.demo_url())
    for _ in range(40):  # the widget sits at the end of the page's tab order
        page.keyboard.press("Tab")
        if deep_focus(page) == OPEN_NAME:
            break
    assert deep_focus(page) == OPEN_NAME

    page.keyboard.press("Enter")
    expect(panel(page)).to_be_visible()
    expect(chat_input(page)).to_be_focused()
    page.keyboard.type("Wat is hechting?")
    page.keyboard.press("Enter")
    expect(bot_bubbles(page).nth(1)).to_contain_text("Hechting is de band")

    # Logical order after the text field: send, then start over.
    page.keyboard.press("Tab")
    assert deep_focus(page) == "Verstuur"
    outline = (
        chat(page).get_by_role("button", name="Verstuur").evaluate("(b) => getComputedStyle(b).outlineStyle")
    )
    assert outline == "solid"  # visible focus
    page.keyboard.press("Tab")
    assert deep_focus(page) == "Nieuw gesprek"
    # Header comes first in the panel: quick exit before close.
    chat(page).get_by_role("button", name="Snel weg").focus()
    page.keyboard.press("Tab")
    assert deep_focus(page) == "Sluit chat"

    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    expect(launcher(page)).to_be_focused()
    assert deep_focus(page) == OPEN_NAME


# ---------------------------------------------------------------------------- configuration
CUSTOM_PAGE = """<!doctype html><html lang="nl"><head><title>Eigen site</title></head>
<body><main><h1>Eigen site</h1></main>
<script src="{web}/hechtwijzer.js" data-server="{api}" data-title="Ouderchat"
  data-color="#ffcc00" data-retention-days="7" data-position="left"
  data-exit-url="https://www.google.nl/weg" defer></script></body></html>"""


def test_data_attributes_configure_the_widget(page, fake):
    fake.pages["/eigen.html"] = CUSTOM_PAGE.format(web=fake.web_url, api=fake.api_url)
    page.goto(f"{fake.web_url}/eigen.html")
    button = page.get_by_role("button", name="Chat met Ouderchat")
    colours = button.evaluate("(b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]")
    # A light brand colour gets dark text, to keep contrast AA.
    assert colours == ["rgb(255, 204, 0)", "rgb(17, 17, 17)"]
    assert button.bounding_box()["x"] < 100  # data-position="left"
    button.click()
    expect(chat(page).get_by_role("dialog", name="Ouderchat")).to_be_visible()
    expect(chat(page).locator("#hw-privacy")).to_contain_text("maximaal 7 dagen")
    # The host page declares no charset; the widget's own Dutch text must still be intact.
    expect(chat_input(page)).to_have_attribute("placeholder", "Stel je vraag\u2026")
    expect(chat(page).locator(".crisis")).to_have_text(CRISIS_LINE)
    ask_and_wait(page, "Wat is hechting?", "Hechting is de band")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_axe_finds_no_serious_violations(request, fake, viewport):
    from axe_playwright_python.sync_playwright import Axe

    page = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    open_widget(page, fake.demo_url())
    ask_and_wait(page, "Wat is hechting?", "Hechting is de band")
    expect(chat(page).get_by_role("button", name="Waar vind ik hulp?")).to_be_visible()

    # The host page with the launcher and the frame, then the chat's own document: axe cannot
    # reach into a frame of another origin from the page.
    for document in (page, chat_frame(page)):
        violations = (
            Axe()
            .run(document, options={"resultTypes": ["violations"], "iframes": False})
            .response["violations"]
        )
        bad = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, "\n".join(bad)


def test_a_pasted_message_that_is_too_long_is_not_cut_silently(page, fake):
    """A worried parent pastes a long story: the widget says that only the start fits."""
    open_widget(page, fake.demo_url())
    note = chat(page).get_by_role("status").filter(has_text="te lang")
    expect(note).to_be_hidden()
    chat_input(page).focus()
    page.keyboard.insert_text("Mijn dochter slaapt slecht en is vaak boos. " * 60)  # 2,640 characters
    assert len(chat_input(page).input_value()) < 2640  # the browser cut it (maxlength)
    expect(note).to_be_visible()
    expect(note).to_contain_text("volgend bericht")
    chat_input(page).press("Enter")
    expect(note).to_be_hidden()
    chat_input(page).fill("Wat is hechting?")
    expect(note).to_be_hidden()


# ---------------------------------------------------------------------------- embedded profile
SITE_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Vereniging</title></head>
<body><h1>Vereniging</h1><script src="{bot}/hechtwijzer.js" data-server="{bot}" defer></script></body></html>"""


def test_embedded_widget_server_shows_the_chat_on_listed_sites_only(page, fake):
    """bot/widget_server.py (make run) serves the chat and passes its messages to Rasa (here the
    fake's webhook). A listed site chats; on any other site the browser refuses the frame
    (frame-ancestors), so no launcher appears and nothing is sent."""
    from bot import widget_server
    from bot.launcher import WEB_DIR

    bot = widget_server.start(WEB_DIR, "127.0.0.1", 0, fake.api_url, [fake.web_url])
    try:
        fake.pages["/site.html"] = SITE_PAGE.format(bot=f"http://127.0.0.1:{bot.server_address[1]}")
        open_widget(page, f"{fake.web_url}/site.html")
        ask_and_wait(page, "Wat is hechting?", "Hechting is de band")
        assert [r["message"] for r in fake.requests] == ["Wat is hechting?"]

        other_site = fake.web_url.replace("127.0.0.1", "localhost")  # another origin, not listed
        page.goto(f"{other_site}/site.html")
        page.wait_for_timeout(2000)  # ample time for the frame to load and say it is ready
        expect(launcher(page)).to_be_hidden()
        assert [r["message"] for r in fake.requests] == ["Wat is hechting?"]
    finally:
        bot.shutdown()
