"""Referent consistency: one person, one set of pronouns (MQM fluency/coherence).

Machine translation from languages without gendered or animate pronouns often refers to a
person as "it" or switches between "he" and "she". These checks follow persons (named
entities and he/she pronouns) through the document with spaCy's parse.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from mtqa.analysis import Analysis
from mtqa.findings import Hit, Severity
from mtqa.registry import check

_NEUTER = frozenset({"it", "its", "itself"})
_MASCULINE = frozenset({"he", "him", "his", "himself"})
_FEMININE = frozenset({"she", "her", "hers", "herself"})
_RAISING_HEADS = frozenset(
    {
        "is",
        "was",
        "be",
        "been",
        "being",
        "'s",
        "seems",
        "seemed",
        "appears",
        "appeared",
        "remains",
        "remained",
        "becomes",
        "became",
        "takes",
        "took",
        "makes",
        "made",
    }
)
_REPLACEMENT = {
    ("it", "m"): "he",
    ("its", "m"): "his",
    ("itself", "m"): "himself",
    ("it", "f"): "she",
    ("its", "f"): "her",
    ("itself", "f"): "herself",
}
_WINDOW = 3  # sentences over which a person stays salient


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    raw = tomllib.loads(resources.files("mtqa.data").joinpath("referents.toml").read_text("utf-8"))
    return {key: frozenset(value) for key, value in raw.items()}


def _is_human_verb(word: str) -> bool:
    verbs = _lexicon()["human_verbs"]
    return any(form in verbs for form in (word, word[:-1], word[:-2], word[:-3]) if form)


def _is_pleonastic(token: Any) -> bool:
    head = token.head
    if head.lower_ not in _RAISING_HEADS:
        return False
    return any(child.dep_ in ("ccomp", "xcomp", "csubj", "advcl") for child in head.children)


def _human_evidence(token: Any) -> str | None:
    if token.lower_ == "its" and token.dep_ == "poss":
        if token.head.lower_ in _lexicon()["human_nouns"]:
            return f"'its {token.head.text}' usually has a person as possessor"
        return None
    if token.dep_ == "nsubj" and _is_human_verb(token.head.lower_):
        return f"'{token.head.text}' usually has a person as subject"
    return None


def _names_person(token: Any) -> bool:
    """A person's name: a PERSON entity, or an untyped proper noun used as subject or object."""
    if token.ent_type_ == "PERSON":
        return True
    return bool(
        token.tag_ in ("NNP", "NNPS")
        and not token.ent_type_
        and token.dep_ in ("nsubj", "dobj", "pobj")
    )


def _is_person(token: Any) -> bool:
    return _names_person(token) or token.lower_ in _MASCULINE | _FEMININE


def _is_neuter_subject(token: Any, flagged: set[int]) -> bool:
    """A singular thing as subject ("the threat"), not one owned by a person ("his threat")."""
    if token.dep_ not in ("nsubj", "nsubjpass") or token.tag_ not in ("NN", "NNP"):
        return False
    if token.ent_type_ == "PERSON":
        return False
    return not any(
        child.dep_ == "poss" and (_is_person(child) or child.i in flagged)
        for child in token.children
    )


@dataclass
class _Salience:
    """The most recent person the text talks about, and the pronoun gender used for them."""

    name: str | None = None
    name_rank: int = 0
    name_sentence: int = -100
    gender: str | None = None
    sentence: int = -100
    chain: int = -100


def _remember_name(state: _Salience, token: Any, index: int) -> None:
    """Keep the most salient name: a subject beats an object within a sentence (centering),
    so "Scholz travelled to Kiev, where it ..." keeps Scholz even if Kiev is tagged PERSON."""
    rank = 2 if token.dep_ in ("nsubj", "nsubjpass") else 1
    if state.name_sentence == index and rank < state.name_rank:
        return
    if token.ent_type_ == "PERSON" or rank == 2 or index - state.sentence > _WINDOW:
        state.name, state.name_rank, state.name_sentence = token.text, rank, index


def _match_case(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


@check(
    "F201",
    "pronoun-switch",
    "fluency/coherence",
    Severity.MAJOR,
    scope="document",
    requires=("nlp",),
)
def pronoun_switch(analysis: Analysis) -> Iterator[Hit]:
    """A person referred to as "it"/"its" after being named or called "he"/"she".

    Flags a subject "it" or a possessive "its" when a person was mentioned in the last few
    sentences and either the context is typically human ("its followers", "it believed")
    or an earlier "it" in the chain was already flagged. Expletive "it" ("it is clear
    that ..."), objects ("defend it") and passives ("it was intended") are left alone, as is
    an "it" whose nearest preceding subject in the sentence is a thing.

    Okay: Putin said he would stop at nothing. The threat was real, and it was meant to scare.
    Okay: The White House says it has communicated with Moscow.
    Okay: Putin knows it and will only issue the order if he is confident.
    F201: Putin threatened the West. «It» wanted to show strength to «its» followers.
    F201: He is in danger. «It» believed «it» was not tough enough.
    """
    if not analysis.has_english_parse:
        return
    state = _Salience()
    for index, sentence in enumerate(analysis.sentences):
        if sentence.kind != "sentence":
            continue
        nearest_subject_neuter = False
        flagged: set[int] = set()
        for offset, token in analysis.tokens(index):
            lower = token.lower_
            if _is_person(token):
                if lower in _MASCULINE or lower in _FEMININE:
                    state.gender = "m" if lower in _MASCULINE else "f"
                else:
                    _remember_name(state, token, index)
                state.sentence = index
                if token.dep_ in ("nsubj", "nsubjpass"):
                    nearest_subject_neuter = False
                continue
            if _is_neuter_subject(token, flagged):
                nearest_subject_neuter = True
                continue
            if lower not in _NEUTER:
                continue
            if lower == "it" and (token.dep_ != "nsubj" or _is_pleonastic(token)):
                continue
            if lower == "its" and token.dep_ != "poss":
                continue
            person_near = index - state.sentence <= _WINDOW or index - state.chain <= _WINDOW
            if not person_near or nearest_subject_neuter:
                continue
            evidence = _human_evidence(token)
            in_chain = index - state.chain <= _WINDOW
            if evidence is None and not in_chain:
                continue
            who = state.name or "a person"
            gender = state.gender or "m"
            suggestion = _match_case(_REPLACEMENT[(lower, gender)], token.text)
            reason = evidence or "an earlier 'it' for the same person was flagged nearby"
            yield Hit(
                offset,
                offset + len(token.text),
                f"'{token.text}' seems to refer to {who}, a person: use '{suggestion}'.",
                confidence=0.8 if evidence else 0.65,
                evidence=reason,
                suggestion=suggestion,
            )
            state.chain = index
            flagged.add(token.i)


@check(
    "F202",
    "gender-switch",
    "fluency/coherence",
    Severity.MINOR,
    scope="document",
    requires=("nlp",),
)
def gender_switch(analysis: Analysis) -> Iterator[Hit]:
    """ "He" and "she" used for the same person within a paragraph.

    Flags the less frequent gendered pronouns of a paragraph that names exactly one person
    and uses both masculine and feminine pronouns.

    Okay: Merkel said she would stay. Her party agreed.
    Okay: Merkel met Macron. She said he was right.
    Okay: Angela Merkel said she would stay. Merkel smiled.
    F202: Merkel said she would stay. «His» party agreed, and she smiled.
    """
    if not analysis.has_english_parse:
        return
    by_block: dict[int, list[int]] = {}
    for index, sentence in enumerate(analysis.sentences):
        by_block.setdefault(sentence.block, []).append(index)
    for indexes in by_block.values():
        names: set[str] = set()
        pronouns: dict[str, list[tuple[int, Any]]] = {"m": [], "f": []}
        for index in indexes:
            for offset, token in analysis.tokens(index):
                following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
                if _names_person(token) and (following is None or following.ent_iob_ != "I"):
                    names.add(token.text)  # the last word of a name: "Angela Merkel" -> Merkel
                elif token.lower_ in _MASCULINE:
                    pronouns["m"].append((offset, token))
                elif token.lower_ in _FEMININE:
                    pronouns["f"].append((offset, token))
        if len(names) != 1 or not pronouns["m"] or not pronouns["f"]:
            continue
        minority = "m" if len(pronouns["m"]) < len(pronouns["f"]) else "f"
        majority_word = "she" if minority == "m" else "he"
        for offset, token in pronouns[minority]:
            yield Hit(
                offset,
                offset + len(token.text),
                f"'{token.text}' switches gender: the paragraph names one person "
                f"({next(iter(names))}) and otherwise uses '{majority_word}'.",
                confidence=0.55,
            )
