"""Help that fits the hour (bot/help_lines.py), with a frozen clock: `now` is passed in."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from bot import help_lines
from bot.content import help_resources
from bot.help_lines import AMSTERDAM

R = help_resources()
WED_MORNING = datetime(2026, 11, 25, 10, 0, tzinfo=AMSTERDAM)  # Wednesday
TUE_10 = datetime(2026, 12, 1, 10, 0, tzinfo=AMSTERDAM)  # an ordinary Tuesday
WED_22 = datetime(2026, 11, 25, 22, 0, tzinfo=AMSTERDAM)
SAT_AFTERNOON = datetime(2026, 11, 28, 14, 30, tzinfo=AMSTERDAM)  # Saturday
SUN_03 = datetime(2026, 11, 29, 3, 0, tzinfo=AMSTERDAM)  # Sunday
CHRISTMAS_10 = datetime(2026, 12, 25, 10, 0, tzinfo=AMSTERDAM)  # Eerste Kerstdag, a Friday
KONINGSDAG_10 = datetime(2026, 4, 27, 10, 0, tzinfo=AMSTERDAM)  # Koningsdag, a Monday
POST = R["huisartsenpost"]
# Lines that belong to a crisis, not under an ordinary answer (issue #16).
CRISIS_LINES = [
    R["alarm_112"]["phone"],
    R["zelfmoordpreventie_113"]["phone"],
    R["zelfmoordpreventie_113"]["phone_free"],
    R["veilig_thuis"]["phone"],
    R["veilig_thuis"]["name"],
    R["kindertelefoon"]["phone"],
    "Kindertelefoon",
]
AUDIENCES = ("ouder", "leerkracht", "volwassene", "pleegouder", "baby", "iedereen")


def names_crisis_line(text: str) -> list:
    return [line for line in CRISIS_LINES if re.search(rf"(?<![\d-]){re.escape(line)}(?![\d-])", text)]


def test_the_dates_are_what_the_tests_say():
    assert WED_MORNING.weekday() == 2 and SAT_AFTERNOON.weekday() == 5 and SUN_03.weekday() == 6
    assert TUE_10.weekday() == 1 and CHRISTMAS_10.weekday() == 4 and KONINGSDAG_10.weekday() == 0
    assert help_lines.is_holiday(CHRISTMAS_10) and help_lines.is_holiday(KONINGSDAG_10)
    assert not help_lines.is_holiday(TUE_10) and not help_lines.is_holiday(WED_MORNING)


def test_weekday_morning_names_the_own_huisarts():
    for now in (WED_MORNING, TUE_10):
        assert help_lines.is_office_hours(now)
        for line in (help_lines.referral_line("ouder", now), help_lines.answer_referral("ouder", now)):
            assert R["huisarts"]["short"] in line and R["wijkteam"]["short"] in line
            assert POST["name"] not in line
    assert help_lines.is_open("huisarts", TUE_10) and not help_lines.is_open("huisartsenpost", TUE_10)


@pytest.mark.parametrize("now", [CHRISTMAS_10, KONINGSDAG_10], ids=["kerstdag", "koningsdag"])
def test_a_public_holiday_on_a_weekday_is_out_of_hours(now):
    """The own GP is closed on a holiday: the huisartsenpost answers, as in a weekend."""
    assert not help_lines.is_office_hours(now)
    assert help_lines.is_open("huisartsenpost", now)
    for rid in ("huisarts", "jeugdarts", "wijkteam", "intern_begeleider", "juridisch_loket"):
        assert not help_lines.is_open(rid, now), rid
    assert help_lines.opening_phrase("juridisch_loket", now) != "nu open"
    full, short = help_lines.referral_line("ouder", now), help_lines.answer_referral("ouder", now)
    assert help_lines.huisartsenpost_line() in full and "op een werkdag" in full
    assert "op een werkdag" in short and POST["name"] not in short  # the full help names the post
    the_day_after = now + timedelta(days=1)
    if the_day_after.weekday() < 5 and not help_lines.is_holiday(the_day_after):
        assert help_lines.is_office_hours(the_day_after)


@pytest.mark.parametrize(
    "now",
    [WED_22, SAT_AFTERNOON, SUN_03, CHRISTMAS_10],
    ids=["avond", "weekend", "nacht", "feestdag"],
)
def test_out_of_hours_the_full_help_names_the_huisartsenpost_and_no_crisis_line(now):
    assert not help_lines.is_office_hours(now)
    for audience in AUDIENCES:
        line = help_lines.referral_line(audience, now)
        if audience != "leerkracht":
            assert help_lines.huisartsenpost_line() in line, (audience, line)
        assert not names_crisis_line(line), (audience, line)


def test_the_huisartsenpost_says_how_to_find_its_number():
    """No number of our own (each region has its own post): the way to find it, every time."""
    assert POST["phone"] is None and "huisarts" in POST["find_number"]
    assert "website" in POST["find_number"]
    line = help_lines.huisartsenpost_line()
    assert line.startswith(f"Bel {POST['name']}:") and POST["find_number"] in line
    for now in (WED_22, SUN_03, CHRISTMAS_10):
        for audience in ("ouder", "volwassene", "baby"):
            for text in (help_lines.referral_line(audience, now), help_lines.answer_referral(audience, now)):
                if POST["name"] in text:
                    assert POST["find_number"] in text, text


@pytest.mark.parametrize(
    "day",
    [TUE_10, SUN_03, CHRISTMAS_10, KONINGSDAG_10],
    ids=["dinsdag", "zondagnacht", "kerstdag", "koningsdag"],
)
def test_the_line_under_an_ordinary_answer_names_no_crisis_line_at_any_hour(day):
    midnight = day.replace(hour=0)
    for hour in range(24):
        now = midnight + timedelta(hours=hour)
        for audience in AUDIENCES:
            line = help_lines.answer_referral(audience, now)
            assert not names_crisis_line(line), (now, audience, line)
            # played rounds 5-10: "Kan het niet wachten? Bel de huisartsenpost" under an ordinary
            # answer at night read as "this is urgent"
            assert POST["name"] not in line, (now, audience, line)
            if audience != "leerkracht" and not help_lines.is_office_hours(now):
                assert "op een werkdag" in line, (now, audience, line)
            assert len(line.split()) <= 45, line  # a short line, not a second answer


def test_the_crisis_line_check_itself_finds_each_line():
    assert names_crisis_line(f"Bel {R['alarm_112']['phone']} of {R['veilig_thuis']['name']}.")
    assert not names_crisis_line("Bel de huisartsenpost of 0800-8020.")
    assert names_crisis_line("Bel De Kindertelefoon.") == ["Kindertelefoon"]


def test_kindertelefoon_open_and_closed_edges():
    day = (2026, 11, 25)
    closed_before = datetime(*day, 10, 59, tzinfo=AMSTERDAM)
    opens = datetime(*day, 11, 0, tzinfo=AMSTERDAM)
    last_minute = datetime(*day, 20, 59, tzinfo=AMSTERDAM)
    closes = datetime(*day, 21, 0, tzinfo=AMSTERDAM)
    assert not help_lines.is_open("kindertelefoon", closed_before)
    assert help_lines.is_open("kindertelefoon", opens)
    assert help_lines.is_open("kindertelefoon", last_minute)
    assert not help_lines.is_open("kindertelefoon", closes)
    assert "vandaag weer open van 11.00 tot 21.00 uur" in help_lines.opening_phrase(
        "kindertelefoon", closed_before
    )
    assert "morgen weer open van 11.00 tot 21.00 uur" in help_lines.opening_phrase("kindertelefoon", closes)
    assert help_lines.opening_phrase("kindertelefoon", opens).startswith("nu open")
    assert not help_lines.is_open("kindertelefoon", SUN_03)
    assert help_lines.is_open("kindertelefoon", SAT_AFTERNOON)  # every day, also weekends


def test_open_hours_come_from_the_resources_file():
    kt = R["kindertelefoon"]
    start, end = kt["open_from"].replace(":", "."), kt["open_until"].replace(":", ".")
    assert start in help_lines.opening_phrase("kindertelefoon", SUN_03)
    assert end in help_lines.opening_phrase("kindertelefoon", SUN_03)
    assert end in help_lines.opening_phrase("kindertelefoon", SAT_AFTERNOON)
    assert help_lines.is_open("kindertelefoon", CHRISTMAS_10.replace(hour=12))  # also on holidays


def test_24_7_lines_are_always_open():
    for now in (WED_MORNING, WED_22, SAT_AFTERNOON, SUN_03, CHRISTMAS_10):
        for rid in ("alarm_112", "zelfmoordpreventie_113", "veilig_thuis"):
            assert help_lines.is_open(rid, now)
            assert help_lines.opening_phrase(rid, now) == "dag en nacht open, ook nu"


def test_other_time_zones_and_summer_time_are_converted():
    summer_utc = datetime(2026, 7, 1, 9, 30, tzinfo=timezone.utc)  # 11:30 in Amsterdam
    assert help_lines.is_open("kindertelefoon", summer_utc)
    winter_utc = datetime(2026, 1, 7, 10, 30, tzinfo=timezone.utc)  # 11:30 in Amsterdam
    assert help_lines.is_open("kindertelefoon", winter_utc)
    naive = datetime(2026, 11, 25, 10, 0)  # naive = Amsterdam time
    assert help_lines.is_office_hours(naive)


def test_audiences():
    teacher = help_lines.referral_line("leerkracht", WED_MORNING)
    assert R["intern_begeleider"]["name"] in teacher
    adult = help_lines.referral_line("volwassene", WED_MORNING)
    assert "psycholoog" in adult and R["huisarts"]["name"] in adult
    foster = help_lines.referral_line("pleegouder", WED_MORNING)
    assert "pleegzorgbegeleider" in foster
    for now in (WED_MORNING, SUN_03):
        for line in (help_lines.referral_line("baby", now), help_lines.answer_referral("baby", now)):
            assert f"{R['jeugdarts']['short_jong']}, {R['huisarts']['short']}" in line, line
    adult_night = help_lines.referral_line("volwassene", SUN_03)
    assert help_lines.huisartsenpost_line() in adult_night
    assert R["intern_begeleider"]["short"] in help_lines.answer_referral("leerkracht", SUN_03)


def test_placeholders_and_fill():
    values = help_lines.placeholders()
    assert values["tel_zelfmoordpreventie_113"] == R["zelfmoordpreventie_113"]["phone"]
    assert values["tel2_zelfmoordpreventie_113"] == R["zelfmoordpreventie_113"]["phone_free"]
    assert values["naam_kindertelefoon"] == R["kindertelefoon"]["name"]
    assert values["uren_kindertelefoon"] == R["kindertelefoon"]["hours"]
    assert values["vind_huisartsenpost"] == R["huisartsenpost"]["find_number"]
    assert (
        help_lines.fill("Bel {tel_veilig_thuis} of {onbekend}")
        == f"Bel {R['veilig_thuis']['phone']} of {{onbekend}}"
    )


def test_now_amsterdam_is_aware():
    assert help_lines.now_amsterdam().tzinfo is not None


def _responses_naming(name: str) -> dict:
    from tests.content_index import responses

    values = help_lines.placeholders()
    found = {}
    for key, variants in responses().items():
        for variant in variants:
            text = variant.get("text", "").format(**values)
            if name.lower() in text.lower():
                found.setdefault(key, []).append(text)
    return found


def test_responses_state_the_hours_of_a_line_that_may_be_closed():
    """A reader at 22:00 must not call De Kindertelefoon in vain ({uren_kindertelefoon})."""
    kt = R["kindertelefoon"]
    clocks = [kt[k].replace(":", ".") for k in ("open_from", "open_until")]
    missing = [
        key
        for key, texts in _responses_naming("Kindertelefoon").items()
        for text in texts
        if not all(c in text for c in clocks)
    ]
    assert not missing, f"name De Kindertelefoon without its hours: {missing}"


def test_responses_that_name_the_huisartsenpost_say_how_to_find_it():
    """There is no one number to give, so the way to find it ({vind_huisartsenpost})."""
    missing = [
        key
        for key, texts in _responses_naming(POST["name"]).items()
        for text in texts
        if POST["find_number"] not in text
    ]
    assert not missing, f"name the huisartsenpost without how to find its number: {missing}"


def test_the_referral_follows_the_childs_age():
    """A toddler's parent hears of the consultatiebureau first; a school child's parent of the
    GGD's jeugdarts, not the consultatiebureau; without an age both, as before."""
    for now in (WED_MORNING, SUN_03):
        for age, first, absent in (
            ("jong", R["jeugdarts"]["short_jong"], "GGD"),
            ("schoolkind", R["huisarts"]["short"], "consultatiebureau"),
        ):
            for line in (
                help_lines.referral_line("ouder", now, age=age),
                help_lines.answer_referral("ouder", now, age=age),
            ):
                named = line.split(" met ", 1)[-1] if " met " in line else line.split(": ")[-1]
                assert named.startswith(first), line
                assert absent not in line, line
        assert "consultatiebureau of GGD" in help_lines.answer_referral("ouder", now)
    assert "GGD" in help_lines.answer_referral("ouder", WED_MORNING, age="schoolkind")


def test_the_full_help_again_adds_only_what_cannot_wait():
    assert help_lines.urgent_line("ouder", WED_MORNING) == ""
    assert help_lines.huisartsenpost_line() in help_lines.urgent_line("ouder", SUN_03)
    assert help_lines.urgent_line("leerkracht", SUN_03) == ""


@pytest.mark.parametrize(
    "text,rid",
    [
        ("kost bellen naar de kindertelefoon geld? ik heb bijna geen beltegoed", "kindertelefoon"),
        ("hoi. is de kindertelefoon ook voor 16-jarigen?", "kindertelefoon"),
        ("is veilig thuis anoniem?", "veilig_thuis"),
        ("hoe heet die hulplijn voor kinderen waar je anoniem kan bellen?", "kindertelefoon"),  # blind r35
        # blind near-misses: a line named in the story, the question is about something else
        ("Vorige keer kreeg ik meteen het nummer van Veilig Thuis. Hoe leer ik haar bijten af?", None),
        ("De huisarts gaf me het nummer van 113 mee, maar het gaat goed. Hoe praat ik met mijn zoon?", None),
        ("wat doet Veilig Thuis precies?", None),
        ("welke hulplijnen zijn er, 113 of de kindertelefoon?", None),
        # blind r41: the line named as the one not meant
        (
            "welk nummer bel ik als ik een dokter nodig heb voor mijn kind, maar het is geen 112-situatie?",
            None,
        ),
        ("moet ik niet gewoon 112 bellen, of kost dat geld?", "alarm_112"),
    ],
)
def test_a_question_about_one_line_is_recognised_only_when_it_asks_a_fact_of_that_line(text, rid):
    assert help_lines.named_line(text) == rid


CRISIS_LINES_REPLY = "Bel 113 Zelfmoordpreventie, gratis en dag en nacht. Ben je jonger dan 18? De Kindertelefoon luistert ook."


@pytest.mark.parametrize(
    "text,last_reply,rid",
    [
        # blind r15: "kost dat bellen geld?" after a line's number got "not in the article"
        ("kost dat bellen geld?", CRISIS_LINES_REPLY, "zelfmoordpreventie_113"),
        ("en is dat anoniem", "Bel Veilig Thuis voor advies.", "veilig_thuis"),
        ("gratis?", "Je kunt De Kindertelefoon bellen.", "kindertelefoon"),
        # played round 24: a longer follow-up that names "die chat" still asks of the line
        (
            "is die chat dan ook dicht nu? en is dat niet voor kleine kids, ik ben 16",
            "Liever anoniem praten? Dat kan bij De Kindertelefoon: bel of chat via kindertelefoon.nl.",
            "kindertelefoon",
        ),
        # played round 31: the line named in the sentence before, "die chat" in the question
        (
            "zei net toch dat ik school niet wil 🙄 maar ok kindertelefoon. is die chat ook dicht nu dan?",
            "Praat met je mentor op school.",
            "kindertelefoon",
        ),
        # played round 42: a boy of 16 asked whether the chat knows who he is, and whether they tell his aunt
        (
            "en als ik daar chat, zien ze dan wie ik ben? of bellen ze mn tante?",
            "Liever eerst anoniem praten? Dat kan gratis bij De Kindertelefoon: bel 0800-0432 of chat.",
            "kindertelefoon",
        ),
        (
            "dat vroeg ik niet echt. ik bedoel is die kindertelefoon echt anoniem, vertellen ze het niet door aan mn tante?",
            "Hechting is je band met ouders of verzorgers.",
            "kindertelefoon",
        ),
        ("vertellen ze het door?", "Dat kan bij De Kindertelefoon.", "kindertelefoon"),
        # the message names its own line: named_line answers it, not this
        ("is de kindertelefoon gratis?", CRISIS_LINES_REPLY, None),
        # no line in the last reply, no fact asked, or a story of its own
        ("kost dat geld?", "Vraag het wijkteam om hulp; dat is er in elke gemeente.", None),
        ("wie zegt dat?", CRISIS_LINES_REPLY, None),
        (
            "mijn dochter van 9 heeft nooit geld bij zich en ik vraag me af of dat met hechting te maken heeft",
            CRISIS_LINES_REPLY,
            None,
        ),
    ],
)
def test_a_short_question_about_the_line_just_named_gets_that_line(text, last_reply, rid):
    assert help_lines.line_pointed_at(text, last_reply) == rid


def test_the_line_asked_about_before_wins_over_the_first_line_of_the_reply():
    # blind r16: "is de kindertelefoon iets voor haar?" got every line, 112 first; then "en tot
    # welke leeftijd kan dat?" is about De Kindertelefoon
    every_line = (
        "Bij acuut gevaar bel je 112. Bel 113 Zelfmoordpreventie. De Kindertelefoon is er voor kinderen."
    )
    asked = "is de kindertelefoon iets voor haar?"
    assert help_lines.line_pointed_at("en tot welke leeftijd kan dat?", every_line, asked) == "kindertelefoon"
    assert help_lines.line_pointed_at("kost dat geld?", every_line, asked) == "kindertelefoon"

    # blind r41: "is er een plek waar kinderen zelf anoniem kunnen bellen of chatten?" got every line; "wat is
    # daar het nummer van?" then got 112
    asked = "een leerling van 10 kan thuis met niemand praten. waar kunnen kinderen zelf anoniem bellen of chatten?"
    assert help_lines.line_pointed_at("wat is daar het nummer van?", every_line, asked) == "kindertelefoon"
    assert (
        help_lines.line_pointed_at("wat is daar het nummer van?", every_line, "welke lijnen zijn er?")
        == "alarm_112"
    )


@pytest.mark.parametrize(
    "text, rid",
    [
        # blind r17: "waar kan een kind zelf anoniem praten?" got every line, 112 first; "tot welke
        # leeftijd kan dat?" then got 112's facts
        ("tot welke leeftijd kan dat?", "kindertelefoon"),
        ("vanaf welke leeftijd?", "kindertelefoon"),
        ("is dat anoniem?", "zelfmoordpreventie_113"),
        # a fact every line has: the first line of the reply
        ("kost dat geld?", "alarm_112"),
    ],
)
def test_without_a_line_asked_before_the_first_line_that_has_the_fact_is_meant(text, rid):
    every_line = (
        "Bij acuut gevaar bel je 112. Bel 113 Zelfmoordpreventie. De Kindertelefoon is er voor kinderen."
    )
    assert help_lines.line_pointed_at(text, every_line) == rid


def test_a_line_named_by_its_number_says_the_number_once():
    # blind r35: "wat is het nummer?" read "112: 112."
    text = help_lines.service_text("alarm_112")
    assert text.startswith("Bel 112.") and text.count("112") == 1
