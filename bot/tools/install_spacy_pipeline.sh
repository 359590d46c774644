#!/usr/bin/env bash
# Installs the Dutch spaCy pipeline into the venv: the official nl_core_news_sm 3.4.0
# (pinned URL + sha256, or a wheel from $HECHTWIJZER_WHEELS), else the trained stand-in
# from ../shared/wheels. Says which one it chose. Usage: install_spacy_pipeline.sh VENV_PYTHON
set -euo pipefail
PY="$1"
here="$(cd "$(dirname "$0")/../.." && pwd)"
read -r URL SHA < <("$PY" -c 'from bot.nlp.spacy_choice import OFFICIAL_WHEEL_URL as u, OFFICIAL_WHEEL_SHA256 as s; print(u, s)')

if "$PY" -c 'import nl_core_news_sm' 2>/dev/null; then
  echo "[spacy] nl_core_news_sm already installed"; exit 0
fi
# 1. a local wheel folder (offline machines that were handed the official wheel)
if [ -n "${HECHTWIJZER_WHEELS:-}" ] && ls "$HECHTWIJZER_WHEELS"/nl_core_news_sm-3.4.0-*.whl >/dev/null 2>&1; then
  echo "[spacy] installing nl_core_news_sm from $HECHTWIJZER_WHEELS"
  "$PY" -m pip install -q --no-deps "$HECHTWIJZER_WHEELS"/nl_core_news_sm-3.4.0-*.whl && exit 0
fi
# 2. the official release file, pinned by hash
req=$(mktemp); trap 'rm -f "$req"' EXIT
echo "nl_core_news_sm @ $URL --hash=sha256:$SHA" > "$req"
echo "[spacy] trying the official nl_core_news_sm 3.4.0 wheel..."
if "$PY" -m pip install -q --no-deps --timeout 15 --retries 0 --require-hashes -r "$req" 2>/dev/null; then
  echo "[spacy] installed nl_core_news_sm 3.4.0"; exit 0
fi
# 3. fallback: the trained stand-in beside the repo
if "$PY" -c 'import nl_ud_lassy_alpino_sm' 2>/dev/null; then
  echo "[spacy] nl_core_news_sm not reachable; using installed stand-in nl_ud_lassy_alpino_sm"; exit 0
fi
wheel=$(ls "$here"/../shared/wheels/nl_ud_lassy_alpino_sm-*.whl 2>/dev/null | head -n1 || true)
if [ -n "$wheel" ]; then
  echo "[spacy] nl_core_news_sm not reachable; installing stand-in $(basename "$wheel")"
  "$PY" -m pip install -q --no-deps "$wheel"; exit 0
fi
echo "[spacy] ERROR: no Dutch spaCy pipeline could be installed (no network to GitHub, no ../shared/wheels)." >&2
exit 1
