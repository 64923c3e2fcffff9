"""Choosing and loading the spaCy pipeline, with only the components pre-highlighting needs.

Default: `en_core_web_sm` where installed, else the built-in rule pipeline (blank English +
sentencizer + actor EntityRuler + cue matcher). Every pipeline gets the actor ruler and the cue
matcher on top. Nothing is downloaded: an unknown name is an error that lists
what is installed and how to install more.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.core.actors import Actor, mention_label
from annotator.core.errors import PipelineError
from annotator.nlp.cues import add_cue_component
from annotator.nlp.titles import US_STATE
from annotator.nlp.us_states import LAST_WORDS, US_STATES, plainly_us_state

BUILTIN = "builtin"
DEFAULT_STATISTICAL = "en_core_web_sm"
# What pre-highlighting needs from a statistical pipeline; everything else is left out.
NEEDED = {"ner", "senter", "entity_ruler", "sentencizer"}
RULER = "actor_ruler"
US_STATES_COMPONENT = "us_state_names"
AMBIGUOUS_PREFIX = "?"  # ent_id_ of an ambiguous alias: "?USA" or "?COD|COG"


@dataclass
class LoadedPipeline:
    nlp: Any
    name: str  # e.g. "en_core_web_sm" or "builtin"
    version: str  # pipeline version
    components: list[str]

    @property
    def key(self) -> str:
        """How suggestions are keyed: the pipeline and our rules (actors, cues) on top of it
        (and whether a parser gives holder and target)."""
        parsed = "+parser" if "parser" in self.components else ""
        return f"{self.name}@{self.version}{parsed}+rules@{__version__}"

    def describe(self) -> str:
        return f"{self.name} {self.version} ({', '.join(self.components)})"


def installed_pipelines() -> list[str]:
    import spacy.util

    return sorted(spacy.util.get_installed_models())


def default_model_name() -> str:
    """Without importing spaCy (a second at start-up): is the statistical package installed?"""
    import importlib.util

    return DEFAULT_STATISTICAL if importlib.util.find_spec(DEFAULT_STATISTICAL) else BUILTIN


def load_pipeline(model: str | None, actors: list[Actor], parse: bool = False) -> LoadedPipeline:
    """`parse`: keep a statistical pipeline's dependency parser, whose subjects and objects
    are the best evidence for a statement's holder and target (`nlp.clauses`); it costs
    throughput, so it is left out when not asked for."""
    import spacy

    model = model or default_model_name()
    if model == BUILTIN:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        name, version = BUILTIN, __version__
    else:
        nlp = _load_statistical(model, parse)
        meta = nlp.meta
        name = model if not os.path.exists(model) else f"{meta.get('lang', 'xx')}_{meta.get('name')}"
        version = str(meta.get("version", "0"))
    _add_actor_ruler(nlp, actors)
    add_cue_component(nlp)
    return LoadedPipeline(nlp, name, version, list(nlp.pipe_names))


def _load_statistical(model: str, parse: bool = False) -> Any:
    import spacy
    import spacy.util

    path = Path(model)
    if not os.path.exists(model) and not spacy.util.is_package(model):  # os.path: a name too
        # long for a path is simply not a path (Path.exists raises there)
        installed = ", ".join(installed_pipelines()) or "none"
        raise PipelineError(
            f"no spaCy pipeline called {model!r} (installed: {installed}; built in: {BUILTIN})",
            hint="Install one with `python -m spacy download en_core_web_sm`, pass a pipeline "
                 f"folder with --model PATH, or use --model {BUILTIN}.",
        )
    try:
        config = spacy.util.load_config(path / "config.cfg") if os.path.exists(model) else None
        names = list(config["nlp"]["pipeline"]) if config else _package_pipe_names(model)
    except Exception as exc:
        raise PipelineError(f"cannot read the pipeline {model!r} ({exc})") from exc
    has_senter = "senter" in names
    exclude = [n for n in names if n not in NEEDED and not n.startswith("tok2vec")
               and n != "transformer"]
    if not has_senter or parse:
        exclude = [n for n in exclude if n != "parser"]  # the parser gives sentences instead
    try:
        nlp = spacy.load(model, exclude=exclude)
    except Exception as exc:
        raise PipelineError(f"cannot load the pipeline {model!r} ({exc})") from exc
    if "senter" in nlp.disabled and "parser" not in nlp.pipe_names:
        # shipped disabled (`pipe_names` lists enabled ones only); with a parser kept, the
        # parse gives the sentences
        nlp.enable_pipe("senter")
    _drop_unused_embeddings(nlp)
    if not (set(nlp.pipe_names) & {"senter", "parser", "sentencizer"}):
        nlp.add_pipe("sentencizer", first=True)
    return nlp


def _package_pipe_names(model: str) -> list[str]:
    """An installed package's components, from the meta.json beside its `__init__.py` (the
    package template's layout). Without them nothing would be excluded, and tagger, parser
    and lemmatizer would run for nothing (docs/benchmarks.md: what that cost)."""
    import spacy.util

    try:
        meta = spacy.util.get_model_meta(spacy.util.get_package_path(model))
    except (OSError, ValueError, ImportError):
        meta = {}
    names = meta.get("pipeline") or []
    disabled = meta.get("disabled") or []
    return list(dict.fromkeys([*names, *disabled]))


def _drop_unused_embeddings(nlp: Any) -> None:
    """A shared tok2vec that no kept component listens to is pure cost."""
    for name in list(nlp.pipe_names):
        if name.startswith("tok2vec") or name == "transformer":
            pipe = nlp.get_pipe(name)
            listeners = getattr(pipe, "listening_components", [])
            if not [c for c in listeners if c in nlp.pipe_names]:
                nlp.remove_pipe(name)


def actor_patterns(actors: list[Actor]) -> list[dict[str, str]]:
    """EntityRuler patterns. An alias claimed by several actors, or marked ambiguous, gets an
    id starting with '?' and listing the candidates, so it is suggested but never linked."""
    by_text: dict[str, list[tuple[Actor, str]]] = {}
    for actor in actors:
        for alias in actor.alias_rows():
            by_text.setdefault(alias.text, []).append((actor, alias.kind))
    patterns = []
    for text, owners in by_text.items():
        ids = list(dict.fromkeys(actor.id for actor, _ in owners))
        actor, kind = owners[0]
        ambiguous = len(ids) > 1 or any(k == "ambiguous" for _, k in owners)
        label = mention_label(actor.type, kind)
        pattern_id = (AMBIGUOUS_PREFIX + "|".join(ids)) if ambiguous else ids[0]
        patterns.append({"label": label, "pattern": text, "id": pattern_id})
    return patterns


def _add_actor_ruler(nlp: Any, actors: list[Actor]) -> None:
    position = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER, config={"overwrite_ents": True},
                         **position)
    with nlp.select_pipes(enable=[RULER]):
        ruler.add_patterns(actor_patterns(actors))
    if any(actor.id == US_STATE for actor in actors):
        from spacy.language import Language

        if not Language.has_factory(US_STATES_COMPONENT):
            Language.component(US_STATES_COMPONENT)(_us_state_names)
        nlp.add_pipe(US_STATES_COMPONENT, after=RULER)


def _us_state_names(doc: Any) -> Any:
    """A registry name that plainly means a US state ("Senator Johnny Isakson of Georgia",
    "Gov. Susana Martinez of New Mexico": `us_states.py`) becomes an ambiguous mention of the
    United States, the state its politicians speak for: suggested, never linked silently, and
    never the country of the same name."""
    from spacy.tokens import Span

    ents, changed, text = list(doc.ents), False, None
    for k, ent in enumerate(ents):
        if ent.ent_id_ in (US_STATE, AMBIGUOUS_PREFIX + US_STATE) \
                or ent.text.rsplit(None, 1)[-1] not in LAST_WORDS:
            continue
        text = doc.text if text is None else text  # rebuilt from the tokens on each access
        if plainly_us_state(text, ent.start_char, ent.end_char):
            start = ent.start
            if start > 0 and doc[start - 1].text == "New" and f"New {ent.text}" in US_STATES \
                    and (k == 0 or ents[k - 1].end < start):
                start -= 1  # "New Mexico", not "Mexico"
            ents[k] = Span(doc, start, ent.end, label=ent.label_,
                           span_id=AMBIGUOUS_PREFIX + US_STATE)
            changed = True
    if changed:
        doc.ents = ents
    return doc
