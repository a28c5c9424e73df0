"""THE list of checks. A check not listed here does not exist; order is documentation order."""

from __future__ import annotations

from mtqa.checks import (
    completeness,
    consistency,
    extraneous,
    fragments,
    language,
    model,
    pair_consistency,
    pair_typography,
    referents,
    terminology,
    transfer,
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
    model.unexplained_by_source,
    transfer.number_mismatch,
    transfer.number_format,
    transfer.placeholder_mismatch,
    transfer.markup_not_well_formed,
    transfer.link_mismatch,
    completeness.untranslated,
    completeness.empty_target,
    completeness.length_omission,
    completeness.length_addition,
    pair_consistency.inconsistent_translation,
    pair_consistency.same_translation_different_sources,
    pair_typography.end_punctuation_mismatch,
    pair_typography.edge_whitespace_mismatch,
    pair_typography.capitalisation_mismatch,
    pair_typography.quote_mismatch,
    pair_typography.bracket_mismatch,
    terminology.glossary_term,
    terminology.do_not_translate,
)

BY_CODE: dict[str, Check] = {c.code: c for c in ALL_CHECKS}
