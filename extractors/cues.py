"""Cue words as data: the named word lists of ``extractors/data/cues.toml``.

The lists are read once per file by the registered function
``paperkg.cues.v1`` (a ``spacy_misc`` entry point) and handed to the
components through their ``cues`` setting, so a user can swap them in the
config without touching code::

    [paths]
    cues = "my_cues.toml"   # null: the shipped extractors/data/cues.toml

    [components.methods.cues]
    @misc = "paperkg.cues.v1"
    path = ${paths.cues}

Every list of :class:`Cues` must be in the file, and nothing else (a typo
would otherwise go unnoticed). An item ``"@name"`` includes the list
``name``, so a list that extends another one says so instead of repeating it.

>>> cues = load_cues()
>>> "dataset" in cues.dataset_heads, "platform" in cues.apposition_heads, "dataset" in cues.apposition_heads
(True, True, True)
>>> load_cues() is cues  # loaded once
True
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from kg.errors import KGError

__all__ = ["DEFAULT_CUES", "DEFAULT_CUES_CONFIG", "Cues", "load_cues", "read_cues"]

#: The shipped cue words.
DEFAULT_CUES = Path(__file__).parent / "data" / "cues.toml"
#: The ``cues`` setting of a component's default config: the shipped file.
DEFAULT_CUES_CONFIG = {"@misc": "paperkg.cues.v1", "path": None}


@dataclass(frozen=True, slots=True)
class Cues:
    """One frozenset of words per concept; ``extractors/data/cues.toml`` says what each is for."""

    # sentences
    non_terminal_abbreviations: frozenset[str]
    # name-like tokens
    generic_acronyms: frozenset[str]
    # vocab_ruler
    evaluation_cue_prefixes: frozenset[str]
    purpose_before: frozenset[str]
    background_words: frozenset[str]
    own_work_words: frozenset[str]
    not_metric_before: frozenset[str]
    not_precision_before: frozenset[str]
    figure_units: frozenset[str]
    kept_quality_verbs: frozenset[str]
    efficiency_measures: frozenset[str]
    scoped_metrics: frozenset[str]
    metric_scopes: frozenset[str]
    not_metric_after: frozenset[str]
    tradeoff_words: frozenset[str]
    salient_after: frozenset[str]
    evaluation_words_before: frozenset[str]
    means_heads_after: frozenset[str]
    means_before: frozenset[str]
    modifier_suffixes: frozenset[str]
    task_list_nouns: frozenset[str]
    problem_verbs: frozenset[str]
    # dataset_patterns
    dataset_heads: frozenset[str]
    apposition_heads: frozenset[str]
    proper_dataset_heads: frozenset[str]
    not_name_start: frozenset[str]
    generic_skip: frozenset[str]
    dataset_list_separators: frozenset[str]
    list_continues: frozenset[str]
    dataset_list_intros: frozenset[str]
    not_list_items: frozenset[str]
    benchmark_variants: frozenset[str]  # dataset_evaluated
    evaluated_phrase_ends: frozenset[str]  # dataset_evaluated
    evaluated_before: frozenset[str]  # dataset_evaluated
    not_evaluated_before: frozenset[str]  # dataset_evaluated
    device_names: frozenset[str]  # dataset_evaluated
    comparative_words: frozenset[str]  # dataset_evaluated
    apposition_end: frozenset[str]
    apposition_stops: frozenset[str]
    gain_words: frozenset[str]
    verb_subjects: frozenset[str]
    # metric_patterns
    metric_heads: frozenset[str]
    not_metric_modifiers: frozenset[str]
    not_metric_qualifiers: frozenset[str]
    not_measures: frozenset[str]
    top_k_measures: frozenset[str]
    measure_heads: frozenset[str]
    measure_modifiers: frozenset[str]
    # task_patterns
    problem_task_heads: frozenset[str]
    weak_task_heads: frozenset[str]
    task_heads: frozenset[str]
    title_problem_suffixes: frozenset[str]
    not_title_problems: frozenset[str]
    head_of_heads: frozenset[str]
    head_of_modifiers: frozenset[str]
    generic_fields: frozenset[str]
    technique_cues: frozenset[str]
    task_of_nouns: frozenset[str]
    task_cues_before: frozenset[str]
    task_cues_after: frozenset[str]
    grading_words: frozenset[str]
    task_stop_words: frozenset[str]
    title_study_gerunds: frozenset[str]
    title_phrase_stops: frozenset[str]
    title_means_preps: frozenset[str]
    # methods
    method_heads: frozenset[str]
    size_words: frozenset[str]
    modified_heads: frozenset[str]
    container_heads: frozenset[str]
    family_heads: frozenset[str]
    dataset_cues: frozenset[str]
    dataset_nouns: frozenset[str]
    not_dataset_adjectives: frozenset[str]
    language_names: frozenset[str]
    released_heads: frozenset[str]
    release_stops: frozenset[str]
    not_method_heads: frozenset[str]
    clause_words: frozenset[str]
    link_words: frozenset[str]
    evaluation_words: frozenset[str]
    passive_proposed: frozenset[str]
    setting_words: frozenset[str]
    prior_work_words: frozenset[str]
    # proposal cues
    propose_verbs: frozenset[str]
    outcome_followers: frozenset[str]
    author_words: frozenset[str]
    naming_words: frozenset[str]
    part_counts: frozenset[str]
    part_nouns: frozenset[str]
    part_verbs: frozenset[str]
    part_heads: frozenset[str]
    own_heads: frozenset[str]
    proposal_stops: frozenset[str]
    proposal_list_stops: frozenset[str]
    title_connectors: frozenset[str]
    title_method_preps: frozenset[str]
    title_lead_followers: frozenset[str]
    title_release_nouns: frozenset[str]
    # results
    result_link_words: frozenset[str]
    score_metric_modifiers: frozenset[str]
    change_verbs: frozenset[str]
    result_list_separators: frozenset[str]
    approximators: frozenset[str]
    score_followers: frozenset[str]
    own_result_words: frozenset[str]
    relative_after: frozenset[str]
    relative_before: frozenset[str]
    gain_after_metric: frozenset[str]
    achieve_prefixes: frozenset[str]
    units_not_scores: frozenset[str]
    unnamed_measure_heads: frozenset[str]
    interval_before: frozenset[str]
    interval_after: frozenset[str]
    score_after_heads: frozenset[str]
    score_units: frozenset[str]


def read_cues(path: str | Path) -> Cues:
    """Read a cues file (see the module docstring); errors name the file and the list."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KGError(f"{path}: cannot read the cue words ({exc})") from exc
    names = {f.name for f in fields(Cues)}
    unknown, missing = sorted(raw.keys() - names), sorted(names - raw.keys())
    if unknown or missing:
        raise KGError(f"{path}: cue lists do not match what the extractors read: "
                      f"unknown {unknown}, missing {missing}")

    def words(name: str, seen: tuple[str, ...] = ()) -> frozenset[str]:
        value = raw.get(name)
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise KGError(f"{path}: {name} must be a list of strings")
        out: set[str] = set()
        for word in value:
            if word.startswith("@") and len(word) > 1:
                ref = word[1:]
                if ref not in raw or ref in seen:
                    raise KGError(f"{path}: {name} includes {word}, which is {'circular' if ref in seen else 'unknown'}")
                out |= words(ref, (*seen, name))
            else:
                out.add(word)
        return frozenset(out)

    return Cues(**{name: words(name) for name in sorted(names)})


@lru_cache(maxsize=8)
def _cached(path: str) -> Cues:
    return read_cues(path)


def load_cues(path: str | None = None) -> Cues:
    """The cue words of *path* (default: the shipped file), read once per file: ``paperkg.cues.v1``."""
    return _cached(str(path) if path else str(DEFAULT_CUES))
