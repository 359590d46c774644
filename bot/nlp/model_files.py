"""Where our trainable Rasa components keep their fitted model: one pickle in Rasa's model storage.

Shared by bot/nlp/answer_classifier.py and bot/nlp/crisis_detector.py, so both save and load the
same way (and a model trained without a component loads as "no model", not a crash).
"""

from __future__ import annotations

import pickle
from typing import Any, Optional

from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


def save(storage: ModelStorage, resource: Resource, filename: str, model: Any) -> None:
    with storage.write_to(resource) as directory:
        (directory / filename).write_bytes(pickle.dumps(model))


def load(storage: ModelStorage, resource: Resource, filename: str) -> Optional[Any]:
    """The saved model, or None when this resource holds none."""
    try:
        with storage.read_from(resource) as directory:
            return pickle.loads((directory / filename).read_bytes())
    except (ValueError, FileNotFoundError):
        return None
