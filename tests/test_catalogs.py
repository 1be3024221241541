"""The package's message catalogs are complete and compiled.

Words that appear in documents are marked with ``_(`` in the package. Console
messages, marked with ``__(``, stay English and need no translation.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parent.parent / "sphinx_whitepaper"
LOCALE = PACKAGE / "locale"
LANGUAGES = sorted(path.name for path in LOCALE.iterdir() if path.is_dir())


def read_catalog(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "sphinx_whitepaper.po").open("rb") as po:
        return read_po(po)


def source_messages(keyword: str) -> dict[str, str]:
    """Map each msgid marked with ``keyword(`` in the package to "file:line"."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={keyword: None}
        ):
            found.setdefault(str(message), f"{path.relative_to(PACKAGE)}:{lineno}")
    return found


def test_languages_are_present():
    assert {"en", "zh_CN"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_mo_matches_po(language):
    compiled = io.BytesIO()
    write_mo(compiled, read_catalog(language))
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)
    mo_path = LOCALE / language / "LC_MESSAGES" / "sphinx_whitepaper.mo"
    with mo_path.open("rb") as mo:
        committed = gettext.GNUTranslations(mo)
    # The header ("" msgid) contains dates that a recompile may change.
    expected_messages = {k: v for k, v in expected._catalog.items() if k != ""}
    committed_messages = {k: v for k, v in committed._catalog.items() if k != ""}
    assert committed_messages == expected_messages, f"recompile {mo_path}"


def test_document_words_have_chinese_translations():
    catalog = read_catalog("zh_CN")
    missing = []
    for msgid, where in source_messages("_").items():
        message = catalog.get(msgid)
        if message is None or not message.string or message.fuzzy:
            missing.append(f"{where}: {msgid!r}")
    assert missing == []


@pytest.mark.parametrize("keyword", ["_", "__"])
def test_template_lists_every_message(keyword):
    with (LOCALE / "sphinx_whitepaper.pot").open("rb") as pot:
        template = read_po(pot)
    missing = [
        f"{where}: {msgid!r}"
        for msgid, where in source_messages(keyword).items()
        if template.get(msgid) is None
    ]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match(language):
    catalog = read_catalog(language)
    problems = [
        f"{message.id!r}: {error}"
        for message, errors in catalog.check()
        for error in errors
    ]
    assert problems == []


def test_chinese_labels():
    catalog = read_catalog("zh_CN")
    expected = {
        "Algorithm": "算法",
        "Algorithm %s": "算法 %s",
        "Pros": "优点",
        "Cons": "缺点",
        "Derivation": "推导",
        "Step %d": "步骤 %d",
        "Q": "问",
        "Input": "输入",
        "Output": "输出",
        "Complexity": "复杂度",
    }
    assert {msgid: catalog.get(msgid).string for msgid in expected} == expected
