"""A ResponseSelector that only runs when its answer can be used.

Rasa runs every ResponseSelector on every message, although its choice is only read when the
intent is its retrieval intent (kennis or begrip). Profiling a turn (bot/tools/profile_turn.py)
showed the two selectors taking about half of the NLU time, mostly on small talk, follow-ups
and crisis messages whose selector output nobody reads. This subclass asks the classifier
first: if the intent is not its retrieval intent, it skips the network and only records which
retrieval intents exist, as Rasa's own selector does. Training is unchanged.
"""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME, RESPONSE_SELECTOR_RETRIEVAL_INTENTS
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class RetrievalOnlyResponseSelector(ResponseSelector):
    """ResponseSelector that predicts only for messages classified as its retrieval intent."""

    def process(self, messages: List[Message]) -> List[Message]:
        wanted = []
        for message in messages:
            if self._is_for_me(message):
                wanted.append(message)
            else:
                self._record_retrieval_intents(message)
        if wanted:
            super().process(wanted)
        return messages

    def _is_for_me(self, message: Message) -> bool:
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        # Without a retrieval intent in the config, Rasa's selector serves all of them.
        return intent is None or self.retrieval_intent is None or intent == self.retrieval_intent

    def _record_retrieval_intents(self, message: Message) -> None:
        properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {})
        properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = self.all_retrieval_intents
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)

