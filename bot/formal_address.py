"""Hechtwijzer's replies in "u" for someone who writes "u".

Played rounds 20, 21 and 22 each had a person who wrote "u" throughout (a father in simple Dutch,
two grandmothers of 70 and 72) and read "je" back in every reply. Our texts are written with "je";
the REST channel (bot/channels.py) turns a reply into "u" when the person's own messages address
the bot that way (`writes_formally`). The conversion (`to_formal`) knows the words our texts use:
the verb before "je" is conjugated ("Twijfel je?" -> "Twijfelt u?"), "je" before a noun becomes
"uw", a reflexive "je" becomes "zich". Quoted words stay as they are: "'stel je niet aan'" is what a
parent says to a child. tests/test_formal_address.py converts every text of the bot and checks that
no "je" is left outside quotes.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from bot.nlp.text_patterns import compile_pattern, normalise

# --------------------------------------------------------------------------- who writes "u"
# compiled like every pattern on normalised text (repeated letters collapsed: "heeft" -> "heft")
_FORMAL = compile_pattern(
    r"\b(kunt|heeft|hebt|zou|wilt|weet|bent|kan|mag|moet|zegt|bedoelt|noemt|noemde|zei|raadt|adviseert|denkt|vindt) u\b"
    r"|\bu (kunt|heeft|hebt|zou|wilt|weet|bent|kan|noemde|noemt|zegt|zei|bedoelt|schreef|schrijft|vertelt|vertelde|gaf|geeft)\b"
    r"|\bdank u\b|\b(uw|voor uw) (antwoord\w*|hulp|reactie|uitleg|advies|informatie|tijd|tips?|moeite)\b",
    where="bot/formal_address.py _FORMAL",
)
_INFORMAL = compile_pattern(
    r"\b(dank je|bedankt je|jij|jouw)\b|\b(kun|kan|wil|weet|heb|zou|mag) (je|jij) (me|mij)\b",
    where="bot/formal_address.py _INFORMAL",
)


def writes_formally(texts: Iterable[Optional[str]]) -> bool:
    """The person addresses the bot with "u": the last of their messages that addresses it at all
    does so with "u" ("dank u", "kunt u ...", "uw antwoord"), not with "je" ("dank je", "jij")."""
    formal = False
    for text in texts:
        norm = normalise(text or "")
        if _FORMAL.search(norm):
            formal = True
        elif _INFORMAL.search(norm):
            formal = False
    return formal


# --------------------------------------------------------------------------- je -> u
# a verb before "je"/"jij" (a question or an inverted sentence), in its form with "u"
_VERB_WITH_U = {
    "ben": "bent",
    "heb": "heeft",
    "kun": "kunt",
    "kan": "kunt",
    "wil": "wilt",
    "zal": "zult",
    "kom": "komt",
    "zie": "ziet",
    "krijg": "krijgt",
    "werk": "werkt",
    "bel": "belt",
    "maak": "maakt",
    "stel": "stelt",
    "troost": "troost",
    "voel": "voelt",
    "leer": "leert",
    "zeg": "zegt",
    "word": "wordt",
    "hou": "houdt",
    "houd": "houdt",
    "zorg": "zorgt",
    "twijfel": "twijfelt",
    "wijs": "wijst",
    "leid": "leidt",
    "vertrouw": "vertrouwt",
    "raak": "raakt",
    "vertel": "vertelt",
    "deel": "deelt",
    "besef": "beseft",
    "vraag": "vraagt",
    "help": "helpt",
    "merk": "merkt",
    "ga": "gaat",
    "spreek": "spreekt",
    "doe": "doet",
    "vind": "vindt",
    "denk": "denkt",
    "zoek": "zoekt",
    "lees": "leest",
    "geef": "geeft",
    "hoor": "hoort",
    "schaam": "schaamt",
    "let": "let",
    "mag": "mag",
    "moet": "moet",
    "weet": "weet",
    "laat": "laat",
    "onderschat": "onderschat",
    "praat": "praat",
    "zit": "zit",
    "sta": "staat",
    "loop": "loopt",
    "slaap": "slaapt",
    "begin": "begint",
    "probeer": "probeert",
    "blijf": "blijft",
    "eet": "eet",
    "herken": "herkent",
    "snap": "snapt",
    "begrijp": "begrijpt",
    "kies": "kiest",
    "neem": "neemt",
    "breng": "brengt",
    "reageer": "reageert",
    "leg": "legt",
    "volg": "volgt",
    "bespreek": "bespreekt",
    "schrik": "schrikt",
    "kijk": "kijkt",
    "bedoel": "bedoelt",
    "stuur": "stuurt",
    "schrijf": "schrijft",
    "gebruik": "gebruikt",
    "regel": "regelt",
    "meld": "meldt",
}
# "je hebt" -> "u heeft"; other verb forms after "je"/"jij" stay
_AFTER_U = {"hebt": "heeft", "kan": "kunt"}
# words after "je" that show it is no possessive ("kun je niet", "helpt je verder", "je kunt")
_NOT_A_NOUN = set(
    """niet ook nog al dan wel er het dat dit de een zo zelf meer daar hier even gerust echt steeds
    soms vaak bijna helemaal net eerst altijd ergens minder meestal eigenlijk juist beter weinig
    in op aan van met bij over voor om te naar door af mee heen terecht verder toe uit tegen
    erover ermee erbij ervan eraan erin daarover daarmee daarbij daarvan hierover hiermee
    zonder tijdens na onder boven achter sinds binnen buiten via per je jij jou jouw geen nooit
    niets niks iets alles verkeerd kwijt hem haar ze hen hun zich uitputten stoppen beschermen sturen raken sterker doorvragen
    doorverwijzen uitleggen helpen weten doen zeggen geven laten bellen praten nemen
    zijn worden krijgen maken lezen zien houden hebben kunnen mogen moeten willen gaan komen
    wat wie waar hoe wanneer waarom welke of als maar en want omdat zodat tot nu graag
    voorstellen afvragen misschien toch alleen eens goed zeker vooral lang snel""".split()
)
# after these "je" is the subject of a clause ("als je grenzen stelt", "waar je hulp vindt"),
# unless a person follows ("als je kind boos is")
_SUBORDINATORS = set(
    "als wanneer waar waarin waarmee omdat zodat hoe wat doordat terwijl voordat nadat zoals tenzij dat die of".split()
)
_PERSON = re.compile(
    r"(kind|kinderen|kindje|zoon|zoontje|dochter|dochtertje|pleeg\w+|klein\w+|stief\w+|adoptie\w+|ouders?|"
    r"partner|man|vrouw|vriend\w*|gezin|leerling\w*|baby|peuter|moeder|vader|mentor|huisarts|"
    r"verloskundige|collega\w*|team|klas|eigen|broer\w*|zus\w*|opa|oma|inzet|emoties|zorgen|vraag|vragen|"
    r"invloed|band|brein|karakter|regio|gemeente|relaties?|"
    # nouns ending in -t, which would read as a verb ("Succes met je opdracht": played round 36)
    r"opdracht\w*|angst\w*|kracht|nacht)$"
)
_REFLEXIVE_VERBS = {
    "voel",
    "voelt",
    "maak",
    "maakt",
    "schaam",
    "schaamt",
    "vraag",
    "vraagt",
    "herken",
    "herkent",
}
_QUOTED = re.compile(r"(?<![\w])'(?!s )[^'\n]+'(?![\w])|\"[^\"\n]+\"|‘[^’\n]+’|“[^”\n]+”|https?://\S+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+|[^A-Za-zÀ-ÿ]+")
_SENTENCE_END = re.compile(r"[.!?:]\s*$|^\s*$")


# where the words alone do not tell who does what: "Een kind kan je niet afwijzen" (you cannot
# reject a child, not the other way round), "Vraag je af" (an instruction to oneself)
_PHRASES = {
    "kind kan je niet afwijzen": "kind kunt u niet afwijzen",
    "je je zorgen maakt": "u zich zorgen maakt",
    "je je zorgen maken": "u zich zorgen maken",
    "Vraag je af": "Vraag u af",
    "en leid je af": "en leidt u af",
    "vertel je ouders minder makkelijk": "vertelt u ouders minder makkelijk",
}


def _cased(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _convert(span: str) -> str:
    for plain, formal in _PHRASES.items():
        span = span.replace(plain, formal)
    tokens = _WORD.findall(span)
    words = [i for i, t in enumerate(tokens) if t[:1].isalpha()]
    out = list(tokens)
    for n, i in enumerate(words):
        word = tokens[i].lower()
        before = tokens[words[n - 1]].lower() if n else ""
        after = tokens[words[n + 1]].lower() if n + 1 < len(words) else ""
        gap_after = tokens[i + 1] if i + 1 < len(tokens) else ""
        ends_clause = not after or bool(re.search(r"[.!?,;:){]", gap_after))
        if word in ("jezelf", "jijzelf"):
            out[i] = _cased("uzelf", tokens[i])
        elif word == "jouw":
            out[i] = _cased("uw", tokens[i])
        elif word == "jou":
            out[i] = _cased("u", tokens[i])
        elif word in ("je", "jij"):
            prev = words[n - 1] if n else None
            reflexive = (
                before in ("je", "jij", "u") and n >= 2 and tokens[words[n - 2]].lower() in _REFLEXIVE_VERBS
            ) or (
                before in _REFLEXIVE_VERBS and n >= 2 and tokens[words[n - 2]].lower() in ("je", "jij", "u")
            )
            if reflexive:
                out[i] = "zich"
            elif (
                word == "jij"
                or ends_clause
                or (before in _SUBORDINATORS and not _PERSON.match(after))
                or (
                    before in _VERB_WITH_U
                    and not _PERSON.match(after)
                    and _mid_sentence(tokens, prev)
                    and _inverted(tokens, words, n)
                )
                or after in _NOT_A_NOUN
                or after in _AFTER_U
                or (after.endswith("t") and after not in ("het", "dat", "niet") and not _PERSON.match(after))
            ):
                out[i] = _cased("u", tokens[i])
                if after in _AFTER_U and n + 1 < len(words):
                    out[words[n + 1]] = _AFTER_U[after]
                if prev is not None and before in _VERB_WITH_U and _inverted(tokens, words, n):
                    # "Twijfel je?" -> "Twijfelt u?"; "die luistert en kan je doorverwijzen" keeps "kan"
                    out[prev] = _cased(_VERB_WITH_U[before], tokens[prev])
            else:
                out[i] = _cased("uw", tokens[i])
                if prev is not None and before in _VERB_WITH_U and _starts_question(tokens, prev):
                    out[prev] = _cased(_VERB_WITH_U[before], tokens[prev])
    return "".join(out)


# verbs whose form with "je" after it is also the form with "hij": after "en" they may belong to
# an earlier subject ("die luistert en kan je doorverwijzen")
_SAME_FOR_HIJ = {
    "kan",
    "mag",
    "moet",
    "wil",
    "zal",
    "weet",
    "laat",
    "let",
    "zit",
    "eet",
    "praat",
    "troost",
    "onderschat",
}


# words that, right before a verb, show the subject comes after it
_BEFORE_INVERSION = set(
    """dan daar zo nu toch wel ook hier daarmee daarnaast soms vaak meestal misschien daarom
    thuis daarna eerst altijd nog hierover daarover waarom hoe wat waar wanneer""".split()
)


def _inverted(tokens: list, words: list, n: int) -> bool:
    """The verb before the "je" at word `n` has "je" as its subject: no "ik" earlier in the
    sentence ("Ik geef tips en wijs je de weg") and no "en"/"maar" before a verb that "hij" shares
    ("die luistert en kan je doorverwijzen"): there "je" is the object."""
    verb = tokens[words[n - 1]].lower()
    if n >= 2 and tokens[words[n - 2]].lower() in ("ik", "we", "wij", "die"):
        return False
    if verb in _SAME_FOR_HIJ and _mid_sentence(tokens, words[n - 1]):
        # "Dan kan je ...": inverted after an adverb; "De huisarts kan je doorverwijzen": the
        # subject came first, "je" is the object
        return tokens[words[n - 2]].lower() in _BEFORE_INVERSION
    start = max(
        (words[k] for k in range(n) if re.search(r"[.!?]", tokens[words[k] - 1] if words[k] else "")),
        default=0,
    )
    return not any(tokens[w].lower() == "ik" for w in words[:n] if w >= start)


def _mid_sentence(tokens: list, index: Optional[int]) -> bool:
    """The word at `index` does not open its sentence ("Bij de hereniging zie je ...")."""
    return index is not None and not _SENTENCE_END.search("".join(tokens[:index]))


def _starts_question(tokens: list, index: int) -> bool:
    """The verb at `index` opens a sentence that ends in a question mark ("Kun je je kind ...?")."""
    opening = "".join(tokens[:index])
    rest = "".join(tokens[index:])
    sentence = re.split(r"[.!?]\s", rest, maxsplit=1)[0]
    return bool(_SENTENCE_END.search(opening)) and "?" in rest[: len(sentence) + 2]


def to_formal(text: Optional[str]) -> Optional[str]:
    """The text with "u" for "je", "jij", "jou", "jouw", "jezelf"; quoted words and links unchanged."""
    if not text:
        return text
    parts, last = [], 0
    for quoted in _QUOTED.finditer(text):
        parts.append(_convert(text[last : quoted.start()]))
        parts.append(quoted.group(0))
        last = quoted.end()
    parts.append(_convert(text[last:]))
    return "".join(parts)
