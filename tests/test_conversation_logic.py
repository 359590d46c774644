"""Who is asking, the child as described, and what was said (bot/conversation.py, no Rasa)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot import conversation, help_lines
from bot.content import help_resources, load

R = help_resources()
WED_AFTERNOON = datetime(2026, 11, 25, 15, 0, tzinfo=help_lines.AMSTERDAM)
NIGHT = datetime(2026, 11, 26, 1, 30, tzinfo=help_lines.AMSTERDAM)
CRISIS_NUMBERS = [
    R["alarm_112"]["phone"],
    R["zelfmoordpreventie_113"]["phone_free"],
    R["veilig_thuis"]["phone"],
]


@pytest.mark.parametrize(
    "text, audience",
    [
        ("ik ben 15 en ik denk dat ik niet goed gehecht ben", "jongere"),
        ("kan ik ergens anoniem praten? ik zit in de brugklas", "jongere"),
        ("ik ben gwn een meisje van 15, niet een moeder", "jongere"),  # played round 5
        ("hoi ik ben lieke, 15 jaar", "jongere"),
        ("ik heb een leerling in groep 5 die steeds de strijd aangaat", "leerkracht"),
        ("als juf weet ik niet meer wat ik moet doen", "leerkracht"),
        # played round 6: a teacher about a foster child is still the teacher
        ("hoi, ben leerkracht gr 6. leerling J (10, pleegkind) gooit met stoelen", "leerkracht"),
        ("ik ben benieuwd wat de juf van groep 4 ervan vindt, mijn zoon zit daar", "ouder"),
        # played round 7
        ("Mijn vrouw en ik hebben sinds acht maanden een pleegzoon, Milan, hij is negen.", "pleegouder"),
        ("mijn man en ik maken ons zorgen om onze zoon van 5", "ouder"),
        ("hoi ik ben daan 14 en woon in pleeggezin. ik word echt super snel boos", "jongere"),
        ("ik ben sinds 10 jaar juf in groep 3", "leerkracht"),
        ("onze pleegdochter van 14 is zo afstandelijk", "pleegouder"),
        ("wij hebben onze zoon uit China geadopteerd", "adoptieouder"),
        ("mijn adoptiedochter wil niet geknuffeld worden", "adoptieouder"),
        ("wat kan ik als opa doen", "grootouder"),
        ("mijn kleinzoon gaat vier dagen naar de opvang", "grootouder"),
        ("ik ben 34 en ik merk dat mijn eigen hechting meespeelt", "volwassene"),
        ("mijn dochter van 6 wil nooit knuffelen", "ouder"),
        # played round 8 and blind r8
        ("yo ff vraagje. ik woon sinds een jaar in een pleeggezin", "jongere"),
        ("jongen in mn klas, pleegkind sinds 2 mnd, kruipt onder tafel", "leerkracht"),
        (
            "Ik heb een meisje in groep 7, pleegkind. Ze zei: 'niet tegen mijn pleegmoeder zeggen'.",
            "leerkracht",
        ),
        # played round 9: grandchildren placed with their grandparents by youth care
        ("Onze kleinkinderen van 6 en 10 zijn door jeugdzorg bij ons geplaatst", "pleeggrootouder"),
        ("mijn kleinzoon woont sinds vorig jaar bij ons", "pleeggrootouder"),
        # played round 21: a grandmother in netwerkpleegzorg heard "je pleegzoon" about her grandson
        (
            "Ik ben 71. Sinds anderhalf jaar zorg ik voor mijn kleinzoon, het is een netwerkpleegzorg-plaatsing",
            "pleeggrootouder",
        ),
        # played round 40: a daycare worker's "when" is no parent
        ("ok maar als mama terugkomt kijkt ie niet eens op", None),
        ("als mama hem weer ophaalt negeert hij haar", None),
        ("als vader vind ik het moeilijk", "ouder"),
        # played round 40: a grandmother raising her grandson was asked twice "Zorgt u zelf voor uw kleinzoon?"
        (
            "Ik ben Truus, 64, en ik zorg sinds een jaar voor mijn kleinzoon van 6 omdat mijn dochter verslaafd is",
            "pleeggrootouder",
        ),
        ("Ik ben een oma die haar kleinzoon opvoedt", "pleeggrootouder"),
        (
            "Hij is bij mij via de jeugdbescherming, dus eigenlijk ben ik een soort pleegoma",
            "pleeggrootouder",
        ),
        ("ik ben oma, mijn dochter zorgt goed voor mijn kleinzoon", "grootouder"),
        ("Wij hebben een pleegzoon van 8 die bij ons geplaatst is", "pleegouder"),
        ("mijn kleinzoon komt elke woensdag bij ons", "grootouder"),
        # played round 10: "IB'er" loses its apostrophe ("iber"); the IB'er is the one a teacher
        # consults, so an audience of their own (told to "overleg met de intern begeleider")
        ("Hoi, ik ben IB'er op een basisschool", "begeleider"),
        ("Dank. Ik ben zelf de IB'er dus dat laatste klopt niet helemaal", "begeleider"),
        ("ik werk als jeugdhulpverlener met een meisje van 9", "begeleider"),
        ("Ik ben geen leerkracht, ik ben haar pleegmoeder.", "pleegouder"),
        # played round 12: a stepmother got texts for "je kind"
        ("Ik ben stiefmoeder van Noor, ze is 11.", "stiefouder"),
        ("mijn stiefzoon van 8 negeert me", "stiefouder"),
        # played round 13: a gym teacher got the parents' texts
        ("hoi, gymleraar hier. jongen groep 6 (10 jr) rent de zaal uit", "leerkracht"),
        # played round 26: a crisis foster mother
        (
            "Hallo, ik ben crisispleegmoeder. Sinds twee weken hebben we een baby van 3 maanden bij ons.",
            "pleegouder",
        ),
        # played round 24: a pabo student writing an assignment
        ("hoi! ik zit in pabo 3 en schrijf een opdracht over hechting in de klas", "student"),
        # played round 24: a mentor whose pupil is in foster care, not a foster parent
        ("mentor 2 havo, heb 10 min pauze. meisje 13, pleegzorg. plakt aan me. tips?", "leerkracht"),
        ("de juf van groep 3 zegt dat mijn zoon niet luistert", "ouder"),
        ("mijn mentor van 3 havo is aardig maar ik vertrouw niemand", "jongere"),
        # played round 28: a boy of 16 got texts for parents until he said his age
        ("hoi. we hadden vandaag op school een les over hechting. wat is vermijdend gehecht?", "jongere"),
        ("mijn moeder is weggegaan toen ik 6 was, ik woon sindsdien bij mijn vader", "jongere"),
        ("ik denk dat ik zelf vermijdend gehecht ben, relaties lopen steeds stuk", "volwassene"),
        ("Ik ben zelf onveilig gehecht en ik ben bang dat ik dat doorgeef aan mijn zoontje", "ouder"),
        ("ik woon weer bij mijn moeder, samen met mijn dochter van 3", "ouder"),
        ("juf hier, snelle vraag over een kleuter", "leerkracht"),
        # played round 14: a daycare worker got "leerling" and "intern begeleider"; round 29 classroom tips
        ("Hoi, ik werk als pedagogisch medewerker op een kdv. We hebben een jongetje van 2", "opvang"),
        (
            "ik ben pm'er op een kinderdagverblijf, er is een jongen van 2 die niet praat",
            "opvang",
        ),  # played round 28
        # played round 20: a pregnant woman who grew up in foster care is no foster parent
        (
            "hoi, ik ben jorien, 28 en zwanger van mn eerste. ik ben zelf opgegroeid in de pleegzorg, 3 pleeggezinnen gehad.",
            "ouder",
        ),
        ("wij worden in maart ouders en ik ben zelf geadopteerd", "ouder"),
        # played round 42: a mother of 24 got the adult's own help text twice for tips with her baby
        ("ik ben 24 en heb een zoontje van 5 maanden. ik ben zelf opgegroeid met een koude moeder", None),
        ("ik ben 27 en mijn relaties lopen steeds stuk", "volwassene"),
        # played round 45: a kindergarten teacher read as nobody in particular; a girl of 13 who says she is the child
        ("hoi, ik ben kleuterjuf groep 1-2. heb een meisje van 4 die niet loslaat", "leerkracht"),
        # played round 51: a teacher's shorthand, with a foster boy "in zn 3e pleeggezin" in her class
        (
            "hoi, ik ben lkr groep 4. heb een pleegjongetje in de klas (7), zit in zn 3e pleeggezin. "
            "jaloers als ik andere lln help. snelle tip?",
            "leerkracht",
        ),
        ("mijn zoon heeft een meisje in de klas dat hem pest", "ouder"),
        ("ik ben het kind, niet de moeder", "jongere"),
        ("ik ben het kind van een moeder die veel drinkt", None),
        ("hoi mag ik hier ook iets vragen als ik zelf 13 ben", "jongere"),
        ("oke maar ik ben dus 13 en het gaat over mij", "jongere"),
        ("ik ben het kind. ik ben niet de moeder", "jongere"),
        ("ik ben ook 12 jaar getrouwd en we hebben twee kinderen", None),
        # blind r41: a trainee's "mijn mentor" is her school's, she is no pupil
        ("ik loop stage in groep 6. mijn mentor vraagt na elk incident 'waarom deed je dat nou?'", "student"),
        ("ik ben 16 en loop stage bij de bakker, mijn baas schreeuwt", "jongere"),
    ],
)
def test_who_is_asking_comes_from_their_words(text, audience):
    assert conversation.detect_audience(text) == audience


def test_who_says_they_are_no_teacher_is_not_read_as_one():
    # played round 41: a day care worker, a father and a grandmother kept classroom texts after saying so
    read = conversation.detect_audience
    assert (
        read("ik ben geen leerkracht hoor, kinderdagverblijf. wat zeg ik tegen de ouders?", "leerkracht")
        == "opvang"
    )
    assert read("ik ben geen leraar hoor, ik ben zijn vader", "leerkracht") == "ouder"
    assert read("het gaat niet om een juf, hij gaat nog niet eens naar school", "leerkracht") is None
    assert read("ik ben geen psycholoog hoor, ik ben juf", "leerkracht") == "leerkracht"
    assert read("hoe help ik haar morgen?", "leerkracht") == "leerkracht"


def test_a_parents_words_do_not_override_who_is_known():
    # a grandfather talks about "mijn dochter" (the child's mother): he stays a grandparent
    assert (
        conversation.detect_audience("moet ik er iets van zeggen tegen mijn dochter", "grootouder")
        == "grootouder"
    )
    assert conversation.detect_audience("mijn dochter is 8", None) == "ouder"
    # a message without such words keeps what is known
    assert conversation.detect_audience("wat is hechting?", "pleegouder") == "pleegouder"
    # a grandparent raising placed grandchildren stays a foster parent when they say "als opa"
    assert conversation.detect_audience("wat kan ik als opa doen", "pleegouder") == "pleegouder"
    assert conversation.detect_audience("wat is hechting?") is None
    # played round 10: a foster mother's "en als ouder?" and an adoptive mother's "heb ik als moeder
    # iets verkeerd gedaan?" made them plain parents; an IB'er's "een leerling" a teacher
    assert conversation.detect_audience("En als ouder?", "pleegouder") == "pleegouder"
    assert conversation.detect_audience("heb ik als moeder iets fout gedaan?", "stiefouder") == "stiefouder"
    assert (
        conversation.detect_audience("Heb ik als moeder iets verkeerd gedaan?", "adoptieouder")
        == "adoptieouder"
    )
    assert conversation.detect_audience("het gaat om een leerling uit groep 8", "begeleider") == "begeleider"
    # ... and a mother's partner is no sign she asks about herself
    text = "mijn vriend zegt dat ik hem verwen en dat ik streng moet zijn"
    assert conversation.detect_audience(text, "ouder") == "ouder"
    assert conversation.detect_audience("mn zoon doet raar", None) == "ouder"
    # played round 10: a father who reports what the teacher said is a parent
    assert conversation.detect_audience("juf zegt tim heeft hechtingsproblemen. onzin toch?") == "ouder"
    assert conversation.detect_audience("mag school dat eigenlijk zeggen?? ze is geen dokter") == "ouder"
    assert conversation.detect_audience("ik ben de juf en de ib zegt dat ik moet wachten") == "leerkracht"


def test_who_said_who_they_are_stays_until_they_say_otherwise():
    # played round 2: a teacher became "the foster mother" after mentioning the pupil's foster home
    assert conversation.detect_audience("ik ben de juf van een meisje van 7") == "leerkracht"
    assert conversation.detect_audience("het pleegkind slaat andere kinderen", "leerkracht") == "leerkracht"
    assert conversation.detect_audience("moet ik de pleegouders inlichten?", "leerkracht") == "leerkracht"
    # ... while a foster parent's own words still say who they are, also after an assumption
    assert conversation.detect_audience("wij zijn pleegouders van een jongen van 9") == "pleegouder"
    assert conversation.detect_audience("het pleegkind bij ons huilt veel") == "pleegouder"
    # played round 1: "ik ben geen leraar, ik ben zijn vader" replaces the assumed teacher
    assert conversation.detect_audience("ik ben geen leraar, ik ben zijn vader", "leerkracht") == "ouder"
    # played round 41: without saying who they are, they are no longer read as a teacher either
    assert conversation.detect_audience("ik ben geen leraar hoor", "leerkracht") is None
    assert conversation.detect_audience("ik ben geen leraar hoor") is None
    # played round 4: "ik ben 35 hoor geen kind" made a mother an adult asking about herself
    assert conversation.detect_audience("ik ben 35 hoor geen kind", "ouder") == "ouder"
    assert (
        conversation.detect_audience("ik ben 35 en ik merk dat mijn eigen hechting meespeelt") == "volwassene"
    )


def test_the_child_is_named_as_described():
    assert conversation.detect_gender("het is een meisje trouwens") == "meisje"
    assert conversation.detect_gender("mijn zoon van 4") == "jongen"
    assert conversation.detect_gender("wat is hechting", current="meisje") == "meisje"
    # played round 9: a grandfather raising his grandchildren ("onze dochter" is their mother)
    text = "Jeugdzorg heeft onze kleinkinderen bij ons geplaatst omdat onze dochter drugs gebruikt"
    assert conversation.detect_gender(text, "pleegouder") is None
    # played round 5: a younger brother mentioned in passing, then a correction
    assert (
        conversation.detect_gender("ik heb ook een zoontje van 2 die thuis was", "ouder", "meisje")
        == "meisje"
    )
    assert (
        conversation.detect_gender("het gaat om mijn dochter hoor, niet mijn zoon", "ouder", "jongen")
        == "meisje"
    )
    # played round 3: "zo'n therapie" turned a daughter into a son
    assert (
        conversation.detect_gender(
            "Wat houdt zo'n therapie in? Wordt de ouder erbij betrokken?", "ouder", "meisje"
        )
        == "meisje"
    )
    assert conversation.detect_gender("ik heb zo n zoon van 6", "ouder") == "jongen"
    # a grandparent's "dochter" is the child's mother, not the child
    assert conversation.detect_gender("ik sprak mijn dochter", "grootouder", None) is None
    assert conversation.detect_gender("mijn kleindochter van 3", "grootouder") == "meisje"
    assert conversation.child_words("ouder", "meisje") == {"kind": "je dochter", "ze": "ze"}
    assert conversation.child_words("grootouder", "jongen")["kind"] == "je kleinzoon"
    # played round 21: a grandmother raising her grandson in netwerkpleegzorg is no "pleegmoeder"
    assert conversation.child_words("pleeggrootouder", "jongen")["kind"] == "je kleinzoon"
    assert conversation.detect_gender("mijn dochter is verslaafd", "pleeggrootouder") is None
    assert "pleegzorgbegeleider" in conversation.line("short", "pleeggrootouder", "jongen", WED_AFTERNOON)
    assert conversation.line("short", "ouder", "meisje", WED_AFTERNOON).startswith(
        "Twijfel je over je dochter?"
    )


@pytest.mark.parametrize("audience", [None, *load("conversation")["audiences"]])
@pytest.mark.parametrize("gender", [None, "meisje", "jongen"])
@pytest.mark.parametrize("now", [WED_AFTERNOON, NIGHT])
def test_every_built_text_is_filled_short_and_calm(audience, gender, now):
    texts = {
        name: conversation.line(name, audience, gender, now)
        for name in ("short", "goodnight", "sterkte", "self_care", "extra")
    }
    texts["first"] = conversation.first_referral(audience, gender, now)
    for name, text in texts.items():
        assert "{" not in text and "}" not in text, (name, text)
        assert len(text.split()) <= 45, (name, text)
        if name != "first":  # answer_referral is bot/help_lines.py's, tested there
            assert not any(number in text for number in CRISIS_NUMBERS), (name, text)
    assert texts["short"] and len(texts["short"].split()) <= 16, texts["short"]


def test_each_short_line_names_a_professional_or_the_persons_own_line():
    names = [
        R[rid]["short"]
        for rid in ("huisarts", "jeugdarts", "wijkteam", "intern_begeleider", "pleegzorgbegeleider")
    ]
    names.append(R["kindertelefoon"]["name"])
    for audience in [None, *load("conversation")["audiences"]]:
        short = conversation.line("short", audience).lower()
        assert any(name.lower() in short for name in names), (audience, short)


def test_a_young_person_gets_their_own_help_a_trusted_adult_first_then_the_line_with_hours():
    help_text = conversation.line("help", "jongere", now=WED_AFTERNOON)
    assert "mentor" in help_text and R["kindertelefoon"]["phone"] not in help_text
    more = conversation.line("help_more", "jongere", now=WED_AFTERNOON)
    assert R["kindertelefoon"]["phone"] in more and "kindertelefoon.nl" in more
    assert "anoniem" in more and "nu open, tot 21.00 uur" in more
    night = conversation.line("help_more", "jongere", now=NIGHT)
    assert "nu gesloten" in night and "11.00" in night


def test_a_young_person_hears_of_a_trusted_adult_under_later_answers_not_a_help_line():
    short = conversation.line("short", "jongere")
    assert "mentor" in short and R["kindertelefoon"]["phone"] not in short


def test_foster_parents_hear_of_their_worker():
    assert R["pleegzorgbegeleider"]["name"] in conversation.first_referral("pleegouder", now=WED_AFTERNOON)
    assert R["pleegzorgbegeleider"]["name"].lower() in conversation.line("short", "pleegouder").lower()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ik ben zelf helemaal op", True),
        ("eerlijk gezegd kan ik het niet meer aan", True),
        ("ik ben op school", False),
        ("ik ben op zoek naar tips", False),
    ],
)
def test_an_exhausted_parent_is_heard(text, expected):
    assert conversation.sounds_exhausted(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ok dankje, ik ga proberen te slapen, welterusten", True),
        ("slaap lekker", True),
        ("bedankt!", False),
    ],
)
def test_goodnight(text, expected):
    assert conversation.is_goodnight(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("waarom zeg je dat?", True),
        ("waarom stuur je mij dit", True),
        ("hoe kom je daar bij", True),
        ("waarom doet ze dat?", False),
        ("waarom?", False),
    ],
)
def test_why_did_you_say_that_is_about_the_bot(text, expected):
    assert conversation.asks_why_said(text) is expected


def test_asking_again_is_seen():
    assert conversation.asks_repeat("kun je dat nog een keer zeggen?")
    assert conversation.asks_repeat("herhaal dat eens")
    assert not conversation.asks_repeat("wat is hechting")
    assert conversation.asks_repeat("kun je die tips nog een keer geven?")
    # played round 18: a new question, not a request to say it again
    assert not conversation.asks_repeat("Nog één keer terug naar het liegen. Hoe reageer ik als hij liegt?")
    assert not conversation.asks_repeat("hij plast opnieuw in bed, wat kan ik doen?")


def test_memory_and_next_best_answer():
    said = conversation.remember([], "utter_kennis/tips_ouders", conversation.REFERRAL)
    assert conversation.remember(said, "utter_kennis/tips_ouders") == said
    ranking = [
        {"intent_response_key": "kennis/tips_ouders", "confidence": 0.6},
        {"intent_response_key": "kennis/veilige_hechting", "confidence": 0.2},
        {"intent_response_key": "kennis/vipp", "confidence": 0.1},
    ]
    assert conversation.next_best(ranking, said, skip=["tips_ouders"]) == "veilige_hechting"
    said = conversation.remember(said, "utter_kennis/veilige_hechting")
    # vipp is too weak a match to count as an answer to the question
    assert conversation.next_best(ranking, said) is None


def test_word_budget():
    assert conversation.fits("een " * 70, "twee " * 10)
    assert not conversation.fits("een " * 75, "twee " * 10)


def test_advice_an_answer_gave_is_not_a_fresh_tip():
    series = [f"utter_tip_klas_{n}" for n in range(1, 7)]
    fresh = conversation.fresh_tips(series, ["utter_tip_klas_6"], ["utter_kennis/controlegevecht"])
    assert "utter_tip_klas_2" not in fresh and "utter_tip_klas_6" not in fresh
    assert fresh[0] == "utter_tip_klas_1"


def test_every_same_advice_entry_names_real_responses():
    from tests.content_index import responses

    for answer, tips in conversation.spec()["same_advice"].items():
        assert answer in responses() and all(tip in responses() for tip in tips), answer


@pytest.mark.parametrize(
    "text, leaving",
    [
        # played round 6: the classifier answered VIPP; the father was saying goodbye
        ("Goed, dan ga ik met de huisarts praten over VIPP. Bedankt en fijne avond nog.", True),
        ("Ik bespreek het met mijn dochter. Dank u wel voor uw tijd, goedenavond.", True),
        ("top, dank je. doei", True),
        ("bedankt, maar wat is vipp?", False),
        ("Goedenavond. Ik heb een vraag over mijn zoon.", False),
        ("dank je, dat helpt. mijn dochter bijt nog steeds, wat nu", False),
        # played round 8: an IB'er and a teacher whose goodbye got a referral
        ("Oké, dat zoek ik zelf uit. Bedankt voor het meedenken, ik ga aan de slag. Fijne middag.", True),
        ("top, dat boek ga ik bestellen. bel gaat, moet weer, bedankt!", True),
        ("Dank u wel voor uw moeite. Een prettige dag verder en tot ziens.", True),
        ("bedankt. hij moet weer naar school en dan begint het gedoe", False),
        # played round 10: a father's farewell without thanks got a knowledge answer
        ("ik ben de vader niet de juf 😂 laat maar. tim scoort net. doei", True),
        ("ok daag", True),
        ("Hij huilt. De hele dag.", False),
        ("laat maar", False),
        # played round 15: a grandfather's closing "Goedenavond." got a resource list and 113
        (
            "Dat is niet wat ik bedoelde, maar ik dank u voor de moeite. Ik zal er nog eens rustig "
            "over nadenken en het misschien met mijn vrouw bespreken. Goedenavond.",
            True,
        ),
        ("Goedenavond", False),
        # played round 34: a teacher between lessons got more content under his thanks
        ("ok top, bedankt! moet weer de klas in", True),
        ("ik moet weer werken aan zijn hechting, bedankt", False),
        # played round 47: an adoptive mother's goodnight opened with a word echoed in surprise
        ("Borderline?? Dat wil ik niet lezen nu. Ik ga naar de huisarts. Dank je wel, goedenacht.", True),
        ("is dat normaal? bedankt en goedenacht", False),
    ],
)
def test_a_message_that_ends_with_thanks_and_goodbye_takes_leave(text, leaving):
    assert conversation.takes_leave(text) is leaving


@pytest.mark.parametrize(
    "text, thanks",
    [
        # played round 11: a thanks with a summary was read as a new question
        ("Helder. Bedankt, dit helpt me voor het overleg.", True),
        ("ok nou top, dank je wel", True),
        ("nee dank je", False),
        ("Dank je. Mijn zoon bijt nog steeds.", False),
        ("bedankt, maar wat is vipp?", False),
    ],
)
def test_a_message_that_ends_with_thanks_is_a_thanks(text, thanks):
    assert conversation.only_thanks(text) is thanks


def test_the_childs_age_band_is_read_from_what_the_user_wrote():
    assert conversation.detect_age("hij is trouwens net 2,5") == "jong"
    assert conversation.detect_age("onze peuter wil niet naar de opvang") == "jong"
    assert conversation.detect_age("mijn dochter van twee") == "jong"
    assert conversation.detect_age("mijn zoon (14) snijdt") == "schoolkind"
    assert conversation.detect_age("Ik ben pleegmoeder van een meisje van elf") == "schoolkind"
    assert conversation.detect_age("zit in groep 5") == "schoolkind"
    # played round 30: a father of a woman of 24 was sent to the jeugdarts and the consultatiebureau
    assert conversation.detect_age("Zij is inmiddels 24 en woont al jaren op zichzelf.") == "volwassen"
    assert conversation.detect_age("onze volwassen dochter belt bijna nooit") == "volwassen"
    assert conversation.detect_age("de scheiding, toen zij zeven was") is None  # a past age
    line = help_lines.referral_line("ouder", age="volwassen")
    assert "huisarts" in line and "ggz voor volwassenen" in line
    assert "jeugdarts" not in line and "consultatiebureau" not in line
    # no child's age: the parent's age, the time, how long, how often
    for text in ("ik ben 34", "het is 2 uur s nachts", "ik doe dit al 12 jaar", "mijn zoon 2 keer per week"):
        assert conversation.detect_age(text) is None, text
    assert conversation.detect_age("wat is hechting", current="jong") == "jong"
    assert conversation.detect_age("ik heb ook een zoontje van 2", current="schoolkind") == "schoolkind"


def test_a_grandmother_stays_a_grandmother_and_her_daughter_is_not_the_child():
    """Played round 43: "Hoe begin ik als moeder en oma een gesprek met mijn dochter, een volwassen
    vrouw" made a grandmother a parent with an adult child, and "het consultatiebureau" made her
    grandson of five a toddler."""
    audience = conversation.detect_audience("ik pas twee dagen per week op mijn kleinzoon Daan van vijf")
    assert audience == "grootouder"
    assert conversation.detect_age("ik pas op mijn kleinzoon Daan van vijf", None, audience) == "schoolkind"
    text = "Hoe begin ik als moeder en oma een gesprek met mijn dochter, een volwassen vrouw?"
    assert conversation.detect_audience(text, "grootouder") == "grootouder"
    assert conversation.detect_age(text, "schoolkind", "grootouder") == "schoolkind"
    assert conversation.detect_age("mijn dochter van 34 is zo moe", None, "grootouder") is None
    assert (
        conversation.detect_age("kan mijn dochter naar het consultatiebureau?", "schoolkind") == "schoolkind"
    )
    assert (
        conversation.detect_age("we gaan morgen naar het consultatiebureau") == "jong"
    )  # fills an empty slot
    # a parent's own grown-up child still counts
    assert conversation.detect_age("onze volwassen dochter belt bijna nooit", None, "ouder") == "volwassen"


def test_a_young_adult_without_children_is_no_parent_to_be():
    """Played round 43: a woman of 23 read "bespreek het met je verloskundige" and "sterkte met je kind"."""
    for text in (
        "ik wil echt niet dat ik word zoals mijn moeder",
        "haha nee ik ben niet zwanger hoor, dat is nog ver weg",
    ):
        assert conversation.detect_audience(text, "volwassene") == "volwassene", text
        assert not conversation.is_expecting([text]), text
    assert conversation.detect_audience("haha ik heb nog steeds geen kind hoor", "ouder") is None
    assert conversation.detect_audience("ik heb zelf geen kinderen", "leerkracht") == "leerkracht"
    # a parent-to-be still is one
    assert conversation.is_expecting(["ik word moeder in mei"])
    assert conversation.detect_audience("ik ben 30 weken zwanger") == "ouder"


def test_a_name_before_the_role_still_says_who_is_asking():
    assert conversation.detect_audience("Ik ben Nina, intern begeleider op een basisschool") == "begeleider"
    assert (
        conversation.detect_audience("Hoi. Leerkracht groep 7 hier, even snel in de pauze.") == "leerkracht"
    )
    assert conversation.detect_audience("ik ben Mark, leerkracht van groep 7") == "leerkracht"
    assert conversation.detect_audience("ik ben geen psycholoog hoor") is None


def test_a_parent_spoken_of_is_not_the_one_asking():
    asked = "wat doet u als een ouder vraagt of zijn kind een hechtingsstoornis heeft?"
    assert conversation.detect_audience(asked, "begeleider") == "begeleider"
    asked = "En stelt u ooit een diagnose als een ouder daarom vraagt?"
    assert conversation.detect_audience(asked, "begeleider") == "begeleider"
    assert conversation.detect_audience("ik ben een moeder van drie") == "ouder"
    assert (
        conversation.detect_audience("als vader vraag ik me af of het aan mij ligt", "leerkracht") == "ouder"
    )


@pytest.mark.parametrize(
    "text, school",
    [
        ("wat kan de juf doen?", True),
        ("Er is geen school bij betrokken. Moet ik de omgang stoppen?", False),  # played round 37
        ("het gaat niet over school maar over thuis", False),
    ],
)
def test_school_said_not_to_be_in_it_is_no_school(text, school):
    assert conversation.mentions_school(text) is school


def test_a_grandparent_and_a_foster_parent_read_their_own_word_for_the_child():
    """Played round 43: a grandmother read "Spiegel wat uw kind voelt ... Troost uw kind" about her grandson."""
    audience = conversation.detect_audience("Ik pas twee dagen per week op mijn kleinzoon van vijf.")
    assert conversation.detect_audience("Wat doe ik als hij bijt?", audience) == "grootouder"
    text = "Spiegel wat je kind voelt. Troost je kind en stel het gerust. Je kind mag boos zijn. Je kinderen ook."
    named = conversation.name_the_child(text, audience)
    assert named == (
        "Spiegel wat je kleinkind voelt. Troost je kleinkind en stel het gerust. Je kleinkind mag boos zijn. "
        "Je kinderen ook."
    )
    assert "je pleegkind" in conversation.name_the_child(text, "pleegouder")
    for audience in ("ouder", "leerkracht", "adoptieouder", None):
        assert conversation.name_the_child(text, audience) == text


def test_a_grandfather_of_a_girl_of_nine_is_read_as_one():
    """Played round 44: "ik ben 71 jaar en grootvader van Sanne, die 9 is. Zij woont bij mijn zoon" was a parent
    of a son, and her baby brother ("als er een baby bij komt", "met de baby al druk") made her a toddler."""
    first = "Mijn naam is Henk, ik ben 71 jaar en grootvader van Sanne, die 9 is. Zij woont bij mijn zoon."
    audience = conversation.detect_audience(first)
    assert audience == "grootouder"
    assert conversation.detect_gender(first, audience) is None
    age = conversation.detect_age(first, None, audience)
    assert age == "schoolkind"
    for text in (
        "Is het niet gewoon jaloezie? Dat komt toch vaker voor als er een baby bij komt?",
        "Mijn schoondochter heeft het met de baby al druk genoeg.",
    ):
        assert conversation.detect_age(text, age, audience) == "schoolkind", text
    assert conversation.detect_audience("ik ben bij mijn oma") is None  # a child at her grandmother's
    assert conversation.detect_age("onze peuter wil niet naar de opvang") == "jong"
