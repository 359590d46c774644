"""Static guards on the widget source: no markup from strings, no code from strings, and only
the agreed words cross between the host page and the chat's frame."""

from __future__ import annotations

import re

from tests import ROOT

WEB = ROOT / "bot" / "web"
WIDGET = WEB / "hechtwijzer.js"  # on the association's site: the launcher and the frame
CHAT = WEB / "chat.js"  # in the frame (chat.html), from the bot's server: the conversation
SCRIPTS = [WIDGET, CHAT]

FORBIDDEN = {
    "innerHTML": r"innerHTML",
    "outerHTML": r"outerHTML",
    "insertAdjacentHTML": r"insertAdjacentHTML",
    "document.write": r"document\s*\.\s*write",
    "eval": r"\beval\b",
    "new Function": r"new\s+Function\b",
    "string setTimeout": r"setTimeout\(\s*['\"`]",
    "DOMParser": r"DOMParser",
    "createContextualFragment": r"createContextualFragment",
}


def test_widget_builds_dom_without_html_strings():
    for script in SCRIPTS:
        source = script.read_text(encoding="utf-8")
        found = [name for name, pattern in FORBIDDEN.items() if re.search(pattern, source)]
        assert not found, f"forbidden in {script.name}: {found}"


def _code_only(source: str) -> str:
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))


def test_widget_loads_nothing_from_elsewhere():
    for script in SCRIPTS:
        source = _code_only(script.read_text(encoding="utf-8"))
        urls = set(re.findall(r"https?://[^\s'\"`)]+", source))
        # Only the SVG namespace and the default quick-exit page; the bot's address comes from data-server.
        assert urls <= {"http://www.w3.org/2000/svg", "https://www.google.nl/"}, (script.name, urls)
        assert "import(" not in source
    # The chat's page loads its own script and style only, and its policy says so.
    page = (WEB / "chat.html").read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == ["chat.css", "chat.js"]
    policy = re.search(r'http-equiv="Content-Security-Policy"\s+content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "unsafe" not in policy


def test_only_agreed_words_cross_between_page_and_chat():
    """postMessage carries a fixed word (and open: true/false), never a variable's text."""
    calls = {
        script.name: re.findall(r"postMessage\(([^;]*)\);", _code_only(script.read_text(encoding="utf-8")))
        for script in SCRIPTS
    }
    assert calls == {
        "hechtwijzer.js": ["{ hechtwijzer: 'open' }, chatOrigin"],
        "chat.js": ["message, config.hostOrigin || '*'"],
    }, calls
    chat = _code_only(CHAT.read_text(encoding="utf-8"))
    body = chat.split("function tellHost(kind, open) {")[1].split("\n  }")[0]
    assert "var message = { hechtwijzer: kind };" in body and "message.open = open === true;" in body
    assert set(re.findall(r"tellHost\(([^)]*)\)", chat)) == {
        "kind, open",
        "'close'",
        "'exit'",
        "'ready', state.open",
    }


def test_link_colour_check_uses_the_bubble_colour_of_the_chat():
    """hechtwijzer.js picks the link colour for contrast on the bot's bubble, which chat.css paints."""
    bubble = re.search(r"var BOT_BUBBLE = '(#[0-9a-f]{6})'", WIDGET.read_text(encoding="utf-8")).group(1)
    css = (WEB / "chat.css").read_text(encoding="utf-8")
    assert re.search(r"\.msg-bot \.bubble\{background:" + bubble + ";", css)


def test_demo_page_embeds_the_one_line_snippet():
    html = (WEB / "demo.html").read_text(encoding="utf-8")
    tag = re.search(r"<script[^>]*src=\"hechtwijzer\.js\"[^>]*>", html, re.S)
    assert tag, "demo.html must load hechtwijzer.js"
    assert 'data-server="http://127.0.0.1:8080"' in tag.group(0)  # the launcher's web server
    assert " defer" in tag.group(0)
    assert '<html lang="nl">' in html


def test_widget_source_is_ascii():
    # Host pages without a UTF-8 charset would garble non-ASCII text in the script; chat.js
    # keeps the same rule (nginx sends .js without a charset).
    for script in SCRIPTS:
        script.read_bytes().decode("ascii")


def test_widget_crisis_numbers_are_the_ones_in_help_resources():
    """The always-visible crisis line is the one place outside content/ with numbers: keep them equal."""
    import re

    from bot.content import help_resources

    numbers = set(re.findall(r"tel:([0-9-]+)", CHAT.read_text(encoding="utf-8")))
    known = {r.get(f) for r in help_resources().values() for f in ("phone", "phone_free")}
    assert numbers and numbers <= known
