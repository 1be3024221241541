"""Build the synthetic whitepaper in every variant and compare time and memory.

Each build runs ``python -m sphinx`` in a child process. Wall time is measured
around the child. Peak memory is the ``ru_maxrss`` that ``os.wait4`` returns
for it: the largest resident set of the child and of the workers it waited
for. Every figure is the best of ``--repeat`` runs and is also shown as a
ratio against the core-only build of the same kind.

Measured, per variant:

* html and latex, ``-j 1``, from scratch;
* html ``-j 2`` from scratch;
* html incremental: one document touched after a full build;
* growth: html ``-j 1`` with ten times the items, for ``whitepaper`` and ``core``.

Usage::

    python benchmarks/run.py                       # default size, about 3 minutes
    python benchmarks/run.py --documents 2 --items 2 --repeat 1 --no-growth   # smoke
    python benchmarks/run.py --profile             # cProfile of our html build
    python benchmarks/run.py --phases              # read/write CPU, in this process

The exit status is 0 even when a target is missed: the table says so. Pass
``--check`` to exit 1 when a build of ours or of core fails.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import io
import json
import os
import platform
import pstats
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import VARIANTS, write_project

#: Seconds before a build counts as hung (ten times that with ten times the
#: items); set from --timeout.
TIMEOUT = 30.0


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    warnings: int
    ok: bool


@dataclass
class Result:
    variant: str
    case: str
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    warnings: int
    ok: bool


def compile_package() -> None:
    """Write the bytecode of sphinx_whitepaper, as pip does when it installs a package.

    Sphinx and the peer extensions come with compiled bytecode from their
    installation. An editable install of this package has none. Where
    ``PYTHONDONTWRITEBYTECODE`` is set, Python never writes it either, so
    every build would compile our modules from source. That costs about 17 ms
    of CPU per build, which no user of an installed release pays. Compiled files go to ``__pycache__``
    beside the sources, where Python looks for them; an installed copy is
    already compiled and stays unchanged.
    """
    import sphinx_whitepaper

    compileall.compile_dir(Path(sphinx_whitepaper.__file__).parent, quiet=1)


def run_sphinx(
    src: Path, out: Path, builder: str, jobs: int, fresh: bool, timeout: float = 0
) -> Run:
    """Build ``src`` once in a child process and measure it."""
    if fresh and out.exists():
        shutil.rmtree(out)
    doctrees = out / ".doctrees"
    cmd = [
        sys.executable, "-m", "sphinx", "-b", builder, "-q", "-j", str(jobs),
        "-d", str(doctrees), str(src), str(out / builder),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        # A session of its own, so a hung build can be ended with its workers.
        child = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=errors, env=env, start_new_session=True
        )
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > (timeout or TIMEOUT):
                os.killpg(child.pid, signal.SIGKILL)
                _, status, usage = os.wait4(child.pid, 0)
                errors.write(f"\ntimed out after {timeout or TIMEOUT:.0f} s".encode())
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    warnings = sum(1 for line in text.splitlines() if "WARNING" in line or "ERROR" in line)
    if returncode != 0:
        print(f"    build failed ({returncode}): {text[-300:]}", file=sys.stderr)
    return Run(
        seconds=seconds,
        # User plus system time of the child and of the workers it waited for.
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        # Linux reports ru_maxrss in KiB.
        max_rss_mb=usage.ru_maxrss / 1024,
        warnings=warnings,
        ok=returncode == 0,
    )


@dataclass(frozen=True)
class Case:
    name: str
    builder: str
    jobs: int
    incremental: bool = False
    scale: int = 1


CASES = (
    Case("html -j1", "html", 1),
    Case("latex -j1", "latex", 1),
    Case("html -j2", "html", 2),
    Case("html incremental", "html", 1, incremental=True),
)
GROWTH = Case("html -j1 items x10", "html", 1, scale=10)


def measure(
    variants: list[str], root: Path, documents: int, items: int, repeat: int, growth: bool
) -> list[Result]:
    """Measure every case; variants take turns inside each repeat.

    Taking turns spreads any load from other processes over all variants
    instead of penalizing whichever ran while the machine was busy.
    """
    projects: dict[tuple[str, int], list[Path]] = {}
    for variant in variants:
        for scale in (1, 10) if growth else (1,):
            src = root / variant / f"src-x{scale}"
            projects[variant, scale] = write_project(src, variant, documents, items * scale)

    cases = list(CASES)
    if growth:
        cases.append(GROWTH)
    results: list[Result] = []
    for case in cases:
        case_variants = [v for v in variants if case.scale == 1 or v != "peers"]
        runs: dict[str, list[Run]] = {v: [] for v in case_variants}
        for _ in range(repeat if case.scale == 1 else 1):
            for variant in case_variants:
                if runs[variant] and not runs[variant][-1].ok:
                    continue  # a failed build is not repeated
                src = root / variant / f"src-x{case.scale}"
                out = root / variant / f"out-x{case.scale}"
                if case.incremental:
                    run_sphinx(src, out, case.builder, case.jobs, True)
                    paths = projects[variant, case.scale]
                    paths[len(paths) // 2].touch()
                    run = run_sphinx(src, out, case.builder, case.jobs, False)
                else:
                    timeout = TIMEOUT * case.scale
                    run = run_sphinx(src, out, case.builder, case.jobs, True, timeout)
                runs[variant].append(run)
        for variant in case_variants:
            done = runs[variant]
            result = Result(
                variant=variant,
                case=case.name,
                seconds=min(r.seconds for r in done),
                cpu_seconds=min(r.cpu_seconds for r in done),
                max_rss_mb=min(r.max_rss_mb for r in done),
                warnings=max(r.warnings for r in done),
                ok=all(r.ok for r in done),
            )
            results.append(result)
            print(
                f"  {variant:<10} {case.name:<20} {result.seconds:7.2f} s wall "
                f"{result.cpu_seconds:7.2f} s cpu {result.max_rss_mb:7.1f} MB"
                f"{'' if result.ok else '  FAILED'}",
                file=sys.stderr,
            )
    return results


def ratio_table(results: list[Result]) -> str:
    core = {r.case: r for r in results if r.variant == "core"}
    lines = [
        "| build | variant | wall (s) | wall / core | CPU (s) | CPU / core "
        "| peak RSS (MB) | RSS / core | warnings |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in sorted(results, key=lambda r: ([c.name for c in (*CASES, GROWTH)].index(r.case),
                                            VARIANTS.index(r.variant))):
        base = core.get(r.case)

        def ratio(value: float, reference: float | None) -> str:
            return f"{value / reference:.3f}" if reference else "-"

        if not r.ok:
            # The time and memory of a killed or crashed build are meaningless.
            lines.append(f"| {r.case} | {r.variant} | failed | | | | | | {r.warnings} |")
            continue
        lines.append(
            f"| {r.case} | {r.variant} | {r.seconds:.2f} |"
            f" {ratio(r.seconds, base.seconds if base else None)} |"
            f" {r.cpu_seconds:.2f} | {ratio(r.cpu_seconds, base.cpu_seconds if base else None)} |"
            f" {r.max_rss_mb:.1f} | {ratio(r.max_rss_mb, base.max_rss_mb if base else None)} |"
            f" {r.warnings} |"
        )
    return "\n".join(lines)


def growth_lines(results: list[Result], items: int) -> str:
    lines = []
    for variant in ("whitepaper", "core"):
        by_case = {r.case: r for r in results if r.variant == variant}
        small, big = by_case.get("html -j1"), by_case.get(GROWTH.name)
        if small and big:
            lines.append(
                f"- {variant}: CPU {small.cpu_seconds:.2f} s at {items} items of each kind "
                f"per document, {big.cpu_seconds:.2f} s at {items * 10}: "
                f"x{big.cpu_seconds / small.cpu_seconds:.2f}"
            )
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sphinx

    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, Sphinx {sphinx.__version__}"
    )


def phases(root: Path, documents: int, items: int, variants: list[str], repeat: int) -> str:
    """Measure the CPU time of reading and of writing, in this process.

    Each variant is built ``repeat`` times per builder, variants taking turns;
    the best time of each phase counts. Imports are warm after the first
    build, so this isolates the work per document from interpreter start-up.
    """
    from sphinx.application import Sphinx

    for variant in variants:
        write_project(root / "phases" / variant / "src", variant, documents, items)
    best: dict[tuple[str, str], list[float]] = {}
    for builder in ("html", "latex"):
        for _ in range(repeat + 1):  # the first round only warms the imports
            for variant in variants:
                src = root / "phases" / variant / "src"
                out = root / "phases" / variant / "out"
                shutil.rmtree(out, ignore_errors=True)
                marks: dict[str, float] = {}

                def mark_read(app: Any, env: Any, marks: dict[str, float] = marks) -> list[str]:
                    marks["read"] = time.process_time()
                    return []

                app = Sphinx(
                    str(src), str(src), str(out / builder), str(out / "doctrees"), builder,
                    status=io.StringIO(), warning=io.StringIO(), freshenv=True,
                )
                app.connect("env-updated", mark_read)
                start = time.process_time()
                app.build(force_all=True)
                end = time.process_time()
                figures = [marks["read"] - start, end - marks["read"]]
                previous = best.setdefault((builder, variant), figures)
                best[builder, variant] = [
                    min(a, b) for a, b in zip(previous, figures, strict=True)
                ]
    lines = [
        "| builder | variant | read CPU (s) | read / core | write CPU (s) | write / core |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for (builder, variant), (read, write) in best.items():
        core = best.get((builder, "core"))
        read_ratio = f"{read / core[0]:.3f}" if core else "-"
        write_ratio = f"{write / core[1]:.3f}" if core else "-"
        lines.append(
            f"| {builder} | {variant} | {read:.2f} | {read_ratio} | {write:.2f} | {write_ratio} |"
        )
    return "\n".join(lines)


def profile(root: Path, documents: int, items: int, builder: str, top: int) -> str:
    """Build the ``whitepaper`` variant in this process under cProfile."""
    from sphinx.cmd.build import build_main

    src = root / "profile" / "src"
    write_project(src, "whitepaper", documents, items)
    out = root / "profile" / "out"
    shutil.rmtree(out, ignore_errors=True)
    profiler = cProfile.Profile()
    profiler.enable()
    build_main(["-b", builder, "-q", str(src), str(out)])
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats("sphinx_whitepaper", top)
    stats.sort_stats("tottime").print_stats(top)
    return stream.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--items", type=int, default=10, help="items of each kind per document")
    parser.add_argument("--repeat", type=int, default=2, help="runs per figure; the best counts")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--no-growth", dest="growth", action="store_false")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--work", type=Path, help="build folder (default: a temporary one)")
    parser.add_argument("--profile", action="store_true", help="profile our html build instead")
    parser.add_argument(
        "--phases", action="store_true",
        help="measure read and write CPU time in this process instead (no peers)",
    )
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help="seconds before a build counts as hung and is killed")
    parser.add_argument("--check", action="store_true", help="exit 1 when a build fails")
    args = parser.parse_args(argv)

    globals()["TIMEOUT"] = args.timeout
    work = args.work or Path(tempfile.mkdtemp(prefix="wp-bench-"))
    compile_package()
    if args.profile:
        print(profile(work, args.documents, args.items, "html", 30))
        return 0

    if args.phases:
        variants = [v for v in args.variants if v != "peers"]
        print(f"Machine: {machine()}\n")
        print(f"Size: {args.documents} documents, {args.items} items of each kind per "
              f"document, best of {args.repeat} in-process builds.\n")
        print(phases(work, args.documents, args.items, variants, args.repeat))
        return 0

    print(f"machine: {machine()}", file=sys.stderr)
    print(f"size: {args.documents} documents x {args.items} items of each kind "
          f"(4 kinds), best of {args.repeat}", file=sys.stderr)
    results = measure(
        args.variants, work, args.documents, args.items, args.repeat, args.growth
    )
    print(f"Machine: {machine()}\n")
    print(f"Size: {args.documents} documents, {args.items} items of each kind per document, "
          f"best of {args.repeat} runs.\n")
    print(ratio_table(results))
    if args.growth:
        print("\nGrowth (html -j1, items x10):\n")
        print(growth_lines(results, args.items))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    # Peer failures are reported in the table; they are not ours to fail on.
    if args.check and not all(r.ok for r in results if r.variant != "peers"):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
