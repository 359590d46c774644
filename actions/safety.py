"""Crisis replies, the gentle second offer of help, and answers that refer on instead of diagnosing.

Numbers, names and opening hours come only from content/help_resources.yml (through
bot/help_lines.py). Texts are plain Dutch (B1), no Markdown or HTML.

- action_crisis: the help for the crisis kind(s) FIRST (service + number, free, open now),
  no topic answer; sets crisis_soort and crisis_nazorg=True.
- action_crisis_herinnering: after a "nee" right after a crisis reply: the help once more.
- offer_help_again(): called by every answering action; while crisis_nazorg is True it
  prepends one gentle line with the help and sets crisis_nazorg=False (offered once).
- action_geen_diagnose / action_medisch / action_juridisch: refer on, never judge.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import help_lines
from bot.content import help_resources
from bot.nlp.crisis_guard import KINDS, analyse

# kind -> the resource named first (the one offered again after a "nee")
MAIN_SERVICE = {
    "acuut": "alarm_112",
    "suicide": "zelfmoordpreventie_113",
    "geweld": "veilig_thuis",
    "seksueel": "veilig_thuis",
    "kind": "kindertelefoon",
}

# pattern ids (content/crisis_patterns.yml) where a parent fears hurting their own child
_PARENT_FEAR = ("geweld_ouder_bang", "geweld_ik_sla", "geweld_klap_gegeven",
                "geweld_pak_slaag", "geweld_door_elkaar", "geweld_baby_geschud")
_SHAKEN = ("geweld_door_elkaar", "geweld_baby_geschud")
_TEACHER = re.compile(r"\b(leerling\w*|in mijn klas|in (de|mijn) groep|klasgeno\w*|ouders van|"
                      r"als (leerkracht|juf|meester|docent|mentor|leraar|lerares)|"
                      r"ik ben (leerkracht|juf|meester|docent|mentor|leraar|lerares|intern begeleider)|"
                      r"mijn (klas|groep \d|leerling\w*)|ib ?er|onderwijs)\b")
_ABOUT_CHILD = re.compile(r"\b(zoon|zoontje|dochter\w*|kind\w*|pleeg\w+|stief\w+|baby|puber|tiener|"
                          r"leerling\w*|nichtje|neefje|kleinkind\w*|broertje|zusje)\b")
_ADULT_SELF = re.compile(r"\b(ben ik (zelf |nou |dan |misschien |gewoon )*(onveilig|vermijdend|angstig|"
                         r"ambivalent|gedesorganiseerd|gedesorienteerd|gehecht|hechtings)\w*|"
                         r"heb ik (zelf |nou |dan |misschien )*(rad|adhd|autisme|een hechting\w*)|"
                         r"mijzelf|mezelf|bij mij zelf|mijn eigen hechting|als volwassene|"
                         r"mijn relaties|ik ben \d\d jaar|ik ben [2-9]\d\b)\b")
_FOSTER = re.compile(r"\bpleeg\w*")
_BABY = re.compile(r"\b(baby\w*|zuigeling|pasgebor\w*|\d+ ?(mnd|maanden|maand|weken)|peuter\w*|dreumes\w*)\b")
_INSIST = re.compile(r"\b(eerlijk|ja of nee|zeg het (nou|nu|maar|gewoon)|gewoon zeggen|wees eerlijk|"
                     r"kan het hebben|heeft (hij|ze|zij) het (nou )?of niet)\b")


def _plain(text: Any) -> str:
    """Lowercase, accents and apostrophes removed, signs to spaces (no letter collapsing)."""
    text = unicodedata.normalize("NFKD", text if isinstance(text, str) else "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’‘`´]", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _now(now: Optional[datetime]) -> datetime:
    return now or help_lines.now_amsterdam()


def _res(rid: str) -> Dict[str, Any]:
    return help_resources()[rid]


# ------------------------------------------------------------------ crisis kinds
def crisis_info(tracker: Tracker) -> Dict[str, Any]:
    """Kinds (priority order), child flag and pattern ids for the latest user message."""
    latest = tracker.latest_message or {}
    intent = (latest.get("intent") or {}).get("name") or ""
    guard = latest.get("crisis_guard") or {}
    text = latest.get("text") or ""
    kinds = list(guard.get("kinds") or ([guard["kind"]] if guard.get("kind") else []))
    patterns = list(guard.get("patterns") or ([guard["pattern"]] if guard.get("pattern") else []))
    child = bool(guard.get("child"))
    if not guard and text:  # the classifier alone saw a crisis: ask the patterns too
        finding = analyse(text)
        kinds, patterns, child = list(finding.kinds), list(finding.patterns), finding.child
    if intent.startswith("crisis_") and intent[len("crisis_"):] in KINDS:
        kinds.append(intent[len("crisis_"):])
    if child and kinds and "kind" not in kinds:
        kinds.append("kind")
    kinds = [k for k in KINDS if k in kinds]
    if not kinds:
        kinds = ["suicide"] if "suicide" in intent else []
    return {"kinds": kinds, "child": child, "patterns": [p for p in patterns if p],
            "text": text}


def _kindertelefoon_line(now: datetime, child: bool) -> str:
    kt = _res("kindertelefoon")
    you = "je" if child else "een kind of tiener"
    if help_lines.is_open("kindertelefoon", now):
        return (f"Bel {kt['name']}: {kt['phone']}. Gratis, voor kinderen en jongeren van 8 tot 18 jaar. "
                f"Ze zijn {help_lines.opening_phrase('kindertelefoon', now)}.")
    return (f"{kt['name']} ({kt['phone']}, gratis, voor 8 tot 18 jaar) is "
            f"{help_lines.opening_phrase('kindertelefoon', now)}. "
            f"Wil {you} nu praten? Dat kan dag en nacht bij "
            f"{_res('zelfmoordpreventie_113')['name']}: gratis "
            f"{_res('zelfmoordpreventie_113')['phone_free']}, als het gaat om niet meer willen leven, "
            f"of bij {_res('veilig_thuis')['name']}: {_res('veilig_thuis')['phone']}, "
            f"als het thuis niet veilig is.")


def crisis_text(kinds: List[str], child: bool = False, patterns: Optional[List[str]] = None,
                text: str = "", now: Optional[datetime] = None) -> str:
    """The crisis reply: help first, warm, short; nothing about the topic."""
    now = _now(now)
    patterns = patterns or []
    norm = _plain(text)
    about_child = not child and bool(_ABOUT_CHILD.search(norm))
    r112, r113 = _res("alarm_112"), _res("zelfmoordpreventie_113")
    vt, pol = _res("veilig_thuis"), _res("politie")
    parts: List[str] = []
    danger_named = False

    for kind in kinds:
        if kind == "acuut":
            parts.append(f"Bel nu meteen {r112['phone']}. Dat is gratis en dag en nacht open. "
                         f"Zeg wat er gebeurt en waar je bent. Blijf in de buurt als dat veilig is.")
            danger_named = True
        elif kind == "suicide":
            lead = "Bel ook" if parts else "Bel"
            parts.append(f"{lead} {r113['name']}: {help_lines.phone_text('zelfmoordpreventie_113')}. "
                         f"Ze zijn {help_lines.opening_phrase('zelfmoordpreventie_113', now)}.")
            if about_child:
                parts.append("Je kunt daar ook terecht als je je zorgen maakt om je kind.")
        elif kind in ("geweld", "seksueel") and not any(vt["phone"] in p for p in parts):
            lead = "Bel ook" if parts else "Bel"
            parts.append(f"{lead} {vt['name']}: {vt['phone']}. Gratis en "
                         f"{help_lines.opening_phrase('veilig_thuis', now)}.")
            if kind == "geweld" and any(p.startswith(_PARENT_FEAR) for p in patterns):
                parts.append("Ook als je bang bent dat jij je kind iets aandoet, kun je daar terecht. "
                             "Hulp vragen is een sterke stap.")
            if any(p.startswith(_SHAKEN) for p in patterns):
                parts.append(f"Is een baby door elkaar geschud? Bel dan meteen {r112['phone']}, "
                             f"ook als je niets aan hem of haar ziet.")
                danger_named = True
            if _TEACHER.search(norm):
                parts.append("Als leerkracht volg je ook de meldcode van je school, "
                             "samen met de intern begeleider.")
        if kind == "seksueel":
            parts.append(f"Melden of aangifte doen kan bij de politie: {pol['phone']}.")
        if kind == "kind":
            parts.append(_kindertelefoon_line(now, child))

    if not danger_named:
        parts.append(f"Is er nu direct gevaar? Bel {r112['phone']}.")
    if child:
        parts.append("Fijn dat je dit vertelt. Het is nooit jouw schuld. "
                     "Praat er ook over met een volwassene die je vertrouwt.")
    else:
        parts.append("Goed dat je dit vertelt. Je hoeft dit niet alleen te dragen.")
    return " ".join(parts)


def reminder_text(kind: Optional[str], now: Optional[datetime] = None, first_line: bool = False) -> str:
    """One gentle line that names the help again."""
    now = _now(now)
    rid = MAIN_SERVICE.get(kind or "", "zelfmoordpreventie_113")
    res = _res(rid)
    if rid == "alarm_112":
        core = f"bij gevaar kun je altijd {res['phone']} bellen, dag en nacht"
    else:
        core = (f"{res['name']} is er voor je: {help_lines.phone_text(rid)}, "
                f"{help_lines.opening_phrase(rid, now)}")
        if rid == "kindertelefoon" and not help_lines.is_open(rid, now):
            core += (f". Gaat het om niet meer willen leven? {_res('zelfmoordpreventie_113')['name']}"
                     f" is dag en nacht open: gratis {_res('zelfmoordpreventie_113')['phone_free']}")
    if first_line:
        return f"Nog even dit: {core}."
    return f"Dat is goed, je hoeft niets. Ik zeg het nog één keer: {core}. Bellen mag altijd, ook later."


def offer_help_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """After a crisis reply, offer the help once more (gently) and return the slot events.

    Called by every answering action; does nothing when no crisis reply is pending.
    """
    if tracker.get_slot("crisis_nazorg") is not True:
        return []
    dispatcher.utter_message(text=reminder_text(tracker.get_slot("crisis_soort"), first_line=True))
    return [SlotSet("crisis_nazorg", False)]


class ActionCrisis(Action):
    def name(self) -> Text:
        return "action_crisis"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        info = crisis_info(tracker)
        kinds = info["kinds"] or ["suicide"]
        dispatcher.utter_message(text=crisis_text(kinds, info["child"], info["patterns"],
                                                  info["text"]))
        return [SlotSet("crisis_soort", kinds[0]), SlotSet("crisis_nazorg", True)]


class ActionCrisisHerinnering(Action):
    def name(self) -> Text:
        return "action_crisis_herinnering"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if tracker.get_slot("crisis_nazorg") is not True:  # already offered again once
            dispatcher.utter_message(text="Dat is goed. Als je nog iets wilt vragen, kan dat altijd.")
            return []
        dispatcher.utter_message(text=reminder_text(tracker.get_slot("crisis_soort")))
        return [SlotSet("crisis_nazorg", False)]


# ------------------------------------------------------------------ never a diagnosis
def audience_of(text: str) -> str:
    """'leerkracht' | 'volwassene' | 'pleegouder' | 'baby' | 'ouder' from the message text."""
    norm = _plain(text)
    if _TEACHER.search(norm):
        return "leerkracht"
    if _ADULT_SELF.search(norm) and not _ABOUT_CHILD.search(norm):
        return "volwassene"
    if _FOSTER.search(norm):
        return "pleegouder"
    if _BABY.search(norm):
        return "baby"
    return "ouder"


_EMPATHY = {
    "ouder": "Ik hoor dat je je zorgen maakt. Het is goed dat je er vragen over stelt.",
    "baby": "Je let goed op je kindje, en dat je je zorgen maakt, laat zien hoe betrokken je bent.",
    "pleegouder": "Wat fijn dat je zo goed op je pleegkind let. Een nieuw thuis is voor een kind veel.",
    "leerkracht": "Fijn dat je zo op je leerling let. Zorgen over een kind in de klas kunnen veel vragen.",
    "volwassene": "Dank je dat je dit deelt. Het is moedig om zo naar jezelf te kijken.",
}
_SIGNALS = {
    "child": ("Een deskundige kijkt onder meer of een kind troost zoekt bij een vaste volwassene, "
              "of het om hulp durft te vragen, of het rustig op ontdekking gaat en dan af en toe "
              "contact zoekt, hoe het reageert als jullie na een tijd weer samen zijn, en hoe het "
              "met vreemden omgaat. Ook andere oorzaken worden bekeken, zoals zien, horen, "
              "gezondheid of stress."),
    "baby": ("Bij een baby kijkt een deskundige onder meer naar oogcontact, of je kindje zich "
             "laat troosten en hoe het reageert als je weer bij hem of haar komt. Ook zien, horen "
             "en gezondheid worden nagekeken."),
    "volwassene": ("Bij volwassenen kijkt een psycholoog bijvoorbeeld naar hoe je steun zoekt, "
                   "hoe je relaties lopen en wat je vroeger hebt meegemaakt."),
}


def diagnosis_bubbles(text: str, now: Optional[datetime] = None) -> List[str]:
    """The answer to a verdict request in three short messages (a phone screen each):
    why the bot cannot judge, what a professional looks at, where to go now."""
    now = _now(now)
    audience = audience_of(text)
    norm = _plain(text)
    first = [_EMPATHY[audience]]
    if _INSIST.search(norm):
        first.append("Ik snap dat je graag een duidelijk antwoord wilt. Eerlijk is: dat kan ik niet geven.")
    if audience == "volwassene":
        first.append("Of en hoe jouw hechting een rol speelt, dat kan ik niet beoordelen. "
                     "Dat kan alleen een professional, na gesprekken en onderzoek.")
        signals = _SIGNALS["volwassene"]
    else:
        first.append("Of het om een hechtingsprobleem gaat of om iets anders, dat kan ik niet "
                     "beoordelen. Een diagnose stelt alleen een professional, na onderzoek.")
        signals = _SIGNALS["baby" if audience == "baby" else "child"]
    return [" ".join(first), signals, help_lines.referral_line(audience, now)]


def diagnosis_text(text: str, now: Optional[datetime] = None) -> str:
    return " ".join(diagnosis_bubbles(text, now))


class ActionGeenDiagnose(Action):
    def name(self) -> Text:
        return "action_geen_diagnose"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        events = offer_help_again(dispatcher, tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        for bubble in diagnosis_bubbles(text):
            dispatcher.utter_message(text=bubble)
        return events


def medical_text(now: Optional[datetime] = None) -> str:
    now = _now(now)
    r = help_resources()
    parts = ["Over medicijnen, de dosis of bijwerkingen kan ik geen advies geven. "
             "Dat hoort bij iemand die je kind kent.",
             f"Vraag het aan de arts die het middel voorschrijft (de behandelaar), aan "
             f"{r['huisarts']['name']} of aan je apotheker."]
    if not help_lines.is_office_hours(now):
        parts.append(f"Is het dringend? Bel nu {r['huisartsenpost']['name']}.")
    parts.append(f"Heeft je kind te veel ingenomen en gaat het niet goed? Bel {r['alarm_112']['phone']}.")
    return " ".join(parts)


class ActionMedisch(Action):
    def name(self) -> Text:
        return "action_medisch"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        events = offer_help_again(dispatcher, tracker)
        dispatcher.utter_message(text=medical_text())
        return events


def legal_text(now: Optional[datetime] = None) -> str:
    now = _now(now)
    jl, wt = _res("juridisch_loket"), _res("wijkteam")
    site = (jl.get("website") or "").replace("https://", "")
    open_now = "nu open" if help_lines.is_open("juridisch_loket", now) else "bereikbaar op werkdagen"
    return (f"Over gezag, omgang of wat je tegen de rechter zegt, kan ik geen advies geven. "
            f"{jl['name']} geeft gratis juridisch advies: bel {jl['phone']} ({open_now})"
            f"{' of kijk op ' + site if site else ''}. "
            f"Je kunt ook een advocaat of een mediator inschakelen. "
            f"Gaat het om hoe de kinderen zich voelen tijdens of na een scheiding? "
            f"Dan kan {wt['name']} helpen.")


class ActionJuridisch(Action):
    def name(self) -> Text:
        return "action_juridisch"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        events = offer_help_again(dispatcher, tracker)
        dispatcher.utter_message(text=legal_text())
        return events
