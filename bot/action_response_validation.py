"""Rasa 3.6 checks every action-server response with `jsonschema.validate`, which builds a new
validator on each call: 19.7 ms per turn against 0.29 ms with one validator built once
(py-spy profile of `make bench`, docs/measurements.md "Where the time went"). install() swaps in
the built-once validator; the check itself, and the error it raises, stay the same.

Nothing happens on import: the REST channel calls install() when the Rasa server starts
(SafeRestInput.blueprint in bot/channels.py), so the swap is visible where the server begins.
"""

import jsonschema
from rasa.core.actions import action as rasa_action

_SCHEMA = rasa_action.RemoteAction.action_response_format_spec()
_VALIDATOR = jsonschema.validators.validator_for(_SCHEMA)(_SCHEMA)


def _validate_action_result(self, result) -> bool:
    _VALIDATOR.validate(result)  # raises jsonschema.ValidationError, as Rasa's own check does
    return True


def install() -> None:
    """Rasa's check of action responses with the validator built once (idempotent)."""
    rasa_action.RemoteAction._validate_action_result = _validate_action_result


def installed() -> bool:
    return rasa_action.RemoteAction._validate_action_result is _validate_action_result
