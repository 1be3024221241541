"""Property tests: generated directive trees must build without an exception.

Hypothesis draws trees of our directives with random titles, known and unknown
options, empty bodies, deep nesting and mixed scripts (CJK, Arabic, Hebrew,
astral characters), writes them as reST or MyST, and builds html, latex and
text. A build may warn, but only with a ``whitepaper.*`` warning or a parse
warning of docutils or MyST; an exception or any other warning fails.

The runs are derandomized, so every CI run draws the same examples. Raise
``WHITEPAPER_FUZZ_EXAMPLES`` to search longer on a workstation.

``CORPUS`` keeps the odd inputs found this way, each with the exact warnings
it must give. A pros-cons table inside another one once crashed the text
writer and has a test of its own.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sphinx
from browser_support import build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("WHITEPAPER_FUZZ_EXAMPLES", "25"))

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

BUILDERS = ("html", "latex", "text")

#: Options each directive accepts. The strategies also draw unknown ones.
KNOWN_OPTIONS: dict[str, tuple[str, ...]] = {
    "algorithm": ("name", "class", "nonumber", "input", "output", "complexity"),
    "pros-cons": ("name", "class", "nonumber"),
    "pros": ("class",),
    "cons": ("class",),
    "faq": ("name", "class", "open", "closed"),
    "faq-item": ("name", "class", "open", "closed"),
    "derivation": ("name", "class", "nonumber"),
}
UNKNOWN_OPTIONS = ("label", "title", "x", "open-all", "Name", "numbered")

METACHARACTERS = "<>&\"'`{}$%#_^~\\|*:[]"
WORDS = (
    "plain", "*emphasis*", "**strong**", "``code``", ":math:`x^2_{i}`", "`default`",
    "中文标题", "检索增强生成", "مرحبا بالعالم", "שלום עולם", "\u200f", "\u202e",
    "\U0001d518\U0001d52b\U0001d526",  # astral-plane letters (Fraktur "Uni")
    "naïve café", "&amp;", "<script>alert(1)</script>", "\\\\", "%",
    "\\(", "$x$", "{}", "~", "^", "#", "--", "a_b", "x__",
)

text_fragment = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=METACHARACTERS + "abc 中文αβ", min_size=1, max_size=6),
)
#: One line of user text: a title, an option value or a paragraph.
line = st.lists(text_fragment, min_size=0, max_size=5).map(" ".join).map(str.strip)


@dataclass
class Block:
    """A directive (or ``math``/``para`` leaf) with options and children."""

    name: str
    argument: str = ""
    options: list[tuple[str, str | None]] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)

    def height(self) -> int:
        return 1 + max((child.height() for child in self.children), default=0)


def options_for(name: str) -> st.SearchStrategy[list[tuple[str, str | None]]]:
    keys = st.sampled_from(KNOWN_OPTIONS[name] + UNKNOWN_OPTIONS)
    value = st.one_of(st.none(), line)
    return st.lists(st.tuples(keys, value), max_size=4, unique_by=lambda kv: kv[0])


leaf = st.one_of(
    line.map(lambda text: Block("para", text)),
    st.sampled_from(["x^2", r"\frac{a}{b}", r"\sum_{i=1}^{n} i", "a & b \\\\ c"]).map(
        lambda tex: Block("math", tex)
    ),
)


def directive(children: st.SearchStrategy[Block]) -> st.SearchStrategy[Block]:
    return st.sampled_from(sorted(KNOWN_OPTIONS)).flatmap(
        lambda name: st.builds(
            Block,
            st.just(name),
            line,
            options_for(name),
            st.lists(children, max_size=3),
        )
    )


#: Trees up to about four directives deep.
tree = st.recursive(leaf, directive, max_leaves=8)
document = st.lists(tree, min_size=1, max_size=4)


def _rst_value(value: str | None) -> str:
    return "" if value is None else " " + value


def to_rst(block: Block, indent: str = "") -> str:
    if block.name == "para":
        return f"{indent}{block.argument or 'text'}\n\n"
    if block.name == "math":
        return f"{indent}.. math:: {block.argument}\n\n"
    head = f"{indent}.. {block.name}::"
    if block.argument:
        head += " " + block.argument
    lines = [head]
    lines += [f"{indent}   :{key}:{_rst_value(value)}" for key, value in block.options]
    text = "\n".join(lines) + "\n\n"
    for child in block.children:
        text += to_rst(child, indent + "   ")
    return text


def to_myst(block: Block) -> str:
    if block.name == "para":
        return f"{block.argument or 'text'}\n\n"
    if block.name == "math":
        return f"$$\n{block.argument}\n$$\n\n"
    # An outer fence must be longer than every fence inside it.
    fence = ":" * (2 + block.height())
    head = f"{fence}{{{block.name}}}"
    if block.argument:
        head += " " + block.argument
    lines = [head]
    lines += [f":{key}:{_rst_value(value)}" for key, value in block.options]
    body = "".join(to_myst(child) for child in block.children)
    return "\n".join(lines) + "\n\n" + body + fence + "\n\n"


CONF = (
    "extensions = ['sphinx_whitepaper', 'myst_parser']\n"
    "myst_enable_extensions = ['colon_fence', 'dollarmath']\n"
    "numfig = True\n"
    "latex_documents = [('index', 'fuzz.tex', 'Fuzz', 'Fuzz', 'manual')]\n"
)


def check_builds(filename: str, source: str) -> None:
    with tempfile.TemporaryDirectory(prefix="wp-fuzz-") as tmp:
        for builder in BUILDERS:
            result = build(Path(tmp) / "src", builder, files={filename: source}, conf=CONF)
            unexpected = result.unexpected_warnings()
            assert not unexpected, f"{builder}: untyped warnings for\n{source}\n{unexpected}"
            assert not any("Traceback" in w or "Exception" in w for w in result.warnings)


@pytest.mark.sphinx
@FUZZ_SETTINGS
@given(document)
def test_fuzz_rst(blocks: list[Block]) -> None:
    source = "Fuzz\n====\n\n" + "".join(to_rst(block) for block in blocks)
    check_builds("index.rst", source)


@pytest.mark.sphinx
@FUZZ_SETTINGS
@given(document)
def test_fuzz_myst(blocks: list[Block]) -> None:
    source = "# Fuzz\n\n" + "".join(to_myst(block) for block in blocks)
    check_builds("index.md", source)


# Corpus: inputs found while fuzzing, each with its exact warnings.
# tests/test_bad_input.py covers the plain mistakes (missing title, unknown
# option, empty parts); these are the stranger shapes.

CORPUS: list[tuple[str, str, str, list[str]]] = [
    (
        "option names differing in case are one option to docutils",
        "index.rst",
        "Doc\n===\n\n.. faq::\n   :name: a\n   :Name: b\n\n   .. faq-item:: Q?\n\n      A.\n",
        [
            'index.rst:4: ERROR: Error in "faq" directive:\n'
            'invalid option data: duplicate option "name".\n'
            ".. faq::\n:name: a\n:Name: b\n.. faq-item:: Q?\nA. [docutils]"
        ],
    ),
    (
        "a second pros part",
        "index.rst",
        "Doc\n===\n\n.. pros-cons:: T\n\n   .. pros::\n\n      - a\n\n   .. pros::\n\n"
        "      - b\n\n   .. cons::\n\n      - c\n",
        [
            'index.rst:4: WARNING: "pros-cons" content other than one "pros" and one "cons" '
            "part is shown below the table [whitepaper.proscons]"
        ],
    ),
    (
        "a class made only of CJK letters",
        "index.rst",
        "Doc\n===\n\n.. algorithm:: T\n   :class: 中文\n\n   #. a\n",
        [
            "index.rst:4: WARNING: invalid value '中文' for option \"class\" of the \"algorithm\" "
            'directive: cannot make "中文" into a class name; ignored [whitepaper.option]'
        ],
    ),
    (
        "an unknown flag option in MyST",
        "index.md",
        "# Doc\n\n::::{faq}\n:name: faq-doc\n\n:::{faq-item} Q?\n:colour:\n\nA.\n:::\n::::\n",
        [
            'index.md:6: WARNING: unknown option "colour" for the "faq-item" directive '
            "(allowed: class, closed, name, open); ignored [whitepaper.option]"
        ],
    ),
    (
        "a section title inside an algorithm",
        "index.rst",
        "Doc\n===\n\n.. algorithm:: T\n\n   Inner\n   -----\n\n   #. a\n",
        ["index.rst:7: ERROR: Unexpected section title.\nInner\n----- [docutils]"],
    ),
    (
        "a derivation step label used twice (the same two messages as core math)",
        "index.rst",
        "Doc\n===\n\n.. derivation:: D\n\n   .. math:: a\n      :label: e1\n\n   j\n\n"
        "   .. math:: b\n      :label: e1\n\n   k\n",
        [
            "index.rst:11: WARNING: duplicate label of equation e1, other instance in index "
            "[ref.equation]",
            'index.rst:14: ERROR: Duplicate ID: "equation-e1" used by <target ids="equation-e1"> '
            'and <target ids="equation-e1"> [docutils]',
        ],
    ),
    (
        "a label equal to a section title takes over the implicit name",
        "index.rst",
        "Doc\n===\n\nRetrieval\n---------\n\n.. algorithm:: A\n   :name: retrieval\n\n"
        "   #. a\n\nSee :ref:`retrieval`.\n",
        [],
    ),
]


#: Warning types that docutils and Sphinx emit, whose wording changes between versions.
FOREIGN_TAGS = ("[docutils]", "[ref.equation]")


@pytest.mark.sphinx
@pytest.mark.parametrize(
    ("filename", "source", "expected"),
    [case[1:] for case in CORPUS],
    ids=[case[0] for case in CORPUS],
)
def test_corpus_warnings(
    tmp_path: Path, filename: str, source: str, expected: list[str]
) -> None:
    if sphinx.version_info < (9,) and any(w.endswith(FOREIGN_TAGS) for w in expected):
        pytest.skip("docutils and Sphinx word these messages differently before Sphinx 9")
    srcdir = tmp_path / "src"
    result = build(srcdir, "html", files={filename: source}, conf=CONF)
    assert [w.replace(f"{srcdir}/", "") for w in result.warnings] == expected


@pytest.mark.sphinx
def test_section_named_label_resolves(tmp_path: Path) -> None:
    source = CORPUS[-1][2]
    result = build(tmp_path / "src", "html", files={"index.rst": source}, conf=CONF)
    html = (result.outdir / "index.html").read_text(encoding="utf-8")
    assert '<span class="std std-ref">A</span>' in html


@pytest.mark.sphinx
@pytest.mark.parametrize("builder", ["text", "man"])
def test_pros_cons_inside_pros_builds(tmp_path: Path, builder: str) -> None:
    # The text and man writers cannot nest tables; this input used to raise
    # NotImplementedError("Nested tables are not supported.") in the text build.
    source = (
        "Doc\n===\n\n.. pros-cons:: Outer\n\n   .. pros::\n\n      .. pros-cons:: Inner\n\n"
        "         .. pros::\n\n            - x\n\n         .. cons::\n\n            - y\n\n"
        "   .. cons::\n\n      - c\n"
    )
    result = build(tmp_path / "src", builder, files={"index.rst": source}, conf=CONF)
    assert result.warnings == []
    output = next(path for path in result.outdir.iterdir() if path.suffix in {".txt", ".1"})
    text = output.read_text(encoding="utf-8")
    for visible in ("Outer", "Inner", "x", "y", "c"):
        assert visible in text, visible
