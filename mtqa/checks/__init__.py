"""THE list of checks. A check not listed here does not exist; order is documentation order."""

from __future__ import annotations

from mtqa.checks import (
    consistency,
    extraneous,
    fragments,
    language,
    model,
    referents,
    typography,
)
from mtqa.registry import Check

ALL_CHECKS: tuple[Check, ...] = (
    typography.missing_space_after_punctuation,
    typography.extra_spaces,
    typography.space_before_punctuation,
    typography.doubled_punctuation,
    typography.unbalanced_quotes,
    typography.unbalanced_brackets,
    typography.repeated_word,
    referents.pronoun_switch,
    referents.gender_switch,
    fragments.lowercase_sentence_start,
    fragments.verbless_fragment,
    fragments.cut_sentence,
    consistency.inconsistent_name,
    extraneous.teaser_link,
    extraneous.page_navigation,
    extraneous.widget_text,
    language.foreign_script,
    language.wrong_language,
    model.unlikely_wording,
)

BY_CODE: dict[str, Check] = {c.code: c for c in ALL_CHECKS}
