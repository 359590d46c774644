"""The text classifier behind Hechtwijzer's NLU, free of Rasa so that tools can cross-validate it.

One flat linear model over every label: small-talk intents, follow-ups, safety intents and each
knowledge answer (`kennis/<key>`) and term (`begrip/<key>`) as a label of its own. Features:
- character n-grams (2–5, within words) of the normalised text: Dutch compounds and typos;
- word uni- and bigrams: "eigen hechting", "na de diagnose";
- the multilingual-e5 sentence embedding (bot/nlp/encoder.py), which carries meaning for
  words and phrasings that never occur in our examples.
Which classifier and which weights: chosen by 5-fold cross-validation and on blind batches
(`make cross-validate`, docs/measurements.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Tuple

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import LabelEncoder
from sklearn.svm import LinearSVC
from sklearn.utils.class_weight import compute_class_weight

from bot.nlp.text_patterns import strip_accents


def plain(text: str) -> str:
    """Lowercase without accents: 'gedesoriënteerd' and 'gedesorienteerd' are one word."""
    return strip_accents(str(text or "")).lower()


@dataclass
class ModelSettings:
    embedding_weight: float = 3.0  # e5 vector is scaled by this against the tf-idf blocks
    C: float = 1.0  # inverse regularisation of the linear SVM
    temperature: float = 8.0  # softmax over SVM margins -> confidences (FallbackClassifier)
    char_max_features: int = 40_000
    word_max_features: int = 20_000
    class_weight: str = "balanced"  # answers with few examples are not drowned by big intents
    fit_jobs: int = 2  # one-vs-rest problems trained side by side (training time, issue #10)


def _fit_one(X, positive: np.ndarray, weight: float, C: float) -> Tuple[np.ndarray, float]:
    svm = LinearSVC(C=C, class_weight={True: weight, False: 1.0}, random_state=0).fit(X, positive)
    return svm.coef_[0], float(svm.intercept_[0])


@dataclass
class OneVsRestSVM:
    """LinearSVC's own one-vs-rest, one binary problem per label, run on `jobs` threads.

    The same problems as LinearSVC(class_weight='balanced') on all labels solves one after the
    other (liblinear gives a label's own examples its balanced weight and every other example
    weight 1); liblinear releases the GIL, so two cores train it in about half the time."""

    C: float
    class_weight: str
    jobs: int

    def fit(self, X, y: np.ndarray) -> "OneVsRestSVM":
        labels = np.unique(y)
        weights = (
            compute_class_weight(self.class_weight, classes=labels, y=y)
            if self.class_weight
            else np.ones(len(labels))
        )
        fitted = Parallel(n_jobs=self.jobs, prefer="threads")(
            delayed(_fit_one)(X, y == label, float(w), self.C) for label, w in zip(labels, weights)
        )
        # kept as (features, labels) in row order: sparse @ dense with coef_.T, a column-order
        # view, made scipy copy all 60k x 143 weights on every message (15 of the 26 ms of NLU a
        # message took, profile_turn in session 25; 0.06 ms this way)
        self.weights_ = np.ascontiguousarray(np.vstack([coef for coef, _ in fitted]).T)
        self.intercept_ = np.array([b for _, b in fitted])
        return self

    def decision_function(self, X) -> np.ndarray:
        return np.asarray(X @ self.weights_) + self.intercept_


@dataclass
class TextClassifier:
    settings: ModelSettings = field(default_factory=ModelSettings)

    def _features(self, texts: Sequence[str], vectors: np.ndarray, fit: bool = False):
        texts = [plain(t) for t in texts]
        if fit:
            self.char_ = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(2, 5),
                sublinear_tf=True,
                min_df=1,
                max_features=self.settings.char_max_features,
            )
            self.word_ = TfidfVectorizer(
                analyzer="word",
                ngram_range=(1, 2),
                sublinear_tf=True,
                token_pattern=r"(?u)\b\w+\b",
                max_features=self.settings.word_max_features,
            )
            char, word = self.char_.fit_transform(texts), self.word_.fit_transform(texts)
        else:
            char, word = self.char_.transform(texts), self.word_.transform(texts)
        dense = sparse.csr_matrix(np.asarray(vectors, dtype=np.float32) * self.settings.embedding_weight)
        return sparse.hstack([char, word, dense], format="csr")

    def fit(self, texts: Sequence[str], vectors: np.ndarray, labels: Sequence[str]) -> "TextClassifier":
        self.labels_ = LabelEncoder().fit(list(labels))
        y = self.labels_.transform(list(labels))
        X = self._features(texts, vectors, fit=True)
        self.model_ = OneVsRestSVM(self.settings.C, self.settings.class_weight, self.settings.fit_jobs)
        self.model_.fit(X, y)
        return self

    def predict_proba(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        margins = self.model_.decision_function(self._features(texts, vectors)) * self.settings.temperature
        margins -= margins.max(axis=1, keepdims=True)
        exp = np.exp(margins)
        return exp / exp.sum(axis=1, keepdims=True)

    def rank(self, text: str, vector: np.ndarray, top: int = 10) -> List[Tuple[str, float]]:
        """[(label, probability)] best first."""
        probs = self.predict_proba([text], vector.reshape(1, -1))[0]
        order = np.argsort(-probs)[:top]
        names = self.labels_.inverse_transform(order)
        return [(str(n), float(probs[i])) for n, i in zip(names, order)]

    def known_words(self, text: str) -> int:
        """How many words (or word pairs) of the text occur in the training examples."""
        return int(self.word_.transform([plain(text)]).nnz)

    def predict(self, texts: Sequence[str], vectors: np.ndarray) -> List[str]:
        probs = self.predict_proba(texts, vectors)
        return list(self.labels_.inverse_transform(probs.argmax(axis=1)))


def label_of(intent: str, response_key: str | None) -> str:
    """Rasa keeps 'kennis' as intent and 'kennis/vipp' as response key: the label is the finer one."""
    return response_key or intent


def split_label(label: str) -> Tuple[str, str | None]:
    """'kennis/vipp' -> ('kennis', 'kennis/vipp'); 'greet' -> ('greet', None)."""
    return (label.split("/", 1)[0], label) if "/" in label else (label, None)


def group_ranking(ranking: Sequence[Tuple[str, float]]) -> Dict[str, float]:
    """Intent confidences: the answers of one retrieval intent add up to that intent's score."""
    scores: Dict[str, float] = {}
    for label, p in ranking:
        intent, _ = split_label(label)
        scores[intent] = scores.get(intent, 0.0) + p
    return scores
