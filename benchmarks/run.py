"""Build the synthetic whitepaper in every variant and compare time and memory.

Each build runs ``python -m sphinx`` in a child process. Wall time is measured
around the child; peak memory is the ``ru_maxrss`` that ``os.wait4`` returns
for it (the largest resident set of the child and of the workers it waited
for). Every figure is the best of ``--repeat`` runs and is also shown as a
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

The exit status is 0 even when a target is missed: the table says so. Pass
``--check`` to exit 1 when a build fails.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import VARIANTS, write_project  # noqa: E402


@dataclass
class Result:
    variant: str
    case: str
    seconds: float
    max_rss_mb: float
    warnings: int
    ok: bool


def run_sphinx(src: Path, out: Path, builder: str, jobs: int, fresh: bool) -> tuple[float, float, int, bool]:
    """Build ``src`` once; return (seconds, peak RSS in MB, warning lines, success)."""
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
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    warnings = sum(1 for line in text.splitlines() if "WARNING" in line or "ERROR" in line)
    if child.returncode != 0:
        print(f"    build failed ({child.returncode}): {text[-1500:]}", file=sys.stderr)
    # Linux reports ru_maxrss in KiB.
    return seconds, usage.ru_maxrss / 1024, warnings, child.returncode == 0


def best_of(repeat: int, build) -> tuple[float, float, int, bool]:
    runs = [build() for _ in range(repeat)]
    return (
        min(r[0] for r in runs),
        min(r[1] for r in runs),
        max(r[2] for r in runs),
        all(r[3] for r in runs),
    )


def measure_variant(
    variant: str, root: Path, documents: int, items: int, repeat: int, growth: bool
) -> list[Result]:
    results: list[Result] = []
    src = root / variant / "src"
    paths = write_project(src, variant, documents, items)
    out = root / variant / "out"

    def record(case: str, figures: tuple[float, float, int, bool]) -> None:
        seconds, rss, warnings, ok = figures
        results.append(Result(variant, case, seconds, rss, warnings, ok))
        print(f"  {variant:<10} {case:<22} {seconds:7.2f} s {rss:7.1f} MB"
              f"{'' if ok else '  FAILED'}", file=sys.stderr)

    record("html -j1", best_of(repeat, lambda: run_sphinx(src, out, "html", 1, True)))
    record("latex -j1", best_of(repeat, lambda: run_sphinx(src, out, "latex", 1, True)))
    record("html -j2", best_of(repeat, lambda: run_sphinx(src, out, "html", 2, True)))

    def incremental() -> tuple[float, float, int, bool]:
        run_sphinx(src, out, "html", 1, True)
        paths[len(paths) // 2].touch()
        return run_sphinx(src, out, "html", 1, False)

    record("html incremental", best_of(repeat, incremental))

    if growth and variant in ("whitepaper", "core"):
        big = root / variant / "src-x10"
        write_project(big, variant, documents, items * 10)
        record("html -j1 items x10", run_sphinx(big, root / variant / "out-x10", "html", 1, True))
    return results


def ratio_table(results: list[Result]) -> str:
    core = {r.case: r for r in results if r.variant == "core"}
    lines = [
        "| variant | build | time (s) | time / core | peak RSS (MB) | RSS / core | warnings |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        base = core.get(r.case)
        t_ratio = f"{r.seconds / base.seconds:.3f}" if base else "-"
        m_ratio = f"{r.max_rss_mb / base.max_rss_mb:.3f}" if base else "-"
        status = "" if r.ok else " (failed)"
        lines.append(
            f"| {r.variant} | {r.case}{status} | {r.seconds:.2f} | {t_ratio} |"
            f" {r.max_rss_mb:.1f} | {m_ratio} | {r.warnings} |"
        )
    return "\n".join(lines)


def growth_lines(results: list[Result], items: int) -> str:
    lines = []
    for variant in ("whitepaper", "core"):
        by_case = {r.case: r for r in results if r.variant == variant}
        small, big = by_case.get("html -j1"), by_case.get("html -j1 items x10")
        if small and big:
            lines.append(
                f"- {variant}: {small.seconds:.2f} s at {items} items of each kind per "
                f"document, {big.seconds:.2f} s at {items * 10}: x{big.seconds / small.seconds:.2f}"
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
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best counts")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--no-growth", dest="growth", action="store_false")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--work", type=Path, help="build folder (default: a temporary one)")
    parser.add_argument("--profile", action="store_true", help="profile our html build instead")
    parser.add_argument("--check", action="store_true", help="exit 1 when a build fails")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="wp-bench-"))
    if args.profile:
        print(profile(work, args.documents, args.items, "html", 30))
        return 0

    print(f"machine: {machine()}", file=sys.stderr)
    print(f"size: {args.documents} documents x {args.items} items of each kind "
          f"(4 kinds), best of {args.repeat}", file=sys.stderr)
    results: list[Result] = []
    for variant in args.variants:
        results += measure_variant(
            variant, work, args.documents, args.items, args.repeat, args.growth
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
    if args.check and not all(r.ok for r in results):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
