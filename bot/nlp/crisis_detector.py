"""Rasa component: a dedicated yes/no crisis detector on the sentence embedding.

Why a second model next to the answer classifier: that classifier spreads its confidence over
a hundred labels, so a crisis message that also sounds like a knowledge question ("ik vond een
afscheidsbriefje van mijn dochter, wat moet ik doen?") gets "kennis 0.7, crisis 0.3". This
model only answers "crisis or not", trained on every crisis example against every other example
(the near-misses included), so its probability does not depend on how many answers look alike.
Measured on blind batch r5 (docs/measurements.md) before it joined the data.

It only writes `crisis_detector: {"p": <probability>}` on the message; the crisis guard
(bot/nlp/crisis_guard.py) decides, with the threshold in content/crisis_triage.yml. The analysis
(features, model) is bot/nlp/crisis_model.py, free of Rasa so tools can measure it.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import conversation
from bot.nlp import encoder, model_files
from bot.nlp.answer_classifier import vector_of
from bot.nlp.crisis_model import CrisisModel, is_crisis_label

logger = logging.getLogger(__name__)
OUTPUT = "crisis_detector"
MODEL_FILE = "crisis_detector.pkl"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CrisisDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, model: Optional[CrisisModel] = None
    ) -> None:
        self._storage, self._resource = model_storage, resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CrisisDetector":
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        texts = [e.get(TEXT) for e in examples]
        labels = [is_crisis_label(e.get(INTENT)) for e in examples]
        vectors = np.vstack([vector_of(e) for e in examples])
        self.model = CrisisModel().fit(texts, vectors, labels)
        logger.info("crisis detector trained on %d examples (%d crisis)", len(texts), sum(labels))
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
    ) -> "CrisisDetector":
        model = model_files.load(model_storage, resource, MODEL_FILE)
        if model is None:
            logger.warning("crisis detector has no trained model; the patterns and classifier remain")
        return cls(model_storage, resource, model)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if self.model is None or not isinstance(text, str) or not text.strip():
                continue
            rest = conversation.without_pushback(text)
            # the complaint about the last answer is no crisis (played round 38: "dat heb je net al gezegd..
            # ik vroeg of het te laat is en of ik er nog iets aan kan doen" scored 0.905, the question alone 0.45)
            vector = vector_of(message) if rest == text else encoder.embed(rest)
            p = self.model.probability(rest, vector)
            message.set(OUTPUT, {"p": round(p, 3)}, add_to_output=True)
        return messages
