"""Help that fits the hour: which service to name, chosen by the Amsterdam clock.

Numbers, names and opening hours come only from content/help_resources.yml.
Every function takes an optional `now` (any aware datetime; naive = Amsterdam time),
so tests can freeze the clock by passing it.

Office hours (weekdays 08:00-17:00): the own huisarts, jeugdarts and wijkteam.
Evening, night and weekend: de huisartsenpost for what cannot wait, and the lines that
are open day and night (alarm number, Zelfmoordpreventie, Veilig Thuis) are named.
"""
from __future__ import annotations

from datetime import datetime, time
from typing import Dict, Optional
from zoneinfo import ZoneInfo

from bot.content import help_resources

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
OFFICE_START, OFFICE_END = 8, 17  # huisarts practices: weekdays 08:00-17:00
EVENING_START, NIGHT_START, NIGHT_END = 17, 23, 7

# resources that keep office hours (weekdays) rather than their own clock times
_OFFICE_RESOURCES = {"huisarts", "jeugdarts", "wijkteam", "juridisch_loket"}


def now_amsterdam() -> datetime:
    return datetime.now(AMSTERDAM)


def _local(now: Optional[datetime]) -> datetime:
    if now is None:
        return now_amsterdam()
    if now.tzinfo is None:
        return now.replace(tzinfo=AMSTERDAM)
    return now.astimezone(AMSTERDAM)


def is_office_hours(now: Optional[datetime] = None) -> bool:
    """Weekday daytime, when the own huisarts, jeugdarts and wijkteam can be reached."""
    now = _local(now)
    return now.weekday() < 5 and OFFICE_START <= now.hour < OFFICE_END


def period(now: Optional[datetime] = None) -> str:
    """'kantoortijd' | 'avond' | 'nacht' | 'weekend' (night wins over weekend)."""
    now = _local(now)
    if now.hour >= NIGHT_START or now.hour < NIGHT_END:
        return "nacht"
    if now.weekday() >= 5:
        return "weekend"
    if is_office_hours(now):
        return "kantoortijd"
    return "avond"


def resource(rid: str) -> Dict:
    return help_resources()[rid]


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _dutch_clock(value: str) -> str:
    return value.replace(":", ".")


def is_open(rid: str, now: Optional[datetime] = None) -> bool:
    """Whether a service can be reached right now (by its hours in the resources file)."""
    res = resource(rid)
    if res.get("open_24_7"):
        return True
    now = _local(now)
    if res.get("open_from") and res.get("open_until"):
        return _clock(res["open_from"]) <= now.time() < _clock(res["open_until"])
    if rid == "huisartsenpost":
        return not is_office_hours(now)
    if rid == "intern_begeleider":
        return now.weekday() < 5 and OFFICE_START <= now.hour < 16
    if rid in _OFFICE_RESOURCES:
        return is_office_hours(now)
    return False


def opening_phrase(rid: str, now: Optional[datetime] = None) -> str:
    """Short Dutch phrase about the opening hours, true for this moment."""
    res = resource(rid)
    if res.get("open_24_7"):
        return "dag en nacht open, ook nu"
    now = _local(now)
    if res.get("open_from") and res.get("open_until"):
        start, end = _dutch_clock(res["open_from"]), _dutch_clock(res["open_until"])
        if is_open(rid, now):
            return f"nu open, tot {end} uur"
        when = "vandaag" if now.time() < _clock(res["open_from"]) else "morgen"
        return f"nu gesloten; {when} weer open vanaf {start} uur (elke dag {start} tot {end} uur)"
    return "nu open" if is_open(rid, now) else f"open {res.get('hours', '')}".strip()


def phone_text(rid: str) -> str:
    """'<phone> of gratis <phone_free>' or just '<phone>' (numbers from the resources file)."""
    res = resource(rid)
    if res.get("phone_free") and res.get("phone"):
        return f"{res['phone']} of gratis {res['phone_free']}"
    return res.get("phone") or ""


def placeholders() -> Dict[str, str]:
    """Template values for responses: {tel_<id>}, {tel2_<id>}, {naam_<id>}."""
    values: Dict[str, str] = {}
    for rid, res in help_resources().items():
        values[f"naam_{rid}"] = res["name"]
        if res.get("phone"):
            values[f"tel_{rid}"] = res["phone"]
        if res.get("phone_free"):
            values[f"tel2_{rid}"] = res["phone_free"]
    return values


def fill(template: str) -> str:
    """Fill {tel_…}/{tel2_…}/{naam_…} placeholders; unknown ones are left as they are."""
    values = placeholders()

    class _Keep(dict):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(_Keep(values))


def urgent_line(now: Optional[datetime] = None) -> str:
    """One line naming the lines that are open day and night (always true, any hour)."""
    r = help_resources()
    return (f"Is er nu gevaar? Bel {r['alarm_112']['phone']}. "
            f"Dag en nacht open: {r['zelfmoordpreventie_113']['name']} "
            f"({phone_text('zelfmoordpreventie_113')}) en "
            f"{r['veilig_thuis']['name']} ({r['veilig_thuis']['phone']}).")


def referral_line(audience: str, now: Optional[datetime] = None) -> str:
    """One line pointing to a professional, right for the audience and the hour.

    audience: 'ouder' (default) | 'leerkracht' | 'volwassene' (an adult about themself) |
    'pleegouder' | 'baby' (parents of a baby or toddler) | 'iedereen'.
    """
    r = help_resources()
    office = is_office_hours(now)
    huisarts, post = r["huisarts"]["name"], r["huisartsenpost"]["name"]
    jeugdarts, wijkteam = r["jeugdarts"]["name"], r["wijkteam"]["name"]

    if audience == "leerkracht":
        line = (f"Zorgen over een leerling? Bespreek ze met {r['intern_begeleider']['name']} "
                f"en met de ouders. Een diagnose stelt alleen een professional.")
        if not office:
            line += " Dat kan op de volgende schooldag. " + urgent_line(now)
        return line
    if audience == "volwassene":
        if office:
            return (f"Wil je dit voor jezelf laten uitzoeken? Begin bij {huisarts}. "
                    f"Die kan je doorverwijzen naar een psycholoog of psychotherapeut.")
        return (f"Wil je dit voor jezelf laten uitzoeken? Op een werkdag helpt {huisarts} je verder, "
                f"ook met een verwijzing naar een psycholoog of psychotherapeut. "
                f"Kan het niet wachten? Bel nu {post}. " + urgent_line(now))
    extra = ""
    if audience == "pleegouder":
        extra = " Bespreek het ook met je pleegzorgbegeleider."
    first = jeugdarts if audience == "baby" else huisarts
    second = huisarts if audience == "baby" else jeugdarts
    if office:
        return (f"Maak je je zorgen? Praat erover met {first}, {second} "
                f"of {wijkteam}.{extra}")
    return (f"Zorgen die niet kunnen wachten? Bel nu {post}. "
            f"Anders kun je op een werkdag terecht bij {first}, {second} "
            f"of {wijkteam}.{extra} " + urgent_line(now))


def answer_referral(audience: str, now: Optional[datetime] = None) -> str:
    """The short referral under a knowledge answer (phone screen): who can judge, by the hour.

    The full help by the hour, with the 24/7 lines, is referral_line()."""
    r = help_resources()
    short = {rid: r[rid]["short"] for rid in ("huisarts", "huisartsenpost", "jeugdarts",
                                              "wijkteam", "intern_begeleider")}
    if audience == "leerkracht":
        return (f"Zorgen over een leerling? Bespreek ze met {short['intern_begeleider']} "
                "en met de ouders. Een diagnose stelt alleen een professional.")
    professionals = f"{short['huisarts']}, {short['jeugdarts']} of {short['wijkteam']}"
    if is_office_hours(now):
        return f"Zorgen over je kind? Alleen een professional kan dat beoordelen: {professionals}."
    return (f"Zorgen die niet kunnen wachten? Bel {short['huisartsenpost']}. Alleen een professional "
            f"kan beoordelen wat je kind nodig heeft: op een werkdag {professionals}. "
            f"Acuut gevaar? Bel {r['alarm_112']['phone']}.")
