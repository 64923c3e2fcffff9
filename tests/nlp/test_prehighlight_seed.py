"""Pre-highlighting the seed article with the built-in rule pipeline."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def seed_project(tmp_path_factory):
    from annotator.project import Project
    from tests.conftest import SEED

    if not SEED.is_file():
        pytest.skip("seed article not available")
    path = tmp_path_factory.mktemp("seed") / "seed.annotator"
    project = Project.create(path, annotator="alice")
    doc_id = project.import_paths([SEED]).doc_ids[0]
    result = project.suggest(model="builtin")
    yield project, doc_id, result
    project.close()


def _mentions(project, doc_id):
    doc = project.document(doc_id)
    return [(doc.text[s.start:s.end], s) for s in project.suggestions(doc_id) if s.kind == "MENTION"]


def test_suggest_reports_pipeline_and_counts(seed_project):
    _, _, result = seed_project
    assert result["pipeline"].startswith("builtin@")
    assert result["documents"] == 1 and result["suggestions"] > 20
    assert "actor_ruler" in result["description"] and "sentencizer" in result["description"]


@pytest.mark.parametrize(("text", "actor"), [
    ("US", "USA"), ("ROK", "KOR"), ("Republic of Korea", "KOR"), ("Republic of Korean", "KOR"),
    ("DPRK", "PRK"), ("Democratic People's Republic of Korea", "PRK"), ("Japan", "JPN"),
    ("Pentagon", "USA_DOD"), ("South Korean", "KOR"),
])
def test_mentions_link_to_actors(seed_project, text, actor):
    project, doc_id, _ = seed_project
    found = [s for t, s in _mentions(project, doc_id) if t == text]
    assert found, f"{text!r} not suggested"
    assert all(s.actor_id == actor and not s.ambiguous for s in found)


def test_people_are_persons_linked_to_the_registry(seed_project):
    project, doc_id, _ = seed_project
    by_text = {t: s for t, s in _mentions(project, doc_id)}
    assert by_text["Leon Panetta"].label == "PERSON"
    assert by_text["Leon Panetta"].actor_id == "P_LEON_PANETTA"
    assert by_text["Kim Kwan-jin"].label == "PERSON"
    assert by_text["Kim Kwan-jin"].actor_id == "P_KIM_KWAN_JIN"
    assert by_text["Panetta"].actor_id == "P_LEON_PANETTA"


def test_washington_is_suggested_with_the_ambiguity_flag(seed_project):
    project, doc_id, _ = seed_project
    washington = [s for t, s in _mentions(project, doc_id) if t == "Washington"]
    assert washington and all(s.ambiguous for s in washington)
    assert "Washington" in {t for t, _ in _mentions(project, doc_id)}


def test_cues(seed_project):
    project, doc_id, _ = seed_project
    doc = project.document(doc_id)
    cues = {doc.text[s.start:s.end] for s in project.suggestions(doc_id) if s.kind == "CUE"}
    for expected in ("extended deterrence", "nuclear umbrella", "missile defense", "committed to",
                     "reaffirmed"):
        assert expected in cues


def test_commitment_candidate_on_the_panetta_sentence(seed_project):
    project, doc_id, _ = seed_project
    doc = project.document(doc_id)
    statements = [s for s in project.suggestions(doc_id) if s.kind == "STATEMENT"]
    panetta = [s for s in statements
               if doc.text[s.start:s.end].startswith("Panetta reaffirmed to his South Korean")]
    assert len(panetta) == 1
    (s,) = panetta
    assert s.label == "COMMITMENT"
    assert s.attrs["holder"] == "USA" and s.actor_id == "USA"
    assert s.attrs["speaker"] == "P_LEON_PANETTA"
    assert s.attrs["target"] == "KOR"
    assert "EXTENDED_DETERRENCE" in s.attrs["topic"]
    assert s.attrs["novelty"] == "REAFFIRMED"
    assert doc.text[s.end - 1] == "."
    assert 0 < s.score <= 1


def test_show_json_lists_every_field(seed_project):
    project, doc_id, _ = seed_project
    data = project.show(doc_id)
    item = next(s for s in data["suggestions"] if s["text"] == "Washington")
    assert set(item) >= {"start", "end", "text", "kind", "label", "actor_id", "ambiguous", "score",
                         "pipeline"}
    assert item["ambiguous"] is True


def test_second_run_has_nothing_to_do_and_keeps_suggestions_apart(seed_project):
    project, doc_id, _ = seed_project
    before = len(project.suggestions(doc_id))
    again = project.suggest(model="builtin")
    assert again["documents"] == 0
    assert len(project.suggestions(doc_id)) == before
    assert project.db["annotations"].count == 0
    assert project.documents()[0].status == "todo"


def test_accept_and_reject_suggestions(tmp_path, seed_path):
    from annotator.project import Project

    with Project.create(tmp_path / "p.annotator", annotator="alice") as project:
        doc_id = project.import_paths([seed_path]).doc_ids[0]
        project.suggest(model="builtin")
        doc = project.document(doc_id)
        open_before = project.open_suggestions(doc_id)
        statement = next(s for s in open_before if s.kind == "STATEMENT"
                         and doc.text[s.start:s.end].startswith("Panetta reaffirmed"))
        accepted = project.accept_suggestion(statement.id)
        assert accepted.origin == "suggestion" and accepted.label == "COMMITMENT"
        assert accepted.attrs["holder"] == "USA" and accepted.attrs["target"] == "KOR"
        assert "speaker" not in accepted.attrs and "cues" not in accepted.attrs
        washington = next(s for s in open_before if doc.text[s.start:s.end] == "Washington")
        project.reject_suggestion(washington.id)
        open_after = {s.id for s in project.open_suggestions(doc_id)}
        assert statement.id not in open_after and washington.id not in open_after
        assert len(open_after) == len(open_before) - 2
        mention = project.accept_suggestion(
            next(s for s in open_before if doc.text[s.start:s.end] == "Pentagon").id)
        assert mention.attrs == {"actor_id": "USA_DOD"} and mention.label == "ORG"
        project.undo()
        project.undo()
        assert washington.id in {s.id for s in project.open_suggestions(doc_id)}
        # a re-run of the pipeline does not resurrect a rejection
        project.reject_suggestion(washington.id)
        project.db.execute("DELETE FROM suggestion_runs")
        project.suggest(model="builtin")
        texts = [doc.text[s.start:s.end] for s in project.open_suggestions(doc_id)]
        # two Washington mentions were suggested; the rejected one stays rejected
        assert texts.count("Washington") == 1


def test_the_two_means_the_holder_before_not_the_actor_named_next(seed_project):
    """'The two reaffirmed that any DPRK aggression ...' is the allies' commitment about the
    DPRK: the actor after the cue is the target, and the holder comes from the sentence before."""
    project, doc_id, _ = seed_project
    doc = project.document(doc_id)
    statements = {doc.text[s.start:s.end][:40]: s for s in project.suggestions(doc_id)
                  if s.kind == "STATEMENT"}
    reaffirmed = statements['The two reaffirmed that any DPRK "aggres']
    assert (reaffirmed.attrs["holder"], reaffirmed.attrs["target"]) == ("USA", "PRK")
    agreed = next(s for text, s in statements.items() if text.startswith("According to a joint"))
    assert (agreed.attrs["holder"], agreed.attrs.get("target")) == ("USA", "PRK")


@pytest.mark.parametrize(("subject", "expected"), [
    ("The two reaffirmed that any ", True),
    ("According to a joint communique, the two agreed the programs of the ", True),
    ("He ", True),
    ("Both sides ", True),
    ("Both ", False),  # "Both Japan and Korea pledged": the actors are named
    ("As he arrived, ", False),  # the pronoun's clause ends before the cue's
    ("Theyre ", False),
    ("", False),
])
def test_which_subjects_point_back(subject, expected):
    from annotator.nlp.carry import points_back

    assert points_back(subject) is expected
