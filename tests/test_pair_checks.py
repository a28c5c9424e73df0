"""The checks that compare a translation with its source (and the per-language conventions
of the target they read), on short pairs: numbers (A301, L101), untranslated and length
(A303, A305, A306), typography (F401-F404, L102, and F105, F107 per language), and page
furniture in string files. Placeholders and markup are in test_placeholders.py and
test_markup.py, the bilingual fixtures end to end in test_bilingual.py.
"""

from __future__ import annotations

import pytest

from mtqa import numbers
from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import Severity
from mtqa.readers import read_paths
from mtqa.runner import run, signature

from .conftest import FIXTURES, SOURCE_AWARE, check_text_pair, check_units

# --- feed records -------------------------------------------------------------------------


def test_source_aware_checks_apply_to_feed_records() -> None:
    items = list(read_paths([str(FIXTURES / "feeds" / "headlines_de_en.csv")], None, "en"))
    docs = [d for d in items if isinstance(d, Document)]
    cfg = Config(use_model=False, select=SOURCE_AWARE)
    checks = cfg.enabled(ALL_CHECKS)
    reports = {d.id: run(d, cfg, checks, signature(cfg, checks)) for d in docs}
    # dpa-003 adds a whole sentence ("Its visit lasted one day.") to a 38-character source
    assert "A306" in {f.code for f in reports["dpa-003"].findings}
    for report in reports.values():
        assert all(f.unit is None for f in report.findings)
        assert report.score.reference is not None or report.id == "dpa-005"


# --- numbers (A301, L101) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "code", "text", "severity"),
    [
        # the year made explicit in a date: minor, and only when nothing else was lost
        (
            "7月26日在上海拍摄的成立仪式现场。",
            "The opening ceremony, photographed in Shanghai on July 26th, 2020.",
            "A301",
            "2020",
            Severity.MINOR,
        ),
        ("他于2019年7月26日去世。", "He died on July 26, 2020.", "A301", "2020", Severity.MAJOR),
        # a day of the month left out: minor; any other number left out stays major
        (
            "卫健委主任张卫26日称，检测工作已基本完成。",
            "Zhang Wei, director of the Health Commission, said testing was nearly complete.",
            "A301",
            "Zhang Wei, director of the Health Commission, said testing was nearly complete.",
            Severity.MINOR,
        ),
        (
            "26名工人获救。",
            "The workers were rescued.",
            "A301",
            "The workers were rescued.",
            Severity.MAJOR,
        ),
        # a site's name written as its address adds a link and loses none
        (
            "新疆22例辽宁13例- 经济观察网",
            "22 in Xinjiang and 13 in Liaoning - www.eeo.com.cn",
            "A302",
            "www.eeo.com.cn",
            Severity.MINOR,
        ),
        (
            "详见 www.example.cn 网站。",
            "See www.example.com for details.",
            "A302",
            "www.example.com",
            Severity.MAJOR,
        ),
    ],
)
def test_explicitation_is_minor_and_changes_stay_major(
    source: str, target: str, code: str, text: str, severity: Severity
) -> None:
    report = check_text_pair(source, target, ("zh", "en"))
    found = [f for f in report.findings if f.code == code]
    assert [(f.text, f.severity) for f in found] == [(text, severity)]
    assert all(target[f.start : f.end] == f.text for f in report.findings)


def test_a_decade_with_its_century_is_the_source_decade() -> None:
    source = "他回忆了上世纪80年代的影片《人到中年》。"
    target = "He recalled the 1980's film “At Middle Age”."
    assert not [
        f for f in check_text_pair(source, target, ("zh", "en")).findings if f.code == "A301"
    ]
    changed = "He recalled the 1990s film “At Middle Age”."
    found = [f for f in check_text_pair(source, changed, ("zh", "en")).findings if f.code == "A301"]
    assert [f.text for f in found] == ["1990"]


@pytest.mark.parametrize(
    ("source", "target", "langs", "flagged"),
    [
        # a version (or a section, an address) is one number: its parts keep their order
        (
            "Update to version 4.1.2 to continue.",
            "Aktualisieren Sie auf Version 4.2.1, um fortzufahren.",
            ("en", "de"),
            ["4.2.1"],
        ),
        (
            "See section 2.3.1 for details.",
            "Voir la section 2.1.3 pour plus de détails.",
            ("en", "fr"),
            ["2.1.3"],
        ),
        (
            "Server 10.0.0.12 is unreachable",
            "Server 10.0.0.21 ist nicht erreichbar",
            ("en", "de"),
            ["10.0.0.21"],
        ),
        ("Requires iOS 16.4.1 or later", "נדרשת גרסת iOS 16.4.1 ואילך", ("en", "he"), []),
        ("Installed: v2.10.3", "Instalado: v2.10.3", ("en", "es"), []),
        # a date's parts take the locale's order; separate numbers the language's word order
        ("Expires on 12.31.2025", "Gültig bis 31.12.2025", ("en", "de"), []),
        ("Released 2025.03.14", "Veröffentlicht am 14.03.2025", ("en", "de"), []),
        ("Step 3 of 5", "5단계 중 3단계", ("en", "ko"), []),
    ],
)
def test_a_version_number_is_compared_whole(
    source: str, target: str, langs: tuple[str, str], flagged: list[str]
) -> None:
    import doctest

    report = check_units([(source, target)], langs)
    assert [f.text for f in report.findings if f.code == "A301"] == flagged
    assert doctest.testmod(numbers).failed == 0


def test_a_size_keeps_its_locale_format_while_a_css_length_does_not() -> None:
    report = check_text_pair("Size: 1.5 GB", "Grootte: 1.5 GB", ("en", "nl"))
    assert [f.text for f in report.findings if f.code == "L101"] == ["1.5"]


def test_doctest_examples_of_the_localization_helpers() -> None:
    import doctest

    from mtqa.checks import transfer

    assert doctest.testmod(transfer).failed == 0


# --- untranslated and length (A303, A305, A306) -------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "langs"),
    [
        ("%s: %s", "%s: %s", ("en", "de")),
        ("{0} – {1}", "{0} – {1}", ("en", "ru")),
        ("<b>%s</b>", "<b>%s</b>", ("en", "fr")),
        ("12px", "12px", ("en", "fr")),
        ("1.5em", "1.5em", ("en", "ar")),
        ("Ctrl+Shift+N", "Ctrl+Shift+N", ("en", "de")),
        ("dd.MM.yyyy", "dd.MM.yyyy", ("en", "de")),
        ("PDF, PNG, JPEG", "PDF, PNG, JPEG", ("en", "af")),
        ("config.json", "config.json", ("en", "ja")),
        ("{{count}} × {{price}}", "{{count}} × {{price}}", ("en", "de")),
    ],
)
def test_strings_that_stay_unchanged_are_not_untranslated(
    source: str, target: str, langs: tuple[str, str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert not [f for f in report.findings if f.code == "A303"], report.findings


@pytest.mark.parametrize(
    ("source", "target", "langs"),
    [
        ("HH:mm", "HH:mm", ("en", "de")),
        ("Time format: h:mm", "Format de l’heure : h:mm", ("en", "fr")),
        ("dd.MM", "dd.MM", ("en", "ru")),
        ("0.75rem", "0.75rem", ("en", "de")),
        ("Indent: 2.5em", "Inspringing: 2.5em", ("en", "nl")),
    ],
)
def test_date_patterns_and_css_lengths_stay_as_they_are_for_every_check(
    source: str, target: str, langs: tuple[str, str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert not [f for f in report.findings if f.code in ("F101", "L101", "A303")], report.findings


def test_doctest_examples_of_the_verbatim_codes() -> None:
    import doctest

    from mtqa import verbatim

    assert doctest.testmod(verbatim).failed == 0


@pytest.mark.parametrize(
    ("word", "langs", "flagged"),
    [
        ("Description", ("en", "fr"), False),
        ("Hotel", ("en", "de"), False),
        ('<a href="/menu">Menu</a>', ("en", "fr"), False),
        ("Status", ("en", "de"), False),
        ("Password", ("en", "de"), True),
        ("Cancel", ("en", "fr"), True),
        ("Account", ("en", "es"), True),
    ],
)
def test_a_one_word_target_that_is_the_same_word_in_the_target_language(
    word: str, langs: tuple[str, str], flagged: bool
) -> None:
    report = check_text_pair(word, word, langs)
    assert bool([f for f in report.findings if f.code == "A303"]) == flagged


@pytest.mark.parametrize("lang", ["ko", "ja", "zh", "fr"])
def test_a_one_word_string_left_as_it_is_is_checked_in_every_language(lang: str) -> None:
    # the cognate test reads word frequencies without the optional CJK tokenizers
    report = check_text_pair("Save", "Save", ("en", lang))
    assert [f.code for f in report.findings if f.code == "A303"] == ["A303"]


@pytest.mark.parametrize(
    ("source", "target", "langs"),
    [
        (
            "Please save your changes before closing the application window.",
            "애플리케이션 창을 닫기 전에 변경 사항을 저장하세요.",
            ("en", "ko"),
        ),
        (
            "Bitte speichern Sie Ihre Änderungen, bevor Sie das Fenster schließen.",
            "请在关闭窗口之前保存您的更改。",
            ("de", "zh"),
        ),
        (
            "アプリケーションを閉じる前に変更を保存してください。",
            "Bitte speichern Sie Ihre Änderungen, bevor Sie die Anwendung schließen.",
            ("ja", "de"),
        ),
    ],
)
def test_no_length_finding_across_scripts_without_a_measured_ratio(
    source: str, target: str, langs: tuple[str, str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert not [f for f in report.findings if f.code in ("A305", "A306")]


@pytest.mark.parametrize(
    ("source", "target", "langs", "flagged"),
    [
        ("Sign in", "Connectez-vous à votre compte", ("en", "fr"), False),
        ("Show hidden files", "Verborgen bestanden weergeven", ("en", "nl"), False),
        ("{0} shared {1}", "{1} wurde von {0} geteilt", ("en", "de"), False),
        (
            'Read the <a href="/help" title="Help center">guide</a>',
            '阅读<a href="/help" title="帮助中心">指南</a>',
            ("en", "zh"),
            False,
        ),
        ("%s sent %d photos.", "%2$d photos ont été envoyées par %1$s.", ("en", "fr"), False),
        # a short source that becomes a paragraph still adds content
        (
            "Sign in",
            "Melden Sie sich mit Ihrem Firmenkonto an, um alle Dateien und Ordner zu sehen, "
            "die Ihr Team geteilt hat.",
            ("en", "de"),
            True,
        ),
    ],
)
def test_short_strings_get_a_wider_length_tolerance_and_markup_does_not_count(
    source: str, target: str, langs: tuple[str, str], flagged: bool
) -> None:
    report = check_text_pair(source, target, langs)
    assert bool([f for f in report.findings if f.code == "A306"]) == flagged, report.findings


# --- capitals, quotation marks, brackets, doubled words per language ----------------------


@pytest.mark.parametrize(
    ("source", "target", "langs", "flagged"),
    [
        ("Sign out", "abmelden", ("en", "de"), ["a"]),  # capital lost
        ("recently used", "Недавно использованные", ("en", "ru"), ["Н"]),  # capital added
        ("of %d pages", "De %d pages", ("en", "fr"), ["D"]),
        ("items in cart", "Artikel im Warenkorb", ("en", "de"), []),  # German nouns
        ("iCloud settings", "Réglages iCloud", ("en", "fr"), []),  # a name moved
        ("Next", "ДАЛЕЕ", ("en", "ru"), ["ДАЛЕЕ"]),  # capitals throughout added
        ("CAUTION", "ATTENTION", ("en", "fr"), []),
        ("An error occurred.", "'n Fout het voorgekom.", ("en", "af"), []),
        ("An error occurred.", "'n fout het voorgekom.", ("en", "af"), ["f"]),
        ("Download complete", "اكتمل التنزيل", ("en", "ar"), []),  # no case
        ("Download complete", "ダウンロードが完了しました", ("en", "ja"), []),
    ],
)
def test_capitals_added_and_lost_per_language(
    source: str, target: str, langs: tuple[str, str], flagged: list[str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert [f.text for f in report.findings if f.code == "F403"] == flagged


@pytest.mark.parametrize(
    ("source", "target", "langs", "flagged"),
    [
        ("Wednesday", "mercredi", ("en", "fr"), []),
        ("Sat", "sáb", ("en", "es"), []),
        ("September %d", "settembre %d", ("en", "it"), []),
        ("Thursday, %s", "czwartek, %s", ("en", "pl"), []),
        ("August", "augustus", ("en", "nl"), []),
        # a sentence still starts with a capital, and German writes its names with one
        ("Monday is a public holiday.", "lundi est un jour férié.", ("en", "fr"), ["l"]),
        ("Monday", "montag", ("en", "de"), ["m"]),
        ("Open", "ouvrir", ("en", "fr"), ["o"]),
    ],
)
def test_weekday_and_month_names_in_lowercase_where_the_language_writes_them_so(
    source: str, target: str, langs: tuple[str, str], flagged: list[str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert [f.text for f in report.findings if f.code == "F403"] == flagged


@pytest.mark.parametrize(
    ("target", "lang", "flagged"),
    [
        ("Tippen Sie auf „Fertig“.", "de", []),
        ("Tippen Sie auf »Fertig«.", "de", []),
        ('Tippen Sie auf "Fertig".', "de", []),  # straight quotes: fine everywhere
        ("Tippen Sie auf “Fertig”.", "de", ["“Fertig”"]),
        ("Appuyez sur « Terminé ».", "fr", []),
        ("Нажмите «Готово».", "ru", []),
        ("Нажмите “Готово”.", "ru", ["“Готово”"]),
        ("「完了」をタップします。", "ja", []),
        ("Tik op „Klaar”.", "af", []),
        ("Appuyez sur Terminé.", "fr", ["Appuyez sur Terminé."]),  # the quotes went missing
    ],
)
def test_quotes_follow_the_target_language(target: str, lang: str, flagged: list[str]) -> None:
    report = check_text_pair('Tap "Done".', target, ("en", lang))
    assert [f.text for f in report.findings if f.code == "L102"] == flagged


@pytest.mark.parametrize(
    ("target", "lang", "f105", "b204"),
    [
        ("Kliknij „Anuluj”, aby wrócić.", "pl", [], []),
        ("Klicken Sie auf »Abbrechen«, um zurückzugehen.", "de", [], []),
        ("Klicken Sie auf ‚Abbrechen‘, um zurückzugehen.", "de", [], []),
        ("Cliquez sur ‹ Annuler › pour revenir.", "fr", [], []),
        ("Klik op ‘Annuleren’ om terug te gaan.", "nl", [], []),
        ("Klik op ‘Annuleren’ om 's middags terug te gaan.", "nl", [], []),
        # Swedish and Finnish open and close with the same mark
        ("Klicka på ”Avbryt” för att gå tillbaka.", "sv", [], []),
        ("Klicka på »Avbryt» för att gå tillbaka.", "sv", [], []),
        ("Palaa takaisin valitsemalla ”Peruuta”.", "fi", [], []),
        ("Klicka på ”Avbryt för att gå tillbaka.", "sv", ["”"], []),
        ("Palaa takaisin valitsemalla »Peruuta.", "fi", ["»"], []),
        ("Klicken Sie auf Abbrechen”, um zurückzugehen.", "de", ["”"], []),
        # still unbalanced, or marks the language does not use
        ("Kliknij „Anuluj, aby wrócić.", "pl", ["„"], []),
        ("Klicken Sie auf »Abbrechen, um zurückzugehen.", "de", ["»"], []),
        ("Klik op ‘Annuleren om terug te gaan.", "nl", ["‘"], []),
        ("Klicken Sie auf ‘Abbrechen’, um zurückzugehen.", "de", [], ["‘Abbrechen’"]),
    ],
)
def test_quotation_marks_pair_as_each_language_pairs_them(
    target: str, lang: str, f105: list[str], b204: list[str]
) -> None:
    report = check_text_pair('Click "Cancel" to go back.', target, ("en", lang))
    assert [f.text for f in report.findings if f.code == "F105"] == f105
    assert [f.text for f in report.findings if f.code == "L102"] == b204


@pytest.mark.parametrize(
    ("source", "target", "lang", "flagged"),
    [
        # straight quotes, single ones included, are quotes in every language
        ('Select "Export" to save a copy.', "사본을 저장하려면 '내보내기'를 선택하세요.", "ko", []),
        ('Select "Export" to save a copy.', "选择'导出'以保存副本。", "zh", []),
        ('Select "Export" to save a copy.', "Wählen Sie 'Exportieren', um zu speichern.", "de", []),
        ("Select 'Export' to save a copy.", 'Sélectionnez "Exporter" pour enregistrer.', "fr", []),
        ('Select "Export" to save a copy.', "Välj ’Exportera’ för att spara en kopia.", "sv", []),
        # a quote left without its partner is still a quotation mark, not none
        ('Select "Export" to save a copy.', "사본을 저장하려면 '내보내기를 선택하세요.", "ko", []),
        # no quotes at all, or only apostrophes: the quotes were lost
        (
            'Select "Export" to save a copy.',
            "Sélectionnez l’option Exporter pour enregistrer.",
            "fr",
            ["Sélectionnez l’option Exporter pour enregistrer."],
        ),
        (
            "Select 'Export' to save a copy.",
            "사본을 저장하려면 내보내기를 선택하세요.",
            "ko",
            ["사본을 저장하려면 내보내기를 선택하세요."],
        ),
    ],
)
def test_straight_and_single_quotes_are_quotation_marks_in_every_language(
    source: str, target: str, lang: str, flagged: list[str]
) -> None:
    import doctest

    from mtqa.checks import pair_typography

    report = check_units([(source, target)], ("en", lang))
    found = [f for f in report.findings if f.code == "L102"]
    assert [f.text for f in found] == flagged
    assert all("no quotation marks" in f.message for f in found)
    assert doctest.testmod(pair_typography).failed == 0


@pytest.mark.parametrize(
    ("source", "target", "b205", "f106"),
    [
        ("Sort by [name (A–Z)]", "Trier par [nom (A–Z)]", [], []),
        ("Sort by [name (A–Z)]", "Trier par (nom [A–Z])", ["["], []),
        ("Size [in (bytes)]", "Größe [in (Bytes])", ["]"], []),  # crossed: not "unbalanced"
        ("See (1) and [2].", "Siehe [2] und (1).", [], []),
        ("Size (in bytes)", "Größe (in Bytes", [], ["("]),
    ],
)
def test_reordered_brackets_are_a_mismatch(
    source: str, target: str, b205: list[str], f106: list[str]
) -> None:
    report = check_text_pair(source, target)
    assert [f.text for f in report.findings if f.code == "F404"] == b205
    assert [f.text for f in report.findings if f.code == "F106"] == f106


@pytest.mark.parametrize(
    ("target", "lang", "flagged"),
    [
        ("Supprimer les les éléments sélectionnés", "fr", ["les les"]),
        ("Удалить выбранные выбранные элементы", "ru", ["выбранные выбранные"]),
        ("Verwyder die die gekose lêers", "af", ["die die"]),
        ("Nous nous sommes trompés", "fr", []),
        ("Frauen, die die Wahl haben", "de", []),
        ("Yavaş yavaş yükleniyor", "tr", []),  # reduplication is Turkish grammar
        # the repeats grammar allows mid-sentence are errors at a sentence's start
        ("Die die ausgewählten Elemente entfernen", "de", ["Die die"]),
        ("Fertig. Der der Ordner ist leer.", "de", ["Der der"]),
        ("„Das das Element“ entfernen", "de", ["Das das"]),
        ("Dat dat bestand is verwijderd", "nl", ["Dat dat"]),
        ("Vous vous êtes déconnecté", "fr", []),
        # Korean writes spaces between words: a doubled word is a doubled word
        ("선택한 선택한 항목 제거", "ko", ["선택한 선택한"]),
        ("선택한 항목 제거", "ko", []),
        ("Zeile eins\nEins zwei", "de", []),  # a line break between units is no repeat
    ],
)
def test_doubled_words_in_any_language(target: str, lang: str, flagged: list[str]) -> None:
    report = check_text_pair("Remove the selected items", target, ("en", lang))
    assert [f.text for f in report.findings if f.code == "F107"] == flagged


# --- page furniture in string files (A101-A103) -------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "langs", "flagged"),
    [
        # UI labels of a string file translate their source: not page furniture
        ([("Main menu", "Hauptmenü"), ("Back to top", "Nach oben")], ("en", "de"), []),
        ([("Menu", "Menu"), ("Search", "Rechercher")], ("en", "fr"), []),
        ([("Share", "Compartilhar"), ("E-mail address", "Endereço de e-mail")], ("en", "pt"), []),
        ([("Comments", "Kommentare"), ("Print", "Drucken")], ("en", "de"), []),
        ([("Nächster Beitrag", "Next post")], ("de", "en"), []),  # the source's own label
        ([("Advertisement", "Anuncio")], ("en", "es"), []),
        # a furniture line beside the translated text of a unit is still added
        (
            [("The update is ready.", "Die Aktualisierung ist bereit.\nShare this article")],
            ("en", "de"),
            ["Share this article"],
        ),
        # a unit without a source translates nothing
        ([("", "Next post")], ("en", "en"), ["Next post"]),
    ],
)
def test_page_furniture_is_not_reported_where_it_translates_the_source(
    pairs: list[tuple[str, str]], langs: tuple[str, str], flagged: list[str]
) -> None:
    report = check_units(pairs, langs)
    assert [f.text for f in report.findings if f.code.startswith("A1")] == flagged
