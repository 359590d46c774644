"""The association's own settings (content/association.yml, bot/association.py; issue 14): the help
answer names its contact after the professional help, fitted to its hours; the widget gets its
name from the server; nothing about it when none is configured; crisis replies unchanged."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from types import SimpleNamespace

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions import safety
from actions.knowledge import ActionKennis
from bot import association, crisis_reply
from bot.content import CONTENT
from bot.help_lines import AMSTERDAM
from bot.nlp.crisis_patterns import analyse
from tests.action_harness import WEEKDAY_AFTERNOON, make_tracker, run_action
from tests.test_knowledge_actions import DOMAIN

SAMPLE = yaml.safe_load(
    """
name: "Vereniging Hechting Thuis"
website: "https://www.hechtingthuis.example"
contact:
  name: "de ouderlijn"
  phone: "030 000 0000"
  email: "ouderlijn@hechtingthuis.example"
  hours:
    - {days: [ma, di, wo, do, vr], from: "09:00", until: "12:00"}
    - {days: [di], from: "19:00", until: "21:00"}
"""
)
TUESDAY_10 = datetime(2026, 12, 1, 10, 0, tzinfo=AMSTERDAM)
TUESDAY_13 = datetime(2026, 12, 1, 13, 0, tzinfo=AMSTERDAM)
SATURDAY_NIGHT = datetime(2026, 11, 28, 23, 30, tzinfo=AMSTERDAM)
CHRISTMAS_10 = datetime(2026, 12, 25, 10, 0, tzinfo=AMSTERDAM)  # a Friday; Saturday is 2nd Christmas day
MOMENTS = [TUESDAY_10, TUESDAY_13, SATURDAY_NIGHT, CHRISTMAS_10, WEEKDAY_AFTERNOON]
CRISIS_MESSAGES = [
    "ik wil niet meer leven",
    "mijn man slaat onze zoon",
    "ik ben 12 en ik word elke dag gepest, ik voel me zo alleen",
    "hij is bewusteloos en ademt niet",
]


@pytest.fixture
def configured(monkeypatch):
    settings = association.parse(SAMPLE)
    monkeypatch.setattr(association, "settings", lambda: settings)
    return settings


def at(monkeypatch, moment):
    from bot import help_lines

    monkeypatch.setattr(help_lines, "now_amsterdam", lambda: moment)


def help_answer(key="hulp_zorgen", slots=None, **latest):
    message = {"text": "waar vind ik hulp?", "intent": {"name": "kennis", "confidence": 0.9}, **latest}
    message["response_selector"] = {"kennis": {"response": {"intent_response_key": f"kennis/{key}"}}}
    return run_action(ActionKennis(), make_tracker(message, slots), DOMAIN)[0]


def mentions(messages, settings=None):
    settings = settings or association.parse(SAMPLE)
    return [m["text"] for m in messages if settings.name in m["text"] or settings.phone in m["text"]]


# ---------------------------------------------------------------- the settings file
def test_as_shipped_no_association_is_configured_and_nothing_is_said():
    association.settings.cache_clear()
    assert association.settings() is None
    assert association.contact_line(TUESDAY_10) == "" and association.public_info() == {}


def test_the_example_in_the_settings_file_is_valid():
    text = (CONTENT / "association.yml").read_text(encoding="utf-8")
    example = "\n".join(line[2:] for line in text.splitlines() if line.startswith("# ") and ":" in line)
    parsed = association.parse(yaml.safe_load(example[example.index("name:") :]))
    assert parsed.name and parsed.phone and parsed.email and len(parsed.hours) == 2


@pytest.mark.parametrize(
    "change, says",
    [
        ({"webiste": "https://x.example"}, "unknown key"),
        ({"website": "www.x.example"}, "https://"),
        ({"contact": {**SAMPLE["contact"], "phone": 301234567}}, "between quotes"),
        ({"contact": {**SAMPLE["contact"], "email": "ouderlijn at example"}}, "e-mail"),
        (
            {
                "contact": {
                    **SAMPLE["contact"],
                    "hours": [{"days": ["maan"], "from": "09:00", "until": "12:00"}],
                }
            },
            "day",
        ),
        (
            {
                "contact": {
                    **SAMPLE["contact"],
                    "hours": [{"days": ["ma"], "from": "9 uur", "until": "12:00"}],
                }
            },
            "09:00",
        ),
        (
            {
                "contact": {
                    **SAMPLE["contact"],
                    "hours": [{"days": ["ma"], "from": "12:00", "until": "09:00"}],
                }
            },
            "before",
        ),
        ({"contact": {"email": "a@b.example", "hours": SAMPLE["contact"]["hours"]}}, "phone"),
    ],
)
def test_a_mistake_in_the_settings_says_what_to_fix(change, says):
    with pytest.raises(association.SettingsError, match=says):
        association.parse({**SAMPLE, **change})


def test_an_unquoted_time_is_read_as_the_time_it_looks_like():
    # YAML 1.1 reads an unquoted 12:00 as 720 (minutes): a volunteer should not have to know that
    raw = yaml.safe_load(
        "name: X\ncontact: {phone: '030 000 0000', hours: [{days: [ma], from: 9:30, until: 12:00}]}"
    )
    assert raw["contact"]["hours"][0]["until"] == 720
    opening = association.parse(raw).hours[0]
    assert (opening.start.isoformat(), opening.end.isoformat()) == ("09:30:00", "12:00:00")


# ---------------------------------------------------------------- the help answer
def test_not_configured_the_help_answer_has_only_the_professional_help(monkeypatch):
    monkeypatch.setattr(association, "settings", lambda: None)
    at(monkeypatch, TUESDAY_10)
    messages = help_answer()
    # in office hours the help answer names the professionals itself, with nothing under it
    assert len(messages) == 1 and "huisarts" in messages[0]["text"]
    assert not mentions(messages)


def test_configured_the_help_answer_names_the_contact_after_the_professional_help(monkeypatch, configured):
    at(monkeypatch, TUESDAY_10)
    messages = help_answer()
    assert len(messages) == 2
    assert "huisarts" in messages[0]["text"] and not mentions(messages[:1])
    last = messages[1]
    assert last["text"].startswith("Je kunt ook terecht bij de ouderlijn van Vereniging Hechting Thuis.")
    assert "Bel 030 000 0000 (nu open, tot 12.00 uur)." in last["text"]
    assert configured.email in last["text"] and configured.website in last["text"]
    assert last.get("buttons") and not messages[0].get("buttons")  # the follow-up buttons stay last


@pytest.mark.parametrize(
    "moment, hours",
    [
        (TUESDAY_10, "(nu open, tot 12.00 uur)"),
        (TUESDAY_13, "(nu gesloten; vandaag weer open van 19.00 tot 21.00 uur)"),
        (TUESDAY_13.replace(hour=20), "(nu open, tot 21.00 uur)"),
        (TUESDAY_13.replace(hour=22), "(nu gesloten; morgen weer open van 09.00 tot 12.00 uur)"),
        (SATURDAY_NIGHT, "(nu gesloten; maandag weer open van 09.00 tot 12.00 uur)"),
        # Christmas on Friday, Boxing Day on Saturday: closed, back on Monday
        (CHRISTMAS_10, "(nu gesloten; maandag weer open van 09.00 tot 12.00 uur)"),
        (datetime(2026, 12, 24, 11, 59, tzinfo=AMSTERDAM), "(nu open, tot 12.00 uur)"),
    ],
)
def test_the_contact_fits_its_hours_and_the_holidays(monkeypatch, configured, moment, hours):
    at(monkeypatch, moment)
    assert hours in help_answer()[-1]["text"]


def test_a_long_closure_names_the_date(monkeypatch):
    only_mondays = association.parse(
        {
            **SAMPLE,
            "contact": {**SAMPLE["contact"], "hours": [{"days": ["ma"], "from": "10:00", "until": "11:00"}]},
        }
    )
    # Monday 2027-03-29 is Easter Monday: the next opening is a week later
    easter = datetime(2027, 3, 29, 9, 0, tzinfo=AMSTERDAM)
    monkeypatch.setattr(association, "settings", lambda: only_mondays)
    assert "(nu gesloten; op maandag 5 april weer open van 10.00 tot 11.00 uur)" in association.contact_line(
        easter
    )


def test_open_on_holidays_when_the_association_says_so(configured, monkeypatch):
    holidays_too = association.parse({**SAMPLE, "contact": {**SAMPLE["contact"], "open_on_holidays": True}})
    monkeypatch.setattr(association, "settings", lambda: holidays_too)
    assert "(nu open, tot 12.00 uur)" in association.contact_line(CHRISTMAS_10)


@pytest.mark.parametrize(
    "contact, line",
    [
        ({"email": "ouderlijn@hechtingthuis.example"}, "Mail naar ouderlijn@hechtingthuis.example."),
        ({"phone": "030 000 0000"}, "Bel 030 000 0000."),  # no hours: nothing about open or closed
        ({}, "Kijk ook op https://www.hechtingthuis.example."),
    ],
)
def test_only_what_the_association_gave_is_said(monkeypatch, contact, line):
    settings = association.parse({**SAMPLE, "contact": contact})
    monkeypatch.setattr(association, "settings", lambda: settings)
    text = association.contact_line(TUESDAY_10)
    assert text.startswith("Je kunt ook terecht bij Vereniging Hechting Thuis.") and line in text
    assert "nu open" not in text and "gesloten" not in text


def test_other_answers_do_not_name_the_association(monkeypatch, configured):
    at(monkeypatch, TUESDAY_10)
    for key in ("wat_is_hechting", "hulp_crisislijnen", "signalen"):
        assert not mentions(help_answer(key)), key


def test_a_young_person_gets_their_own_help_not_the_parents_line(monkeypatch, configured):
    at(monkeypatch, TUESDAY_10)
    assert not mentions(help_answer(slots={"doelgroep": "jongere"}))


def test_when_the_crisis_triage_is_unsure_the_safety_line_follows_the_help(monkeypatch, configured):
    at(monkeypatch, TUESDAY_10)
    messages = help_answer(crisis_check={"kind": "suicide"})
    assert not mentions(messages)
    assert messages[-1]["text"] == crisis_reply.check_text("suicide")


# ---------------------------------------------------------------- crisis replies stay as they are
def crisis_texts(text, moment):
    finding = analyse(text)
    latest = {
        "text": text,
        "intent": {"name": f"crisis_{finding.kind}"},
        "entities": [],
        "crisis_guard": finding.as_dict(),
    }
    dispatcher = CollectingDispatcher()
    safety.ActionCrisis().run(dispatcher, make_tracker(latest), {})
    reminder = CollectingDispatcher()
    safety.offer_help_again(
        reminder,
        make_tracker(
            {"text": "wat is hechting", "intent": {"name": "kennis"}},
            {"crisis_nazorg": True, "crisis_soort": finding.kind},
        ),
        lambda: [],
    )
    fallback = crisis_reply.crisis_messages(finding.kinds, finding.child, finding.patterns, text, moment)
    return [m.get("text") for m in dispatcher.messages + reminder.messages] + fallback


@pytest.mark.parametrize("moment", MOMENTS)
def test_crisis_replies_are_the_same_with_an_association(monkeypatch, moment):
    at(monkeypatch, moment)
    monkeypatch.setattr(association, "settings", lambda: None)
    without = {text: crisis_texts(text, moment) for text in CRISIS_MESSAGES}
    settings = association.parse(SAMPLE)
    monkeypatch.setattr(association, "settings", lambda: settings)
    with_association = {text: crisis_texts(text, moment) for text in CRISIS_MESSAGES}
    assert with_association == without
    assert not [t for texts in with_association.values() for t in texts if settings.name in t]


# ---------------------------------------------------------------- the widget's name, from the server
def association_route():
    from bot.channels import SafeRestInput

    routes = {r.uri: r.handler for r in SafeRestInput().blueprint(lambda m: None)._future_routes}
    reply = asyncio.run(routes["/association"](SimpleNamespace()))
    return reply.status, json.loads(reply.body)


def test_the_widget_gets_the_name_from_the_server(configured):
    assert association_route() == (200, {"name": "Vereniging Hechting Thuis", "website": SAMPLE["website"]})


def test_not_configured_the_server_gives_no_name(monkeypatch):
    monkeypatch.setattr(association, "settings", lambda: None)
    assert association_route() == (200, {})


def test_a_broken_settings_file_stops_the_server_at_start(monkeypatch):
    def broken():
        raise association.SettingsError("content/association.yml: contact.phone: ...")

    monkeypatch.setattr(association, "settings", broken)
    with pytest.raises(association.SettingsError):
        association_route()
