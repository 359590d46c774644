"""Safety net in the NLU pipeline: a question asking for a verdict gets the referral answer.

"Heeft mijn kind RAD?", "is ze onveilig gehecht?" and the like set the intent to
diagnose_vraag (patterns: content/verdict_request_patterns.yml), so the reply refers to a
professional and never judges, even when the classifier took it for a knowledge question.
Runs after the classifiers and before the crisis guard, so a crisis still wins.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from bot.content import load
from bot.nlp.crisis_patterns import CRISIS_INTENTS
from bot.nlp.intent_override import force_intent, process_each
from bot.nlp.text_patterns import compile_pattern, normalise, normalise_sentences

logger = logging.getLogger(__name__)

INTENT = "diagnose_vraag"


@lru_cache(maxsize=None)
def patterns() -> Dict[str, re.Pattern]:
    spec = load("verdict_request_patterns")
    defs = {"ik": "(?:ik|k)", **spec.get("defs", {})}
    return {
        p["id"]: compile_pattern(p["regex"], defs, f"verdict_request_patterns.yml {p['id']}")
        for p in spec["patterns"]
    }


@lru_cache(maxsize=None)
def medical_words() -> re.Pattern:
    """Words that make a verdict request a medical question (its reply stays the medical one)."""
    return compile_pattern(
        load("verdict_request_patterns")["medical_words"], {}, "verdict_request_patterns.yml medical_words"
    )


def matching_pattern(text: Any) -> Optional[str]:
    """Id of the first verdict-request pattern found in the text, or None."""
    for sentence in normalise_sentences(text):
        for pid, regex in patterns().items():
            if regex.search(sentence):
                return pid
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class VerdictRequestGuard(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VerdictRequestGuard:
        patterns()  # fail at load time, not on the first message, if the file is broken
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        return process_each(messages, self._process_one, "verdict request guard")

    def process_training_data(self, training_data: Any) -> Any:
        return training_data

    @staticmethod
    def _process_one(message: Message) -> None:
        intent = message.get("intent") or {}
        if intent.get("name") in CRISIS_INTENTS + (INTENT, "juridische_vraag"):
            return
        if intent.get("name") == "medische_vraag" and medical_words().search(normalise(message.get("text"))):
            return
        pattern = matching_pattern(message.get("text"))
        if pattern is None:
            return
        force_intent(message, INTENT)
        logger.info("verdict request guard: intent set to %s (pattern %s)", INTENT, pattern)
