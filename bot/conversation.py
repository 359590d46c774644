"""What Hechtwijzer keeps of a conversation, as pure text logic (no Rasa; the actions wrap it).

- who is asking (parent, foster or adoptive parent, grandparent, teacher, young person, adult
  about themself) and whether the child is a girl or a boy, from the words of a message;
- the texts built around the article's answers for that person: the referral under the first
  answer, one short line later, the goodnight line, the closing wish (content/conversation.yml);
- what was said already: answers are not repeated unless asked, the next best answer instead.

Services and their numbers come only from content/help_resources.yml (through bot/help_lines.py).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Pattern, Sequence, Tuple

from bot import help_lines
from bot.content import help_resources, load
from bot.nlp.text_patterns import compile_pattern, normalise, normalise_sentences

WHERE = "content/conversation.yml"
# Markers in the memory slot beside the response names of what was said.
REFERRAL = "verwijzing"  # the referral under an answer was given (once per conversation)
SHORT_LINE = "korte_verwijzing"  # the short line after it was given (also once: played round 6)
NIGHT_LINE = "nachtlijn"  # a goodnight named the night help
ENGLISH_NOTE = "engels"  # the note that Hechtwijzer answers in Dutch was given
SELF_CARE = "zelfzorg"  # an exhausted parent heard of help for themself
RESTATED = "herhaald:"  # + answer key: a follow-up got that answer once more
VERDICT_DECLINED = "geen_oordeel"  # the reply to a verdict request was given (the next one is short)
FEELING = "gevoel:"  # + kind: a feeling the user named was acknowledged (once per kind)
REASSURED = "gerustgesteld"  # a frightened user heard that risks are no certainties
REPHRASE_ASKED = "anders_gevraagd"  # the user was asked once to put a missed question in other words
UNKNOWN_GENDER = "onbekend"
# whose "dochter" or "zoon" is the child's parent, not the child
GRANDPARENTS = ("grootouder", "pleeggrootouder")


def spec() -> Dict[str, Any]:
    return load("conversation")


# ------------------------------------------------------------------ patterns
@lru_cache(maxsize=None)
def _audience_patterns() -> List[Tuple[str, List[Pattern], List[Pattern]]]:
    """(audience, its patterns, its weak patterns) in the order of content/conversation.yml."""

    def compiled(name: str, entry: Dict[str, Any], field: str) -> List[Pattern]:
        return [compile_pattern(p, where=f"{WHERE} audiences.{name}.{field}") for p in entry.get(field) or []]

    return [
        (name, compiled(name, entry, "patterns"), compiled(name, entry, "weak_patterns"))
        for name, entry in spec()["audiences"].items()
    ]


@lru_cache(maxsize=None)
def _pattern(name: str) -> Pattern:
    return compile_pattern(spec()[name], where=f"{WHERE} {name}")


@lru_cache(maxsize=None)
def _gender_patterns() -> Dict[str, Tuple[List[Pattern], Pattern]]:
    parent = spec()["parent_words"]
    return {
        gender: (
            [compile_pattern(p, where=f"{WHERE} gender.{gender}") for p in patterns],
            compile_pattern(parent[gender], where=f"{WHERE} parent_words.{gender}"),
        )
        for gender, patterns in spec()["gender"].items()
    }


def _matches(name: str, text: Any) -> bool:
    return bool(_pattern(name).search(normalise(text)))


def detect_audience(text: Any, current: Optional[str] = None) -> Optional[str]:
    """Who is asking after this message: the first audience whose own words it contains
    ("ik ben de juf", "ik ben zijn vader"), else `current`.

    Weak words (a parent's "mijn dochter", "het pleegkind") only fill an empty slot: a
    grandparent also writes "mijn dochter", a teacher "het pleegkind"."""
    norm = normalise(text)
    if current == "leerkracht" and _pattern("not_a_teacher").search(norm):
        current = None  # "ik ben geen leerkracht hoor" (played round 41): whoever they are, not that
    if current == "ouder" and _pattern("not_a_parent").search(norm):
        current = None  # "ik heb nog steeds geen kind hoor" (played round 43)
    for name, patterns, _ in _audience_patterns():
        if any(p.search(norm) for p in patterns):
            # a foster mother's "als moeder", a placed grandchild's grandfather's "als opa" (`stays`)
            return current if name in (spec()["stays"].get(current) or []) else name
    if current:
        return current
    for name, _, weak in _audience_patterns():
        if any(p.search(norm) for p in weak):
            return name
    return None


_ZO_N = re.compile(r"\bzo\s?['’`´]?\s?n\b", re.IGNORECASE)


def detect_gender(text: Any, audience: Optional[str] = None, current: Optional[str] = None) -> Optional[str]:
    """'meisje' | 'jongen' when the message says so, else `current`.

    A grandparent's "dochter" or "zoon" is the child's parent, so only their other words count."""
    # "zo'n" would read as "zoon" once the apostrophe goes and doubled letters collapse
    norm = normalise(_ZO_N.sub("zo een", str(text or "")))
    # "het gaat om mijn dochter, niet mijn zoon"; "ik heb ook een zoontje van 2" (a sibling)
    norm = _pattern("not_this_child").sub(" ", norm)
    if current:
        norm = _pattern("sibling").sub(" ", norm)
    # a grandparent, also one raising grandchildren as foster parent, says "onze dochter" of the mother
    grandparent = audience in GRANDPARENTS or any(
        p.search(norm) for name, patterns, _ in _audience_patterns() if name == "grootouder" for p in patterns
    )
    found = []
    for gender, (patterns, parent_word) in _gender_patterns().items():
        if any(p.search(norm) for p in patterns) or (not grandparent and parent_word.search(norm)):
            found.append(gender)
    return found[0] if len(found) == 1 else current


@lru_cache(maxsize=None)
def _age_patterns(kind: str = "age") -> Dict[str, List[Pattern]]:
    return {
        band: [compile_pattern(p, where=f"{WHERE} {kind}.{band}") for p in patterns]
        for band, patterns in spec()[kind].items()
    }


def _bands(norm: str, kind: str) -> List[str]:
    return [band for band, patterns in _age_patterns(kind).items() if any(p.search(norm) for p in patterns)]


def detect_age(text: Any, current: Optional[str] = None, audience: Optional[str] = None) -> Optional[str]:
    """'jong' (0 to 3) | 'schoolkind' (4 to 18) | 'volwassen' when the message says how old the child is,
    else `current`. Referrals follow it: the consultatiebureau for a toddler, the GGD's
    jeugdarts for a school child (bot/help_lines.py _professionals)."""
    norm = normalise(text)
    if current:  # "ik heb ook een zoontje van 2": a brother or sister
        norm = _pattern("sibling").sub(" ", norm)
    if audience in GRANDPARENTS:  # "mijn dochter, een volwassen vrouw" is the mother
        norm = _pattern("grandparent_parent").sub(" ", norm)
    found = _bands(norm, "age") or ([] if current else _bands(norm, "age_weak"))
    return found[0] if len(found) == 1 else current


def asks_for_the_parents(text: Any) -> bool:
    """A teacher asks what to pass on to the parents ("kan ik de ouders iets meegeven wat thuis helpt?")."""
    return _matches("for_the_parents", text)


def asks_what_a_parent_can_do(text: Any) -> bool:
    """A young person asks what their mother or father could do ("wat kan mn moeder doen als ik
    boos word?", "ik vraag het voor mn moeder"): the parents' tips, to show them (played round 30)."""
    return _matches("parent_can_do", text)


def young_person_texts_for(text: Any) -> List[str]:
    """The texts written to young people that answer what they ask about themself, by their words
    (content/conversation.yml young_person_texts), in that file's order."""
    norm = normalise(text)
    return [key for key, pattern in _young_texts() if pattern.search(norm)]


@lru_cache(maxsize=None)
def _young_texts() -> List[Tuple[str, Pattern]]:
    return [
        (key, compile_pattern(regex, where=f"{WHERE} young_person_texts.{key}"))
        for key, regex in (spec().get("young_person_texts") or {}).items()
    ]


@lru_cache(maxsize=None)
def _english_words() -> Tuple[int, frozenset, frozenset]:
    rules = load("language")["english_message"]
    return int(rules["min_words"]), frozenset(rules["english"]), frozenset(rules["dutch"])


def writes_english(text: Any) -> bool:
    """The message is written in English (content/language.yml english_message)."""
    if not isinstance(text, str):
        return False
    least, english, dutch = _english_words()
    words = re.findall(r"[a-z]+", text.lower())
    en = sum(w in english for w in words)
    return en >= least and en > 2 * sum(w in dutch for w in words)


_NO_SCHOOL = compile_pattern(
    r"\b(geen|niet over|niet op|niks met|niets met) (de |een )?(school|klas|juf|meester|leerkracht)\w*\b",
    where="bot/conversation.py _NO_SCHOOL",
)


def mentions_school(text: Any) -> bool:
    """The message is about school or daycare ("wat kan de juf doen?"); not when it says school is not
    in it (played round 37: "Waar heb je het over, juf? Er is geen school bij betrokken" got school advice)."""
    return _matches("school_words", _NO_SCHOOL.sub(" ", normalise(text)))


def asks_repeat(text: Any) -> bool:
    """The user asks for the same again ("kun je dat nog een keer zeggen?")."""
    return _matches("repeat", text)


def is_expecting(texts: Iterable[Any]) -> bool:
    """The person asking is pregnant or a parent-to-be, by any of their messages."""
    return any(_matches("expecting", text) for text in texts)


def sounds_exhausted(text: Any) -> bool:
    """A parent says they are worn out themselves ("ik ben zelf helemaal op")."""
    return _matches("exhausted", text)


def is_goodnight(text: Any) -> bool:
    return _matches("goodnight", text)


def wishes_goodnight(text: Any) -> bool:
    """The user says goodnight themself ("welterusten alvast", "ik ga slapen"), not "naar bed"
    about a child."""
    return _matches("goodnight_wish", text)


def says_goodbye(text: Any) -> bool:
    """A thanks that also takes leave ("ok bedankt, doei")."""
    return _matches("goodbye", text) or is_goodnight(text)


def takes_leave(text: Any) -> bool:
    """The message ends with thanks and a goodbye, or with a farewell alone, and asks nothing
    ("... praten over VIPP. Bedankt en fijne avond nog."): whatever else it names, it closes
    the conversation."""
    raw = str(text or "")
    # a question asks on; a word echoed in surprise ("Borderline?? ... goedenacht", played round 47) does not
    if any("?" in part and len(part.split()) > 2 for part in _RAW_SENTENCE.findall(raw)):
        return False
    sentences = [s for s in normalise_sentences(raw) if s]
    if sentences and _pattern("farewell").fullmatch(sentences[-1].strip()):
        return True  # "ik ben de vader niet de juf. laat maar. tim scoort net. doei"
    if len(sentences) >= 2 and _pattern("closing_greeting").fullmatch(sentences[-1].strip()):
        return True  # "... het misschien met mijn vrouw bespreken. Goedenavond." (played round 15)
    last = " ".join(sentences[-2:])  # "top, dank je. doei"
    return bool(last) and _matches("thanks", last) and says_goodbye(last)


def only_thanks(text: Any) -> bool:
    """The message ends with thanks and asks nothing ("Helder. Bedankt, dit helpt me voor het
    overleg.", played round 11: read as a new question and answered "not in the article")."""
    raw = str(text or "")
    sentences = [s for s in normalise_sentences(raw) if s]
    # short ones ("nee dank je", "top, dank je") are left to the classifier: they are thanks or no
    return (
        "?" not in raw
        and len(raw.split()) >= spec()["question_min_words"]
        and bool(sentences)
        and _matches("thanks", sentences[-1])
    )


def says_more(text: Any) -> bool:
    """More than a bare yes or no: a question, or a statement of its own ("nee ik heb geen
    kindje, ik bedoel mezelf. ik duw iedereen weg", played round 6)."""
    return asks_a_question(text) or len(str(text or "").split()) >= spec()["statement_min_words"]


def asks_a_question(text: Any) -> bool:
    """More than a bare yes or no: the message also asks something ("nee, maar hoe ...?")."""
    raw = str(text or "")
    return len(raw.split()) >= spec()["question_min_words"] and ("?" in raw or _matches("question", text))


def asks_to_tell_foster_worker(text: Any) -> bool:
    """A question whether to tell the foster-care worker ("moet ik dit aan de pleegzorgwerker vertellen?")."""
    return "?" in str(text or "") and _matches("tells_foster_worker", text)


def asks_help_for_oneself(text: Any) -> bool:
    """A parent asks about help for themself, not for the child ("voor mezelf", "het gaat om mij")."""
    return _matches("help_for_oneself", text)


def asks_about_help(text: Any) -> bool:
    """The message asks about help or someone to talk to ("is dat echt anoniem?")."""
    return _matches("help_words", text)


def asks_for_crisis_lines(text: Any) -> bool:
    """The message asks something the list of crisis lines answers: help, a number, urgency, the night."""
    return _matches("help_words", text) or _matches("crisis_line_words", text)


def announces_a_question(text: Any) -> bool:
    """The message only says a question is coming ("Ik heb een vraag.", "Ik zou graag uw advies
    willen vragen over het volgende."): no question mark, and its last sentence announces one."""
    raw = str(text or "")
    sentences = [s.strip() for s in normalise_sentences(raw) if s.strip()]
    return "?" not in raw and bool(sentences) and bool(_pattern("announces").search(sentences[-1]))


def asks_what_to_do(text: Any) -> bool:
    """The message asks what to do ("wat kan ik doen?", "hoe reageer ik dan?"; followups.yml how_to)."""
    return any(_how_to().search(s) for s in normalise_sentences(text))


@lru_cache(maxsize=None)
def _how_to() -> Pattern:
    return compile_pattern(load("followups")["how_to"], where="followups.yml how_to")


def says_missed(text: Any) -> bool:
    """The user says the last answer missed their question ("daar heb ik niks aan", "dat zei je
    net al", "mijn vraag was: ...")."""
    return _matches("missed", text)


_RAW_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def disputes_last_answer(text: Any) -> bool:
    """The user disagrees with the answer just given before asking on: a sentence, not the last
    and no question, of at least `disputes_min_words` words with "maar" among its first four
    ("Dank u. Maar dat is een lijst voor de dokters."); or a first sentence of at most that many
    words ending in "??" ("als een keten?? dus het gaat sowieso door")."""
    raw = str(text or "")
    sentences = [m.group(0).strip() for m in _RAW_SENTENCE.finditer(raw) if m.group(0).strip()]
    minimum = spec()["disputes_min_words"]
    for i, sentence in enumerate(sentences[:-1]):
        words = normalise(sentence)
        size = len(words.split())
        if not sentence.endswith("?") and size >= minimum and _pattern("disputes").search(words):
            return True
        if i == 0 and sentence.endswith("??") and size <= minimum:
            return True
    return False


def worried_tonight(texts: Iterable[Any]) -> bool:
    """Someone kept up by worry ("ik lig er wakker van", "ik ben helemaal op", "nu ben ik bang"):
    only their goodnight names the night help."""
    worry = [_pattern(name) for name in ("night_worry", "exhausted", "frightened")]
    return any(p.search(norm) for norm in map(normalise, texts) for p in worry)


def sounds_frightened(text: Any) -> bool:
    """The last answer frightened the user ("ik ben nu bang", "dat maakt me niet geruster")."""
    return _matches("frightened", text)


def without_pushback(text: str) -> str:
    """The message without the words that say the last answer missed the question (a
    sentence that keeps fewer than `question_min_words` goes whole), when at least three words remain:
    the classifier and the crisis detector read the question, not the complaint
    (played round 37: "ok maar dat beantwoord niet echt mijn vraag.. ik wil weten of die eerste
    weken in de couveuse ..." and "dat zei je al. ... wat zeg ik tegen die ouders?" both got the
    day-care answer; the question alone gets preverbal trauma)."""
    kept, changed = [], False
    for sentence in (m.group(0).strip() for m in _RAW_SENTENCE.finditer(text or "")):
        # only the words that say the answer missed: fright ("nu word ik bang") is part of what the person
        # tells, and a crisis message may end on it ("ik heb net 30 paracetamol genomen. nu word ik bang")
        words = _without_match(sentence.split(), _pattern("missed"))
        if len(words) == len(sentence.split()):
            kept.append(sentence)
            continue
        changed = True
        if len(words) >= spec()["question_min_words"]:
            kept.append(" ".join(words))  # "ik vroeg of die eerste weken ...": the question stays
    rest = " ".join(kept)
    return rest if changed and len(rest.split()) >= 3 else text


def _without_match(words: List[str], pattern: Pattern) -> List[str]:
    """The words (as written) without the first run that `pattern` matches in normalised form."""
    norms = [normalise(w) for w in words]
    match = pattern.search(" ".join(n for n in norms if n))
    if not match:
        return words
    wanted = match.group(0).split()
    for start in range(len(words)):
        got, end = [], start
        while end < len(words) and len(got) < len(wanted):
            got += norms[end].split()
            end += 1
        if got == wanted:
            return words[:start] + words[end:]
    return words


def asks_besides_pushback(text: Any) -> bool:
    """Besides saying the last answer missed or frightened them, the message asks something
    ("Dat zei je net al. Concreet: onder tafel laten of niet?"; "dat is niet wat ik vroeg" does not)."""
    rest = _pattern("frightened").sub(" ", _pattern("missed").sub(" ", normalise(text)))
    return len(rest.split()) >= spec()["question_min_words"] and (
        "?" in str(text or "") or bool(_pattern("question").search(rest))
    )


@lru_cache(maxsize=None)
def _age_in_message() -> Pattern:
    return compile_pattern(spec()["emotional_age"]["age"], where=f"{WHERE} emotional_age")


def emotional_age_line(text: Any) -> Optional[str]:
    """De Jong's rule of thumb (about two thirds off) for the first age in the message, or None."""
    rule = spec()["emotional_age"]
    for match in _age_in_message().finditer(normalise(text)):
        age = int(next(g for g in match.groups() if g and g.isdigit()))
        if rule["min"] <= age <= rule["max"]:
            return rule["line"].format(leeftijd=age, jonger=round(age / 3))
    return None


def asks_why_said(text: Any) -> bool:
    """The user asks why Hechtwijzer said that ("waarom zeg je dat?"), not why the child does it."""
    return _matches("why_said", text)


# ------------------------------------------------------------------ the person asking
def profile(audience: Optional[str]) -> Dict[str, Any]:
    """The entry of content/conversation.yml for this audience (`unknown` when nobody said)."""
    return spec()["audiences"].get(audience or "", spec()["unknown"])


def allowed_buttons(audience: Optional[str]) -> List[str]:
    return list(profile(audience).get("buttons") or [])


def tip_theme(audience: Optional[str], answer_audience: Optional[str]) -> Optional[str]:
    """'ouder' | 'leerkracht' tip series for this person, or None (no tips for them)."""
    if audience in spec()["audiences"]:
        return profile(audience).get("tips")
    return "leerkracht" if answer_audience == "leerkracht" else "ouder"


def child_words(audience: Optional[str], gender: Optional[str]) -> Dict[str, str]:
    """{kind}: the child as named to this person; {ze}: its pronoun."""
    names = profile(audience).get("child") or spec()["unknown"]["child"]
    gender = gender if gender in names else UNKNOWN_GENDER
    return {"kind": names[gender], "ze": spec()["pronouns"][gender]}


_YOUR_CHILD = re.compile(r"\b([Jj])e kind\b(?!['’]s)")


def name_the_child(text: str, audience: Optional[str]) -> str:
    """ "je kind" as this person names the child: "je kleinkind" for a grandparent, "je pleegkind" for a
    foster parent (names_the_child); the text as it is for everyone else."""
    if not text or audience not in (spec().get("names_the_child") or []):
        return text
    word = profile(audience)["child"][UNKNOWN_GENDER].split(" ", 1)[1]
    return _YOUR_CHILD.sub(lambda m: f"{m.group(1)}e {word}", text)


def _values(audience: Optional[str], gender: Optional[str], now: Optional[datetime]) -> Dict[str, str]:
    values = dict(help_lines.placeholders())
    for rid, res in help_resources().items():
        values[rid] = res.get("short") or res["name"]
        if res.get("website"):
            values[f"web_{rid}"] = re.sub(r"^https?://(www\.)?", "", res["website"]).rstrip("/")
        values[f"open_{rid}"] = help_lines.opening_phrase(rid, now)
        values[f"hours_{rid}"] = res.get("hours") or ""
    values.update(child_words(audience, gender))
    return values


def _capitalise_sentences(text: str) -> str:
    return re.sub(r"(^|[.?!]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def fill(
    template: str,
    audience: Optional[str] = None,
    gender: Optional[str] = None,
    now: Optional[datetime] = None,
) -> str:
    """A template of content/conversation.yml with services, hours and the child filled in."""
    if not template:
        return ""
    return _capitalise_sentences(template.format(**_values(audience, gender, now)).strip())


def line(
    name: str, audience: Optional[str], gender: Optional[str] = None, now: Optional[datetime] = None
) -> str:
    """A text of the person's profile (short, goodnight, sterkte, help, extra), filled in; '' if none."""
    return fill(profile(audience).get(name) or "", audience, gender, now)


@lru_cache(maxsize=None)
def _feeling_patterns() -> List[Tuple[str, Pattern, str, List[str]]]:
    return [
        (
            f"{FEELING}{f['id']}",
            compile_pattern(f["pattern"], where=f"{WHERE} feelings.{f['id']}"),
            f["line"],
            list(f.get("unless_answer") or []),
        )
        for f in spec().get("feelings") or []
    ]


def feeling_line(text: Any, said: List[str], response: Optional[str] = None) -> Optional[Tuple[str, str]]:
    """(memory marker, line) for a feeling the message names that was not acknowledged yet, or None;
    none before an answer (`response`) that speaks to that feeling itself."""
    norm = normalise(text)
    for marker, pattern, text_line, unless_answer in _feeling_patterns():
        if marker not in said and response not in unless_answer and pattern.search(norm):
            return marker, text_line
    return None


def notice(
    name: str,
    audience: Optional[str] = None,
    gender: Optional[str] = None,
    now: Optional[datetime] = None,
    nth: int = 0,
) -> str:
    """A notice of content/conversation.yml; a notice with variants gives the `nth` (the last
    one again when there are no more)."""
    text = spec()["notices"][name]
    if isinstance(text, list):
        text = text[min(nth, len(text) - 1)]
    return fill(text, audience, gender, now)


NOT_COVERED = "geen_antwoord:"  # + a number: the notice that the article has no answer was given


def first_referral(
    audience: Optional[str],
    gender: Optional[str] = None,
    now: Optional[datetime] = None,
    helpline: str = "ouder",
    age: Optional[str] = None,
) -> str:
    """The referral under the first answer that carries one (once per conversation).

    `helpline`: the audience bot/help_lines.answer_referral() writes for, where the profile
    uses it; `age`: the child's age band (detect_age)."""
    first = profile(audience).get("first")
    if first == "answer_referral":
        text = help_lines.answer_referral(helpline, now, age=age)
    else:
        text = fill(first, audience, gender, now)
    extra = line("extra", audience, gender, now)
    return f"{text} {extra}".strip()


# ------------------------------------------------------------------ what was said
def words(*texts: Optional[str]) -> int:
    return sum(len((t or "").split()) for t in texts)


def fits(*texts: Optional[str]) -> bool:
    """Whether these texts together stay within one phone screen (the word budget)."""
    return words(*texts) <= spec()["word_budget"]


def remember(said: Optional[Iterable[str]], *items: str) -> List[str]:
    """The memory slot's new value with `items` added (order kept, no doubles)."""
    memory = list(said or [])
    return memory + [item for item in dict.fromkeys(items) if item and item not in memory]


def fresh_tips(series: Sequence[str], given: Iterable[str], said: Iterable[str]) -> List[str]:
    """The tips of a series not given yet, nor said already inside an answer (`same_advice`)."""
    covered = set(given or ())
    for response in said or ():
        covered.update(spec().get("same_advice", {}).get(response, []))
    return [tip for tip in series if tip not in covered]


def next_best(
    ranking: Sequence[Dict[str, Any]],
    said: Iterable[str],
    skip: Iterable[str] = (),
    min_share: Optional[float] = None,
) -> Optional[str]:
    """The best answer key of the classifier's ranking not said yet, if it is a real candidate
    (a text written to a young person is said as utter_<key>)."""
    said, skip = set(said or ()), set(skip)
    for entry in ranking or []:
        full_key = entry.get("intent_response_key") or ""
        key = full_key.split("/", 1)[1] if "/" in full_key else full_key
        if not key or key in skip or f"utter_kennis/{key}" in said or f"utter_{key}" in said:
            continue
        if (entry.get("confidence") or 0.0) >= (
            spec()["min_alternative"] if min_share is None else min_share
        ):
            return key
        return None  # the ranking is sorted: the rest are weaker still
    return None
