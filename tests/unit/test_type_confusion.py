"""bench/type_confusion.py counts gold type against proposed type over drawn statements only."""

from __future__ import annotations

from bench.type_confusion import confusion


def test_confusion_counts_drawn_statements_only():
    gold = ["STANCE", "STANCE", "ASSESSMENT", None, "DEMAND", "ASSESSMENT"]
    proposed = ["STANCE", "COMMITMENT", "STANCE", "STANCE", "STANCE", "ASSESSMENT"]
    drawn = [True, True, True, True, False, True]
    assert confusion(gold, proposed, drawn) == {
        "STANCE": {"STANCE": 1, "COMMITMENT": 1},
        "ASSESSMENT": {"STANCE": 1, "ASSESSMENT": 1},
    }


def test_type_errors_keeps_one_cell_and_counts_what_the_rules_decide():
    from bench.type_errors import errors, rule_table

    gold = ["STANCE", "ASSESSMENT", "ASSESSMENT", None, "THREAT", "ASSESSMENT"]
    proposed = ["STANCE", "STANCE", "COMMITMENT", "STANCE", "STANCE", "STANCE"]
    drawn = [True, True, True, True, True, False]
    assert errors(gold, proposed, drawn) == [1, 2, 4]
    assert errors(gold, proposed, drawn, every=True) == [1, 2, 4, 5]
    assert errors(gold, proposed, drawn, gold="ASSESSMENT", wrong_as="STANCE") == [1]
    decided = ["STANCE", None, "ASSESSMENT", "THREAT", "THREAT", None]
    assert rule_table(gold, decided) == {"STANCE": {"STANCE": 1},
                                         "ASSESSMENT": {"ASSESSMENT": 1},
                                         "THREAT": {"none": 1, "THREAT": 1}}


def test_type_about_reads_what_each_place_judges_and_counts_the_cells():
    from bench.type_about import kind_of, places, tabulate

    assert kind_of(["the", "<PERSON>", "campaign"]) == "actor"
    assert kind_of(["his", "remarks", "on", "the", "economy"]) == "claim"
    assert kind_of(["the", "outbreak"]) == "situation"
    assert kind_of(["it"]) == "it"
    assert kind_of(["the", "odds"]) == "none"
    verbs, copulas = frozenset({"is", "will"}), frozenset({"is"})
    words = ["<PERSON>", "described", "the", "outbreak", "as", "a", "crisis", ",", "and", "said",
             "the", "plan", "is", "unfair"]
    clause = words[10:]
    found = places(words, clause, verbs, copulas, frozenset({"unfair"}))
    # the clause after "said" names a plan, its subject ending at "is"; "the plan is unfair"
    # judges a policy; "described the outbreak" names a situation
    assert found == {"clause": "policy", "subject": "policy", "copula": "policy",
                     "naming": "situation"}
    rows = [{"label": "ASSESSMENT", "places": {"clause": "situation"}},
            {"label": "STANCE", "places": {"clause": "situation"}},
            {"label": "DEMAND", "places": {"clause": "actor"}}]
    cells = tabulate(rows, ["STANCE", "STANCE", "STANCE"])
    assert cells[("clause", "situation")] == {"ASSESSMENT": 1, "STANCE": 1, "ASS>STA": 1,
                                              "STA>STA": 1}
    assert cells[("clause", "actor")] == {"DEMAND": 1}


def test_rank_errors_names_the_written_rules_kinds_and_cuts_at_a_share_of_hard_negatives():
    import numpy as np

    from annotator.nlp.statement_features import Cue, Mention, SentenceView
    from bench.rank_errors import cut_at, frame_of, kind_of

    assert kind_of("Earnest would not say whether the White House believes it.") == "no comment"
    assert kind_of('"Our thoughts and prayers are with them," he said.') == "condolence"
    assert kind_of("Liberals, who have said the plan will cost jobs, met.") == "background clause"
    assert kind_of("Do you fully support the agenda?") == "question"
    assert kind_of("It must also be approved by the Senate.") == "procedure"
    assert kind_of("The senator said the plan will fail.") == "other"
    view = SentenceView('"We will stay," Lam said.', (Cue(4, 8, "will", "COMMITMENT"),),
                        (Mention(15, 18, "PERSON", "CHN"),))
    assert frame_of(view) == "quote+reporting+actor+cue"
    assert frame_of(SentenceView("It rained.")) == "none"
    scores = np.asarray([0.9, 0.8, 0.7, 0.6, 0.5])
    hard = np.asarray([True, False, True, True, True])
    cut = cut_at(scores, hard, 0.5)
    assert 0.6 < cut < 0.7 and int((hard & (scores >= cut)).sum()) == 2  # two of four drawn
