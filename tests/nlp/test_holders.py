"""Reading who speaks and how an article introduced them (no spaCy)."""

from __future__ import annotations

import pytest

from annotator.nlp.holders import DocumentActors
from annotator.nlp.modifiers import names_a_thing, not_a_target
from annotator.nlp.no_holder import group_subject, opening_subject
from annotator.nlp.quotes import quote_goes_on, quoted
from annotator.nlp.speakers import PRONOUN_SAYS, introduced_as, named_speaker


@pytest.mark.parametrize(("sentence", "name"), [
    ('"I will not pay," Vicente Fox said, using a profanity.', "Vicente Fox"),
    ('"What is sad", Cengiz said, "is this."', "Cengiz"),
    ('"It is fine," said Lam.', "Lam"),
    ("McNamara replied, according to CNN.", "McNamara"),
    ("Mr. Fox also said the wall was stupid.", "Mr. Fox"),
    ("According to al-Eryani, the rebels are backed by Iran.", "al-Eryani"),
    ("📣 Mohammed al-Momani said the reports were baseless.", "Mohammed al-Momani"),
    ("according to Tam Man-kei 🙂, it was unlawful.", "Tam Man-kei"),
    ("According to Johnson's critics, this is a ploy.", None),  # the critics speak
    ("According to the communique, the two agreed.", None),
    ("He said it was fine.", None),
    ("Officials said it was fine.", None),
    ("The talks went well.", None),
])
def test_the_name_at_the_reporting_verb(sentence, name):
    found = named_speaker(sentence)
    assert (sentence[found[0]:found[1]] if found else None) == name


def _ents(text: str, names: dict[str, str]) -> list[tuple[int, int, str, str]]:
    out = []
    for form, actor in names.items():
        at = text.index(form)
        out.append((at, at + len(form), "GPE", actor))
    return sorted(out)


@pytest.mark.parametrize(("text", "surname", "actor"), [
    ("Niger's president Mahamadou Issoufou spoke. 😀 Issoufou said so.", "Issoufou", "NER"),
    ("Presidents Muhammadu Buhari of Nigeria signed.", "Buhari", "NGA"),
    ("So Se Pyong, North Korea's ambassador, told Reuters.", "Pyong", "PRK"),
    ("Vicente Fox and Felipe Calderón, 2 Ex-Presidents of Mexico, met.", "Fox", "MEX"),
    ("In Mexico, Fox met the press.", "Fox", None),  # a place before a comma, not a title
    ("Fox met the press.\r\nMexico said nothing.", "Fox", None),  # another sentence
    ("🗳 HARTFORD — U.S. Senate candidate Richard Blumenthal spoke.", "Blumenthal", "USA"),
    ("Mexico won. Fox met the press.", "Fox", None),  # a full stop ends the sentence
    ("Adam Kokesh, an Iraq War veteran, spoke.", "Kokesh", None),  # a war, not a state
    # the possessive state, not the organisation that names the post
    ("📨 Iraq's UN Ambassador Mohamed Ali Alhakim wrote.", "Alhakim", "IRQ"),
    ("The UN's Iraq envoy Jan Kubis wrote.", "Kubis", "UN"),
    # a state among a person's names is not whom they speak for
    ("Army spokesman Bulama Mali Gubio 😀 said so.", "Gubio", None),
    ("Nigeria's army spokesman Bulama Mali Gubio said so.", "Gubio", "NGA"),
    ("Then Mali Gubio spoke.", "Gubio", None),
    ("Mali president Ibrahim Keita spoke.", "Keita", "MLI"),
])
def test_how_an_article_introduced_a_person(text, surname, actor):
    names = {form: code for form, code in (("Niger", "NER"), ("Nigeria", "NGA"),
                                           ("North Korea", "PRK"), ("Mexico", "MEX"),
                                           ("U.S. Senate", "USA"), ("Iraq", "IRQ"),
                                           ("UN", "UN"), ("Mali", "MLI"))
             if form in text and not (form == "Niger" and "Nigeria" in text)}
    ents = _ents(text, names)
    assert introduced_as(text, surname, ents, lambda s, e, i: i or None) == actor


@pytest.mark.parametrize(("text", "form", "expected"), [
    ("the border with Mexico", "Mexico", True),
    ("a visit to Japan", "Japan", True),
    ("airstrikes in Iraq", "Iraq", False),
    ("support to Ukraine", "Ukraine", False),
    ("a demand from the United States", "United States", False),
])
def test_places_along_the_way_are_not_targets(text, form, expected):
    at = text.index(form)
    assert not_a_target(text, at, at + len(form), "GPE") is expected


@pytest.mark.parametrize(("before", "sentence", "goes_on"), [
    ("“I’d like to know who those Hispanics are,” Mr. Fox said. “", "They are fools.”", True),
    ("He said.", "They are followers of a false prophet.”", True),
    ('Niger\'s president said, "Nigeria is big.', 'Without Nigeria it would fail."', True),
    ("He spoke.", "“We will not pay,” Fox said.", False),
    ("He spoke.", 'She cautioned justice does not come swiftly. "', False),
    ("He spoke.", "The talks went well.", False),
])
def test_a_piece_of_a_quotation(before, sentence, goes_on):
    assert quote_goes_on(before, sentence) is goes_on


@pytest.mark.parametrize(("sentence", "says"), [
    ("Speaking to NBC News, she said, “It is over.”", True),
    ("“Not the British,” he declared.", True),
    ("“It is over,” said he.", True),
    ("He also told reporters it was over.", True),
    ("Several said they backed the plan.", False),  # "they" after the verb is no speaker
    ("The sheriff said it was over.", False),
    ("They said it was over.", False),  # a group, often not the last speaker
    ("“We stand by it 📰,” a spokesman said.", True),  # an unnamed spokesperson
    ("The spokeswoman added that it was over.", True),
    ("A spokesman for Japan said it was over.", False),  # named whom they speak for
])
def test_a_pronoun_speaker(sentence, says):
    assert bool(PRONOUN_SAYS.search(sentence)) is says


@pytest.mark.parametrize(("text", "at"), [
    ("Former President Jacques Chirac died. Chirac was 86.", len("Former President ")),
    ("Chirac died. President Chirac was 86.", len("Chirac died. ")),
    ("Chirac died.\nJacques\nChirac was 86.", None),  # a line between: no first name
    ("The Chiracs left. jacques Chirac 😀 stayed.", None),  # another word; lower case
    ("Mr. Chirac left.", None),  # "Mr." is no first name: the full stop ends it
])
def test_where_an_article_names_a_person_in_full(text, at):
    doc = DocumentActors(text, [], {}, lambda actor: actor, {})
    assert doc._named_in_full("Chirac") == at


@pytest.mark.parametrize(("sentence", "group"), [
    ("Critics have said the plan is wrong.", "Critics"),
    ("But critics see no distinction.", "critics"),
    ("“🙄 Some critics say it is wrong.", "critics"),
    ("In any event, the company says, the plaintiffs differ.", "company"),
    ("Backers of the policy say it works.", "Backers"),
    ("Scientists cautioned against optimism.", "Scientists"),
    ("The company's shares fell.", None),  # a possessive: not its subject
    ("Republican critics said it was wrong.", None),  # a capitalised modifier
    ("The party advocates states' rights.", None),
    ("He said critics were wrong.", None),
])
def test_a_group_that_speaks_for_no_state(sentence, group):
    at = group_subject(sentence)
    if group is None:
        assert at is None
    else:
        assert sentence[at - len(group):at] == group  # offsets in code points


@pytest.mark.parametrize(("text", "form", "thing"), [
    ("🙂 Talks on the Russia probe went on.", "Russia", True),
    ("Russian interference 🗳 was denied.", "Russian", True),
    ("Russian officials said it was false.", "Russian", False),
    ("American and British intelligence officials said so.", "American", False),
    ("Russians say it is false.", "Russians", False),  # a people, not an adjective
    ("Russia said it was false.", "Russia", False),
    ("Adam Kokesh, an Iraq War 🎖 veteran, spoke.", "Iraq", True),  # capitalised: still a thing
    ("Flynn Not Cooperating With Russia Probe", "Russia", True),  # a headline's capitals
    ("Russian President Putin said so.", "Russian", False),  # a title
])
def test_an_actor_that_modifies_a_thing(text, form, thing):
    start = text.index(form)
    label = "NORP" if form.startswith("Russian") or form == "American" else "GPE"
    assert names_a_thing(text, start, start + len(form), label) is thing


@pytest.mark.parametrize(("sentence", "spans"), [
    ('“Not for Argentina 🇦🇷,” he declared.', [(0, len("“Not for Argentina 🇦🇷,"))]),
    ('He said: "We will go" and left.', [(len('He said: '), len('He said: "We will go'))]),
    ("It is over.” Then he left.", [(0, len("It is over."))]),  # closes one opened before
    ("He said: “We will", [(len("He said: "), len("He said: “We will"))]),  # goes on
    ('... international law", as quoted by Greek Reporter.', [(0, len("... international law"))]),
    ('It was over. "', [(len("It was over. "), len('It was over. "'))]),
    ("No quotation here.", []),
])
def test_the_quoted_words_of_a_sentence(sentence, spans):
    assert quoted(sentence) == spans


@pytest.mark.parametrize(("sentence", "subject"), [
    ("In a separate exchange, WikiLeaks 📨 urged him to comment.",
     "In a separate exchange, WikiLeaks 📨 "),
    ("Reached for comment, a spokesman for American Media Inc. also denied it.",
     "Reached for comment, a spokesman for American Media Inc. also "),
    ("Japan will help Amnesty International.", "Japan "),
    ('Greenpeace "is wrong", he said.', "Greenpeace"),
])
def test_the_words_that_open_a_sentence_before_its_verb(sentence, subject):
    assert opening_subject(sentence) == subject


def test_unknown_speakers_count_toward_the_main_actor_with_a_named_entity_recogniser():
    """A statistical pipeline marks the speaker as a PERSON entity of its own, linked to no
    actor: still a person the registry does not know, who speaks for the state introduced."""
    text = ("U.S. Senate candidate Richard Blumenthal 🇺🇸 spoke.\r\n\r\nHe served in Vietnam. "
            "Vietnam was far.\r\n\r\nBlumenthal said no. Blumenthal said it again.")
    ents = [(text.index("U.S. Senate"), text.index("U.S. Senate") + 11, "ORG", "USA_SENATE")]
    ents += [(m, m + 7, "GPE", "VNM") for m in (text.index("Vietnam"), text.rindex("Vietnam"))]
    at = 0
    while (at := text.find("Blumenthal", at + 1)) > 0:
        ents.append((at, at + len("Blumenthal"), "PERSON", ""))  # NER, no actor
    doc = DocumentActors(text, ents, {}, lambda a: "USA" if a.startswith("USA") else a, {})
    assert doc.main == "USA"


def test_an_ambiguous_place_that_is_a_first_name_introduces_no_one():
    text = "State Department spokeswoman Victoria Nuland 🇺🇸 said so."
    ents = [(0, len("State Department"), "ORG", "USA"),
            (text.index("Victoria"), text.index("Victoria") + 8, "GPE", "?SYC")]
    assert introduced_as(text, "Nuland", ents, lambda s, e, i: i.lstrip("?")) == "USA"
