"""Who holds a statement in rumour and tabloid news: armed groups as what the story is about,
officials of bodies the registry knows, the titles that tie a speaker to a state (no spaCy)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from annotator.nlp.holders import DocumentActors

_TYPES = {"ISIS": "NONSTATE", "USA": "STATE", "USA_DHS": "GOV_BODY"}


class _Actor:
    def __init__(self, actor_type: str):
        self.type = actor_type


def _doc(text: str, names: dict[str, str]) -> DocumentActors:
    ents = []
    for form, actor in names.items():
        at = -1
        while (at := text.find(form, at + 1)) >= 0:
            ents.append((at, at + len(form), "ORG", actor))
    actors = {actor_id: _Actor(kind) for actor_id, kind in _TYPES.items()}
    return DocumentActors(text, sorted(ents), actors,
                          lambda a: "USA" if a.startswith("USA") else a, {})


def test_an_armed_group_the_story_is_about_is_not_its_main_actor():
    """ISIS named four times, the United States twice: the officials who speak without a
    name in the sentence ("he said") speak for the state, not for the group."""
    text = ("ISIS fighters 🏴 crossed the border, the DHS denied.\r\n\r\nISIS and ISIS again. "
            "ISIS is feared. “We see no sign,” he said.")
    assert _doc(text, {"ISIS": "ISIS", "DHS": "USA_DHS"}).main == "USA"
    assert _doc(text, {"ISIS": "ISIS"}).main is None  # no one else: no main actor at all


@pytest.mark.parametrize(("text", "surname", "state"), [
    ("🇺🇸 Rep. Duncan Hunter (R-Calif.) said ISIS crossed.\r\nHunter said so.", "Hunter", "USA"),
    ("Texas Gov. Rick Perry (R) warned of it. Perry said so.", "Perry", "USA"),
    ("The claim, Sen. Marco Rubio, R-Fla., said, was true.", "Rubio", "USA"),
    ("Congresswoman Maxine Waters 😀 said it.", "Waters", "USA"),
    ("Duncan Hunter, a writer, said so.", "Hunter", None),  # no title: no state
    ("Mr. Smith, I think, said so.", "Smith", None),  # a pronoun is no party mark
    ("Rep.\r\n\r\nSmith said so.", "Smith", None),  # a title ends with its line
])
def test_a_title_of_the_united_states_congress_names_its_state(text, surname, state):
    assert _doc(text, {}).introduced(surname) == state


def test_he_said_goes_back_through_an_unnamed_spokesman_not_drawn(project):
    """'Iraq's interior ministry has said.' names the speaker; '..., a ministry spokesman
    said' (not drawn) is theirs; the "he said" after it, each a paragraph of its own, is
    Iraq's too, not the article's main actor's."""
    from tests.learning.test_slots import drawing

    suggester = project.load_suggester("builtin", statement_model=drawing("wives"))
    text = ("A woman detained in Lebanon 🇱🇧 was no wife of the leader. Lebanon and Lebanon "
            "again.\r\n\r\nIraq's interior ministry has said.\r\n\r\n“She is his sister,” a "
            "ministry spokesman said.\r\n\r\n“His wives are others,” he said.")
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
    assert text[s.start:s.end].endswith("he said.") and s.attrs["holder"] == "IRQ"


@pytest.mark.parametrize(("sentence", "speaker", "inverted"), [
    ("“It is over 🎉,” said Lam.", "Lam", True),
    ("“It is over,” said Foreign Minister Lavrov.", "Lavrov", True),
    ("“It is over,” said the minister of Japan.", "Japan", True),
    # an aside between commas, then the speaker's own clause: not inverted
    ("Kirby, however, added that the Kurds 😐 got the arms from the Islamic State.",
     "Islamic State", False),
    ("Kirby added that it was the Islamic State.", "Islamic State", False),
])
def test_an_inverted_reporting_verb_names_its_speaker_right_after_it(sentence, speaker,
                                                                     inverted):
    from annotator.nlp.carry import inverted_verb

    verb = min(sentence.index(v) for v in ("said", "added") if v in sentence)
    assert inverted_verb(sentence, verb, sentence.index(speaker)) is inverted


def test_an_aside_after_the_speaker_does_not_make_the_next_actor_speak(project):
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    text = ("Chuck Hagel, however, added that the arms 🪂 reached the Kurds fighting the "
            "Islamic State in Kobani.")
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
    assert s.attrs["holder"] == "USA" and s.attrs.get("target") == "ISIS"


def test_an_aside_between_the_subject_and_the_verb_names_no_speaker(project):
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())

    def holder(text: str) -> str:
        (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
        return s.attrs.get("holder")

    assert holder("Obama, speaking at a NATO summit 🤝 in Newport, Wales, told reporters "
                  "the strikes would go on.") == "USA"
    assert holder("In Newport, Wales, Obama told reporters the strikes would go on.") == "USA"
    assert holder("In Berlin, a spokesman for Japan said the strikes would go on.") == "JPN"


def test_a_participle_after_the_name_introduces_no_organisation():
    from annotator.nlp.speakers import introduced_as

    text = "Obama, speaking at a NATO summit 🤝, said so. Stoltenberg, NATO's chief, agreed."
    ents = [(text.index("NATO"), text.index("NATO") + 4, "ORG", "NATO"),
            (text.rindex("NATO"), text.rindex("NATO") + 4, "ORG", "NATO")]
    assert introduced_as(text, "Obama", ents, lambda s, e, i: i) is None
    assert introduced_as(text, "Stoltenberg", ents, lambda s, e, i: i) == "NATO"


def test_a_pronoun_after_a_speaker_named_in_its_own_sentence_is_that_speaker(project):
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    text = ("Islamic State fighters said they held the dam 🏞.\r\nPresident Barack Obama told "
            "Congress that he had ordered more raids, though he said they would be limited.")
    *_, s = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
    assert s.attrs["holder"] == "USA"  # not the Islamic State's, who spoke before


def test_officials_who_tell_hold_what_they_tell(project):
    """'U.S. officials tell the AP that the Islamic State threatened ...' is theirs, about the
    group; 'what I'd say to' names no one."""
    from annotator.nlp.speakers import named_speaker
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    text = ("U.S. officials tell the Associated Press 📰 that the Islamic State had threatened "
            "to kill him.")
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
    assert s.attrs["holder"] == "USA" and s.attrs.get("target") == "ISIS"
    assert named_speaker("So, what I’d say to the public is that we watch.") is None
    assert named_speaker("“We watch,” officials tell Reuters. Lam tells them so.") is not None


def test_an_ngo_speaks_for_no_one_though_its_introduction_names_a_state(project):
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    text = ("Syria and Syria again. The group flew the jets over Aleppo 🛩, said Rami "
            "Abdulrahman, who runs the Britain-based Syrian Observatory for Human Rights.\r\n"
            "“They have trainers,” Abdulrahman said.")
    statements = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
    assert [s.attrs.get("holder") for s in statements[-2:]] == [None, None]


@pytest.mark.parametrize(("sentence", "unplaced"), [
    ("A senior Western intelligence official told Fox News 📺 that he is the suspect.", True),
    ("“It is over,” an Arab diplomat said.", True),
    ("“It is over,” said a Western official.", True),
    ("Western officials said it was over.", True),
    ("A foreign diplomat said it was over.", True),
    ("A foreign ministry official said it was over.", False),  # the country's ministry
    ("British and Western officials said it was over.", False),  # a state is named
    ("A senior official told Fox News it was over.", False),
])
def test_an_official_of_no_named_state(sentence, unplaced):
    from annotator.nlp.no_holder import UNPLACED_SPEAKER

    assert bool(UNPLACED_SPEAKER.search(sentence)) is unplaced


def test_an_official_of_no_named_state_holds_nothing(project):
    from tests.learning.test_slots import always

    suggester = project.load_suggester("builtin", statement_model=always())
    text = ("British police 🇬🇧 searched London. Britain said so.\r\nA senior Western "
            "intelligence official told Fox News that the rapper is the suspect.")
    *_, s = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
    assert "holder" not in s.attrs  # not Britain, the article's main actor


@pytest.mark.parametrize(("sentence", "subject", "cue", "same"), [
    ("Egypt has struck Libya and is 🤔 considering more.", "Egypt", "considering", True),
    ("Trump is heading to Mexico, but Fox had a message.", "Trump", "message", False),
    ("Despite Mr. Trump's promises Mexico will not pay.", "Trump", "pay", False),
    ("As Obama spoke Iran vowed to respond.", "Obama", "vowed", False),
])
def test_the_subject_that_opens_a_sentence_and_its_cue(sentence, subject, cue, same):
    from annotator.nlp.no_holder import same_clause

    end = sentence.index(subject) + len(subject)
    assert same_clause(sentence, 0, end, sentence.index(cue)) is same


def test_the_subject_that_opens_the_sentence_holds_its_cue(project):
    """'Egypt has conducted airstrikes in Libya and is considering ...': Egypt's, not Libya's,
    which stands nearer the cue."""
    suggester = project.load_suggester("builtin", statement_model=False)
    text = ("Egypt has conducted limited airstrikes in Libya 💥 and is considering increased "
            "military action, including ground forces.")
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
    assert s.attrs["holder"] == "EGY"


def test_well_known_armed_groups_the_registry_does_not_list_hold_nothing(project):
    """Named as every reader knows them, however the article describes them: Boko Haram, not
    Nigeria; their leader too; the government's spokesman on them speaks for Nigeria."""
    from annotator.nlp.no_holder import armed_groups
    from tests.learning.test_slots import always

    assert armed_groups("Boko Haram 🏴 and al-Shabab struck.") == {"Boko Haram", "al-Shabab"}
    suggester = project.load_suggester("builtin", statement_model=always())

    def holders(text: str) -> list:
        return [x.attrs.get("holder") for x in suggester.one(text) if x.kind == "STATEMENT"]

    text = ("Nigeria and Nigeria again 🇳🇬.\r\nMike Omeri, the Nigerian government's "
            "spokesperson on the Boko Haram insurgency, said talks went on.\r\nBoko Haram "
            "leader Abubakar Shekau said there was no deal.\r\nThe leader of Nigeria's Islamic "
            "extremist group Boko Haram has denied agreeing to any cease-fire.\r\nA charity "
            "that had been involved in negotiations said the hostage died.")
    assert holders(text)[1:] == ["NGA", None, None, None]


def test_unnamed_officials_after_their_words_are_not_the_actor_the_words_name(project):
    from annotator.nlp.no_holder import UNNAMED_AFTER
    from tests.learning.test_slots import always

    assert UNNAMED_AFTER.search("He tried it, officials told CNN 📺.")
    assert UNNAMED_AFTER.search("“It is over,” said police.")
    assert not UNNAMED_AFTER.search("Officials told CNN it was over, and Iran agreed.")
    suggester = project.load_suggester("builtin", statement_model=always())
    text = ("The United States freed him. The United States and the United States again.\r\n"
            "The former prisoner, being held in Qatar, is believed to have tried to contact "
            "the Taliban, officials told CNN.")
    *_, s = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
    assert s.attrs["holder"] == "USA"  # the article's, not Qatar's
