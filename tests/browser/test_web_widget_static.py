"""Static guards on the widget source: no markup from strings, no code from strings."""

from __future__ import annotations

import re

from tests import ROOT

WEB = ROOT / "bot" / "web"
WIDGET = WEB / "hechtwijzer.js"

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
    source = WIDGET.read_text(encoding="utf-8")
    found = [name for name, pattern in FORBIDDEN.items() if re.search(pattern, source)]
    assert not found, f"forbidden in hechtwijzer.js: {found}"


def _code_only(source: str) -> str:
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))


def test_widget_loads_nothing_from_elsewhere():
    source = _code_only(WIDGET.read_text(encoding="utf-8"))
    urls = set(re.findall(r"https?://[^\s'\"`)]+", source))
    # Only the SVG namespace and the default quick-exit page; the bot's address comes from data-server.
    assert urls <= {"http://www.w3.org/2000/svg", "https://www.google.nl/"}, urls
    assert "import(" not in source


def test_demo_page_embeds_the_one_line_snippet():
    html = (WEB / "demo.html").read_text(encoding="utf-8")
    tag = re.search(r"<script[^>]*src=\"hechtwijzer\.js\"[^>]*>", html, re.S)
    assert tag, "demo.html must load hechtwijzer.js"
    assert 'data-server="http://localhost:5005"' in tag.group(0)
    assert " defer" in tag.group(0)
    assert '<html lang="nl">' in html


def test_widget_source_is_ascii():
    # Host pages without a UTF-8 charset would garble non-ASCII text in the script.
    WIDGET.read_bytes().decode("ascii")


def test_widget_crisis_numbers_are_the_ones_in_help_resources():
    """The always-visible crisis line is the one place outside content/ with numbers: keep them equal."""
    import re

    from bot.content import help_resources

    numbers = set(re.findall(r"tel:([0-9-]+)", (WEB / "hechtwijzer.js").read_text(encoding="utf-8")))
    known = {r.get(f) for r in help_resources().values() for f in ("phone", "phone_free")}
    assert numbers and numbers <= known
