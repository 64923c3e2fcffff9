"""Holder and target of the sentences a model draws (slots from the rules' evidence)."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from annotator.nlp.statement_model import StatementModel

pytest.importorskip("spacy")


def always(type_: str = "STANCE") -> StatementModel:
    """A model that draws every sentence as `type_` (only its bias feature has weights)."""
    ids = np.asarray([zlib.crc32(b"bias")], dtype=np.uint32)
    return StatementModel(["NONE", type_], ids, np.asarray([[0.0, 5.0]], dtype=np.float32),
                          {"threshold": 0.5, "id": "test0001"})


@pytest.fixture
def suggest(project):
    suggester = project.load_suggester("builtin", statement_model=always())

    def run(text: str) -> list:
        return [s for s in suggester.one(text) if s.kind == "STATEMENT"]
    return run


def test_the_speaker_is_the_actor_at_the_reporting_verb(suggest):
    (s,) = suggest("On Monday in Cairo, Japan said the deal with Egypt was fair.")
    assert s.attrs["holder"] == "JPN" and s.attrs["target"] == "EGY"
    assert s.attrs["model"] == "test0001" and s.score > 0.99
    (s,) = suggest("The deal with Egypt was fair, said Japan.")
    assert s.attrs["holder"] == "JPN" and s.attrs["target"] == "EGY"


def test_a_sentence_that_goes_on_keeps_the_holder_before_it(suggest):
    first, second, third = suggest("Brazil said it opposed the plan. "
                                   "We will not sign it. The weather was fine.")
    assert first.attrs["holder"] == "BRA"
    assert second.attrs["holder"] == "BRA"  # opens with a pronoun: the speaker goes on
    assert third.attrs["holder"] == "BRA"  # names no one: the main actor, the only one here


def test_a_sentence_with_a_subject_of_its_own_does_not_carry_the_holder(suggest):
    """It names no actor but does not point back: the article's main actor, not the last
    speaker."""
    *_, brazil, senators, it = suggest("Peru held talks. Peru and Chile met.\n\n"
                                       "Brazil said it opposed the plan. A number of senators "
                                       "condemned the move 🙄. It will not sign it.")
    assert brazil.attrs["holder"] == "BRA"
    assert senators.attrs["holder"] == "PER"
    assert it.attrs["holder"] == "PER"  # points back to the senators' statement


def test_a_new_paragraph_does_not_carry_the_holder(suggest):
    """Past a blank line the last speaker is not carried on; the article's main actor (named
    most often) stands in for a statement that names no one."""
    *_, first, second = suggest("Peru held talks.\n\nPeru and Chile met.\n\n"
                                "Brazil said it opposed the plan.\n\nWe will not sign it.")
    assert first.attrs["holder"] == "BRA" and second.attrs["holder"] == "PER"


def test_a_statement_naming_no_one_gets_the_main_actor_of_the_article(suggest):
    *_, brazil, s = suggest("Ukraine's president 🇺🇦 visited Kyiv.\r\nUkrainian troops "
                            "advanced.\r\n\r\nBrazil said it opposed the plan.\r\n\r\n"
                            "The talks went well, officials told reporters.")
    # CRLF blank lines end a paragraph too: Brazil is not carried over
    assert brazil.attrs["holder"] == "BRA"
    assert s.attrs["holder"] == "UKR" and "target" not in s.attrs
    (s,) = suggest("The talks went well, officials told reporters.")
    assert "holder" not in s.attrs  # no actor anywhere: nothing to propose


def test_a_place_along_the_way_is_not_the_target(suggest):
    (s,) = suggest("Japan pledged to fund a wall along the border with Mexico.")
    assert s.attrs["holder"] == "JPN" and "target" not in s.attrs
    (s,) = suggest("Japan 😢 condemned the killing of aid workers on a visit to Iraq.")
    assert "target" not in s.attrs
    (s,) = suggest("Japan condemned the war in Iraq.")
    assert s.attrs["target"] == "IRQ"  # what the stance is about
    (s,) = suggest("Japan rejected an Australian ultimatum.")
    assert s.attrs["target"] == "AUS"  # a nationality adjective: against Australia


def test_a_capital_counts_half_toward_the_main_actor(suggest):
    *_, s = suggest("Talks resumed in Washington.\n\nGbagbo announced he will extend the curfew.")
    assert s.attrs["holder"] == "USA"


def test_a_speaker_the_registry_does_not_know_is_a_mention_to_link(project):
    suggester = project.load_suggester("builtin", statement_model=always())
    text = ("Katya Lindqvist said the talks had failed. "
            "\"There is no way back,\" said Ane Alencar. He said it was over.")
    found = suggester.one(text)
    statements = [s for s in found if s.kind == "STATEMENT"]
    people = [text[s.start:s.end] for s in found if s.kind == "MENTION" and s.label == "PERSON"
              and s.actor_id is None]
    assert people == ["Katya Lindqvist", "Ane Alencar"]  # not "He"
    assert "holder" not in statements[0].attrs  # nobody to link yet: no holder guessed
    assert statements[0].attrs["speaker_span"] == [0, len("Katya Lindqvist")]


def test_an_ambiguous_surname_is_that_person_only_where_the_article_names_them(suggest):
    # "Johnson" may be Boris Johnson (GBR): only if the article says so
    *_, s = suggest("The United States denied the report.\r\n\r\n"
                    "Johnson said the claim about Iran was false.")
    assert s.attrs["holder"] == "USA"
    *_, s = suggest("Boris Johnson met reporters.\r\n\r\nJohnson said the claim about Iran was false.")
    assert s.attrs["holder"] == "GBR"


def test_an_unknown_speaker_is_the_actor_they_were_introduced_with(suggest):
    *_, s = suggest("Argentine President Alberto Fernández 🇦🇷 arrived on Monday.\n\n"
                    "Fernández said Chile must open the border.")
    assert s.attrs["holder"] == "ARG"
    *_, s = suggest("Vicente Fox and Felipe Calderón, 2 Ex-Presidents of Mexico, met.\n\n"
                    "“We will not pay 💸 for the wall of the United States,” Fox said.")
    assert s.attrs["holder"] == "MEX"


def test_an_unknown_speaker_is_not_whoever_the_sentence_names(suggest):
    # Cengiz is not introduced with any actor: not Saudi Arabia's statement, the article's
    *_, s = suggest("Brazil held talks.\n\nBrazil and Peru met.\n\n"
                    "Cengiz said Saudi Arabia must act.")
    assert s.attrs["holder"] == "BRA"


def test_rules_alone_settle_the_holder_the_same_way(project):
    suggester = project.load_suggester("builtin", statement_model=False)
    *_, s = [x for x in suggester.one("Brazil held talks.\n\nBrazil and Peru met.\n\n"
                                      "Cengiz said Saudi Arabia condemned the plan.")
             if x.kind == "STATEMENT"]
    assert s.attrs["holder"] == "BRA" and s.actor_id == "BRA"


def test_an_armed_group_holds_its_own_statements(suggest):
    (s,) = suggest("Hamas 🚀 condemned Israel.")
    assert s.attrs["holder"] == "HAMAS" and s.attrs["target"] == "ISR"  # not Palestine
    (s,) = suggest("Afghanistan condemned the Taliban.")
    assert s.attrs["holder"] == "AFG" and s.attrs["target"] == "TALIBAN"  # not itself


def test_a_quotation_that_goes_on_keeps_its_speaker(suggest):
    first, second, third = suggest("“We will not pay,” Mexico said on Monday. “"
                                   "France 🧱 must pay for the wall.\r\nIt will not be us.”")
    assert first.attrs["holder"] == "MEX"
    assert second.attrs["holder"] == "MEX"  # opened at the end of the sentence before
    assert third.attrs["holder"] == "MEX"  # closes a quotation it did not open
    assert second.attrs["target"] == "FRA"


def test_the_source_named_after_according_to_is_the_speaker(suggest):
    """Not the actor the sentence then names: al-Eryani is the one Yemen was introduced with."""
    *_, s = suggest("Yemen's information minister Moammar al-Eryani visited Aden.\n\n"
                    "According to al-Eryani, the rebels 🚀 are backed by Iran.")
    assert s.attrs["holder"] == "YEM"


def test_what_introduces_the_speaker_is_no_target(suggest):
    (s,) = suggest("So Se Pyong, North Korea's ambassador to the United Nations, told "
                   "reporters the leader was in good health.")
    assert s.attrs["holder"] == "PRK" and "target" not in s.attrs
    (s,) = suggest("Brazil's envoy to the United Nations said the deal with Japan was fair.")
    assert s.attrs["holder"] == "BRA" and s.attrs["target"] == "JPN"  # named after the verb


def test_without_a_reporting_verb_no_target_is_guessed(suggest):
    (s,) = suggest("The Taliban 🏳 wants foreign troops gone and the Afghan government "
                   "kept out of the talks.")
    assert s.attrs["holder"] == "TALIBAN" and "target" not in s.attrs


def test_an_organisation_official_speaks_for_the_organisation(suggest):
    """A registry person stands for their state, unless the article introduces them as an
    official of an international organisation or alliance."""
    *_, s = suggest("Tedros Adhanom Ghebreyesus, the Director-General of the WHO, visited "
                    "Geneva 🇨🇭.\n\nTedros said China must share its data.")
    assert s.attrs["holder"] == "WHO" and s.attrs["target"] == "CHN"
    assert s.attrs["speaker"] == "P_TEDROS_ADHANOM_GHEBREYESUS"
    *_, s = suggest("NATO Secretary-General Jens Stoltenberg met reporters.\n\n"
                    "Stoltenberg said Russia must withdraw.")
    assert s.attrs["holder"] == "NATO" and s.attrs["target"] == "RUS"
    *_, s = suggest("German Chancellor Angela Merkel visited Paris.\n\n"
                    "Merkel said China must share its data.")
    assert s.attrs["holder"] == "DEU"
    *_, s = suggest("Tedros Adhanom Ghebreyesus visited Geneva.\n\n"
                    "Tedros said China must share its data.")
    assert s.attrs["holder"] == "ETH"  # not introduced with the organisation: nationality


def test_the_speaker_before_a_reporting_verb_holds_the_cue_after_it(project):
    """The rules' cue ("must") follows a reporting verb: the actor named nearest the cue is
    whom the speaker speaks of, not the holder."""
    suggester = project.load_suggester("builtin", statement_model=False)
    (s,) = [x for x in suggester.one("Japan 🗾 said on Monday that China must open its "
                                     "markets.") if x.kind == "STATEMENT"]
    assert s.attrs["holder"] == "JPN" and s.attrs["target"] == "CHN"
    *_, s = [x for x in suggester.one("Japan pledged to help. He said China must open its "
                                      "markets.") if x.kind == "STATEMENT"]
    assert s.attrs["holder"] == "JPN"  # the speaker before the verb points back


def test_a_pronoun_speaker_keeps_the_holder_before_it(suggest):
    """'..., she said, ...' speaks for whoever spoke just before; the actor the reported words
    name is what they speak of."""
    first, second = suggest("Brazil 🇧🇷 condemned the plan. Speaking to NBC News, she said, "
                            "“Argentina did nothing to stop it.”")
    assert first.attrs["holder"] == "BRA"
    assert second.attrs["holder"] == "BRA" and second.attrs["target"] == "ARG"
    *_, s = suggest("Brazil condemned the plan. “Not for Argentina,” he declared.")
    assert s.attrs["holder"] == "BRA" and s.attrs["target"] == "ARG"


def test_an_ngo_or_a_company_speaking_holds_no_statement(suggest):
    """The scheme gives them no holder; nor does the article's main actor stand in for them,
    in their own sentence or in the quotation it goes on with."""
    *_, ngo, piece = suggest("Brazil held talks. Brazil met Peru.\n\nThe Electronic Frontier "
                             "Foundation said: “The plan 📵 is dangerous. It must stop.”")
    assert "holder" not in ngo.attrs and "holder" not in piece.attrs
    *_, s = suggest("Brazil held talks.\n\nGeorge Kimbrell of Greenpeace met them.\n\n"
                    "Kimbrell said the plan was dangerous.")
    assert "holder" not in s.attrs  # introduced with an NGO
    *_, s = suggest("Brazil held talks.\n\nGeorge Kimbrell said the plan was dangerous.")
    assert s.attrs["holder"] == "BRA"  # nobody says who he is: the main actor


def test_rules_alone_give_an_ngo_no_holder(project):
    suggester = project.load_suggester("builtin", statement_model=False)
    (s,) = [x for x in suggester.one("Brazil held talks. The Electronic Frontier Foundation "
                                     "said it condemned Brazil's plan.")
            if x.kind == "STATEMENT"]
    assert "holder" not in s.attrs and s.actor_id is None
    assert all(not key.startswith("_") for key in s.attrs)  # nothing internal stored


def test_a_person_named_before_who_opens_a_sentence_is_its_speaker(project, suggest):
    text = ("Former French President Jacques Chirac died on Thursday 🕊.\n\n"
            "Chirac was also an outspoken opponent of the war in Iraq.")
    *_, s = suggest(text)
    assert s.attrs["holder"] == "FRA"  # as introduced, not the actor the sentence names
    at = text.rindex("Chirac")
    assert s.attrs["speaker_span"] == [at, at + len("Chirac")]  # a mention to link
    found = project.load_suggester("builtin", statement_model=always()).one(text)
    assert [(x.start, x.end) for x in found if x.kind == "MENTION" and x.label == "PERSON"
            and x.actor_id is None] == [(at, at + len("Chirac"))]
    *_, s = suggest("Howie Hawkins met Brazil's envoy.\n\n"
                    "Hawkins called for the decriminalization of drugs like Portugal.")
    assert s.attrs["holder"] == "BRA"  # introduced with no actor: the article's main actor
    *_, s = suggest("Peru held talks. Peru met Chile.\n\nDuring the talks, Brazil pledged to "
                    "help.")
    assert s.attrs["holder"] == "BRA"  # "During": a capitalised opener, never a name before


def test_unnamed_critics_and_companies_hold_no_statement(suggest):
    """The scheme gives unnamed critics, companies and scientists no holder, and the main
    actor does not stand in for them; a state named with them ties them to it."""
    *_, critics, they = suggest("Brazil held talks. Brazil met Peru.\n\nCritics 🗣 have said "
                                "the plan of Brazil is dangerous. They condemned it.")
    assert "holder" not in critics.attrs
    assert "holder" not in they.attrs  # points back to the critics
    *_, s = suggest("Brazil held talks.\r\n\r\nIn any event, the company says, the plan is "
                    "wrong.")
    assert "holder" not in s.attrs
    *_, s = suggest("Brazil held talks.\n\nCritics from across Peru's political spectrum "
                    "said the plan was wrong.")
    assert s.attrs["holder"] in ("BRA", "PER")  # their state, not no one
    *_, s = suggest("Brazil held talks.\n\nRepublican critics said the plan was wrong.")
    assert s.attrs["holder"] == "BRA"  # a capitalised modifier may tie them to a state
    *_, s = suggest("Brazil held talks.\n\nThe party advocates states' rights.")
    assert s.attrs["holder"] == "BRA"  # "advocates" a verb; and advocates are their state


def test_an_actor_that_modifies_a_thing_is_neither_speaker_nor_target(suggest):
    """"The Russia probe", "Russian interference": what the statement is about, not who
    holds it nor whom it is against; a nationality adjective right after the cue still is."""
    *_, s = suggest("Brazil held talks.\n\nDemocrats want access to the Russia probe 🔍 "
                    "before it ends.")
    assert s.attrs["holder"] == "BRA" and "target" not in s.attrs
    *_, s = suggest("Brazil held talks.\n\nThe senators condemned Russian interference in "
                    "the vote.")
    assert s.attrs["holder"] == "BRA"
    (s,) = suggest("Japan said the report bore the marks of a Russian information operation.")
    assert s.attrs["holder"] == "JPN" and "target" not in s.attrs
    (s,) = suggest("Serbia 🇷🇸 flatly rejected an Australian ultimatum.")
    assert s.attrs["holder"] == "SRB" and s.attrs["target"] == "AUS"


def test_an_actor_in_the_quoted_words_is_not_their_speaker(suggest):
    """'"... until Zimbabwe stabilizes," the committee chairman said': the chairman speaks,
    not Zimbabwe; with no one else named, the article's main actor."""
    *_, s = suggest("Brazil held talks.\n\nBrazil met Peru.\n\n\"The deal must wait until "
                    "Argentina 🇦🇷 stabilizes,\" the committee chairman said in a statement.")
    assert s.attrs["holder"] == "BRA"
    (s,) = suggest("“All of the fools looking only at Russia should look at China,” Japan "
                   "wrote.")
    assert s.attrs["holder"] == "JPN"


def test_a_person_named_in_apposition_to_the_subject_is_its_speaker(suggest):
    *_, s = suggest("Vicente Fox and Felipe Calderón, 2 Ex-Presidents of Mexico, met.\n\n"
                    "The United States 🇺🇸 built a wall. The United States paid.\n\n"
                    "Mr. Fox’s successor, Felipe "
                    "Calderón, expressed similar concerns about the wall.")
    assert s.attrs["holder"] == "MEX"


def test_whose_article_it_is_counts_who_speaks(suggest):
    """An unknown speaker introduced with a state speaks for it: their statements weigh
    toward the main actor, not only the places the article names."""
    *_, s = suggest("U.S. Senate candidate Richard Blumenthal 🇺🇸 spoke on Monday.\n\n"
                    "He had served in Vietnam. Vietnam was far away.\n\n"
                    "Blumenthal said the report was wrong. Blumenthal said it again.\n\n"
                    "The report was a distortion, his campaign wrote.")
    assert s.attrs["holder"] == "USA"


def test_a_company_or_ngo_opening_the_sentence_holds_no_statement(suggest):
    *_, s = suggest("Brazil held talks. Brazil met Peru.\n\nIn a separate exchange, WikiLeaks "
                    "📨 urged Brazil to publish the files.")
    assert "holder" not in s.attrs
    *_, s = suggest("Brazil held talks.\n\nReached for comment, a spokesman for American Media "
                    "Inc. also denied that the story was false.")
    assert "holder" not in s.attrs
    *_, s = suggest("Brazil held talks.\n\nJapan will help Amnesty International.")
    assert s.attrs["holder"] == "JPN"


def test_an_armed_group_the_registry_does_not_list_holds_nothing(suggest):
    """The article says what it is ("has been fighting an insurgency"): like an NGO, it holds
    no statement, and Nigeria, named after its verb, is not its speaker."""
    text = ("Boko Haram 🏴 has denied claims by Nigeria's government that it agreed to a "
            "ceasefire.\n\nBoko Haram has been fighting an insurgency since 2009.")
    first, _ = suggest(text)
    assert "holder" not in first.attrs
    first, _ = suggest(text.replace("fighting an insurgency", "selling books")
                       .replace("Boko Haram", "Kanem Books"))  # a name no reader knows
    assert first.attrs["holder"] == "NGA"  # nothing says it is an armed group


def test_a_person_named_before_who_opens_a_sentence_after_an_opener_or_with_a_title(suggest):
    intro = ("Former Mexican President Vicente Fox 🇲🇽 spoke.\n\nThe United States built a "
             "wall. The United States paid.\n\n")
    *_, s = suggest(intro + "Vicente Fox, Mexico’s president from 2000 to 2006, said on "
                    "Wednesday that the United States must pay.")
    assert s.attrs["holder"] == "MEX"  # the speaker before an apposition and the verb
    *_, s = suggest(intro + "On Wednesday, Mr. Fox expressed disbelief that the United States "
                    "would pay.")
    assert s.attrs["holder"] == "MEX"  # after an opener


def test_one_of_an_armed_group_the_registry_does_not_list_holds_nothing(suggest):
    text = ("Boko Haram has been fighting an insurgency since 2009.\n\nThe group's leader, "
            "Abubakar Shekau, said the girls had been married off.\n\nNigeria's army 🪖 "
            "announced a ceasefire. Nigeria's army said so again.\n\nIn a video, Abubakar "
            "Shekau said: \"We have not agreed to a ceasefire.\"")
    *_, s = suggest(text)
    assert "holder" not in s.attrs
    *_, s = suggest(text.replace("fighting an insurgency", "selling books")
                    .replace("Boko Haram", "Kanem Books"))  # a name no reader knows
    assert s.attrs["holder"] == "NGA"  # nothing says the group is an armed one


def drawing(word: str) -> StatementModel:
    """A model that draws only the sentences holding `word` (one word feature outweighs a
    negative bias)."""
    weights = {zlib.crc32(b"bias"): [0.0, -5.0], zlib.crc32(f"w:{word}".encode()): [0.0, 10.0]}
    ids = sorted(weights)  # the model looks features up by binary search
    return StatementModel(["NONE", "STANCE"], np.asarray(ids, dtype=np.uint32),
                          np.asarray([weights[i] for i in ids], dtype=np.float32),
                          {"threshold": 0.5, "id": "test0002"})


def test_a_pronoun_speaker_goes_back_to_the_speaker_named_before_though_not_drawn(project):
    """'... a South Korean official claimed ...' is no statement the model draws; the
    "he added" after it, in the next paragraph (news sets each sentence apart), is his."""
    suggester = project.load_suggester("builtin", statement_model=drawing("added"))
    text = ("North Korea banned the name. North Korea 🇰🇵 enforced it.\n\nHowever, a South "
            "Korean official claimed that Kim Jong-Il banned it too.\r\n\r\n“There is a "
            "possibility that it would continue,” he added.")
    (s,) = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
    assert text[s.start:s.end].endswith("he added.")
    assert s.attrs["holder"] == "KOR"  # not the main actor, North Korea
    text = text.replace("he added.", "he added.\n\nBut he added nothing.")
    *_, s = [x for x in suggester.one(text) if x.kind == "STATEMENT"]
    assert s.attrs["holder"] == "KOR"  # a pronoun going on from a named speaker: goes on


def test_a_quotation_left_open_goes_on_over_sentences_without_marks(suggest):
    """Its pieces are the speaker's, in its paragraph and in the next one that opens with a
    quotation mark, whatever actor is named most in the article."""
    *_, opening, lie, paragraph, business, peru = suggest(
        "Brazil held talks with Peru. Brazil 🇧🇷 met Peru.\r\n\r\nIn a video, Japan's "
        'minister said: "We made no deal. Negotiation is a lie.\r\n\r\n"Talks are over. '
        'Negotiation is not our business."\r\n\r\nPeru said it was over.')
    assert opening.attrs["holder"] == "JPN"
    assert lie.attrs["holder"] == "JPN"  # no mark of its own, in the quotation's paragraph
    assert paragraph.attrs["holder"] == "JPN"  # the quotation opened again
    assert business.attrs["holder"] == "JPN"  # closes it
    assert peru.attrs["holder"] == "PER"


def test_a_paragraph_without_a_quotation_mark_ends_the_quotation(suggest):
    *_, after = suggest('Brazil held talks. Brazil met Peru.\n\nJapan said: "We made no deal.'
                        "\n\nNegotiation is a lie.")
    assert after.attrs["holder"] == "BRA"  # the main actor, as before


def test_a_role_word_speaker_is_the_speaker_before_it(suggest):
    """"The minister also warned ..." in the next paragraph is the minister named just
    before, not the actor the sentence names."""
    *_, minister, again = suggest("Brazil held talks. Brazil met Peru.\n\nJapan's foreign "
                                  "minister said the deal was fair.\n\nThe minister also "
                                  "warned that Peru 🇵🇪 must pay.")
    assert minister.attrs["holder"] == "JPN"
    assert again.attrs["holder"] == "JPN" and again.attrs["target"] == "PER"
    *_, again = suggest("Brazil held talks. Brazil met Peru.\n\nJapan said the deal was fair."
                        "\n\nThe minister also warned that Peru must pay.")
    assert again.attrs["holder"] != "JPN"  # no minister named before: someone new


def test_where_a_speaker_is_is_not_whom_they_speak_for(suggest):
    first, piece = suggest("A spokeswoman for the British Embassy in Washington 🇺🇸 said: "
                           '"Our prime minister has been clear.\nThere is an investigation.')
    assert first.attrs["holder"] == "GBR" and piece.attrs["holder"] == "GBR"
    *_, s = suggest("Ferguson's police chief Johnson spoke. Peru met Brazil.\n\n"
                    "Johnson said there were six arrests.\n\nHe said it was a good night.")
    assert s.attrs["holder"] != "GBR"  # an unconfirmed surname is no speaker's state


def test_a_quotation_of_its_own_right_after_a_named_speaker_is_theirs(suggest):
    """News quotes on in a new paragraph without naming the speaker again."""
    *_, ryder, more, other = suggest(
        "Syria held talks. Syria met Iraq.\r\n\r\n\"We are not aware of it,\" US Central "
        "Command spokesman Colonel Patrick Ryder said.\r\n\r\n\"We continue to watch 👀 Syria "
        "and Iraq.\"\r\n\r\n\"It is over.\"")
    assert ryder.attrs["holder"] == "USA"
    assert more.attrs["holder"] == "USA"
    assert other.attrs["holder"] == "SYR"  # two sentences on: the main actor, as before


def test_a_quotation_is_the_speaker_named_right_after_it(suggest):
    *_, burning, crisis, members, told = suggest(
        "Brazil held talks. Brazil met Peru.\n\n\"Our house is burning 🔥. It is an "
        "international crisis. Members of the G7, let us discuss it!\" Macron told the "
        "world on Thursday via Twitter.")
    assert told.attrs["holder"] == "FRA"
    assert burning.attrs["holder"] == crisis.attrs["holder"] == members.attrs["holder"] == "FRA"
    assert burning.actor_id == "FRA"


def test_a_carried_speaker_is_a_mention_to_link(project):
    """A pronoun's statement points at the name the registry does not know in the sentence
    it goes back to (code-point offsets, past an emoji and CRLF line ends), and that name is
    suggested as a PERSON mention once however many statements carry it."""
    suggester = project.load_suggester("builtin", statement_model=always())
    text = ("Brazil held talks. Brazil met Peru.\r\n\r\n🇳🇬 Nigeria's envoy Ayo Bello arrived."
            "\r\n\r\nBello said the deal was fair.\r\n\r\n“It is over,” he added.\r\n\r\n"
            "“We are done,” he said.")
    found = suggester.one(text)
    *_, said, added, done = [s for s in found if s.kind == "STATEMENT"]
    at = text.index("Bello said")
    assert said.attrs["speaker_span"] == [at, at + len("Bello")]
    assert added.attrs["holder"] == done.attrs["holder"] == "NGA"
    assert added.attrs["speaker_span"] == done.attrs["speaker_span"] == [at, at + len("Bello")]
    names = [(m.start, m.end) for m in found if m.kind == "MENTION" and m.label == "PERSON"
             and text[m.start:m.end] == "Bello"]
    assert names.count((at, at + len("Bello"))) == 1


def test_with_a_parse_its_subject_stays_the_speaker(project):
    """The actor at the reporting verb replaces the nearest one only without a parse: a
    parser's subject of the verb is better evidence."""
    from annotator.nlp.candidates import sentence_bounds
    from annotator.nlp.clauses import Clause
    from annotator.nlp.layout import layouts

    suggester = project.load_suggester("builtin", statement_model=always())
    text = "A spokeswoman for the British Embassy in Washington 🇺🇸 said it was over."
    batch = suggester.read([(text, 1)])
    facts = batch.facts[0]
    starts, ends = sentence_bounds(text, layouts(batch.tokens, False)[0][0])
    (row, _), = suggester.extract.scored(text, facts, starts, ends, {})
    assert row[7]["holder"] == "GBR"
    at = text.index("Washington")
    parsed = facts._replace(clauses=(Clause(text.index("said"), (at, at + 10), None),))
    (row, _), = suggester.extract.scored(text, parsed, starts, ends, {})
    assert row[7]["holder"] == "USA"  # what the (here made-up) parse says
