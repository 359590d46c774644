"""Never a diagnosis, and numbers only from content/help_resources.yml.

Checks every response text in domain.yml and data/**/*.yml (responses sections) AND the
replies the safety actions can produce (fake trackers, several clock times) against the
forbidden diagnostic phrasings in content/forbidden_diagnosis.yml (compiled and matched like
every pattern list: bot/nlp/text_patterns.py). Also: responses use
placeholders for phone numbers, and rendering them with placeholders() fills every {…}.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Tuple

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import safety
from bot import help_lines
from bot.content import help_resources, load
from bot.help_lines import AMSTERDAM
from bot.nlp.crisis_patterns import analyse
from bot.nlp.text_patterns import compile_pattern, normalise
from tests import ROOT

CLOCKS = [
    datetime(2026, 11, 25, 10, 0, tzinfo=AMSTERDAM),  # weekday morning
    datetime(2026, 11, 25, 15, 0, tzinfo=AMSTERDAM),  # weekday afternoon, Kindertelefoon open
    datetime(2026, 11, 25, 22, 0, tzinfo=AMSTERDAM),  # weekday evening
    datetime(2026, 11, 28, 14, 0, tzinfo=AMSTERDAM),  # Saturday afternoon
    datetime(2026, 11, 29, 3, 0, tzinfo=AMSTERDAM),  # Sunday night
]


def forbidden() -> List[Tuple[str, re.Pattern]]:
    spec = load("forbidden_diagnosis")
    defs = {"subjects": f"(?:{spec['subjects']})", "labels": f"(?:{spec['labels']})"}
    return [
        (p["id"], compile_pattern(p["regex"], defs, f"forbidden_diagnosis.yml {p['id']}"))
        for p in spec["patterns"]
    ]


def response_texts() -> Dict[str, List[str]]:
    """name -> texts (text + button titles) from domain.yml and data/**/*.yml."""
    files = [ROOT / "domain.yml"] + sorted((ROOT / "data").rglob("*.yml"))
    out: Dict[str, List[str]] = {}
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variants in (doc.get("responses") or {}).items():
            for variant in variants or []:
                texts = [variant.get("text") or ""]
                texts += [b.get("title") or "" for b in variant.get("buttons") or []]
                out.setdefault(f"{path.relative_to(ROOT)}:{name}", []).extend(t for t in texts if t)
    return out


def _tracker(text, intent, guard=None, slots=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    if guard:
        latest["crisis_guard"] = guard
    return Tracker("t", slots or {}, latest, [], False, None, {}, "action_listen")


def _run(action, trk) -> List[str]:
    d = CollectingDispatcher()
    action.run(d, trk, {})
    return [m.get("text") or "" for m in d.messages]


def _nlu_examples(path: Path, intent: str) -> List[str]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for block in doc["nlu"]:
        if block.get("intent") == intent:
            return [l.strip()[2:] for l in block["examples"].splitlines() if l.strip().startswith("- ")]
    return []


def action_texts(monkeypatch) -> List[Tuple[str, str]]:
    crisis_data = yaml.safe_load((ROOT / "tests/data/crisis_messages.yml").read_text(encoding="utf-8"))
    diag = _nlu_examples(ROOT / "data/nlu/diagnose.yml", "diagnose_vraag")
    diag += _nlu_examples(ROOT / "tests/nlu/diagnose.yml", "diagnose_vraag")
    out = []
    for now in CLOCKS:
        monkeypatch.setattr(help_lines, "now_amsterdam", lambda now=now: now)
        for case in crisis_data["crisis"][::3]:
            f = analyse(case["text"])
            trk = _tracker(case["text"], f"crisis_{f.kind}", f.as_dict())
            out += [("action_crisis", t) for t in _run(safety.ActionCrisis(), trk)]
        for text in ("mijn dochter krast, hoe reageer ik?", "mag ik haar vragen of ze aan zelfmoord denkt?"):
            f = analyse(text)
            trk = _tracker(text, f"crisis_{f.kind}", f.as_dict())
            out += [("action_crisis", t) for t in _run(safety.ActionCrisis(), trk)]
        for kind in ("suicide", "geweld", "seksueel", "acuut", "kind"):
            slots = {"crisis_soort": kind, "crisis_nazorg": True}
            out += [
                ("herinnering na ontkenning", t)
                for t in _run(
                    safety.ActionCrisisHerinnering(), _tracker("ik ben niet suicidaal", "deny", slots=slots)
                )
            ]
            out += [
                ("herinnering", t)
                for t in _run(safety.ActionCrisisHerinnering(), _tracker("nee", "deny", slots=slots))
            ]
            d = CollectingDispatcher()
            safety.offer_help_again(d, _tracker("wat is hechting", "kennis", slots=slots), lambda: [])
            out += [("offer_help_again", m["text"]) for m in d.messages]
        for text in diag:
            out += [
                ("action_geen_diagnose", t)
                for t in _run(safety.ActionGeenDiagnose(), _tracker(text, "diagnose_vraag"))
            ]
        out += [
            ("action_medisch", t)
            for t in _run(safety.ActionMedisch(), _tracker("ritalin?", "medische_vraag"))
        ]
        out += [
            ("action_juridisch", t)
            for t in _run(safety.ActionJuridisch(), _tracker("gezag?", "juridische_vraag"))
        ]
    return out


def test_forbidden_patterns_catch_what_they_should():
    bad = [
        "Je zoon heeft een hechtingsstoornis.",
        "Uw dochter is onveilig gehecht.",
        "Dat klinkt als RAD.",
        "Waarschijnlijk een hechtingsprobleem.",
        "Ik denk van wel.",
        "Het is zeker ADHD.",
        "Er is sprake van een hechtingsstoornis.",
        "Mijn diagnose: RAD.",
        "Hij heeft RAD.",
        "Jullie pleegzoon heeft waarschijnlijk RAD.",
        "Je bent onveilig gehecht.",
        "ik denk dat hij RAD heeft",
        "Het antwoord is ja.",
    ]
    ok = [
        "Niet elk druk kind heeft een hechtingsstoornis.",
        "Of het om een hechtingsprobleem gaat, dat kan ik niet beoordelen.",
        "Een diagnose stelt alleen een professional, na onderzoek.",
    ]
    pats = forbidden()
    for text in bad:
        assert any(p.search(normalise(text)) for _, p in pats), text
    for text in ok:
        assert not any(p.search(normalise(text)) for _, p in pats), text


def test_no_response_diagnoses():
    pats = forbidden()
    hits = [
        (name, pid, t)
        for name, texts in response_texts().items()
        for t in texts
        for pid, p in pats
        if p.search(normalise(t))
    ]
    assert not hits, hits


def test_no_action_reply_diagnoses(monkeypatch):
    pats = forbidden()
    texts = action_texts(monkeypatch)
    assert len(texts) > 200
    hits = [(src, pid, t) for src, t in texts for pid, p in pats if p.search(normalise(t))]
    assert not hits, hits


def test_action_replies_are_plain_text(monkeypatch):
    for src, text in action_texts(monkeypatch):
        assert text.strip(), src
        assert not re.search(r"[*_#<>`]|\[.*\]\(|\{|\}", text), (src, text)


def _phone_regex() -> re.Pattern:
    numbers = set()
    for res in help_resources().values():
        for key in ("phone", "phone_free"):
            if res.get(key):
                numbers.add(res[key])
    alts = []
    for n in sorted(numbers, key=len, reverse=True):
        digits = re.sub(r"\D", "", n)
        alts.append(r"[-\s.]?".join(digits))
    return re.compile(r"(?<![\w{])(" + "|".join(alts) + r")(?![\w}])")


def test_responses_use_placeholders_for_phone_numbers():
    phone = _phone_regex()
    hits = [(name, t) for name, texts in response_texts().items() for t in texts if phone.search(t)]
    assert not hits, f"write {{tel_<id>}} instead of a number: {hits}"


def test_no_literal_numbers_in_our_code():
    phone = _phone_regex()
    sources = sorted((ROOT / "actions").rglob("*.py")) + sorted((ROOT / "bot").rglob("*.py"))
    sources += [p for p in sorted((ROOT / "content").glob("*.yml")) if p.name != "help_resources.yml"]
    hits = []
    for path in sources:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0] if path.suffix == ".py" else line
            if phone.search(code):
                hits.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert not hits, hits


def test_rendering_responses_fills_every_placeholder():
    values = help_lines.placeholders()
    left = []
    for name, texts in response_texts().items():
        for t in texts:
            rendered = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), t)
            if re.search(r"\{[^}]*\}", rendered):
                left.append((name, rendered))
    assert not left, left
