"""The knowledge selector runs only for messages classified as its retrieval intent
(bot/nlp/retrieval_selector.py); every other message skips the network but still says which
retrieval intents exist, as Rasa's own selector does."""
import pytest
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.training_data.message import Message

from bot.nlp.retrieval_selector import RetrievalOnlyResponseSelector


@pytest.fixture
def selector(monkeypatch):
    predicted = []

    def fake_predict(self, messages):  # stands in for the network
        for message in messages:
            predicted.append(message.get("text"))
            self._set_message_property(message, {"response": {"intent_response_key":
                                                             "kennis/wat_is_hechting"}}, "kennis")
        return messages

    monkeypatch.setattr(ResponseSelector, "process", fake_predict)
    component = object.__new__(RetrievalOnlyResponseSelector)
    component.retrieval_intent = "kennis"
    component.all_retrieval_intents = ["begrip", "kennis"]
    component.predicted = predicted
    return component


def message(text, intent):
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9}})


def test_only_knowledge_questions_reach_the_network(selector):
    messages = [message("wat is hechting?", "kennis"), message("hoi", "greet"),
                message("wat betekent exploratie?", "begrip")]
    selector.process(messages)
    assert selector.predicted == ["wat is hechting?"]
    assert messages[0].get("response_selector")["kennis"]["response"]["intent_response_key"] \
        == "kennis/wat_is_hechting"


def test_skipped_messages_still_list_the_retrieval_intents(selector):
    greet = message("hoi", "greet")
    selector.process([greet])
    assert greet.get("response_selector") == {"all_retrieval_intents": ["begrip", "kennis"]}
    assert "response_selector" in greet.as_dict_nlu()  # reaches the tracker like Rasa's own


def test_message_without_intent_is_still_answered(selector):
    # e.g. a pipeline without classifier in front: behave like Rasa's selector
    selector.process([Message(data={"text": "wat is hechting?"})])
    assert selector.predicted == ["wat is hechting?"]
