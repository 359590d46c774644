"""What a user sends over REST and what the running bot must (and must not) answer."""

import pytest

from bot.content import topic_map

pytestmark = pytest.mark.e2e


def test_first_message_says_what_hechtwijzer_is(ask):
    reply = ask("hallo").lower()
    assert "digitale gids" in reply
    assert "geen hulpverlener" in reply and "geen diagnose" in reply
    # the welcome leads every new conversation, so it names no crisis line: an ordinary first
    # question must not open with an emergency number (the widget shows 112/113 at all times)
    assert "112" not in reply and "113" not in reply


def test_introduction_comes_once_per_conversation(rest):
    rest("hallo", sender="intro-once")
    second = rest("hoi", sender="intro-once")
    assert not any("digitale gids" in (m.get("text") or "") for m in second)


def test_what_can_you_do_offers_three_topics(rest):
    replies = rest("wat kun je?")
    titles = [b["title"] for m in replies for b in m.get("buttons") or []]
    assert {"Wat is hechting?", "Tips voor in de klas", "Waar vind ik hulp?"} <= set(titles)


def test_quick_reply_buttons_lead_to_answers(ask):
    assert "hecht" in ask("Wat is hechting?").lower()
    # each question asked once: asked again, the bot would (rightly) not repeat its answer
    classroom = ask("Geef me tips voor in de klas").lower()
    assert any(w in classroom for w in ("leerling", "klas", "kind"))
    help_ = ask("Waar vind ik hulp?").lower()
    assert any(w in help_ for w in ("huisarts", "wijkteam", "cjg"))


def test_bot_challenge_says_it_is_a_program(ask):
    reply = ask("ben jij een robot?").lower()
    assert "computerprogramma" in reply or "geen mens" in reply


def test_out_of_scope_is_declined_politely(ask):
    reply = ask("kun je een python script schrijven dat mijn mailbox opruimt?").lower()
    assert "sorry" in reply or "niet mee helpen" in reply
    assert "def " not in reply and "import " not in reply


def test_nonsense_gets_rephrase_request_with_topics(rest):
    replies = rest("qwrtz plof brmm xyxy")
    text = " ".join(m.get("text") or "" for m in replies).lower()
    titles = [b["title"] for m in replies for b in m.get("buttons") or []]
    assert "anders" in text or "begrijp" in text or "sorry" in text
    assert "Waar vind ik hulp?" in titles


@pytest.mark.parametrize(
    "question, keywords",
    [
        ("wat is hechting eigenlijk?", ["band", "bowlby"]),
        ("wat is het verschil tussen veilig en onveilig gehecht", ["veilig"]),
        ("welke hechtingsstijlen zijn er?", ["vermijd", "ambivalent", "gedesori"]),
        ("tip voor een leerling die steeds de strijd aangaat in mijn klas", ["strijd", "rust", "taak"]),
        (
            "bij wie kan ik terecht als ik me zorgen maak over mijn kind",
            ["huisarts", "wijkteam", "jeugdarts"],
        ),
    ],
)
def test_knowledge_answers_name_facts_and_source(ask, question, keywords):
    reply = ask(question).lower()
    assert any(k in reply for k in keywords), reply
    sources = [s.lower() for s in topic_map()["sources"].values()]
    assert any(s[:40] in reply for s in sources), "answer must name its source"


def test_diagnosis_request_gets_referral_not_verdict(ask):
    reply = ask("heeft mijn dochter RAD? ze wil nooit knuffelen").lower()
    assert any(p in reply for p in ("huisarts", "jeugdarts", "wijkteam", "huisartsenpost"))
    for verdict in ("uw dochter heeft", "je dochter heeft", "ze heeft rad", "waarschijnlijk", "klinkt als"):
        assert verdict not in reply


def test_follow_up_tell_more_stays_on_topic(rest):
    rest("wat is de vreemde situatie procedure?", sender="meer-test-1")
    more = " ".join(m.get("text") or "" for m in rest("vertel meer", sender="meer-test-1")).lower()
    assert "hereni" in more or "ainsworth" in more or "vreemde" in more


def test_next_tip_never_repeats(rest):
    sender = "tips-test-1"
    rest("Geef me tips voor in de klas", sender=sender)
    seen = []
    for _ in range(4):
        text = " ".join(m.get("text") or "" for m in rest("nog een tip", sender=sender))
        assert text not in seen
        seen.append(text)


def test_questions_about_hechtwijzer_itself_get_their_answer(ask):
    # played round 5: a parents' association volunteer asked these before embedding the chat
    stored = ask("worden gesprekken hier bewaard?").lower()
    assert "gewist" in stored and "bewaard" in stored
    crisis = ask("wat doe je eigenlijk als iemand in nood is?").lower()
    assert "computerprogramma" in crisis and "zelfmoordpreventie" in crisis
    source = ask("waar komt je kennis vandaan?").lower()
    assert "themanummer" in source and "diagnose" in source


def test_someone_who_writes_u_reads_u_and_someone_who_writes_je_reads_je(rest):
    """Played rounds 20-22: a father and two grandmothers wrote "u" throughout and read "je"."""
    import re

    second_person = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
    quoted = re.compile(r"(?<![\w])'(?!s )[^'\n]+'(?![\w])")
    # a question whose answer speaks to the reader (the tips): "zich niet laat troosten" now gets the
    # answer on comforting, which addresses nobody, so it could not show the form of address
    question = "wat kan ik thuis doen om mijn kleinzoon van 6 te helpen? Hij heeft veel driftbuien."
    formal = " ".join(
        m.get("text") or "" for m in rest(f"Goedemiddag. Kunt u mij zeggen {question}", sender="formeel-0001")
    )
    assert re.search(r"\b(u|uw|uzelf)\b", formal) and not second_person.search(quoted.sub(" ", formal))
    plain = " ".join(m.get("text") or "" for m in rest(f"hoi, {question}", sender="informeel-0001"))
    assert second_person.search(plain) and not re.search(r"\buw\b", plain)
