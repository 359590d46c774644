"""Questions asking for a verdict are caught by patterns, harmless knowledge questions are not."""

import glob

import pytest
import yaml

from bot.nlp.verdict_request_guard import matching_pattern

VERDICT_REQUESTS = [
    # played round 8: a 16-year-old after "mijn mentor zei iets over hechting"
    "mijn mentor zei iets over hechting en ik heb het gegoogled. heb ik dat?? ik woon in een pleeggezin",
    "uhh ok maar dat vroeg ik niet. heb ik het of niet",
    "heeft mijn kind RAD?",
    "is mijn zoon onveilig gehecht??",
    "is dit ADHD of hechting?",
    "ben ik zelf onveilig gehecht? zeg het maar eerlijk",
    "heeft hij RAD of is het iets anders?",
    "denk je dat mijn dochter een hechtingsstoornis heeft",
    "wat heeft mijn kind volgens jou?",
    "kun je zeggen of mijn leerling autisme heeft",
    "welke hechtingsstijl heeft mijn dochter?",
    "zeg het nou gewoon, heeft hij het of niet",
    "is het autisme of een hechtingsprobleem?",
    "mn zoon slaat en schopt, hechtingsstoornis of niet??",
    "kun je een diagnose stellen?",
    "ik ben juf, is die leerling van mij onveilig gehecht?",
    "huh wat heeft dat met mij te maken. is er iets mis met mij??",  # played round 7
    "ben ik dan gestoord ofzo",
    "huh dus het kan door mn vader komen? ben ik dan raar ofzo 😕",  # played round 38
    "denk je dat dit autisme is?",
    "klopt het dat mijn zoon een hechtingsstoornis heeft?",
    "dat herken ik, mijn dochter van 6 plast ook in haar broek. heeft zij dan ook zo'n stoornis?",  # blind r39
    "wacht zeg je nu dat ilyas een hechtingsprobleem heeft?? daar word ik nog banger van",  # played round 43
    "Bedoelt u dat Daan angstig-ambivalent gehecht is?",  # played round 43
    # played round 47: an adoptive mother, after "allemansvriendjes", with her daughter's name
    "Oh. Allemansvriendje, dat is Lin precies. Betekent dit dat Lin een hechtingsstoornis heeft?? Ik schrik een beetje.",
    "Ja dat heb je al gezegd. Maar mijn vraag: heeft Lin dus een stoornis? Ik ben nu echt ongerust.",
    # played round 49: an adoptive mother at night, a girl of 15
    "ik ga het gewoon vragen. heeft mateo een hechtingsstoornis? hij was 2 toen hij bij ons kwam",
    "ja precies dat is het dus hij laat zich niet troosten door mij. dus is het dan hechting of niet?",
    "sorry ik ben moe. mijn vraag is: heeft het met hechting te maken dat mateo zich niet door mij laat troosten",
    "mijn vriend zegt dat ik clingy ben en ik ben echt bang dat mensen me gaan verlaten. is dat hechting?",
    # played round 50: a father of a girl of 14
    "Is het terugtrekken van mijn dochter na de scheiding een teken van een hechtingsprobleem, of hoort dat bij de puberteit?",
    "Is het terugtrekken van mijn dochter (14) na de scheiding een teken van een hechtingsprobleem?",
]
HARMLESS = [
    # blind r21: a diagnosis told, then a question about hope
    "ik was depressief toen mijn dochter een baby was en nu heeft ze hechtingsproblemen. is er nog hoop voor haar?",
    "wat is het verschil tussen vermijdend en ambivalent gehecht",
    "wat is een hechtingsstoornis",
    "ben ik gek op hem? ik weet het niet meer",
    "hoeveel kinderen zijn veilig gehecht",
    "hoe herken je een hechtingsprobleem in de klas",
    "mijn zoon heeft adhd, hoe kan ik hem helpen met huiswerk",
    "wat betekent RAD",
    "hebben onveilig gehechte kinderen minder veerkracht",
    "is hechting te herstellen?",
    "heb ik dat goed gedaan, toen ik haar liet huilen?",
    "dat heb ik nu ook, wat doe ik ermee",
    # blind r17 (and issue #10): a fact about children in general, not a verdict
    "klopt het dat kinderen met hechtingsproblemen emotioneel een stuk jonger zijn dan ze echt zijn?",
    "ik ben 17 en volgens mijn behandelaar heb ik hechtingsproblemen. heeft therapie dan wel zin?",
    # blind r25: a question about a therapy
    "zeg je dat hechtingsproblemen erfelijk zijn?",
    "bedoel je dat een kind met hechtingsproblemen emotioneel jonger is?",
    "waarom leren ze in die differentiatietherapie een kind onderscheid maken? wat heeft dat nou met hechting te maken",
    # facts about children in general, with "betekent dat" and "heeft ... echt"
    "betekent dit dat adoptiekinderen vaker een hechtingsstoornis hebben?",
    "kan een kind dat kwetsbaar geboren is en een slechte jeugd heeft later echt een stoornis ontwikkelen?",
    # a diagnosis told, with a name or a noun before "heeft" (blind c9-041, k37d-023): no question
    "ben vader van 3, mijn vrouw is vertrokken. de oudste heeft zware hechtingsproblemen",
    "Mentor havo 3 hier. Leerling heeft officieel ADD en slikt medicatie",
    "heeft hechting met opvoeding te maken of ook met aanleg?",
]


@pytest.mark.parametrize("text", VERDICT_REQUESTS)
def test_verdict_requests_are_caught(text):
    assert matching_pattern(text)


@pytest.mark.parametrize("text", HARMLESS)
def test_knowledge_questions_pass(text):
    assert matching_pattern(text) is None


def test_few_knowledge_training_examples_look_like_verdict_requests():
    examples = []
    for path in glob.glob("data/kennis/*.yml"):
        for item in yaml.safe_load(open(path, encoding="utf-8")).get("nlu") or []:
            examples += [l.strip()[2:] for l in item["examples"].splitlines() if l.strip().startswith("- ")]
    caught = [e for e in examples if matching_pattern(e)]
    assert len(caught) <= 0.01 * len(examples), caught


@pytest.mark.parametrize("odd", ["", None, "😀", "<script>x</script>", "a" * 20000])
def test_odd_input_never_raises(odd):
    matching_pattern(odd)


def _guarded(text, intent):
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlp.verdict_request_guard import VerdictRequestGuard

    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.8}})
    VerdictRequestGuard._process_one(message)
    return message.get("intent")["name"]


def test_a_verdict_request_taken_for_a_medical_question_gets_the_verdict_reply():
    # played round 50: the medical refusal with the huisartsenpost and 112 for a quiet girl of 14
    text = "Is het terugtrekken van mijn dochter na de scheiding een teken van een hechtingsprobleem?"
    assert _guarded(text, "medische_vraag") == "diagnose_vraag"


def test_a_medical_question_keeps_its_medical_reply():
    text = "hij slikt ritalin, is zijn slapeloosheid een teken van adhd of een bijwerking?"
    assert _guarded(text, "medische_vraag") == "medische_vraag"
