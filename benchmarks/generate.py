"""Generate a large synthetic whitepaper in three variants with the same content.

Variants:

``whitepaper``
    Our directives: ``algorithm``, ``pros-cons``, ``faq``/``faq-item`` and
    ``derivation``.
``core``
    Core Sphinx only: admonitions with field lists and enumerated lists,
    ``list-table``, ``math`` and rubrics.
``peers``
    The nearest peer extensions: sphinx-proof's ``prf:algorithm`` and
    ``prf:proof``, and sphinx-design's ``dropdown`` for FAQ items. Pros and
    cons have no peer directive, so they use the core ``list-table``.

Every variant shows the same words, formulas and lists; only the markup that
wraps them differs. The text comes from a seeded generator, so two runs with
the same parameters write identical files.

Usage::

    python benchmarks/generate.py OUT --variant core --documents 20 --items 10
"""

from __future__ import annotations

import argparse
import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

VARIANTS = ("whitepaper", "core", "peers")

_WORDS = (  # noqa: SIM905 (a word list reads better as one string)
    "retrieval latency index shard replica cache vector query corpus model token "
    "gradient batch epoch loss accuracy throughput budget storage cluster node "
    "encoder decoder attention layer kernel memory bandwidth schedule policy"
).split()


@dataclass(frozen=True)
class Algorithm:
    title: str
    label: str
    input: str
    output: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class ProsCons:
    title: str
    label: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    question: str
    label: str
    answer: str


@dataclass(frozen=True)
class Derivation:
    title: str
    label: str
    steps: tuple[tuple[str, str], ...]  # (latex formula, justification)


@dataclass(frozen=True)
class Document:
    name: str
    title: str
    intro: str
    algorithms: tuple[Algorithm, ...]
    proscons: tuple[ProsCons, ...]
    questions: tuple[Question, ...]
    derivations: tuple[Derivation, ...]


def _sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _phrase(rng: random.Random, words: int = 4) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def make_document(index: int, items: int, seed: int = 0) -> Document:
    """Return the content of document ``index`` with ``items`` of each kind."""
    rng = random.Random(seed * 100_003 + index)
    prefix = f"d{index}"
    algorithms = tuple(
        Algorithm(
            title=_phrase(rng),
            label=f"{prefix}-alg-{n}",
            input=f"a query :math:`q_{{{n}}}` and {rng.choice(_WORDS)} data",
            output=f"the {rng.choice(_WORDS)} answer",
            steps=tuple(_sentence(rng, 8) for _ in range(4)),
        )
        for n in range(items)
    )
    proscons = tuple(
        ProsCons(
            title=_phrase(rng),
            label=f"{prefix}-pc-{n}",
            pros=tuple(_sentence(rng, 6) for _ in range(3)),
            cons=tuple(_sentence(rng, 6) for _ in range(2)),
        )
        for n in range(items)
    )
    questions = tuple(
        Question(
            question=_phrase(rng, 6) + "?",
            label=f"{prefix}-faq-{n}",
            answer=_sentence(rng, 20),
        )
        for n in range(items)
    )
    derivations = tuple(
        Derivation(
            title=_phrase(rng),
            label=f"{prefix}-der-{n}",
            steps=(
                (f"L_{{{n}}} = -\\log p_y", _sentence(rng, 10)),
                (f"\\frac{{\\partial L_{{{n}}}}}{{\\partial z_i}} = p_i - [i = y]",
                 _sentence(rng, 10)),
            ),
        )
        for n in range(items)
    )
    return Document(
        name=f"chapter{index:03d}",
        title=f"Chapter {index}: {_phrase(rng, 3)}",
        intro=_sentence(rng, 30),
        algorithms=algorithms,
        proscons=proscons,
        questions=questions,
        derivations=derivations,
    )


def _indent(text: str, level: int = 1) -> str:
    return textwrap.indent(text, "   " * level)


def _bullets(lines: tuple[str, ...]) -> str:
    return "\n".join(f"- {line}" for line in lines) + "\n"


def _enumerated(lines: tuple[str, ...]) -> str:
    return "\n".join(f"#. {line}" for line in lines) + "\n"


# Our directives


def _ours_algorithm(item: Algorithm) -> str:
    return (
        f".. algorithm:: {item.title}\n   :name: {item.label}\n"
        f"   :input: {item.input}\n   :output: {item.output}\n\n"
        + _indent(_enumerated(item.steps))
    )


def _ours_proscons(item: ProsCons) -> str:
    return (
        f".. pros-cons:: {item.title}\n   :name: {item.label}\n\n"
        "   .. pros::\n\n" + _indent(_bullets(item.pros), 2) + "\n"
        "   .. cons::\n\n" + _indent(_bullets(item.cons), 2)
    )


def _ours_faq(questions: tuple[Question, ...]) -> str:
    parts = [".. faq:: Questions\n"]
    parts.extend(
        f"   .. faq-item:: {item.question}\n      :name: {item.label}\n\n"
        f"      {item.answer}\n"
        for item in questions
    )
    return "\n".join(parts)


def _ours_derivation(item: Derivation) -> str:
    body = "".join(
        f".. math:: {formula}\n\n{reason}\n\n" for formula, reason in item.steps
    )
    return f".. derivation:: {item.title}\n   :name: {item.label}\n\n" + _indent(body)


# Core Sphinx only


def _core_algorithm(item: Algorithm) -> str:
    return (
        f".. _{item.label}:\n\n.. admonition:: Algorithm: {item.title}\n"
        "   :class: algorithm\n\n"
        f"   :Input: {item.input}\n   :Output: {item.output}\n\n"
        + _indent(_enumerated(item.steps))
    )


def _core_proscons(item: ProsCons) -> str:
    return (
        f".. _{item.label}:\n\n.. list-table:: {item.title}\n   :header-rows: 1\n\n"
        "   * - Pros\n     - Cons\n"
        "   * - " + textwrap.indent(_bullets(item.pros), " " * 7).lstrip() + "\n"
        "     - " + textwrap.indent(_bullets(item.cons), " " * 7).lstrip()
    )


def _core_faq(questions: tuple[Question, ...]) -> str:
    parts = [".. rubric:: Questions\n"]
    parts.extend(
        f".. _{item.label}:\n\n.. admonition:: Q: {item.question}\n\n"
        f"   {item.answer}\n"
        for item in questions
    )
    return "\n".join(parts)


def _core_derivation(item: Derivation) -> str:
    body = "".join(
        f".. rubric:: Step {n}\n\n.. math:: {formula}\n\n{reason}\n\n"
        for n, (formula, reason) in enumerate(item.steps, start=1)
    )
    return (
        f".. _{item.label}:\n\n.. admonition:: Derivation: {item.title}\n\n"
        + _indent(body)
    )


# Peer extensions


def _peer_algorithm(item: Algorithm) -> str:
    return (
        f".. prf:algorithm:: {item.title}\n   :label: {item.label}\n\n"
        f"   :Input: {item.input}\n   :Output: {item.output}\n\n"
        + _indent(_enumerated(item.steps))
    )


def _peer_faq(questions: tuple[Question, ...]) -> str:
    parts = [".. rubric:: Questions\n"]
    parts.extend(
        f".. dropdown:: {item.question}\n   :name: {item.label}\n\n"
        f"   {item.answer}\n"
        for item in questions
    )
    return "\n".join(parts)


def _peer_derivation(item: Derivation) -> str:
    body = "".join(
        f".. rubric:: Step {n}\n\n.. math:: {formula}\n\n{reason}\n\n"
        for n, (formula, reason) in enumerate(item.steps, start=1)
    )
    return (
        f".. _{item.label}:\n\n.. prf:proof::\n\n   **{item.title}**\n\n" + _indent(body)
    )


@dataclass(frozen=True)
class Renderers:
    algorithm: Callable[[Algorithm], str]
    proscons: Callable[[ProsCons], str]
    faq: Callable[[tuple[Question, ...]], str]
    derivation: Callable[[Derivation], str]
    extensions: tuple[str, ...]
    conf_extra: str = ""


RENDERERS: dict[str, Renderers] = {
    "whitepaper": Renderers(
        _ours_algorithm, _ours_proscons, _ours_faq, _ours_derivation,
        ("sphinx_whitepaper",),
    ),
    "core": Renderers(
        _core_algorithm, _core_proscons, _core_faq, _core_derivation, (),
    ),
    "peers": Renderers(
        _peer_algorithm, _core_proscons, _peer_faq, _peer_derivation,
        ("sphinx_proof", "sphinx_design"),
    ),
}


def render_document(doc: Document, variant: str) -> str:
    """Return the reST source of ``doc`` in ``variant``."""
    r = RENDERERS[variant]
    rule = "=" * len(doc.title)
    parts = [f"{doc.title}\n{rule}\n", doc.intro + "\n"]
    parts.append("Algorithms\n----------\n")
    parts.extend(r.algorithm(item) for item in doc.algorithms)
    parts.append("Trade-offs\n----------\n")
    parts.extend(r.proscons(item) for item in doc.proscons)
    parts.append("Derivations\n-----------\n")
    parts.extend(r.derivation(item) for item in doc.derivations)
    parts.append("FAQ\n---\n")
    if doc.questions:
        parts.append(r.faq(doc.questions))
    # A cross-reference to every labelled item, as a real paper would have.
    # Explicit link texts keep the visible words equal across variants.
    refs = [(item.title, item.label, "ref") for item in doc.proscons]
    refs += [(item.title, item.label, "ref") for item in doc.derivations]
    refs += [(item.question, item.label, "ref") for item in doc.questions]
    algorithm_role = "prf:ref" if variant == "peers" else "ref"
    refs += [(item.title, item.label, algorithm_role) for item in doc.algorithms]
    if refs:
        links = ", ".join(f":{role}:`{text} <{label}>`" for text, label, role in refs)
        parts.append(f"See {links}.\n")
    return "\n".join(parts)


def write_project(
    out: Path, variant: str, documents: int, items: int, seed: int = 0
) -> list[Path]:
    """Write a complete Sphinx project to ``out``; return the document paths."""
    if variant not in RENDERERS:
        msg = f"unknown variant {variant!r}; choose one of {', '.join(VARIANTS)}"
        raise ValueError(msg)
    r = RENDERERS[variant]
    out.mkdir(parents=True, exist_ok=True)
    conf = (
        "project = 'Benchmark whitepaper'\n"
        f"extensions = {list(r.extensions)!r}\n"
        "numfig = True\n"
        "html_theme = 'alabaster'\n"
        "latex_documents = [('index', 'benchmark.tex', 'Benchmark', 'Bench', 'manual')]\n"
        + r.conf_extra
    )
    (out / "conf.py").write_text(conf, encoding="utf-8")
    docs = [make_document(i, items, seed) for i in range(documents)]
    toc = "\n".join(f"   {doc.name}" for doc in docs)
    (out / "index.rst").write_text(
        "Benchmark whitepaper\n====================\n\n"
        f".. toctree::\n   :numbered:\n   :maxdepth: 2\n\n{toc}\n",
        encoding="utf-8",
    )
    paths = []
    for doc in docs:
        path = out / f"{doc.name}.rst"
        path.write_text(render_document(doc, variant), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the project into")
    parser.add_argument("--variant", choices=VARIANTS, default="whitepaper")
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--items", type=int, default=10, help="items of each kind per document")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_project(args.out, args.variant, args.documents, args.items, args.seed)


if __name__ == "__main__":
    main()
