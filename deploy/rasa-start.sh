#!/bin/sh
# Starts one Rasa server of the scaled profile after checking its settings. Used by
# deploy/scaled.sh and as the entrypoint of the Rasa image (docker-compose, k8s), so every
# profile refuses the same things.
#
#   deploy/rasa-start.sh check            check only (exit 78 with a reason on stderr)
#   deploy/rasa-start.sh run --model ...  check, then exec rasa run ...
#
# HECHTWIJZER_PG_PASSWORD, HECHTWIJZER_REDIS_PASSWORD: set, not a placeholder (change-me ...),
#   at least 12 characters.
# HECHTWIJZER_CORS_ORIGINS: the web sites allowed to show the chat, space separated, each
#   scheme://host[:port] (e.g. "https://www.vereniging.nl https://vereniging.nl"); empty: no
#   other site. nginx puts it in chat.html's frame-ancestors; it is checked here because every
#   profile gives it to the Rasa servers too, so a bad list stops the profile.
#   Rasa gets no --cors: the chat talks to its own origin (nginx), no browser to Rasa directly.
# RASA_BIN: the rasa executable (default: rasa on PATH).
set -eu

refuse() {
  echo "hechtwijzer: $*; the Rasa server is not started" >&2
  exit 78
}

check() {
  for name in HECHTWIJZER_PG_PASSWORD HECHTWIJZER_REDIS_PASSWORD; do
    eval "value=\${$name:-}"
    case "$(printf '%s' "$value" | tr 'A-Z' 'a-z')" in
      "") refuse "$name is not set" ;;
      change-me|changeme|change_me|password|secret|hechtwijzer|placeholder)
        refuse "$name is still the placeholder '$value' (see deploy/k8s/secret.yaml)" ;;
    esac
    [ "${#value}" -ge 12 ] || refuse "$name is shorter than 12 characters"
  done
  set -f  # an origin like https://* must not be expanded as a file pattern
  for origin in ${HECHTWIJZER_CORS_ORIGINS:-}; do
    printf '%s\n' "$origin" | grep -Eq '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$' \
      || refuse "HECHTWIJZER_CORS_ORIGINS: '$origin' is not an origin like https://www.vereniging.nl (no path, no *)"
  done
  set +f
}

case "${1:-}" in
  check) check ;;
  run)
    check
    exec "${RASA_BIN:-rasa}" "$@" ;;
  *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
