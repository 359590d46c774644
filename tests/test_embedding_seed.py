"""The shipped sentence vectors (bot/nlp/e5_seed.npz) cover the training data and equal the encoder's."""

from __future__ import annotations

import numpy as np

from bot.nlp import encoder
from bot.tools.embedding_seed import training_texts


def test_the_seed_covers_most_training_sentences():
    # below 90 %: refresh it with `python -m bot.tools.embedding_seed` (a fresh checkout would
    # embed the rest at its first training, minutes on two cores)
    seed = encoder._seeded()
    texts = {encoder._clean(t) for t in training_texts()}
    covered = sum(encoder._digest(t) in seed for t in texts)
    assert covered / len(texts) >= 0.90, f"{covered}/{len(texts)}: run python -m bot.tools.embedding_seed"


def test_a_seeded_vector_is_the_encoders_own():
    text = encoder._clean(training_texts()[0])
    seeded = encoder._seeded()[encoder._digest(text)].astype(np.float32)
    fresh = encoder.model(1).query(text)
    assert float(np.dot(seeded, fresh)) > 0.999
