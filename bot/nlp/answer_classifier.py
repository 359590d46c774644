"""Rasa component: intent and knowledge answer in one step (bot/nlp/intent_model.py does the work).

Replaces DIET and the two ResponseSelectors. Cross-validation chose it (docs/measurements.md):
on questions phrased differently from our examples it is right more often, and it trains in
seconds. Output is what Rasa's own components produce, so rules, actions and `rasa test nlu`
read it unchanged:
- `intent` / `intent_ranking`: the answers of a retrieval intent add up to its confidence
  (sure it is a knowledge question, unsure which answer: kennis stays certain);
- `response_selector[kennis|begrip]`: the best answer of that retrieval intent with its
  confidence among the answers, and the ranking (actions use it to resolve follow-ups).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
)
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import conversation
from bot.content import load
from bot.nlp import encoder, model_files
from bot.nlp.answer_context import ANSWER_CONTEXT, previous_question
from bot.nlp.followup_kinds import followup_type
from bot.nlp.intent_model import ModelSettings, TextClassifier, group_ranking, label_of, split_label
from bot.nlp.intent_override import force_answer, force_intent
from bot.nlp.sentence_featurizer import sentence_vector
from bot.nlp.term_request import term_asked
from bot.nlp.text_patterns import compile_pattern, keyboard_mash, normalise, without_code

logger = logging.getLogger(__name__)
RANKING_LENGTH = 10
MODEL_FILE = "answer_classifier.pkl"
# A message without a single word from our examples ("qwrtz plof", "blablabla") still gets a
# best guess from character n-grams and the embedding; its confidences are scaled down so the
# FallbackClassifier asks to rephrase instead of answering at random. The ranking order stays,
# so a crisis the classifier saw is still restored by the crisis guard.
UNKNOWN_WORDS_FACTOR = 0.25


# Short questions that point back at the answer just given ("wat laat die lijst dan wel zien?",
# "waarom maakt dat nou uit?") read alone like questions about Hechtwijzer itself; read after a
# knowledge question and without words that address Hechtwijzer, they are follow-ups (blind r10:
# eight such follow-ups got the privacy or "how I work" text; blind r38: "wat kan daarbij helpen?" after
# an answer on an adopted boy got "what I can do").
META_INTENTS = ("over_hechtwijzer", "waarom_zeg_je_dat", "wat_kun_je")
FOLLOWUP_INTENT = "vervolgvraag"
OUT_OF_SCOPE = "out_of_scope"


@lru_cache(maxsize=None)
def _followup_words() -> tuple:
    spec = load("followups")
    return (
        compile_pattern(spec["fallback_refers"], where="content/followups.yml fallback_refers"),
        compile_pattern(spec["addresses_bot"], where="content/followups.yml addresses_bot"),
    )


def points_back_at_topic(intent: Optional[Dict[str, Any]], text: str) -> bool:
    """A question about Hechtwijzer, or outside the topic, by the classifier's reading that points
    back at the topic and does not address Hechtwijzer. Out of scope only when it is also a kind
    of follow-up: "welke van de onveilige is het ergst?" after the attachment styles (blind r17),
    not "wat vind jij van die nieuwe minister?"."""
    name = (intent or {}).get("name")
    if name not in META_INTENTS + (OUT_OF_SCOPE,):
        return False
    refers, addresses_bot = _followup_words()
    norm = normalise(text)
    if not refers.search(norm) or addresses_bot.search(norm):
        return False
    return name != OUT_OF_SCOPE or followup_type(text) is not None


# "Dank je. En waar komen je antwoorden vandaan?", "Dank u voor uw antwoord. Die lijst is voor
# professionals, maar ...": the thanks in front made the whole message a thanks (played rounds 11
# and 12); the classifier reads what comes after it. A thanks alone stays a thanks.
_COURTESY = re.compile(
    r"^\s*((ok[eé]?|okay|top|helder|duidelijk|fijn|super|mooi|prima|dank( je| u)?( wel)?|dankje(wel)?|"
    r"dankuwel|bedankt|thanks|thx)\b[^.?!,]{0,30}[.!,]+\s+)+",
    re.IGNORECASE,
)


def without_courtesy(text: str) -> str:
    """The message without a leading thanks or "ok", when at least three words remain."""
    rest = _COURTESY.sub("", text, count=1)
    return rest if rest != text and len(rest.split()) >= 3 else text


def vector_of(message: Message) -> np.ndarray:
    vector = sentence_vector(message)
    return vector if vector is not None else encoder.embed(message.get(TEXT) or "")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class AnswerClassifier(IntentClassifier, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        defaults = ModelSettings()
        return {
            "C": defaults.C,
            "embedding_weight": defaults.embedding_weight,
            # A short message after a knowledge question ("en hoeveel procent was dat?") is
            # ranked with that question in front of it as well (context_weight of the
            # geometric blend); 0 switches it off. Chosen on blind batch r7; up to 20 words since r45
            # (follow-ups such as "en als het me gewoon niet lukt om rustig te blijven? gebeurt best vaak
            # eerlijk gezegd" run longer than 12), docs/measurements.md.
            "context_weight": 0.5,
            "context_max_words": 20,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[TextClassifier] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "AnswerClassifier":
        return cls(config, model_storage, resource)

    # ------------------------------------------------------------------ training
    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        texts = [e.get(TEXT) for e in examples]
        labels = [label_of(e.get(INTENT), e.get(INTENT_RESPONSE_KEY)) for e in examples]
        vectors = np.vstack([vector_of(e) for e in examples])
        settings = ModelSettings(
            C=float(self.config["C"]), embedding_weight=float(self.config["embedding_weight"])
        )
        self.model = TextClassifier(settings).fit(texts, vectors, labels)
        logger.info("answer classifier trained on %d examples, %d labels", len(texts), len(set(labels)))
        model_files.save(self._storage, self._resource, MODEL_FILE, self.model)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "AnswerClassifier":
        model = model_files.load(model_storage, resource, MODEL_FILE)
        if model is None:
            logger.warning("answer classifier has no trained model; every message gets nlu_fallback")
        return cls(config, model_storage, resource, model)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    # ------------------------------------------------------------------ prediction
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if self.model is None or not isinstance(text, str):
                continue
            rest = conversation.without_pushback(without_courtesy(text))
            vector = vector_of(message) if rest == text else encoder.embed(rest)
            text = rest
            ranking = self.model.rank(text, vector, top=len(self.model.labels_.classes_))
            # code is no words (the widget in session 25: "asdf ;;; 💥 <script>alert(1)</script>" got
            # a knowledge answer on the words alert and 1)
            visible = without_code(text)
            if self.model.known_words(visible) == 0 or keyboard_mash(visible):
                # ... and it is not read with the question before it either: "asdfjk" after a
                # question got a knowledge answer that way (played round 10); keys hit in a row
                # count as unknown, since the data teaches "asdf" as out of scope (the widget in
                # session 16: "asdf ;;; 💥" after a question got that answer once more)
                ranking = [(label, p * UNKNOWN_WORDS_FACTOR) for label, p in ranking]
                self._predict(message, ranking)
                continue
            context = self._with_context(message, text, ranking)
            self._predict(message, ranking, context)
            if context is not None and points_back_at_topic(message.get(INTENT), text):
                force_intent(message, FOLLOWUP_INTENT)
            term = term_asked(text, self.model.labels_.classes_)
            if term:  # "wat betekent spiegelen?": the word's own explanation (bot/nlp/term_request.py)
                force_answer(message, term)
        return messages

    def _with_context(self, message: Message, text: str, ranking: List[tuple]) -> Optional[List[tuple]]:
        """The ranking of a short follow-up read together with the knowledge question before it
        (bot/channels.py puts that question in the message's metadata), or None.

        Only the choice among answers uses it: the intent stays that of the message alone, so
        "ok dankje" after a question is still a thanks. A geometric blend: an answer must fit
        the message itself too, which keeps most topic switches ("andere vraag: wat is VIPP?")."""
        weight = float(self.config["context_weight"])
        previous = previous_question(message.get("metadata"))
        if not previous or weight <= 0 or len(text.split()) > int(self.config["context_max_words"]):
            return None
        joined = f"{previous} {text}"
        together = dict(self.model.rank(joined, encoder.embed(joined), top=len(ranking)))
        blended = [
            (
                label,
                float(
                    np.exp((1 - weight) * np.log(p + 1e-9) + weight * np.log(together.get(label, 0) + 1e-9))
                ),
            )
            for label, p in ranking
        ]
        message.set(ANSWER_CONTEXT, {"used": True}, add_to_output=True)
        return sorted(blended, key=lambda lp: -lp[1])

    def _predict(
        self, message: Message, ranking: List[tuple], answer_ranking: Optional[List[tuple]] = None
    ) -> None:
        groups = group_ranking(ranking)
        answers: Dict[str, List[tuple]] = {}
        for label, p in answer_ranking or ranking:
            intent, response_key = split_label(label)
            if response_key:
                answers.setdefault(intent, []).append((response_key, p))
        intent_ranking = [
            {"name": n, "confidence": float(c)} for n, c in sorted(groups.items(), key=lambda kv: -kv[1])
        ][:RANKING_LENGTH]
        message.set(INTENT, dict(intent_ranking[0]), add_to_output=True)
        message.set("intent_ranking", intent_ranking, add_to_output=True)

        selector: Dict[str, Any] = {RESPONSE_SELECTOR_RETRIEVAL_INTENTS: sorted(answers)}
        for retrieval_intent, options in answers.items():
            total = sum(p for _, p in options) or 1.0
            best_key, best_p = options[0]
            selector[retrieval_intent] = {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    "responses": [],
                    "confidence": float(best_p / total),
                    "intent_response_key": best_key,
                    "utter_action": f"utter_{best_key}",
                },
                RESPONSE_SELECTOR_RANKING_KEY: [
                    {"confidence": float(p / total), "intent_response_key": k}
                    for k, p in options[:RANKING_LENGTH]
                ],
            }
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selector, add_to_output=True)
