"""The crisis detector's model, free of Rasa (bot/nlp/crisis_detector.py wraps it).

Logistic regression, crisis or not, over character n-grams (typos, compounds: "zelfmoordgedachtes",
"doodgaan") and the multilingual-e5 embedding (meaning, also in English, Turkish or Polish).
Class weights are balanced: a missed crisis costs more than the few hundred extra near-misses
in the data suggest. Settings compared on blind batch r5 (docs/measurements.md): C=4 with
character n-grams caught more crises at the same false-alarm rate than the embedding alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.nlp.intent_model import plain


def is_crisis_label(intent: str) -> bool:
    return str(intent or "").startswith("crisis_")


@dataclass
class CrisisModel:
    C: float = 4.0
    char_weight: float = 1.0
    char_max_features: int = 40_000

    def _features(self, texts: Sequence[str], vectors: np.ndarray):
        char = self.char_.transform([plain(t) for t in texts]) * self.char_weight
        return sparse.hstack([char, sparse.csr_matrix(np.asarray(vectors, dtype=np.float32))], format="csr")

    def fit(self, texts: Sequence[str], vectors: np.ndarray, labels: Sequence[bool]) -> "CrisisModel":
        self.char_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, max_features=self.char_max_features
        ).fit([plain(t) for t in texts])
        self.model_ = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000)
        self.model_.fit(self._features(texts, vectors), np.asarray(labels, dtype=bool))
        return self

    def probability(self, text: str, vector: np.ndarray) -> float:
        """P(crisis) for one message."""
        return float(self.model_.predict_proba(self._features([text], vector.reshape(1, -1)))[0, 1])
