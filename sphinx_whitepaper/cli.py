"""The ``sphinx-whitepaper`` command.

``sphinx-whitepaper new DIR`` writes a complete multi-file whitepaper project
(reST or MyST, English or Chinese) that builds to HTML and PDF at once.
``sphinx-whitepaper templatedir`` prints the folder to pass to
``sphinx-quickstart -t`` for a single-file skeleton.

Messages come from the ``sphinx_whitepaper`` catalog. Their language is taken
from ``--lang``, else from ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import sphinx.locale
from sphinx.util.template import SphinxRenderer

from sphinx_whitepaper import __version__
from sphinx_whitepaper.config import STANDARD_STRUCTURE
from sphinx_whitepaper.frontmatter import parse_author
from sphinx_whitepaper.i18n import CATALOG, LOCALE_DIR, __

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

TEMPLATES = Path(__file__).resolve().parent / "templates"
QUICKSTART_DIR = TEMPLATES / "quickstart"
PROJECT_DIR = TEMPLATES / "project"
LANGUAGES = ("en", "zh_CN")
MARKUPS = ("rst", "md")


def say(text: object, stream: TextIO | None = None) -> None:
    """Write one line to ``stream`` (default: standard output)."""
    (stream or sys.stdout).write(f"{text}\n")


class CommandError(Exception):
    """Error that the user can fix. Its message is already translated."""


def message_language(argv: Sequence[str]) -> str | None:
    """Return the language for messages: ``--lang``, then the environment."""
    for pos, arg in enumerate(argv):
        if arg == "--lang" and pos + 1 < len(argv):
            return argv[pos + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").split(":")[0]
        if value:
            value = value.split(".")[0].split("@")[0]
            return None if value in {"C", "POSIX"} else value
    return None


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser; call it after the catalog is loaded."""
    # message_language() reads --lang before parsing. Every parser accepts the
    # option, so it may come before or after the command name.
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument(
        "--lang",
        metavar="LANG",
        default=argparse.SUPPRESS,
        help=__("language of these messages, for example en or zh_CN "
                "(default: from LANGUAGE or LANG)"),
    )
    parser = argparse.ArgumentParser(
        prog="sphinx-whitepaper",
        description=__("Start and check technical whitepapers written with Sphinx."),
        parents=[lang],
    )
    parser.add_argument(
        "--version", action="version", version=f"sphinx-whitepaper {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    new = commands.add_parser(
        "new",
        parents=[lang],
        help=__("create a multi-file whitepaper project"),
        description=__(
            "Create a whitepaper project in DIR: one document per chapter in the "
            "standard order, conf.py, a practice notebook, Read the Docs settings, "
            "requirements, Makefile and make.bat."
        ),
    )
    new.add_argument("directory", metavar="DIR", help=__("folder to create the project in"))
    new.add_argument(
        "--markup",
        choices=MARKUPS,
        default="rst",
        help=__("markup of the chapters: rst (reStructuredText) or md (MyST Markdown); "
                "default: rst"),
    )
    new.add_argument(
        "--language",
        choices=LANGUAGES,
        default="en",
        help=__("language of the whitepaper and its headings; default: en"),
    )
    new.add_argument(
        "--title", help=__("title of the whitepaper; default: the name of DIR")
    )
    new.add_argument(
        "--author",
        action="append",
        default=[],
        metavar='"NAME <AFFILIATION>"',
        help=__("an author, optionally with the affiliation in angle brackets; "
                "repeat the option for more authors"),
    )
    new.add_argument(
        "--project-version",
        default="0.1",
        metavar="VERSION",
        help=__("version of the whitepaper; default: 0.1"),
    )
    new.add_argument(
        "--force",
        action="store_true",
        help=__("overwrite the files of an existing project in DIR"),
    )
    commands.add_parser(
        "templatedir",
        parents=[lang],
        help=__('print the template folder for "sphinx-quickstart -t"'),
        description=__('Print the template folder for "sphinx-quickstart -t".'),
    )
    return parser


def _single_line(value: str, option: str) -> str:
    if any(char in value for char in "\r\n\t\x00") or not value.strip():
        raise CommandError(__("%s must be one non-empty line of text") % option)
    return value.strip()


def project_files(
    title: str,
    authors: list[tuple[str, str]],
    version: str,
    language: str,
    markup: str,
) -> dict[str, str]:
    """Render every file of a new project and return ``{relative path: text}``."""
    renderer = SphinxRenderer([str(PROJECT_DIR), str(QUICKSTART_DIR)])
    names = ", ".join(name for name, _affiliation in authors)
    context = {
        "project": title,
        "title": title,
        "author": names,
        "copyright": f"{time.strftime('%Y')}, {names}" if names else time.strftime("%Y"),
        "version": ".".join(version.split(".")[:2]),
        "release": version,
        "language": language,
        "zh": language.startswith("zh"),
        "single": False,
        "full": True,
        "extensions": [],
        "dot": "_",
        "exclude_patterns": "'_build', 'Thumbs.db', '.DS_Store'",
        "suffix": ".rst",
        "root_doc": "index",
        "rsrcdir": ".",
        "rbuilddir": "_build",
        "chapters": list(STANDARD_STRUCTURE),
        "wp_title": title,
        "wp_authors": authors,
        "wp_markup": markup,
        "wp_full": True,
        "wp_version": __version__,
    }
    files = {
        "conf.py": "conf.py.jinja",
        "Makefile": "Makefile.new.jinja",
        "make.bat": "make.bat.new.jinja",
        ".readthedocs.yaml": "files/readthedocs.yaml.jinja",
        "requirements.txt": "files/requirements.txt.jinja",
        ".gitignore": "files/gitignore.jinja",
        "notebooks/practice.ipynb": "files/practice.ipynb.jinja",
        "_static/.gitkeep": "",
        "_templates/.gitkeep": "",
    }
    if markup == "md":
        files["index.md"] = "md/index.md.jinja"
        files.update({f"{name}.md": f"md/{name}.md.jinja" for name in STANDARD_STRUCTURE})
    else:
        files["index.rst"] = "rst/index.rst.jinja"
        files.update(
            {f"{name}.rst": f"chapters/{name}.rst.jinja" for name in STANDARD_STRUCTURE}
        )
    rendered = {}
    for path, template in files.items():
        text = renderer.render(template, context).strip("\n") if template else ""
        rendered[path] = text + "\n" if text else ""
    return rendered


def write_project(target: Path, files: dict[str, str], force: bool) -> None:
    """Write ``files`` below ``target``.

    :raises CommandError: when one of the files exists and ``force`` is false.
    """
    existing = sorted(
        (path for path in files if (target / path).exists()), key=lambda p: (p != "conf.py", p)
    )
    if existing and not force:
        raise CommandError(
            __("%s already contains a project (%s exists); nothing was changed. "
               "Use --force to overwrite its files.")
            % (target, existing[0])
        )
    if target.exists() and not target.is_dir():
        raise CommandError(__("%s exists and is not a folder") % target)
    # Overwriting an rST project with MyST files (or the reverse) would leave
    # two sources for each chapter, and Sphinx refuses to build that.
    for path in files:
        other = {".rst": ".md", ".md": ".rst"}.get(PurePosixPath(path).suffix)
        twin = PurePosixPath(path).with_suffix(other) if other else None
        if twin is not None and (target / twin).exists():
            raise CommandError(
                __("%s holds %s in the other markup; remove it or choose that markup. "
                   "Nothing was changed.")
                % (target, twin)
            )
    for path, text in files.items():
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        # make.bat is written with CRLF line ends, the other files as they are.
        with destination.open("w", encoding="utf-8", newline="") as stream:
            stream.write(text.replace("\r\n", "\n").replace("\n", "\r\n")
                         if path.endswith(".bat") else text)


def run_new(args: argparse.Namespace) -> int:
    target = Path(args.directory)
    title = _single_line(args.title or target.resolve().name, "--title")
    authors = []
    for value in args.author:
        pair = parse_author(_single_line(value, "--author"))
        if pair is None:
            raise CommandError(__("%s must be one non-empty line of text") % "--author")
        authors.append(pair)
    version = args.project_version.strip()
    if version:
        version = _single_line(version, "--project-version")
    files = project_files(title, authors, version, args.language, args.markup)
    write_project(target, files, args.force)
    say(__("Created the whitepaper project in %s (%d files).") % (target, len(files)))
    say(__("Build the HTML pages:  sphinx-build -b html %s %s")
          % (shlex.quote(str(target)), shlex.quote(str(target / "_build" / "html"))))
    say(__("Build the PDF:         make -C %s latexpdf") % shlex.quote(str(target)))
    say(__("Writing guidance is shown while whitepaper_draft = True in conf.py."))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    # Load the console catalog in the requested language for this call only,
    # so that calling main() leaves a Sphinx build in the same process alone.
    key = ("console", CATALOG)
    saved = sphinx.locale.translators.pop(key, None)
    try:
        sphinx.locale.init([str(LOCALE_DIR)], message_language(args_list), CATALOG, "console")
        return _run(build_parser().parse_args(args_list))
    finally:
        sphinx.locale.translators.pop(key, None)
        if saved is not None:
            sphinx.locale.translators[key] = saved


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "templatedir":
            say(QUICKSTART_DIR)
            return 0
        return run_new(args)
    except (CommandError, OSError) as error:
        say(__("error: %s") % error, sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
