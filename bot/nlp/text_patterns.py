"""The one text normaliser and the one pattern compiler for every fixed pattern list.

Crisis (content/crisis_patterns.yml), verdict requests (content/verdict_request_patterns.yml),
crisis denials (content/crisis_denials.yml) and forbidden diagnostic phrasings
(content/forbidden_diagnosis.yml) are all written for the text this module makes, so a
pattern means the same thing wherever it is used. No Rasa imports: the action server and
the REST channel's fallback use it too.

Normalised text: HTML entities decoded, real HTML tags removed (emoticons such as "<3" and
a lone "<" or ">" stay text), accents stripped, lowercase, apostrophes dropped, every other
sign a space, split into sentences at . ! ? ; : and new lines, repeated letters collapsed
("doooood" -> "dod"). compile_pattern() applies the same collapse to the regex.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any, Dict, List, Optional, Pattern

MAX_CHARS = 20_000  # longer messages are cut (the widget allows far less)

# Only known HTML element names: "<ik wil dood>" or "<3 ... >.<" must stay text.
_HTML_ELEMENTS = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|big|blockquote|body|br|button|"
    "canvas|caption|center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|"
    "dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|"
    "iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|marquee|meta|meter|nav|"
    "noscript|object|ol|optgroup|option|output|p|param|picture|pre|progress|q|rp|rt|ruby|s|"
    "samp|script|section|select|small|source|span|strike|strong|style|sub|summary|sup|svg|"
    "table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr"
)
_TAG = re.compile(rf"</?(?:{_HTML_ELEMENTS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
# Comment markers go, their content stays: a comment must not hide what someone wrote.
_COMMENT_MARK = re.compile(r"<!--|-->")
_APOSTROPHE = re.compile(r"['’‘`´]")
_SENTENCE_END = re.compile(r"[.!?;:\n\r]+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_REPEAT = re.compile(r"([a-z])\1+")
_SPACES = re.compile(r" +")
# Collapsing repeated letters catches "dooood" and "zelfmord", but turns a few harmless words
# into crisis words; they are swapped for a word of the same meaning first.
_COLLAPSE_COLLISIONS = {"veerkracht": "weerbaarheid"}
_REGEX_REPEAT = re.compile(r"(?<!\\)([a-z])\1+")
_MACRO = re.compile(r"\{([a-z_]+)\}")


# A script or style element's content is code, not what someone wrote to us.
_CODE_ELEMENT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def without_code(text: str) -> str:
    """The message without the content of script and style elements."""
    return _CODE_ELEMENT.sub(" ", text)


def markup_only(text: str) -> bool:
    """Whether a message is HTML markup or code and nothing else ("<script>alert(1)</script>");
    "<3", "<ik wil dood>" and an emoji alone are no markup."""
    visible = strip_tags(without_code(text))
    return visible.strip() != html.unescape(text).strip() and not re.search(r"[^\W_]", visible)


def strip_tags(text: str) -> str:
    """Entities decoded, real HTML tags and comment markers replaced by a space."""
    text = html.unescape(text)
    return _TAG.sub(" ", _COMMENT_MARK.sub(" ", text))


def strip_accents(text: str) -> str:
    """'gedesoriënteerd' -> 'gedesorienteerd' (also used by the NLU classifier)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_sentences(text: Any) -> List[str]:
    """Message text -> list of normalised sentences (see the module docstring)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = strip_tags(text[:MAX_CHARS])
    text = strip_accents(text).lower()
    for word, same_meaning in _COLLAPSE_COLLISIONS.items():
        text = text.replace(word, same_meaning)
    text = _APOSTROPHE.sub("", text)
    sentences = []
    for part in _SENTENCE_END.split(text):
        part = _NOT_WORD.sub(" ", part)
        part = _REPEAT.sub(r"\1", part).strip()
        part = _SPACES.sub(" ", part)
        if part:
            sentences.append(part)
    return sentences


def as_typed(text: Any) -> str:
    """The text as typed, only NFKC and lowercase: for words in scripts normalise() drops
    (Arabic, Cyrillic)."""
    return unicodedata.normalize("NFKC", str(text or "")).lower()


def normalise(text: Any) -> str:
    """The whole text as one normalised line (sentences joined with ' . ')."""
    return " . ".join(normalise_sentences(text))


def _expand(regex: str, defs: Dict[str, str]) -> str:
    for _ in range(5):  # macros may use other macros
        new = _MACRO.sub(lambda m: defs.get(m.group(1), m.group(0)), regex)
        if new == regex:
            break
        regex = new
    return _REGEX_REPEAT.sub(r"\1", regex)


def compile_pattern(
    regex: Optional[str], defs: Optional[Dict[str, str]] = None, where: str = "pattern"
) -> Optional[Pattern]:
    """Expand {macros}, collapse repeated letters as in normalised text, compile.

    A broken regex raises ValueError naming `where`, so it shows up in the tests."""
    if not regex:
        return None
    try:
        return re.compile(_expand(regex, defs or {}))
    except re.error as exc:
        raise ValueError(f"bad regex in {where}: {exc}") from exc


# Keyboard rows: a word with four keys in a row on them ("asdf", "qwer", "hjkl") is typed for
# testing, not Dutch; three keys only where no Dutch word has them ("jkl", "xcv").
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_MASH = frozenset(
    {row[i : i + 4] for row in _ROWS for i in range(len(row) - 3)}
    | {row[::-1][i : i + 4] for row in _ROWS for i in range(len(row) - 3)}
    | {"jkl", "hjk", "sdf", "dfg", "fgh", "ghj", "zxc", "xcv", "cvb", "vbn", "bnm"}
)
_FILLER = re.compile(r"^(bla)+$|^(test)+$")


def keyboard_mash(text: Any) -> bool:
    """Only keys hit in a row, "bla" or "test" (with digits at most): "asdfjkl qwerty 123 blabla"
    (played round 19: a board member testing the widget got the alarm number)."""
    words = re.findall(r"[a-z]+", normalise(text))
    if not words:
        return False
    mashed = [w for w in words if any(gram in w for gram in _MASH)]
    # a lone letter beside them is no word either (the widget in session 28: "asdf ;;; <b>x</b> 💥")
    return bool(mashed) and all(w in mashed or _FILLER.match(w) or len(w) == 1 for w in words)
