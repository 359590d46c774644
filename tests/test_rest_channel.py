"""The REST channel's input checks and the faster action-response check (no servers)."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.channels import clean_text, parse_body


class FakeRequest:
    def __init__(self, body=None, broken=False):
        self._body, self._broken = body, broken

    @property
    def json(self):
        if self._broken:
            raise ValueError("not json")
        return self._body


@pytest.mark.parametrize("request_, reason", [
    (FakeRequest(broken=True), "not valid JSON"),
    (FakeRequest([]), "JSON object"),
    (FakeRequest({"message": "hoi"}), "sender"),
    (FakeRequest({"sender": "  ", "message": "hoi"}), "sender"),
    (FakeRequest({"sender": "x" * 500, "message": "hoi"}), "sender"),
    (FakeRequest({"sender": "a", "message": None}), "message"),
    (FakeRequest({"sender": "a", "message": 5}), "message"),
])
def test_bad_bodies_are_refused_with_a_reason(request_, reason):
    body, error = parse_body(request_)
    assert body is None and error.status == 400 and reason in error.body.decode()


def test_good_body_passes():
    body, error = parse_body(FakeRequest({"sender": "a", "message": "Wat is hechting?"}))
    assert error is None and body["message"] == "Wat is hechting?"


def test_text_is_cleaned_and_capped():
    assert clean_text("  hoi\x00\x07 daar ") == "hoi   daar"
    assert len(clean_text("a" * 50_000)) == 10_000


def test_action_responses_are_still_validated():
    assert RemoteAction._validate_action_result(None, {"events": [], "responses": []})
    with pytest.raises(jsonschema.ValidationError):
        RemoteAction._validate_action_result(None, {"events": "geen lijst"})
