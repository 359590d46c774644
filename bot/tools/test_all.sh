#!/usr/bin/env bash
# The test command (`make test`, also run by .ci/run). Each step says what it does; any
# failure stops the run with a non-zero exit code.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
RASA=.venv/bin/rasa
eval "$($PY -m bot.run_env)"  # what our commands add to a plain `rasa` (bot/run_env.py)
# The workspace's shared folder beside this repository holds the own-words check and the article
# (tests/test_provenance.py reads it too). A clone elsewhere has none: those checks are skipped
# with a warning, here and again at the end, instead of failing the run.
SHARED=../shared
SKIPPED=()
skip() { SKIPPED+=("$1"); echo "WARNING: $1" >&2; }
mkdir -p var/log
step() { echo; echo "=== [test $1/8] $2 ($(date +%T))"; }

step 1 "make check: ruff (lint + format) and the fast unit tests, so a slip fails in a minute"
make -s --no-print-directory check

step 2 "own words: no sentence copied from the article"
if [ -f "$SHARED/tools/verbatim_check.py" ]; then
  python3 "$SHARED/tools/verbatim_check.py" .
else
  skip "own-words check SKIPPED: $SHARED/tools/verbatim_check.py is missing (this clone is not in the workspace)"
fi

step 3 "rasa data validate"
$RASA data validate --data data --domain domain.yml --config config.yml > var/log/validate.log 2>&1 \
  || { cat var/log/validate.log; exit 1; }

step 4 "train the model (only when something changed)"
$PY -m bot.launcher train

step 5 "NLU quality: 5-fold cross-validation of the classifier on data/ (gate: bot/tools/cross_validate.py)"
$PY -m bot.tools.cross_validate --gate 2>&1 | grep -v "^\[e5\]"

step 6 "conversation tests (rasa test core --fail-on-prediction-errors)"
rm -rf results/core
$RASA test core --stories tests/stories --model models/hechtwijzer.tar.gz --out results/core \
  --fail-on-prediction-errors > var/log/test_core.log 2>&1 \
  || { grep -v "^\s*$" var/log/test_core.log | tail -40; cat results/core/failed_test_stories.yml 2>/dev/null | head -60; exit 1; }
echo "all conversation tests passed ($(grep -c '^- story:' -r tests/stories | awk -F: '{s+=$NF} END {print s}') stories)"

step 7 "browser for the widget tests (Debian chromium)"
bash tests/browser/install_browser.sh

step 8 "pytest: unit tests, end-to-end over REST with real servers, widget in a real browser"
set +e
$PY -m pytest tests -p no:cacheprovider
rc=$?
set -e
if [ "$rc" -eq 5 ]; then echo "pytest collected no tests: that is a failure"; exit 1; fi
for warning in ${SKIPPED[@]+"${SKIPPED[@]}"}; do echo "WARNING: $warning" >&2; done
exit "$rc"
