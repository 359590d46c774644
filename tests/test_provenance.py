"""Every knowledge answer, tip and term says which passages of the article it rests on and whose
words they are, and the user sees the right name under it.

content/provenance/<name>.yml holds, for every response in data/kennis/<name>.yml:

    utter_kennis/fundering:
      speaker: thoomes        # esther | dekker | de_jong | thoomes | redactie
      anchors:                # short quotes (3-8 words) from the article the text rests on
      - "stevige fundering nodig"

`redactie` is general guidance by Hechtwijzer: never shown under an interviewee's name.
An interviewee's entry needs at least one anchor; a `redactie` entry may have none. Anchors that
follow each other in the article must not follow each other in the entry either: the own-words check
(verbatim_check.py) reads the file as one text, so together they would copy 9+ words.
`problems(response, entry)` is the checker; `python -m tests.test_provenance` lists every problem.
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from tests import ROOT

KENNIS = ROOT / "data" / "kennis"
PROVENANCE = ROOT / "content" / "provenance"
ARTICLE_NAME = "hechtingsproblematiek-thema.txt"
SPEAKERS = ("esther", "dekker", "de_jong", "thoomes", "redactie")
MIN_ANCHOR_WORDS, MAX_ANCHOR_WORDS = 3, 8  # 9+ copied words would break the own-words rule
COPIED_RUN = MAX_ANCHOR_WORDS + 1

# The article runs as four pieces in this order. Each marker is the first words of a stretch; a
# stretch lasts until the next marker. A piece's own text (lede, narration, pull quotes, bio) belongs
# to its interviewee; the history opening and the two boxes beside Dekker's interview belong to no
# interviewee ("redactie"). The box on Thoomes' therapies describes her own methods, so it is hers.
PARTS = [
    ("toen esther zwanger raakte", "esther"),  # Esther's story, her intro and blog box
    ("in de jaren vijftig en zestig formuleerde", "redactie"),  # Bowlby's theory: history, no one's words
    ("francien dekker werkt als", "dekker"),  # Dekker's interview
    ("veilig of onveilig gehecht? veilig of", "redactie"),  # boxes: NJI signal list, Ainsworth's styles
    ("verwerken dan ouders die zelf problemen", "dekker"),  # Dekker's interview goes on
    ("hoe herken je als leraar of een kind", "de_jong"),  # De Jong's interview
    ('thoomes: "een huis heeft een stevige', "thoomes"),  # Thoomes' interview
]

# The names that say whose words a text without a source line (tips, terms) carries.
NAMED = {
    "esther": r"\besther\b",
    "dekker": r"\bdekker\b",
    "de_jong": r"\b(de jong|willem)\b",
    "thoomes": r"\bthoomes\b",
}


def normalise(text: str) -> str:
    """Lower case, typographic quotes unified, words hyphenated at a line end joined, one space."""
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"([^\W\d_])-\n\s*([^\W\d_])", r"\1\2", text)  # "wegge-\nrend"; not "emotie- en"
    return re.sub(r"\s+", " ", text).strip().lower()


def article_path() -> Path:
    candidates = [Path(os.environ["HECHTWIJZER_ARTICLE"])] if os.environ.get("HECHTWIJZER_ARTICLE") else []
    candidates += [up / "shared" / "source" / ARTICLE_NAME for up in (ROOT.parent, ROOT.parent.parent)]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"{ARTICLE_NAME} not found (set HECHTWIJZER_ARTICLE): {candidates}")


@lru_cache(maxsize=None)
def article() -> str:
    return normalise(article_path().read_text(encoding="utf-8"))


def _article_missing() -> str:
    try:
        article_path()
        return ""
    except FileNotFoundError:
        return f"{ARTICLE_NAME} is neither in ../shared/source nor in HECHTWIJZER_ARTICLE (a clone outside the workspace)"


# The checks that read the article are skipped, with the reason, where it is not beside the repo.
needs_article = pytest.mark.skipif(bool(_article_missing()), reason=_article_missing() or "present")


@lru_cache(maxsize=None)
def part_starts() -> list[tuple[int, str]]:
    """(offset, speaker) for each marker of PARTS; each must occur once, in this order."""
    text, starts = article(), []
    for marker, speaker in PARTS:
        assert text.count(marker) == 1, f"part marker {marker!r} must occur exactly once in the article"
        starts.append((text.index(marker), speaker))
    assert [o for o, _ in starts] == sorted(o for o, _ in starts), "part markers out of order"
    return starts


@lru_cache(maxsize=None)
def article_runs() -> frozenset:
    """Every run of COPIED_RUN words of the article, as verbatim_check.py counts words."""
    tokens = words(article())
    return frozenset(tuple(tokens[i : i + COPIED_RUN]) for i in range(len(tokens) - COPIED_RUN + 1))


def words(text: str) -> list[str]:
    return re.findall(r"[0-9a-zà-ÿ]+", normalise(text))


def speaker_at(offset: int) -> str:
    return [speaker for start, speaker in part_starts() if start <= offset][-1]


def anchor_speakers(anchor: str) -> set[str]:
    """Speakers of every place the anchor occurs as whole words (empty: not in the article)."""
    pattern = re.compile(rf"(?<!\w){re.escape(normalise(anchor))}(?!\w)")
    return {speaker_at(m.start()) for m in pattern.finditer(article())}


@lru_cache(maxsize=None)
def topic_map() -> dict:
    return yaml.safe_load((ROOT / "content" / "topic_map.yml").read_text(encoding="utf-8"))


def shown_source(response: str) -> str | None:
    """Source key printed under the response: actions/knowledge.py `say_answer` names the source of
    the answer key for utter_kennis/X and utter_meer_X, and a text for a young person (utter_jongere_X)
    carries the source of its `young_people` entry; tips and terms are shown without one."""
    young = re.fullmatch(r"utter_(jongere_\w+)", response)
    if young:
        return (topic_map().get("young_people") or {}).get(young.group(1), {}).get("source")
    match = re.fullmatch(r"utter_kennis/(\w+)|utter_meer_(\w+)", response)
    if not match:
        return None
    key = match.group(1) or match.group(2)
    return topic_map()["answers"].get(key, {}).get("source")


def problems(response: str, entry: dict | None, text: str = "") -> list[str]:
    """What is wrong with one provenance entry of a response (empty list: nothing)."""
    if not entry:
        return [f"{response}: no provenance entry"]
    speaker, anchors = entry.get("speaker"), entry.get("anchors") or []
    if speaker not in SPEAKERS:
        return [f"{response}: unknown speaker {speaker!r}"]
    found = []
    if speaker != "redactie" and not anchors:
        found.append(f"{response}: an interviewee's answer needs at least one anchor")
    for anchor in anchors:
        count = len(anchor.split())
        if not MIN_ANCHOR_WORDS <= count <= MAX_ANCHOR_WORDS:
            found.append(f"{response}: anchor {anchor!r} has {count} words")
        where = anchor_speakers(anchor)
        if not where:
            found.append(f"{response}: anchor {anchor!r} is not in the article")
        elif where != {speaker}:
            found.append(f"{response}: anchor {anchor!r} is {'/'.join(sorted(where))}'s, not {speaker}'s")
    tokens = [w for anchor in anchors for w in words(anchor)]
    if any(tuple(tokens[i : i + COPIED_RUN]) in article_runs() for i in range(len(tokens) - COPIED_RUN + 1)):
        found.append(
            f"{response}: anchors that follow each other in the article copy {COPIED_RUN}+ words; reorder them"
        )
    source = shown_source(response)
    if source is not None and source != speaker:
        found.append(f"{response}: shown as {source!r} but the words are {speaker}'s")
    if source is None:  # no source line: a name in the text is what says whose words they are
        named = {who for who, pattern in NAMED.items() if re.search(pattern, text.lower())}
        if named - {speaker}:
            found.append(f"{response}: names {sorted(named)} but the words are {speaker}'s")
    return found


@lru_cache(maxsize=None)
def kennis_responses(name: str) -> dict[str, str]:
    doc = yaml.safe_load((KENNIS / f"{name}.yml").read_text(encoding="utf-8")) or {}
    return {response: variants[0]["text"] for response, variants in (doc.get("responses") or {}).items()}


@lru_cache(maxsize=None)
def provenance(name: str) -> dict:
    path = PROVENANCE / f"{name}.yml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.is_file() else {}


KENNIS_FILES = sorted(path.stem for path in KENNIS.glob("*.yml"))
RESPONSES = [(name, response) for name in KENNIS_FILES for response in kennis_responses(name)]


# ------------------------------------------------------------------ the content
@needs_article
@pytest.mark.parametrize("name,response", RESPONSES, ids=[f"{n}:{r}" for n, r in RESPONSES])
def test_response_rests_on_the_article_and_names_its_speaker(name, response):
    entry = provenance(name).get(response)
    assert not problems(response, entry, kennis_responses(name)[response])


@pytest.mark.parametrize("name", KENNIS_FILES)
def test_provenance_has_no_entries_for_unknown_responses(name):
    stale = set(provenance(name)) - set(kennis_responses(name))
    assert not stale, f"content/provenance/{name}.yml describes responses that do not exist: {sorted(stale)}"


def test_every_provenance_file_belongs_to_a_kennis_file():
    assert {p.stem for p in PROVENANCE.glob("*.yml")} <= set(KENNIS_FILES)


# ------------------------------------------------------------------ the checker itself
@needs_article
def test_parts_follow_the_pieces_of_the_article():
    assert speaker_at(article().index("nu weet ik dat al die stresshormonen")) == "esther"
    assert speaker_at(article().index("onveilig gedesoriënteerd gehecht")) == "redactie"
    assert speaker_at(article().index("blijf dan zelf rustig")) == "dekker"
    assert speaker_at(article().index("connectie in plaats van correctie")) == "de_jong"
    assert speaker_at(article().index("zeg nooit 'nooit'")) == "thoomes"


def test_normalise_joins_line_end_hyphenation_but_keeps_a_real_hyphen():
    assert normalise("al gillend wegge-\nrend") == "al gillend weggerend"
    assert (
        normalise("een heel slechte emotie- \nen stressregulatie")
        == "een heel slechte emotie- en stressregulatie"
    )
    assert normalise("\u2018Stel je  niet aan\u2019") == "'stel je niet aan'"


@needs_article
def test_checker_accepts_a_true_entry():
    entry = {"speaker": "thoomes", "anchors": ["zeg nooit 'nooit'", "snakken namelijk naar nabijheid"]}
    assert problems("utter_kennis/hoop", entry) == []


@needs_article
def test_checker_rejects_an_anchor_that_is_not_in_the_article():
    entry = {"speaker": "thoomes", "anchors": ["een kind van acht kan herstellen"]}
    assert any("not in the article" in p for p in problems("utter_kennis/fundering", entry))


@needs_article
def test_checker_rejects_a_wrong_speaker():
    entry = {"speaker": "esther", "anchors": ["vijfenzeventig procent van de gevallen"]}  # Dekker's figure
    found = problems("utter_tip_ouder_1", entry)
    assert any("dekker's, not esther's" in p for p in found)


@needs_article
def test_checker_rejects_a_source_line_of_another_speaker():
    entry = {"speaker": "de_jong", "anchors": ["connectie in plaats van correctie"]}
    assert any("shown as 'thoomes'" in p for p in problems("utter_meer_fundering", entry))


@needs_article
def test_checker_rejects_a_young_person_text_under_another_speaker():
    entry = {"speaker": "thoomes", "anchors": ["zeg nooit 'nooit'"]}  # jongere_hechting is Dekker's
    assert any("shown as 'dekker'" in p for p in problems("utter_jongere_hechting", entry))


@needs_article
def test_checker_rejects_general_guidance_under_an_interviewee():
    assert any(
        "shown as 'dekker'" in p for p in problems("utter_kennis/tips_ouders", {"speaker": "redactie"})
    )


@needs_article
def test_checker_rejects_a_name_that_is_not_the_speaker_in_a_text_without_source():
    entry = {"speaker": "dekker", "anchors": ["blijf dan zelf rustig"]}
    assert any("names" in p for p in problems("utter_tip_ouder_1", entry, "Esther bleef kalm."))


@needs_article
def test_checker_rejects_anchors_that_together_copy_a_sentence():
    first = "ik heb heel veel vertrouwen"  # in the article these two follow each other
    entry = {"speaker": "thoomes", "anchors": [first, "en zeg nooit 'nooit'"]}
    assert any("reorder" in p for p in problems("utter_kennis/hoop", entry))
    entry["anchors"].reverse()
    assert problems("utter_kennis/hoop", entry) == []


@needs_article
def test_checker_rejects_missing_entries_and_long_anchors():
    assert problems("utter_kennis/hoop", None) == ["utter_kennis/hoop: no provenance entry"]
    long = {"speaker": "thoomes", "anchors": ["een twee drie vier vijf zes zeven acht negen"]}
    assert any("has 9 words" in p for p in problems("utter_kennis/hoop", long))


if __name__ == "__main__":
    failures = [
        p
        for name, response in RESPONSES
        for p in problems(response, provenance(name).get(response), kennis_responses(name)[response])
    ]
    print("\n".join(failures) or "provenance: every response rests on the article")
    sys.exit(1 if failures else 0)
