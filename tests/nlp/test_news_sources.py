"""News agencies, newspapers and broadcasters as the source of a report (the labelling rules'
row "a news agency, newspaper or broadcaster named as the source"): an outlet that reports
holds nothing and its home state is neither holder nor target; state media report the actor
the sentence names, and speak for their state where it names none."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")


def test_an_agency_that_reports_is_not_its_home_state_speaking(slots):
    """"Yonhap said" is not South Korea's: the report is the North's, named in the words."""
    assert slots("North Korea fired two ballistic missiles into the sea on Sunday, South "
                 "Korea's Yonhap news agency reported. Pyongyang will continue to strengthen "
                 "its nuclear forces 🚀, Yonhap said, quoting a statement from the North's "
                 "foreign ministry.") == [("PRK", None), ("PRK", None)]
    assert slots("Japan will lift the sanctions on Seoul, South Korean media reported.") == [
        ("JPN", "KOR")]


def test_the_home_state_of_an_outlet_spoken_to_is_no_target(slots):
    assert slots("North Korea will never give up its nuclear weapons, a spokesman told South "
                 "Korea's Yonhap news agency.") == [("PRK", None)]
    assert slots("North Korea will never give up its nuclear weapons, a foreign ministry "
                 "spokesman told Japanese media.") == [("PRK", None)]


@pytest.mark.parametrize("source", ["Xinhua said", "according to Xinhua",
                                    "the official Xinhua news agency said"])
def test_state_media_speak_for_their_state_where_the_sentence_names_no_one(slots, source):
    first, second = slots(f"Japan and China held talks in Tokyo on Monday. The new rules are "
                          f"unacceptable, {source}.")
    assert first == ("JPN", None) and second == ("CHN", None)  # not the main actor, Japan


def test_state_media_report_the_actor_the_sentence_names(slots):
    """A state's paper or television reporting another actor's offer or plan: that actor's."""
    assert slots("Syria has offered to release two Turkish pilots, a state-owned Egyptian "
                 "newspaper said.") == [("SYR", None)]
    assert slots("Iraq will reopen the border with Jordan, Iranian state television "
                 "reported.") == [("IRQ", None)]
    # naming no actor of its own, the sentence is the state media's state's
    assert slots("The sanctions are illegal, Chinese state media said.") == [("CHN", None)]


def test_state_media_named_with_their_state_still_speak_for_it(slots):
    assert slots("Russia will respond to the sanctions, Russian state media reported.") == [
        ("RUS", None)]
    assert slots("Iran and Iraq met in Baghdad. The meeting was a success, the Iraqi News "
                 "Agency said.")[1] == ("IRQ", None)


def test_what_the_words_say_about_outlets():
    from annotator.nlp.news_sources import by_outlet, owns_an_outlet, reporter, state_source

    text = "South Korea's Yonhap news agency said"
    assert owns_an_outlet(text, len("South Korea"))
    assert not owns_an_outlet("China's official Xinhua news agency said", len("China"))
    assert not owns_an_outlet("North Korean state media said", len("North Korean"))
    assert not owns_an_outlet("Russia's defense ministry told media", len("Russia"))
    assert not owns_an_outlet("the Iraqi News Agency said", len("the Iraqi"))
    assert reporter("Yonhap") and reporter("NBC News") and reporter("The Washington Post")
    assert not reporter("KCNA") and not reporter("Korean Central News Agency")
    assert not reporter("Cengiz")
    said = "The talks failed, Yonhap said."
    assert by_outlet(said, said.index("said"))
    assert by_outlet("The talks failed, KCNA said.", len("The talks failed, KCNA "))
    assert not by_outlet("The talks failed, Japan said.", len("The talks failed, Japan "))
    # state media as the only source, of a sentence whose actor is judged, not acting
    assert state_source("The sanctions are illegal, Xinhua said.") == "CHN"
    assert state_source("Kim said the talks failed, KCNA reported.") is None
    assert state_source("Kurdish fighters vowed to hold the town, Anadolu reported.") is None
    assert state_source("Nepal will open the border, Xinhua said.") is None
