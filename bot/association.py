"""The association that puts Hechtwijzer on its website: its name, its own contact for members
and its website, from one settings file, content/association.yml (issue 14).

Not configured (no `name`, the default): nothing about an association is said anywhere; every
function here then returns '' or {}. Configured: the answer on where to find help names the
contact after the professional help (actions/knowledge.py), fitted to its opening hours by the
clock and holiday logic of bot/help_lines.py, and the widget shows the name (GET
/webhooks/rest/association, bot/channels.py). Crisis replies never name it.

No Rasa import: the action server, the Rasa server and the tests all read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Dict, Optional, Tuple

from bot import help_lines
from bot.content import load

WHERE = "content/association.yml"
_CLOCK = re.compile(r"([01]?\d|2[0-3]):[0-5]\d")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_WEBSITE = re.compile(r"https?://[^\s]+")
# A member's phone number as people write it: digits, spaces, dashes, a leading +.
_PHONE = re.compile(r"\+?[\d][\d -]{2,18}\d")
TOP_KEYS = {"name", "website", "contact"}
CONTACT_KEYS = {"name", "phone", "email", "hours", "open_on_holidays"}
_DAYS = {
    **{d: i for i, d in enumerate(help_lines.WEEKDAYS)},
    **{d: i for i, d in enumerate(help_lines.DAY_NAMES)},
}


class SettingsError(ValueError):
    """content/association.yml says something we cannot use; the message says where and how to fix it."""


@dataclass(frozen=True)
class Association:
    name: str
    website: str = ""
    contact: str = ""  # what the members' contact is called, e.g. "de ouderlijn"
    phone: str = ""
    email: str = ""
    hours: Tuple[help_lines.Opening, ...] = ()  # when the phone is answered
    open_on_holidays: bool = False


def _text(raw: Dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):  # unquoted 0301234567 is an octal number to YAML
        raise SettingsError(f'{where}{key}: write it between quotes ("...")')
    return str(value).strip()


def _opening(raw: Any, where: str) -> help_lines.Opening:
    if not isinstance(raw, dict) or set(raw) != {"days", "from", "until"}:
        raise SettingsError(f'{where}: write {{days: [ma, di], from: "09:00", until: "12:00"}}')
    days = raw["days"] if isinstance(raw["days"], list) else [raw["days"]]
    unknown = [d for d in days if str(d).strip().lower() not in _DAYS]
    if unknown or not days:
        raise SettingsError(f"{where}.days: unknown day {unknown} (use {', '.join(help_lines.WEEKDAYS)})")
    clocks = []
    for key in ("from", "until"):
        value = raw[key]
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads an unquoted 12:00 as minutes (720): take it back
            value = f"{value // 60:02d}:{value % 60:02d}"
        value = str(value).strip()
        if not _CLOCK.fullmatch(value):
            raise SettingsError(f'{where}.{key}: write a time as "09:00", not {raw[key]!r}')
        clocks.append(help_lines.parse_clock(value))
    if clocks[0] >= clocks[1]:
        raise SettingsError(f"{where}: 'from' must be before 'until' (within one day)")
    return help_lines.Opening(frozenset(_DAYS[str(d).strip().lower()] for d in days), *clocks)


def parse(raw: Optional[Dict[str, Any]]) -> Optional[Association]:
    """The settings of the file's contents, or None when no association is configured."""
    raw = raw or {}
    if not isinstance(raw, dict):
        raise SettingsError(f"expected the keys {sorted(TOP_KEYS)}")
    if set(raw) - TOP_KEYS:
        raise SettingsError(f"unknown key(s) {sorted(set(raw) - TOP_KEYS)}; known: {sorted(TOP_KEYS)}")
    name = _text(raw, "name", "")
    if not name:
        return None
    website = _text(raw, "website", "")
    if website and not _WEBSITE.fullmatch(website):
        raise SettingsError(f"website: start it with https:// ({website!r})")
    contact = raw.get("contact") or {}
    if not isinstance(contact, dict) or set(contact) - CONTACT_KEYS:
        raise SettingsError(f"contact: the keys are {sorted(CONTACT_KEYS)}")
    phone, email = _text(contact, "phone", "contact."), _text(contact, "email", "contact.")
    if phone and not _PHONE.fullmatch(phone):
        raise SettingsError(f"contact.phone: digits, spaces and dashes only ({phone!r})")
    if email and not _EMAIL.fullmatch(email):
        raise SettingsError(f"contact.email: not an e-mail address ({email!r})")
    hours = contact.get("hours") or []
    if not isinstance(hours, list):
        raise SettingsError("contact.hours: a list of openings, one per line starting with '-'")
    if hours and not phone:
        raise SettingsError("contact.hours: the hours are when the phone is answered; add contact.phone")
    return Association(
        name=name,
        website=website,
        contact=_text(contact, "name", "contact."),
        phone=phone,
        email=email,
        hours=tuple(_opening(h, f"contact.hours[{i}]") for i, h in enumerate(hours)),
        open_on_holidays=bool(contact.get("open_on_holidays", False)),
    )


@lru_cache(maxsize=None)
def settings() -> Optional[Association]:
    """The association of content/association.yml (read once), or None when none is configured."""
    try:
        return parse(load("association"))
    except SettingsError as exc:
        raise SettingsError(f"{WHERE}: {exc}") from None


def contact_line(now: Optional[datetime] = None) -> str:
    """The association's own contact, said after the professional help on where to find help:
    the phone with whether it is open now (or when it opens), the e-mail, the website.
    '' when no association is configured, or it gave no way to reach it."""
    assoc = settings()
    if assoc is None or not (assoc.phone or assoc.email or assoc.website):
        return ""
    who = f"{assoc.contact} van {assoc.name}" if assoc.contact else assoc.name
    parts = [f"Je kunt ook terecht bij {who}."]
    if assoc.phone:
        when = (
            f" ({help_lines.hours_phrase(assoc.hours, now, assoc.open_on_holidays)})" if assoc.hours else ""
        )
        parts.append(f"Bel {assoc.phone}{when}.")
    if assoc.email:
        parts.append(f"{'Of mail' if assoc.phone else 'Mail'} naar {assoc.email}.")
    if assoc.website:
        parts.append(f"Kijk ook op {assoc.website}.")
    return " ".join(parts)


def public_info() -> Dict[str, str]:
    """What the widget may show: the name (and website), or {} when none is configured."""
    assoc = settings()
    if assoc is None:
        return {}
    return {"name": assoc.name, **({"website": assoc.website} if assoc.website else {})}
