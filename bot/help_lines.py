"""Help that fits the hour: which service to name, chosen by the Amsterdam clock.

Numbers, names and opening hours come only from content/help_resources.yml.
Every function takes an optional `now` (any aware datetime; naive = Amsterdam time),
so tests can freeze the clock by passing it.

Office hours (working days 08:00-17:00): the own huisarts, jeugdarts and wijkteam.
A Dutch public holiday is no working day: on it, as in the evening, at night and at the
weekend, de huisartsenpost is named for what cannot wait. Neither the full help by the hour
(referral_line) nor the short line under an ordinary answer (answer_referral) names a crisis
line (alarm number, Zelfmoordpreventie, Veilig Thuis): the crisis replies do (bot/crisis_reply.py).

Weekly opening hours (Opening, open_until, next_opening, hours_phrase) serve every service
with its own clock times: the Kindertelefoon's daily hours here, and the association's own
contact (bot/association.py), closed on Dutch public holidays unless it says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Tuple
from zoneinfo import ZoneInfo

import holidays

from bot.content import help_resources, load
from bot.nlp.text_patterns import compile_pattern, normalise

# who has a foster-care worker: a foster parent, and a grandparent raising a placed grandchild
FOSTER_AUDIENCES = frozenset({"pleegouder", "pleeggrootouder"})
# a school's care staff or a youth care worker (begeleider) and daycare staff (opvang): the ones
# others consult, who talk with the parents and the wijkteam
CARE_STAFF = frozenset({"begeleider", "opvang"})

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
OFFICE_START, OFFICE_END = 8, 17  # huisarts practices: weekdays 08:00-17:00

# resources that keep office hours (weekdays) rather than their own clock times
_OFFICE_RESOURCES = {"huisarts", "jeugdarts", "wijkteam", "juridisch_loket"}


def now_amsterdam() -> datetime:
    return datetime.now(AMSTERDAM)


def local(now: Optional[datetime] = None) -> datetime:
    """`now` as Amsterdam time (naive = Amsterdam already), or the current Amsterdam time. A
    reply takes it once, so every line in it speaks of the same moment."""
    if now is None:
        return now_amsterdam()
    if now.tzinfo is None:
        return now.replace(tzinfo=AMSTERDAM)
    return now.astimezone(AMSTERDAM)


@lru_cache(maxsize=None)
def _holidays(year: int) -> FrozenSet[date]:
    # The package's Dutch public holidays (Algemene termijnenwet, plus Goede Vrijdag and
    # Bevrijdingsdag every five years, as it lists them): on these days practices are
    # closed and the huisartsenpost answers, so sending people to their own GP would fail.
    return frozenset(holidays.country_holidays("NL", years=year))


def is_holiday(now: Optional[datetime] = None) -> bool:
    """A Dutch public holiday (Amsterdam date)."""
    day = local(now).date()
    return day in _holidays(day.year)


def is_working_day(now: Optional[datetime] = None) -> bool:
    now = local(now)
    return now.weekday() < 5 and not is_holiday(now)


def is_office_hours(now: Optional[datetime] = None) -> bool:
    """Working-day daytime, when the own huisarts, jeugdarts and wijkteam can be reached."""
    now = local(now)
    return is_working_day(now) and OFFICE_START <= now.hour < OFFICE_END


# ---------------------------------------------------------------- weekly opening hours
def parse_clock(value: str) -> time:
    """'09:00' -> time(9, 0); a bad value raises ValueError."""
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _dutch_clock(value: time) -> str:
    return value.strftime("%H.%M")


WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")  # Monday = 0, as datetime.weekday()
DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
# How far ahead "weer open op ..." looks: two weeks covers Christmas and New Year closed.
NEXT_OPENING_DAYS = 14


@dataclass(frozen=True)
class Opening:
    """Open on `days` (0 = Monday) from `start` until `end`, within one day."""

    days: FrozenSet[int]
    start: time
    end: time


EVERY_DAY = frozenset(range(7))


def _hours_on(day: date, openings: Iterable[Opening], on_holidays: bool) -> List[Tuple[time, time]]:
    """(start, end) of each opening on this date, in order; none on a Dutch public holiday
    unless `on_holidays`."""
    if not on_holidays and day in _holidays(day.year):
        return []
    return sorted((o.start, o.end) for o in openings if day.weekday() in o.days)


def open_until(
    openings: Iterable[Opening], now: Optional[datetime] = None, on_holidays: bool = False
) -> Optional[time]:
    """When a service with these weekly hours closes, if it is open now (else None).
    Openings that touch or overlap (09-12, 12-17) count as one."""
    now = local(now)
    until: Optional[time] = None
    for start, end in _hours_on(now.date(), openings, on_holidays):
        if until is None:
            until = end if start <= now.time() < end else None
        elif start <= until:
            until = max(until, end)
    return until


def next_opening(
    openings: Iterable[Opening], now: Optional[datetime] = None, on_holidays: bool = False
) -> Optional[Tuple[date, time, time]]:
    """(day, start, end) of the first opening after `now`, within NEXT_OPENING_DAYS."""
    now = local(now)
    for ahead in range(NEXT_OPENING_DAYS + 1):
        day = now.date() + timedelta(days=ahead)
        for start, end in _hours_on(day, openings, on_holidays):
            if ahead or start > now.time():
                return day, start, end
    return None


def _which_day(day: date, today: date) -> str:
    """'vandaag' | 'morgen' | 'maandag' (within the week) | 'op maandag 4 januari'."""
    ahead = (day - today).days
    if ahead == 0:
        return "vandaag"
    if ahead == 1:
        return "morgen"
    name = DAY_NAMES[day.weekday()]
    return name if ahead < 7 else f"op {name} {day.day} {MONTH_NAMES[day.month - 1]}"


def hours_phrase(
    openings: Iterable[Opening], now: Optional[datetime] = None, on_holidays: bool = False
) -> str:
    """'nu open, tot 12.00 uur' or 'nu gesloten; maandag weer open van 09.00 tot 12.00 uur':
    true for this moment, by these weekly hours and the Dutch public holidays."""
    openings = tuple(openings)
    until = open_until(openings, now, on_holidays)
    if until is not None:
        return f"nu open, tot {_dutch_clock(until)} uur"
    upcoming = next_opening(openings, now, on_holidays)
    if upcoming is None:
        return "nu gesloten"
    day, start, end = upcoming
    when = _which_day(day, local(now).date())
    return f"nu gesloten; {when} weer open van {_dutch_clock(start)} tot {_dutch_clock(end)} uur"


def resource(rid: str) -> Dict:
    return help_resources()[rid]


def _daily(res: Dict) -> Tuple[Opening]:
    """A resource's `open_from`/`open_until`: every day, holidays too."""
    return (Opening(EVERY_DAY, parse_clock(res["open_from"]), parse_clock(res["open_until"])),)


def is_open(rid: str, now: Optional[datetime] = None) -> bool:
    """Whether a service can be reached right now (by its hours in the resources file)."""
    res = resource(rid)
    if res.get("open_24_7"):
        return True
    now = local(now)
    if res.get("open_from") and res.get("open_until"):
        return open_until(_daily(res), now, on_holidays=True) is not None
    if rid == "huisartsenpost":
        return not is_office_hours(now)
    if rid == "intern_begeleider":
        return is_working_day(now) and OFFICE_START <= now.hour < 16
    if rid in _OFFICE_RESOURCES:
        return is_office_hours(now)
    return False


def opening_phrase(rid: str, now: Optional[datetime] = None) -> str:
    """Short Dutch phrase about the opening hours, true for this moment."""
    res = resource(rid)
    if res.get("open_24_7"):
        return "dag en nacht open, ook nu"
    if res.get("open_from") and res.get("open_until"):
        return hours_phrase(_daily(res), now, on_holidays=True)
    return "nu open" if is_open(rid, now) else f"open {res.get('hours', '')}".strip()


def phone_text(rid: str) -> str:
    """'<phone> of gratis <phone_free>' or just '<phone>' (numbers from the resources file)."""
    res = resource(rid)
    if res.get("phone_free") and res.get("phone"):
        return f"{res['phone']} of gratis {res['phone_free']}"
    return res.get("phone") or ""


@lru_cache(maxsize=None)
def _aliases() -> Tuple[Tuple[str, object], ...]:
    return tuple(
        (rid, compile_pattern(res["aliases"], where=f"help_resources.yml {rid}.aliases"))
        for rid, res in help_resources().items()
        if res.get("aliases")
    )


# what people ask about a line: its cost, number, hours, anonymity, chat, for whom
_ASKS_A_FACT = compile_pattern(
    r"\b(kost|kosten|gratis|geld|betalen|beltegoed|nummer|telefoonnummer|bereikbaar|hoe laat|"
    r"tot wanneer|anoniem|chatten|chat|voor wie|ook voor|open|dicht|gesloten|leeftijd|hoe oud)\b|"
    # played round 42, a boy of 16: "zien ze dan wie ik ben? of bellen ze mn tante?", "vertellen ze het door?"
    r"\b(zien|weten|horen) ze (\w+ ){0,2}wie (ik|je) (ben|bent)\b|\b(vertellen|zeggen|bellen) ze (het |dat )?"
    r"(\w+ ){0,3}(door|tegen (mijn|mn|je)|(mijn|mn|je) (ouders|moeder|vader|tante|oom|oma|opa|school))\b|"
    r"\bdoorvertellen\b|\bblijft (het|dat) (geheim|tussen ons)\b",
    where="bot/help_lines.py _ASKS_A_FACT",
)


# words that point back at what was just said (one list with the follow-ups: content/followups.yml)
_POINTS_BACK = compile_pattern(
    load("followups")["fallback_refers"], where="content/followups.yml fallback_refers"
)


# the writer has the numbers already ("de pleegzorgbegeleider heeft ons de nummers van Veilig Thuis
# en de Kindertelefoon gegeven, die staan in onze telefoon"): a remark before the question
_HAS_THE_NUMBERS = compile_pattern(
    r"\b(nummer|nummers|telefoonnummer|telefoonnummers)\b( \w+){0,10} (gegeven|gekregen|opgeslagen|"
    r"bewaard|staan|staat|hangen|hangt|gezien)\b|"
    r"\b(zag|zie|heb|hebben|kreeg|kregen) (\w+ ){0,4}(nummer|nummers|telefoonnummer|telefoonnummers) "
    r"(\w+ ){0,3}(staan|al|gekregen)\b",
    where="bot/help_lines.py _HAS_THE_NUMBERS",
)


_ABOUT_CALLING = compile_pattern(
    r"\b(bel\w*|nummer\w*|telefoon\w*|\w*lijn|hulp\w*|melding|melden)\b",
    where="bot/help_lines.py _ABOUT_CALLING",
)


def _question_sentences(text: Optional[str]) -> List[str]:
    """The sentences of the message that end in "?", as written."""
    return re.findall(r"[^.!?]*\?", text or "")


def numbers_only_remarked(text: Optional[str]) -> bool:
    """The writer says they have or saw the help numbers already and asks something else: every
    question sentence is about another thing ("... die staan in onze telefoon. Hoe pak ik dat aan?")."""
    questions = [normalise(q) for q in _question_sentences(text)]
    return (
        bool(_HAS_THE_NUMBERS.search(normalise(text or "")))
        and bool(questions)
        and not any(_ABOUT_CALLING.search(q) for q in questions)
    )


def named_line(text: Optional[str]) -> Optional[str]:
    """The one help line a message names and asks a fact of ("kost bellen naar de kindertelefoon
    geld?"), or None: when it names none or several, or asks nothing about it ("ik heb die lijn echt
    niet nodig, maar ...", blind near-misses)."""
    for norm, named in _lines_in_questions(text):
        if len(named) == 1 and _ASKS_A_FACT.search(norm):
            return named[0]
    return None


def line_in_question(text: Optional[str]) -> Optional[str]:
    """The one help line a question sentence of the message names ("wat gebeurt er na een melding
    bij Veilig Thuis?"), or None when none or several are named there."""
    for _, named in _lines_in_questions(text):
        if len(named) == 1:
            return named[0]
    return None


# a line named as the one NOT meant: "ik heb een dokter nodig, maar het is geen 112-situatie" (blind r41
# got the 112 line)
_NOT_THIS_LINE = compile_pattern(
    r"\b(geen|niet|nie|zonder)( (de|het|een))? $", where="bot/help_lines.py _NOT_THIS_LINE"
)


def _names(rx, norm: str) -> bool:
    """Whether the alias pattern names its line in `norm`, other than as the line not meant."""
    return any(not _NOT_THIS_LINE.search(norm[: m.start()]) for m in rx.finditer(norm))


def _lines_in_questions(text: Optional[str]) -> Iterator[Tuple[str, List[str]]]:
    """(normalised question sentence, the lines it names) for each sentence ending in "?"."""
    for question in _question_sentences(text):
        norm = normalise(question)
        yield norm, [rid for rid, rx in _aliases() if _names(rx, norm)]


LINE_FOLLOWUP_MAX_WORDS = 12  # "en kost dat bellen eigenlijk geld?" is a follow-up; a story is not
# "is die chat dan ook dicht nu? en is dat niet voor kleine kids, ik ben 16" (played round 24, 16
# words) names the line it asks about: a longer follow-up still asks of it
_LINE_NAMED_BACK = compile_pattern(
    r"\b(die|deze|dat|die hele) (chat|chatdienst|lijn|hulplijn|telefoon|kinder ?telefoon|nummer|hulpdienst)\b|"
    r"\bdaar (chat|chatten|bel|bellen)\b",
    where="bot/help_lines.py _LINE_NAMED_BACK",
)
LINE_NAMED_BACK_MAX_WORDS = 25
_BARE_WORDS = 4  # "gratis?", "ook anoniem?": a fact without a word pointing back


def line_pointed_at(
    text: Optional[str], last_reply: Optional[str], asked_before: Optional[str] = None
) -> Optional[str]:
    """The help line a short follow-up asks a fact of ("kost dat geld?", "is dat anoniem?") when
    the bot's last reply named it: the line the user's message before (`asked_before`) named, if
    the reply named it too, else the first line named there. None when the message names a line
    itself (named_line), is long, or asks no fact (blind r15: "kost dat bellen geld?" after a
    line's number got "not in the article")."""
    norm = normalise(text or "")
    names_it_back = bool(_LINE_NAMED_BACK.search(norm))  # "die chat", "dat nummer"
    limit = LINE_NAMED_BACK_MAX_WORDS if names_it_back else LINE_FOLLOWUP_MAX_WORDS
    if not norm or len(norm.split()) > limit or not _ASKS_A_FACT.search(norm):
        return None
    named_here = [rid for rid, rx in _aliases() if rx.search(norm)]
    if named_here:
        # "maar ok kindertelefoon. is die chat ook dicht nu dan?" (played round 31 got an unrelated
        # text): the line is named outside the question sentence and "die chat" points at it
        return named_here[0] if len(named_here) == 1 and names_it_back else None
    if len(norm.split()) > _BARE_WORDS and not _POINTS_BACK.search(norm):
        return None
    reply = normalise(last_reply or "")
    named = [(m.start(), rid, rx) for rid, rx in _aliases() for m in [rx.search(reply)] if m]
    before = normalise(asked_before or "")
    asked = [rid for _, rid, rx in named if rx.search(before)]
    if len(asked) == 1:  # "is de kindertelefoon iets voor haar?" got every line; "tot welke leeftijd?"
        return asked[0]
    in_order = [rid for _, rid, _ in sorted(named, key=lambda n: n[0])]
    # "tot welke leeftijd kan dat?" after a reply naming 112 first and De Kindertelefoon after it:
    # the line the fact belongs to (blind r17 got 112's facts)
    having = [rid for rid in in_order if _has_the_fact(rid, norm)]
    # "wat is daar het nummer van?" after every line, asked about "een plek waar kinderen zelf anoniem
    # kunnen bellen" (blind r41 got 112): the line that has what the message before asked
    fitting = [rid for rid in having if _has_the_fact(rid, before) and _for_children(rid, before)]
    return (fitting or having or in_order or [None])[0]


_ABOUT_CHILDREN = compile_pattern(
    r"\b(kinderen|kind|kids|jongeren|tieners|leerling|leerlingen|pubers)\b",
    where="bot/help_lines.py _ABOUT_CHILDREN",
)


def _for_children(rid: str, norm_question: str) -> bool:
    """Whether a line fits a question about children: one with an age range, when children are named."""
    return not _ABOUT_CHILDREN.search(norm_question) or bool(
        _AGE_RANGE.search(resource(rid).get("for") or "")
    )


_ASKS_AGE = compile_pattern(
    r"\b(leeftijd|hoe oud|vanaf welke|tot welke)\b", where="bot/help_lines.py _ASKS_AGE"
)
_AGE_RANGE = re.compile(r"\d+ tot \d+ jaar")


def _has_the_fact(rid: str, norm_question: str) -> bool:
    """Whether a line has what the follow-up asks: an age range, anonymity or a chat; any line for other facts."""
    res = resource(rid)
    if _ASKS_AGE.search(norm_question):
        return bool(_AGE_RANGE.search(res.get("for") or ""))
    if "anoniem" in norm_question:
        return bool(res.get("anonymous"))
    if re.search(r"\bchat", norm_question):
        return bool(res.get("chat"))
    return True


def service_text(rid: str, now: Optional[datetime] = None) -> str:
    """One line's facts in a few short sentences: number, free, for whom, hours now, anonymous, chat."""
    res = resource(rid)
    phone = phone_text(rid)
    # "112: 112." read oddly (blind r35): a line whose name is its number says it once
    parts = [f"Bel {phone}." if phone == res["name"] else f"{res['name']}: {phone}."]
    if res.get("free") and not res.get("phone_free"):  # else phone_text names the free number
        parts.append("Bellen is gratis.")
    parts.append(f"Voor {res['for']}.")
    phrase = opening_phrase(rid, now)
    parts.append(phrase[0].upper() + phrase[1:] + ".")
    if res.get("anonymous"):
        parts.append("Je hoeft je naam niet te zeggen.")
    if res.get("chat"):
        chat = resource(res["chat"])
        site = chat["website"].removeprefix("https://").removeprefix("www.")
        when = "" if chat.get("open_24_7") else "; de tijden van de chat staan daar"  # not checked by us
        parts.append(f"Liever schrijven? Chatten kan ook, via {site}{when}.")
    return " ".join(parts)


def placeholders() -> Dict[str, str]:
    """Template values for responses: {tel_<id>}, {tel2_<id>}, {naam_<id>}, {uren_<id>}
    (opening hours as words) and {vind_<id>} (how to find a number we cannot give)."""
    values: Dict[str, str] = {}
    for rid, res in help_resources().items():
        values[f"naam_{rid}"] = res["name"]
        values[f"uren_{rid}"] = res["hours"]
        if res.get("phone"):
            values[f"tel_{rid}"] = res["phone"]
        if res.get("phone_free"):
            values[f"tel2_{rid}"] = res["phone_free"]
        if res.get("find_number"):
            values[f"vind_{rid}"] = res["find_number"]
    return values


def fill(template: str) -> str:
    """Fill {tel_…}/{tel2_…}/{naam_…} placeholders; unknown ones are left as they are."""
    values = placeholders()

    class _Keep(dict):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(_Keep(values))


def huisartsenpost_line() -> str:
    """'Bel de huisartsenpost: ...' with how to find its number (there is no one national number)."""
    post = resource("huisartsenpost")
    return f"Bel {post['name']}: {post['find_number']}."


def _professionals(audience: str, age: Optional[str] = None) -> str:
    """Who can judge a worry about a child, on a working day (short names). `age`: 'jong' |
    'schoolkind' | 'volwassen' (bot/conversation.py detect_age); a toddler's parent hears of the
    consultatiebureau first, a school child's of the GGD's jeugdarts."""
    r = help_resources()
    if age == "volwassen":  # a grown-up child: youth care is no longer theirs
        return (
            f"{r['huisarts']['short']}; die kan doorverwijzen naar een psycholoog of de ggz voor volwassenen"
        )
    age = "jong" if audience == "baby" else age
    jeugdarts = r["jeugdarts"].get(f"short_{age}") or r["jeugdarts"]["short"]
    huisarts = r["huisarts"]["short"]
    first, second = (jeugdarts, huisarts) if age == "jong" else (huisarts, jeugdarts)
    return f"{first}, {second} of {r['wijkteam']['short']}"


# "zaterdagnacht", "vanavond", "in het weekend": the question is about a moment the GP is closed,
# whatever the server's clock says (blind r5: fever on a Saturday night, asked on a weekday; blind
# r10: "het is zaterdagavond, onze huisarts is dicht ... waar kan ik nu heen?")
_OUT_OF_HOURS_WORDS = compile_pattern(
    r"\b(\w*nacht\w*|vanavond|avond\w*|weekend\w*|zaterdag\w*|zondag\w*|feestdag\w*|kerst\w*|huisarts is dicht)\b",
    where="bot/help_lines.py _OUT_OF_HOURS_WORDS",
)


def mentions_out_of_hours(text: Optional[str]) -> bool:
    return bool(_OUT_OF_HOURS_WORDS.search(normalise(text or "")))


def urgent_line(audience: str, now: Optional[datetime] = None, out_of_hours: bool = False) -> str:
    """Outside office hours, where to go with what cannot wait ('' in office hours and for school
    staff): what the full help adds once the professionals were named under an earlier answer."""
    if audience == "leerkracht" or audience in CARE_STAFF or (is_office_hours(now) and not out_of_hours):
        return ""
    return f"Zorgen die niet kunnen wachten? {huisartsenpost_line()}"


def referral_line(
    audience: str, now: Optional[datetime] = None, out_of_hours: bool = False, age: Optional[str] = None
) -> str:
    """The full help by the hour (a bubble of its own): who to go to, and outside office
    hours the huisartsenpost. No crisis line: under an ordinary answer (the help answer, a
    verdict request) the alarm number, Zelfmoordpreventie and Veilig Thuis frightened the parents and the
    teacher of played round 3 (issue #16); crisis replies name them, the widget shows
    the alarm and suicide lines at all times.

    `out_of_hours`: the question is about a moment the GP is closed (mentions_out_of_hours).
    `age`: the child's age band ('jong' | 'schoolkind'), when the user said it.
    audience: 'ouder' (default) | 'leerkracht' | 'begeleider' (an IB'er, a care worker) | 'opvang' |
    'volwassene' (an adult about themself) |
    'pleegouder' | 'pleeggrootouder' | 'baby' (parents of a baby or toddler) | 'iedereen'.
    """
    r = help_resources()
    office = is_office_hours(now) and not out_of_hours
    huisarts = r["huisarts"]["name"]

    if audience in CARE_STAFF:  # the IB'er or care worker is the one others consult
        line = (
            f"Zorgen over een kind? Bespreek ze met de ouders. Samen met hen kun je "
            f"{r['wijkteam']['short']} of de jeugdarts van de GGD vragen om mee te denken. "
            f"Een diagnose stelt alleen een professional."
        )
        return line if office else line + " Dat kan op de volgende werkdag."
    if audience == "leerkracht":
        line = (
            f"Zorgen over een leerling? Bespreek ze met {r['intern_begeleider']['name']} "
            f"en met de ouders. Een diagnose stelt alleen een professional."
        )
        if not office:
            line += " Dat kan op de volgende schooldag."
        return line
    if audience == "volwassene":
        if office:
            return (
                f"Wil je dit voor jezelf laten uitzoeken? Begin bij {huisarts}. "
                f"Die kan je doorverwijzen naar een psycholoog of psychotherapeut."
            )
        return (
            f"Wil je dit voor jezelf laten uitzoeken? Op een werkdag helpt {huisarts} je verder. "
            f"Die kan je ook doorverwijzen naar een psycholoog of psychotherapeut. "
            f"Kan het niet wachten? {huisartsenpost_line()}"
        )
    extra = " Bespreek het ook met je pleegzorgbegeleider." if audience in FOSTER_AUDIENCES else ""
    if office:
        return f"Maak je je zorgen? Praat erover met {_professionals(audience, age)}.{extra}"
    # the usual way first, the huisartsenpost after it: opening with it read as "this is urgent"
    # to a parent of a toddler who cries at the school door (played round 29)
    return (
        f"Bespreek je zorgen op een werkdag met {_professionals(audience, age)}.{extra} "
        f"{urgent_line(audience, now, out_of_hours)}"
    )


def answer_referral(audience: str, now: Optional[datetime] = None, age: Optional[str] = None) -> str:
    """The short line under an ordinary knowledge answer: who can judge, and when they are open.

    Never a crisis line (alarm number, Zelfmoordpreventie, Veilig Thuis, Kindertelefoon):
    under an ordinary answer they alarm without need (issue #16). The full help is
    referral_line()."""
    r = help_resources()
    if audience in CARE_STAFF:
        return f"Zorgen over een kind? Denk samen met de ouders en {r['wijkteam']['short']} na over de volgende stap."
    if audience == "leerkracht":
        return (
            f"Zorgen over een leerling? Bespreek ze met {r['intern_begeleider']['short']} en met de ouders."
        )
    # Out of hours no huisartsenpost under an ordinary answer: at night it read as "this is urgent"
    # (played rounds 5, 6, 7 and 10); the full help (referral_line), a medical question and the
    # goodnight name it.
    if audience == "volwassene":
        when = "" if is_office_hours(now) else "op een werkdag "
        return f"Wil je dit voor jezelf laten uitzoeken? Begin {when}bij {r['huisarts']['short']}."
    if is_office_hours(now):
        return f"Zorgen? Alleen een professional kan dat beoordelen: {_professionals(audience, age)}."
    return f"Zorgen? Bespreek ze op een werkdag met {_professionals(audience, age)}."
