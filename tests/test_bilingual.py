"""Bilingual files end to end, on the realistic fixtures in fixtures/bilingual/.

Every fixture has planted errors of each kind next to clean units: the planted ones must be
found (unit and check), the clean units must get no major finding, and every finding's
offsets must index its unit's target exactly. The readers of these formats are tested in
test_readers_bilingual.py, the checks that compare with the source in test_pair_checks.py
(and test_placeholders.py, test_markup.py, test_numbers.py, test_glossary.py,
test_align.py, test_source_language.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.findings import Severity
from mtqa.runner import run, signature

from .conftest import (
    BILINGUAL,
    GLOSSARY,
    assert_offsets_exact,
    check_file,
    mtqa_cli,
    only_report,
    read_one,
)

#: (file, {unit id: checks planted there}); units not listed are clean.
PLANTED: dict[str, dict[str, set[str]]] = {
    "ui_en_de.xlf": {
        "save.hint": {"M101"},
        "trial.ends": {"A301"},
        "subscription.renewed": {"A303"},
        "folder.delete": {"A304"},
        "greeting": {"M101"},
        "signout.confirm": {"F401"},
        "settings.saved": {"F403"},
        "cart.total": {"F402"},
        "signin.company": {"T302"},
        "budget.exceeded": {"T301"},
        "privacy.link": {"A302"},
        "cancel.warning": {"A305"},
        "menu.save": {"T201"},
        "tab.close": {"A307"},
        "maintenance.start": {"A301"},
    },
    "help_en_fr.xlf": {
        "meeting.limit": {"A301"},
        "undo.warning": {"M101"},
        "support.contact": {"A303"},
        "refund": {"A302"},
        "share": {"M101"},
    },
    "news_de_en.tmx": {
        "dpa-0412-3": {"A301"},
        "dpa-0412-4": {"A301"},
        "dpa-0412-5": {"L101"},
        "dpa-0412-6": {"A305"},
        "dpa-0412-7": {"A303"},
        "dpa-0412-10": {"F401"},
    },
    "app_de.po": {
        "One comment[1]": {"M101"},
        "Welcome back, %(name)s!": {"M101"},
        "Your password has expired.": {"A304"},
        "Upload failed: the file is larger than 25 MB.": {"A301"},
    },
    "shop_en_es.csv": {
        "promo.discount": {"A301"},
        "promo.sale": {"M101"},
        "checkout.error": {"A304"},
        "policy.returns": {"A303"},
        "stock.none": {"F403"},
        "product.add": {"T201"},
    },
}


# --- checks on every fixture --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_errors_found_clean_units_clean_offsets_exact(name: str) -> None:
    document, report = check_file(BILINGUAL / name)
    assert_offsets_exact(document, report)
    planted = PLANTED[name]
    found: dict[str, set[str]] = {}
    for f in report.findings:
        found.setdefault(str(f.unit), set()).add(f.code)
    for unit, codes in planted.items():
        assert codes <= found.get(unit, set()), (unit, codes, found.get(unit))
    for f in report.findings:
        if f.unit not in planted:
            assert f.severity < Severity.MAJOR, f  # clean units: no major finding
    assert report.flagged


def test_json_report_carries_units_and_unit_offsets(tmp_path: Path) -> None:
    result = mtqa_cli(
        tmp_path,
        BILINGUAL / "ui_en_de.xlf",
        "--glossary",
        GLOSSARY,
        "--format",
        "json",
        "--format",
        "md",
        "--format",
        "csv",
    )
    assert result.returncode == 1, result.stderr
    report = only_report(tmp_path / "out")
    targets = {u["id"]: u["target"] for u in report["units"]}
    assert len(targets) == 23
    assert report["units"][0] == {
        "id": "welcome",
        "source": 'Welcome to <g id="1">Acme Cloud</g>!',
        "target": 'Willkommen bei <g id="1">Acme Cloud</g>!',
        "line": 8,
    }
    for f in report["findings"]:
        assert f["text"] == targets[f["unit"]][f["start"] : f["end"]]
    [number] = [f for f in report["findings"] if f["code"] == "A301" and f["unit"] == "trial.ends"]
    assert (number["start"], number["end"], number["text"]) == (24, 25, "4")
    markdown = next((tmp_path / "out").glob("*.md")).read_text("utf-8")
    assert "Unit `trial.ends`" in markdown
    assert "> source: Your trial ends in 14 days." in markdown
    rows = (tmp_path / "out" / "findings.csv").read_text("utf-8").splitlines()
    assert rows[0].endswith(",unit")
    assert any(row.endswith(",trial.ends") for row in rows)


def test_fingerprints_differ_between_units_with_the_same_text() -> None:
    _, report = check_file(BILINGUAL / "ui_en_de.xlf")
    prints = [f.fingerprint for f in report.findings]
    assert len(prints) == len(set(prints))


@pytest.mark.model
def test_model_conditions_each_unit_on_its_own_source() -> None:
    """With the model, a bilingual file gets per-sentence fluency and an adequacy score
    (each unit's sentences are scored after that unit's source), and offsets stay exact."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from mtqa.models import lm as lm_module

    model = lm_module.load()
    cfg = Config()
    checks = cfg.enabled(ALL_CHECKS)
    document = read_one(BILINGUAL / "ui_en_de.xlf")
    report = run(document, cfg, checks, signature(cfg, checks, model.identity), model)
    assert_offsets_exact(document, report)
    assert report.score.adequacy is not None
    assert all(s.fluency is not None for s in report.sentences)
    assert {(f.unit, f.code) for f in report.findings} >= {("trial.ends", "A301")}
    [omission] = [f for f in report.findings if f.code == "A305"]
    assert omission.unit == "cancel.warning"
    assert "model adequacy" in (omission.evidence or "")


# --- localization files: placeholder dialects, markup, per-language conventions (issue 13)


DIALECTS = BILINGUAL / "dialects"


#: (file, {unit id: (checks planted there, text the finding's message must hold)}); every
#: other unit of these files is a correct translation and must get no finding at all.
PLANTED_L10N: dict[str, dict[str, tuple[set[str], str]]] = {
    "desktop_ru.po": {
        "%s is %d%% complete": ({"M101"}, "printf placeholder '%d' takes argument 1"),
        "Could not move %s to the trash: %s": ({"M101"}, "printf placeholder %s"),
        "Shared with %(count)d people": ({"M101"}, "Python placeholder"),
        "Showing {0} of {1} results": ({"M101"}, "brace placeholder '{0}'"),
        "Free: %L1 GB": ({"M101"}, "Qt placeholder '%1'"),
        "%d folder moved[1]": ({"M101"}, "printf placeholder %d"),
        "%d tab closed[2]": ({"A304"}, "Empty translation"),  # nplurals=3, two forms given
    },
    "kde_de.po": {
        "Playlist “%1” saved": ({"M101"}, "Qt placeholder '%2'"),
        "%n song[1]": ({"M101"}, "Qt placeholder %n"),
        "Rescan": ({"F403"}, "capital"),
    },
    "browser_fr.xlf": {
        "update.restart.now": ({"M101"}, "Mozilla placeholder &brandShortName;"),
        "addon.removed": ({"M101"}, "Mozilla placeholder '$MODULE$'"),
        "tabs.restore": ({"M101"}, "Fluent placeable { $date }"),
        "storage.used": ({"M101"}, "'{1}'"),
        "warning.body": ({"M102"}, "crosses <em>"),
    },
    "mobile_ja.xlf": {
        "album.invite": ({"M101"}, "printf placeholder '%2$@'"),
        "library.size": ({"M101"}, "printf placeholder '%d'"),
        "upload.swapped": ({"M101"}, "takes argument"),
        "memories.edit": ({"M101"}, "XLIFF inline code"),
    },
    "web_ar.tmx": {
        "cart.total": ({"M101"}, "brace placeholder '{1}'"),
        "order.signoff": ({"M101"}, "template variable '{{customer.name}}'"),
        "checkout.button": ({"A303"}, "identical"),
        "discount.big": ({"A301"}, "'٢٠'"),
        "shipping.weight": ({"A301"}, "'٣٫٥'"),
    },
    "tools_af.tmx": {
        "home": ({"M101"}, "@-substitution '@PAKKET_URL@'"),
        "install.fail": ({"M101"}, "shell variable $(DESTDIR)"),
        "error.lower": ({"F403"}, "capital"),
        "doubled": ({"F107"}, "Repeated word 'die'"),
        "brackets": ({"F404"}, "nested inside '('"),
    },
}


@pytest.mark.parametrize("name", sorted(PLANTED_L10N))
def test_localization_fixtures_broken_units_found_correct_units_untouched(name: str) -> None:
    document, report = check_file(DIALECTS / name)
    assert_offsets_exact(document, report)
    planted = PLANTED_L10N[name]
    assert set(planted) <= {u.id for u in document.units}
    for unit, (codes, wording) in planted.items():
        found = [f for f in report.findings if f.unit == unit]
        assert codes <= {f.code for f in found}, (unit, codes, found)
        assert any(wording in f.message for f in found if f.code in codes), (unit, found)
    stray = [f for f in report.findings if f.unit not in planted]
    assert not stray, stray
