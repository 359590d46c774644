"""The README is the newcomer's map: every path and `make` target it names must exist, and it
stays short enough to read in minutes (issue #13).

Paths are taken from link targets and from code, inline (`...`) and fenced, word by word, so
the paths inside a command count too. A word counts as a repository path when it has no "=" and
either contains a "/" and starts with an entry of the repository root (`bot/nlp/`,
`data/kennis/*.yml`), or is a bare file name with an extension or a dot file (`config.yml`,
`.python-version`). Intent and response names such as `kennis/<sleutel>` start with no root
entry and are left alone; so are paths outside the repository (`../shared/...`), URLs and
absolute paths. Generated folders (`models/`, `var/`) count when `.gitignore` names them.
"""

from __future__ import annotations

import re
import subprocess
from typing import List, Set

import pytest

from tests import ROOT

README = ROOT / "README.md"
MAX_LINES = 250
EXTENSIONS = {
    "yml",
    "yaml",
    "py",
    "md",
    "sh",
    "js",
    "html",
    "css",
    "txt",
    "json",
    "ini",
    "png",
    "toml",
    "cfg",
    "service",
    "timer",
    "template",
    "env",
}
SKIPPED_DIRS = {".git", ".venv", "__pycache__", "node_modules"}


def _text() -> str:
    return README.read_text(encoding="utf-8")


def _code_words(text: str) -> List[str]:
    """Every word of inline code, of fenced blocks (the message-flow sketch names files too) and
    every link target, without the punctuation around it."""
    blocks = re.findall(r"^[ \t]*```[^\n]*\n(.*?)^[ \t]*```", text, flags=re.S | re.M)
    rest = re.sub(r"^[ \t]*```.*?^[ \t]*```", "", text, flags=re.S | re.M)
    links = re.findall(r"\]\(([^)\s#]+)", rest)  # [text](docs/measurements.md)
    spans = blocks + links + re.findall(r"`([^`]+)`", rest)
    return [w.strip("()[]{},;:'\"") for span in spans for w in span.split()]


def _ignored() -> Set[str]:
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return {l.strip().strip("/") for l in lines if l.strip() and not l.startswith("#")}


def _is_path(token: str) -> bool:
    if " " in token or "=" in token or token.startswith(("/", "../", "http:", "https:", "<")):
        return False
    first = token.split("/")[0]
    if "/" in token:
        return bool(first) and ((ROOT / first).exists() or first in _ignored())
    if re.fullmatch(r"\.[\w-]+(\.[\w-]+)*", token):
        return True  # a dot file such as .python-version
    return bool(re.fullmatch(r"[\w.-]+\.(\w+)", token)) and token.rsplit(".", 1)[1] in EXTENSIONS


def _exists(token: str) -> bool:
    if token.split("/")[0] in _ignored():
        return True  # generated (models/, var/, .cache/): named in .gitignore, not in a clone
    if any(c in token for c in "*?["):
        return any(ROOT.glob(token))
    if "/" in token:
        return (ROOT / token).exists()
    # a bare file name ("sentence_featurizer.py" in the row about bot/nlp/): at the root or
    # anywhere in the repository
    return (ROOT / token).exists() or any(
        not SKIPPED_DIRS & set(p.relative_to(ROOT).parts) for p in ROOT.rglob(token)
    )


def _make_targets() -> Set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", makefile, flags=re.M))


def test_the_readme_fits_in_a_head():
    lines = len(_text().splitlines())
    assert lines <= MAX_LINES, f"README.md has {lines} lines (at most {MAX_LINES})"


def test_every_path_the_readme_names_exists():
    paths = [w for w in _code_words(_text()) if _is_path(w)]
    assert len(paths) > 20, "the path detection found almost nothing: is the pattern broken?"
    missing = sorted({t for t in paths if not _exists(t)})
    assert not missing, f"README.md names paths that do not exist: {missing}"


def test_every_make_target_the_readme_names_is_in_the_makefile():
    named = set(re.findall(r"\bmake ([a-z][\w-]*)", _text()))
    assert {"run", "test"} <= named, "the two commands are missing from the README"
    unknown = sorted(named - _make_targets())
    assert not unknown, f"README.md names make targets the Makefile lacks: {unknown}"


def test_make_help_lists_every_target_with_what_it_does():
    """`make help` is built from the `## target: ...` comments; a target without one would be
    missing from it."""
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    listed = dict(re.findall(r"^  make ([\w-]+) +(\S.*)$", out.stdout, flags=re.M))
    assert set(listed) == _make_targets()
    assert "ruff" in listed["check"] and "install" in listed["run"]


def test_the_readme_shows_the_review_loop_and_its_report():
    """Issue 14: a short section on improving with real questions, with the report as Chromium
    renders it (tests/browser/test_review_feedback_widget.py makes the picture)."""
    text = _text()
    section = text[text.index("## Verbeteren met echte vragen") :].split("\n## ", 1)[0]
    assert "](docs/img/review.png)" in section
    for step in ("make review", "suggestions.yml", "make train", "make cross-validate"):
        assert step in section, step


@pytest.mark.parametrize(
    "token, is_path",
    [
        ("bot/nlp/", True),
        ("data/kennis/*.yml", True),
        ("config.yml", True),
        ("models/", True),
        ("kennis/<sleutel>", False),
        ("utter_kennis/<sleutel>", False),
        ("../shared/tools/verbatim_check.py", False),
        ("/webhooks/rest/webhook", False),
        ("PYTHON=/pad/naar/python3.10", False),
        ("https://www.google.nl/", False),
        (".python-version", True),
        ("[install", False),
        ("1/3]", False),
        (".", False),
    ],
)
def test_what_counts_as_a_path(token, is_path):
    assert _is_path(token) is is_path


def test_a_missing_path_is_caught():
    assert not _exists("bot/nlp/no_such_module.py")
    assert not _exists("no_such_file.yml")
    assert not _exists("data/kennis/*.no_such_ext")
