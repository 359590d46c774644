"""Safety net in the NLU pipeline: curated Dutch crisis patterns override the intent.

Runs last in the pipeline (after DIETClassifier and FallbackClassifier). When a pattern
from content/crisis_patterns.yml fires, the intent becomes `crisis_<kind>` with
confidence 1.0 and the message gets a `crisis_guard` entry:
    {"kind": "suicide", "kinds": ["suicide", "kind"], "pattern": "<id>", "child": True}
`kinds` lists every kind found (the first is the main one); actions/safety.py names the
help for each. A crisis intent the classifier predicted is never taken away; when the
FallbackClassifier replaced a crisis intent by nlu_fallback, the crisis intent comes back.

The Rasa classes are imported only when the component is first used, so `analyse(text)`
works without the Rasa engine (the actions use it as a second opinion).
"""
from __future__ import annotations

import html
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, List, Optional, Pattern, Text, Tuple

from bot.content import load
from bot.nlp.intent_override import force_intent, process_each

logger = logging.getLogger(__name__)

KINDS = ("acuut", "suicide", "seksueel", "geweld", "kind")  # order = priority of the help
CRISIS_INTENTS = tuple(f"crisis_{k}" for k in KINDS)
MAX_CHARS = 20_000  # longer messages are cut (the widget allows far less)

_TAG = re.compile(r"<[^>]{0,500}>")
_APOSTROPHE = re.compile(r"['’‘`´]")
_SENTENCE_END = re.compile(r"[.!?;:\n\r]+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_REPEAT = re.compile(r"([a-z])\1+")
# Collapsing repeated letters catches "dooood" and "zelfmord", but turns a few harmless words
# into crisis words; they are swapped for a word of the same meaning first.
_COLLAPSE_COLLISIONS = {"veerkracht": "weerbaarheid"}
_REGEX_REPEAT = re.compile(r"(?<!\\)([a-z])\1+")
_MACRO = re.compile(r"\{([a-z_]+)\}")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_sentences(text: Any) -> List[str]:
    """Message text -> list of normalised sentences (see content/crisis_patterns.yml)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[:MAX_CHARS]
    text = _TAG.sub(" ", html.unescape(text))
    text = _strip_accents(text).lower()
    for word, same_meaning in _COLLAPSE_COLLISIONS.items():
        text = text.replace(word, same_meaning)
    text = _APOSTROPHE.sub("", text)
    sentences = []
    for part in _SENTENCE_END.split(text):
        part = _NOT_WORD.sub(" ", part)
        part = _REPEAT.sub(r"\1", part).strip()
        part = re.sub(r" +", " ", part)
        if part:
            sentences.append(part)
    return sentences


def normalise(text: Any) -> str:
    """The whole message as one normalised line (sentences joined with ' . ')."""
    return " . ".join(normalise_sentences(text))


def _expand(regex: str, defs: Dict[str, str]) -> str:
    for _ in range(5):  # macros may use other macros
        new = _MACRO.sub(lambda m: defs.get(m.group(1), m.group(0)), regex)
        if new == regex:
            break
        regex = new
    return _REGEX_REPEAT.sub(r"\1", regex)


def compile_pattern(regex: Optional[str], defs: Dict[str, str], where: str) -> Optional[Pattern]:
    """Expand {macros}, collapse repeated letters as in the text, compile (also used by
    verdict_request_guard.py, whose patterns follow the same conventions)."""
    if not regex:
        return None
    try:
        return re.compile(_expand(regex, defs))
    except re.error as exc:  # a broken pattern must show up in the tests, not at night
        raise ValueError(f"bad regex in {where}: {exc}") from exc


@dataclass
class _Rule:
    id: str
    kind: str
    also: Tuple[str, ...] = ()
    regex: Optional[Pattern] = None
    all: Tuple[Pattern, ...] = ()
    unless: Optional[Pattern] = None
    past: bool = False
    requires_child: bool = False


@dataclass
class Finding:
    """What the guard found in one message."""
    kinds: List[str] = field(default_factory=list)
    patterns: List[str] = field(default_factory=list)
    child: bool = False
    child_pattern: Optional[str] = None

    @property
    def kind(self) -> Optional[str]:
        return self.kinds[0] if self.kinds else None

    @property
    def is_crisis(self) -> bool:
        return bool(self.kinds)

    def as_dict(self) -> Dict[str, Any]:
        return {"kind": self.kind, "kinds": list(self.kinds),
                "pattern": self.patterns[0] if self.patterns else None,
                "patterns": list(self.patterns), "child": self.child}


class PatternSet:
    """The compiled content of content/crisis_patterns.yml."""

    def __init__(self, spec: Dict[str, Any]) -> None:
        defs = dict(spec.get("defs") or {})
        self.past = compile_pattern(spec.get("past_context"), defs, "crisis_patterns.yml past_context")
        self.rules = [self._rule(r, defs) for r in spec.get("patterns") or []]
        self.distress = [self._rule(dict(r, kind="kind"), defs)
                         for r in spec.get("child_distress") or []]
        self.child_markers = [self._rule(dict(r, kind="child"), defs)
                              for r in spec.get("child_markers") or []]
        ids = [r.id for r in self.rules + self.distress + self.child_markers]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"crisis_patterns.yml: duplicate ids {sorted(dupes)}")

    @staticmethod
    def _rule(raw: Dict[str, Any], defs: Dict[str, str]) -> _Rule:
        rid = raw["id"]
        kind = raw["kind"]
        if kind not in KINDS + ("child",):
            raise ValueError(f"crisis_patterns.yml: unknown kind {kind!r} in {rid}")
        return _Rule(
            id=rid, kind=kind, also=tuple(raw.get("also") or ()),
            regex=compile_pattern(raw.get("regex"), defs, f"crisis_patterns.yml {rid}"),
            all=tuple(compile_pattern(r, defs, f"crisis_patterns.yml {rid}") for r in raw.get("all") or ()),
            unless=compile_pattern(raw.get("unless"), defs, f"crisis_patterns.yml {rid}"),
            past=bool(raw.get("past")),
            requires_child=bool(raw.get("requires_child")),
        )

    def _hits(self, rule: _Rule, sentences: List[str], whole: str) -> bool:
        if rule.all:
            return all(p.search(whole) for p in rule.all) and not (
                rule.unless and rule.unless.search(whole))
        for sentence in sentences:
            if not rule.regex.search(sentence):
                continue
            if rule.unless and rule.unless.search(sentence):
                continue
            if rule.past and self.past and self.past.search(sentence):
                continue
            return True
        return False

    def analyse(self, text: Any) -> Finding:
        sentences = normalise_sentences(text)
        whole = " . ".join(sentences)
        finding = Finding()
        if not sentences:
            return finding
        for rule in self.child_markers:
            if self._hits(rule, sentences, whole):
                finding.child, finding.child_pattern = True, rule.id
                break
        found: Dict[str, str] = {}
        for rule in self.rules:
            if rule.requires_child and not finding.child:
                continue
            if self._hits(rule, sentences, whole):
                for kind in (rule.kind,) + rule.also:
                    found.setdefault(kind, rule.id)
        if finding.child:
            for rule in self.distress:
                if self._hits(rule, sentences, whole):
                    found.setdefault("kind", rule.id)
                    break
            if found:  # a child in any crisis also gets De Kindertelefoon
                found.setdefault("kind", finding.child_pattern)
        finding.kinds = [k for k in KINDS if k in found]
        finding.patterns = [found[k] for k in finding.kinds]
        return finding


@lru_cache(maxsize=None)
def patterns() -> PatternSet:
    return PatternSet(load("crisis_patterns"))


def analyse(text: Any) -> Finding:
    """Crisis kinds and the child flag for one message text; never raises on odd input."""
    try:
        return patterns().analyse(text)
    except ValueError:
        raise
    except Exception:  # pragma: no cover - odd input must never stop a conversation
        logger.exception("crisis guard failed on a message; treated as no crisis")
        return Finding()


# ---------------------------------------------------------------- Rasa graph component
# The class is built on first access (PEP 562 module __getattr__), so that the action
# server can use analyse() without loading the Rasa engine (and TensorFlow). Rasa finds
# the class through `bot.nlp.crisis_guard.CrisisGuard` (importlib + getattr), which
# builds and registers it.
def _build_component() -> type:
    from rasa.engine.graph import ExecutionContext, GraphComponent
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    from rasa.engine.storage.resource import Resource
    from rasa.engine.storage.storage import ModelStorage
    from rasa.shared.nlu.training_data.message import Message

    # Rasa validates the graph with typing.get_type_hints(), which resolves the (string)
    # annotations below in this module's globals: make the names visible there.
    globals().update(ExecutionContext=ExecutionContext, GraphComponent=GraphComponent,
                     Resource=Resource, ModelStorage=ModelStorage, Message=Message)

    @DefaultV1Recipe.register(
        [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
    )
    class CrisisGuard(GraphComponent):
        """Deterministic crisis patterns that override the predicted intent."""

        @staticmethod
        def get_default_config() -> Dict[Text, Any]:
            return {
                # bring a crisis intent back when the FallbackClassifier replaced it
                "restore_from_fallback": True,
                "fallback_intent": "nlu_fallback",
            }

        def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
            self.config = {**self.get_default_config(), **(config or {})}
            self.patterns = patterns()  # compiled once, at model load

        @classmethod
        def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
                   resource: Resource, execution_context: ExecutionContext) -> "CrisisGuard":
            return cls(config)

        def process(self, messages: List[Message]) -> List[Message]:
            return process_each(messages, self._process_one, "crisis guard")

        def process_training_data(self, training_data: Any) -> Any:
            return training_data

        def _process_one(self, message: Message) -> None:
            text = message.get("text")
            if not text or not isinstance(text, str):
                return
            intent = message.get("intent")
            intent = intent if isinstance(intent, dict) else {}
            ranking = [r for r in (message.get("intent_ranking") or []) if isinstance(r, dict)]
            predicted = intent.get("name")

            if (predicted == self.config["fallback_intent"]
                    and self.config["restore_from_fallback"]):
                best = next((r for r in ranking
                             if r.get("name") != self.config["fallback_intent"]), None)
                if best and best.get("name") in CRISIS_INTENTS:
                    predicted = best["name"]
                    message.set("intent", {"name": predicted,
                                           "confidence": best.get("confidence", 0.0)},
                                add_to_output=True)

            finding = self.patterns.analyse(text)
            if not finding.is_crisis:
                return
            classifier_kind = (predicted[len("crisis_"):]
                               if predicted in CRISIS_INTENTS else None)
            kinds = list(finding.kinds)
            if classifier_kind and classifier_kind not in kinds:
                # the pattern is the stronger evidence: its kinds come first, the guess after
                kinds.append(classifier_kind)
            name = f"crisis_{kinds[0]}"
            force_intent(message, name)
            entry = finding.as_dict()
            entry["kind"], entry["kinds"] = kinds[0], kinds
            entry["classifier_intent"] = intent.get("name")
            message.set("crisis_guard", entry, add_to_output=True)
            # no message text in the log (design: logs carry no message text at INFO)
            logger.info("crisis guard: intent set to %s (pattern %s)", name, entry["pattern"])

    CrisisGuard.__module__ = __name__
    CrisisGuard.__qualname__ = "CrisisGuard"
    return CrisisGuard


def __getattr__(name: str) -> Any:
    if name == "CrisisGuard":
        cls = _build_component()
        globals()["CrisisGuard"] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
