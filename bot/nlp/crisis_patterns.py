"""Crisis analysis of one message text with the fixed patterns; no Rasa imports.

Used by the crisis guard in the NLU pipeline (bot/nlp/crisis_guard.py), by the actions as a
second opinion (actions/safety.py) and by the REST channel when the action server is down
(bot/channels.py).

- content/crisis_patterns.yml: the crisis kinds (first = main one) and whether a child writes;
- content/crisis_denials.yml: a message that only mentions a help line or says "ik ben niet
  suïcidaal" is no crisis. Denials are removed from the text BEFORE the crisis patterns look,
  so "ik ben niet suïcidaal, ik wil gewoon dood" is still a crisis.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, List, Optional, Pattern, Tuple

from bot.content import help_resources, load
from bot.nlp.text_patterns import as_typed, compile_pattern, normalise, normalise_sentences

logger = logging.getLogger(__name__)

KINDS = ("acuut", "suicide", "seksueel", "geweld", "kind")  # order = priority of the help
CRISIS_INTENTS = tuple(f"crisis_{k}" for k in KINDS)
# A denial is a "nee" to the crisis reply: the classifier learns these as deny too
# (data/nlu/near_miss.yml), and action_crisis_herinnering answers it with an apology.
DENIAL_INTENT = "deny"
# A quote in the raw text: 'ik wil dood', "ik haat je", ‘…’, “…” (an apostrophe inside a word, as
# in m'n or z'n, opens none: the quote must start after a space, a bracket or a colon).
QUOTE = re.compile(r"(?:(?<=[\s(:,])|^)['‘\"“]([^'‘’\"“”\n]{2,80}?)['’\"”](?=[\s.,!?;:)]|$)")


@dataclass
class _Rule:
    id: str
    kind: str
    also: Tuple[str, ...] = ()
    regex: Optional[Pattern] = None
    all: Tuple[Pattern, ...] = ()
    unless: Optional[Pattern] = None
    unless_message: Optional[Pattern] = None
    past: bool = False
    general: bool = False
    requires_child: bool = False


@dataclass
class Finding:
    """What the patterns found in one message."""

    kinds: List[str] = field(default_factory=list)
    patterns: List[str] = field(default_factory=list)
    child: bool = False
    child_pattern: Optional[str] = None
    denial: Optional[str] = None  # id of the denial pattern, only when it is no crisis
    # id of a denial inside a longer message that asks more ("ik ben niet suïcidaal hoor, maar
    # hoe ..."): no crisis, and no reason to name the help line again before the answer
    denied: Optional[str] = None
    resolved: Optional[str] = None  # id of the pattern that fired on a past, resolved crisis
    resolved_kind: Optional[str] = None  # and the kind it named
    young_child: Optional[str] = None  # id of a suicide pattern that fired only in a young child's quote
    about_bot: Optional[str] = (
        None  # id of a pattern that fired in a question how Hechtwijzer handles a crisis
    )
    nothing_told: bool = False  # only who is writing ("ik ben 16") or a bare goodbye ("doei 👋")
    adult_self: bool = False  # an adult writes about themself ("ik ben 7 maanden zwanger")
    # which kind of harmless message it is, when no pattern fired: a word on Hechtwijzer's last reply
    # ("ik dacht dat je net zei", `about_the_reply`), a little sibling or young child who hits the writer
    # (`young_child_hits`), "ik heb me dood geschaamd" (`shame_idiom`), a child who slams
    # doors (`door_slam`) or a child's "niemand houdt van me" told by an adult (`child_unloved_quote`); no guess of
    # the classifier alone makes such a message a crisis
    harmless: Optional[str] = None

    @property
    def kind(self) -> Optional[str]:
        return self.kinds[0] if self.kinds else None

    @property
    def is_crisis(self) -> bool:
        return bool(self.kinds)

    @property
    def is_denial(self) -> bool:
        return self.denial is not None and not self.kinds

    def as_dict(self) -> Dict[str, Any]:
        return {
            "kind": self.kind,
            "kinds": list(self.kinds),
            "pattern": self.patterns[0] if self.patterns else None,
            "patterns": list(self.patterns),
            "child": self.child,
        }


def _line_names() -> str:
    """Names and numbers of the crisis lines as a regex, from content/help_resources.yml."""
    res = help_resources()
    names = set()
    for rid in ("alarm_112", "zelfmoordpreventie_113", "veilig_thuis", "kindertelefoon"):
        for key in ("name", "phone", "phone_free"):
            if res[rid].get(key):
                names.add(normalise(res[rid][key]))
    names.discard("")
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


class PatternSet:
    """The compiled content of content/crisis_patterns.yml (and content/crisis_denials.yml)."""

    def __init__(self, spec: Dict[str, Any], denials: Optional[Dict[str, Any]] = None) -> None:
        defs = dict(spec.get("defs") or {})
        self.past = compile_pattern(spec.get("past_context"), defs, "crisis_patterns.yml past_context")
        self.general = compile_pattern(
            spec.get("general_question"), defs, "crisis_patterns.yml general_question"
        )
        resolved = spec.get("resolved") or {}
        self.resolved_past = compile_pattern(resolved.get("past"), defs, "crisis_patterns.yml resolved.past")
        self.resolved_now = compile_pattern(resolved.get("now"), defs, "crisis_patterns.yml resolved.now")
        young = spec.get("young_child_quote") or {}
        self.young_child = compile_pattern(
            young.get("age"), defs, "crisis_patterns.yml young_child_quote.age"
        )
        self.young_child_means = compile_pattern(
            young.get("means"), defs, "crisis_patterns.yml young_child_quote.means"
        )
        about = spec.get("about_the_bot") or {}
        self.about_bot_answer = about.get("answer", "over_hechtwijzer/nood")
        self.about_bot = compile_pattern(about.get("asks"), defs, "crisis_patterns.yml about_the_bot.asks")
        self.first_person = compile_pattern(
            about.get("first_person"), defs, "crisis_patterns.yml about_the_bot.first_person"
        )
        self.nothing_told = [
            compile_pattern(spec.get(key), defs, f"crisis_patterns.yml {key}")
            for key in ("introduction", "bare_goodbye")
            if spec.get(key)
        ]
        self.adult_self = compile_pattern(spec.get("adult_self"), defs, "crisis_patterns.yml adult_self")
        self.harmless = [
            (key, compile_pattern(spec.get(key), defs, f"crisis_patterns.yml {key}"))
            for key in (
                "about_the_reply",
                "young_child_hits",
                "shame_idiom",
                "door_slam",
                "child_unloved_quote",
            )
            if spec.get(key)
        ]
        self.rules = [self._rule(r, defs) for r in spec.get("patterns") or []]
        self.distress = [self._rule(dict(r, kind="kind"), defs) for r in spec.get("child_distress") or []]
        self.child_markers = [
            self._rule(dict(r, kind="child"), defs) for r in spec.get("child_markers") or []
        ]
        # words in scripts the normaliser drops (Arabic, Cyrillic): matched on the raw text
        self.other_scripts = [self._rule(r, {}) for r in spec.get("other_scripts") or []]
        ids = [r.id for r in self.rules + self.distress + self.child_markers + self.other_scripts]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"crisis_patterns.yml: duplicate ids {sorted(dupes)}")
        denials = denials or {}
        ddefs = {**defs, **(denials.get("defs") or {})}
        ddefs["hulplijn"] = f"(?:{ddefs.get('line_words', 'hulplijn')}|{_line_names()})"
        self.denials = [
            (d["id"], compile_pattern(d["regex"], ddefs, f"crisis_denials.yml {d['id']}"))
            for d in denials.get("patterns") or []
        ]
        # blanked out like a denial, and the classifier's crisis guess set aside, but a short message
        # of only this is a question, not "no crisis here" (content/crisis_denials.yml `only_blank`)
        self.only_blank = {d["id"] for d in denials.get("patterns") or [] if d.get("only_blank")}
        self.denial_max_other_words = int(denials.get("max_other_words", 0))
        self.denial_question = compile_pattern(denials.get("question"), ddefs, "crisis_denials.yml question")

    @staticmethod
    def _rule(raw: Dict[str, Any], defs: Dict[str, str]) -> _Rule:
        rid = raw["id"]
        kind = raw["kind"]
        if kind not in KINDS + ("child",):
            raise ValueError(f"crisis_patterns.yml: unknown kind {kind!r} in {rid}")
        return _Rule(
            id=rid,
            kind=kind,
            also=tuple(raw.get("also") or ()),
            regex=compile_pattern(raw.get("regex"), defs, f"crisis_patterns.yml {rid}"),
            all=tuple(compile_pattern(r, defs, f"crisis_patterns.yml {rid}") for r in raw.get("all") or ()),
            unless=compile_pattern(raw.get("unless"), defs, f"crisis_patterns.yml {rid}"),
            unless_message=compile_pattern(raw.get("unless_message"), defs, f"crisis_patterns.yml {rid}"),
            past=bool(raw.get("past")),
            general=bool(raw.get("general")),
            requires_child=bool(raw.get("requires_child")),
        )

    def _hits(self, rule: _Rule, sentences: List[str], whole: str, message: Optional[str] = None) -> bool:
        """Whether `rule` fires on the sentences; `message` is the whole message before the denials were
        blanked out, where `unless_message` looks (blind r8: "het bleek een verhaal uit een boek" is blanked
        as a denial, yet it is what says the cupboard story was made up)."""
        if rule.unless_message and rule.unless_message.search(message or whole):
            return False
        if rule.all:
            return all(p.search(whole) for p in rule.all) and not (rule.unless and rule.unless.search(whole))
        for sentence in sentences:
            if not rule.regex.search(sentence):
                continue
            if rule.unless and rule.unless.search(sentence):
                continue
            if rule.past and self.past and self.past.search(sentence):
                continue
            if rule.general and self.general and self.general.search(whole):
                continue
            return True
        return False

    def _resolved(self, finding: Finding, sentences: List[str]) -> bool:
        """A crisis told as over ("jaren geleden heb ik mezelf gesneden ... het gaat nu goed"):
        every sentence a pattern fired on is in the past, and the message says it is better now."""
        if not finding.kinds or "acuut" in finding.kinds or not (self.resolved_past and self.resolved_now):
            return False
        whole = " . ".join(sentences)
        if not self.resolved_now.search(whole):
            return False
        present = [s for s in sentences if not self.resolved_past.search(s)]
        return not any(self._hits(rule, present, " . ".join(present)) for rule in self.rules if not rule.all)

    def _young_child_quote(self, finding: Finding, text: Any, whole: str) -> bool:
        """Only suicide words, and only inside the quote of a child of 2 to 7 told by an adult."""
        if (
            finding.kinds != ["suicide"]
            or finding.child
            or not (self.young_child and self.young_child.search(whole))
        ):
            return False
        unquoted = QUOTE.sub(" ", str(text))
        if unquoted == str(text):
            return False
        rest, _ = self._without_denials(normalise_sentences(unquoted))
        # a means in the quote counts too: "'ik ga van het balkon springen'. hij meende het echt" (blind r47)
        told, _ = self._without_denials(normalise_sentences(str(text)))
        if self.young_child_means and any(self.young_child_means.search(r) for r in told):
            return False
        return not any(self._hits(rule, rest, " . ".join(rest)) for rule in self.rules if not rule.all)

    def _about_the_bot(self, finding: Finding, sentences: List[str], whole: str) -> bool:
        """A question how Hechtwijzer handles someone else's crisis ("wat doet de chat als een
        ouder het niet meer ziet zitten?"), with no crisis told in the first person."""
        if (
            not finding.kinds
            or not (self.about_bot and self.first_person)
            or not self.about_bot.search(whole)
        ):
            return False
        own = [s for s in sentences if self.first_person.search(s) and not self.about_bot.search(s)]
        return not any(self._hits(rule, own, " . ".join(own)) for rule in self.rules if not rule.all)

    def _without_denials(self, sentences: List[str]) -> Tuple[List[str], Optional[str]]:
        """The sentences with every denial blanked out, and the first denial's id."""
        first: Optional[str] = None
        kept = []
        for sentence in sentences:
            for did, regex in self.denials:
                sentence, n = regex.subn(" ", sentence)
                if n and first is None:
                    first = did
            sentence = " ".join(sentence.split())
            if sentence:
                kept.append(sentence)
        return kept, first

    def analyse(self, text: Any) -> Finding:
        told = normalise_sentences(text)
        sentences, denial = self._without_denials(told)
        whole = " . ".join(sentences)
        message = " . ".join(told)
        finding = Finding()
        for rule in self.child_markers:
            if self._hits(rule, sentences, whole):
                finding.child, finding.child_pattern = True, rule.id
                break
        found: Dict[str, str] = {}
        for rule in self.rules:
            if rule.requires_child and not finding.child:
                continue
            if self._hits(rule, sentences, whole, message):
                for kind in (rule.kind,) + rule.also:
                    found.setdefault(kind, rule.id)
        if self.other_scripts:
            raw = as_typed(text)
            for rule in self.other_scripts:
                if rule.regex.search(raw):
                    found.setdefault(rule.kind, rule.id)
        if finding.child:
            for rule in self.distress:
                # `message` too: "ik doe mezelf niks aan" in a distress rule's unless_message is a denial,
                # blanked from `whole` (blind r43: a girl of 13 read De Kindertelefoon for it)
                if self._hits(rule, sentences, whole, message):
                    found.setdefault("kind", rule.id)
                    break
            if found:  # a child in any crisis also gets De Kindertelefoon
                found.setdefault("kind", finding.child_pattern)
        finding.kinds = [k for k in KINDS if k in found]
        finding.patterns = [found[k] for k in finding.kinds]
        if self._resolved(finding, sentences):
            finding.resolved, finding.resolved_kind = finding.patterns[0], finding.kinds[0]
            finding.kinds, finding.patterns = [], []
        elif self._young_child_quote(finding, text, whole):
            finding.young_child = finding.patterns[0]
            finding.kinds, finding.patterns = [], []
        elif self._about_the_bot(finding, sentences, whole):
            finding.about_bot = finding.patterns[0]
            finding.kinds, finding.patterns = [], []
        if not finding.kinds:
            plain_words = " ".join(re.findall(r"\w+", whole))
            finding.nothing_told = any(p.match(plain_words) for p in self.nothing_told)
            finding.harmless = next((key for key, regex in self.harmless if regex.search(whole)), None)
        finding.adult_self = bool(self.adult_self and self.adult_self.search(whole))
        # A denial only counts when little else was said: a long message is left to the
        # classifier, which may have seen a crisis the patterns do not know, and a new
        # question gets its answer.
        if denial and not finding.kinds:
            finding.denied = denial
        if (
            denial
            and denial not in self.only_blank
            and not finding.kinds
            and len(whole.replace(" . ", " ").split()) <= self.denial_max_other_words
            and not (self.denial_question and self.denial_question.search(whole))
        ):
            finding.denial = denial
        return finding


@lru_cache(maxsize=None)
def patterns() -> PatternSet:
    return PatternSet(load("crisis_patterns"), load("crisis_denials"))


def analyse(text: Any) -> Finding:
    """Crisis kinds, child flag and denial for one message text; never raises on odd input."""
    try:
        return patterns().analyse(text)
    except ValueError:  # a broken pattern file must show up in the tests
        raise
    except Exception:  # pragma: no cover - odd input must never stop a conversation
        logger.exception("crisis analysis failed on a message; treated as no crisis")
        return Finding()
