"""Benchmark the build against the plain papermill + nbconvert + PDF chain, side by side.

    make bench            # or: .venv/bin/python tools/bench.py --rounds 5

Each round runs, in turn and on the same inputs:
  cold     python -m helpers build --force, with an empty build cache
  noop     the same build again, nothing changed
  onefile  after one data file changed in a copy of data/ (only the sections reading it re-run)
  plain    for each notebook, as separate processes: papermill, then
           jupyter nbconvert --to html --no-input, then weasyprint (HTML -> PDF)
and reports the median wall time, the median of the per-round ratios cold/plain, and the peak
resident memory of each command's whole process tree (sampled every 100 ms in a thread: walking the
tree takes a few milliseconds of a core, which a faster sampler would take from the build it measures).
Last, the CPU seconds the live assumptions' grids and the Monte Carlo's draws add, section by section
(`--cost-only` measures only that, in a few seconds).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))

from helpers.sections import SECTIONS  # noqa: E402


def measure(cmd: list[str], env: dict, cwd: Path = ROOT) -> tuple[float, int]:
    """Wall seconds (to the exit, not to the next memory sample) and peak RSS (bytes) of the process
    tree, summed over live processes and sampled in a thread."""
    peak, done = [0], threading.Event()
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)

        def sample():
            try:
                root = psutil.Process(proc.pid)
            except psutil.Error:
                return
            while not done.is_set():
                try:
                    tree = [root, *root.children(recursive=True)]
                    peak[0] = max(peak[0], sum(p.memory_info().rss for p in tree if p.is_running()))
                except psutil.Error:
                    pass
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        proc.wait()
        elapsed = time.perf_counter() - start
        done.set()
        sampler.join()
        if proc.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"bench: command failed ({proc.returncode}): {' '.join(cmd)}\n{errors.read().decode()}")
    return elapsed, peak[0]


def plain_chain(work: Path, env: dict) -> list[list[str]]:
    steps = []
    for section in SECTIONS:
        executed = work / f"{section.slug}.ipynb"
        html = work / f"{section.slug}.html"
        steps.append([str(VENV_BIN / "papermill"), "--cwd", str(ROOT / "notebooks"), "--no-progress-bar",
                      str(section.path), str(executed)])
        steps.append([str(VENV_BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed),
                      "--output", str(html)])
        steps.append([str(VENV_BIN / "weasyprint"), str(html), str(work / f"{section.slug}.pdf")])
    return steps


def run_chain(steps, env) -> tuple[float, int]:
    total, peak = 0.0, 0
    for step in steps:
        seconds, rss = measure(step, env)
        total += seconds
        peak = max(peak, rss)
    return total, peak


def _cpu(work, repeat: int = 7) -> float:
    """Median CPU seconds of `work()` in this process, after one warm-up call."""
    work()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def draws_work() -> dict:
    """For each section with a Monte Carlo, what its notebook does with the draws short of drawing the chart:
    draw 10,000 settings of the ranged assumptions, run the model on them, state the share and the drivers."""
    from helpers.core.params import declared
    from helpers.sections import by_slug
    from helpers.sections.basics import figures as basics
    from helpers.sections.bubble_comparison import figures as bubble
    from helpers.sections.bubble_comparison import live as bubble_live
    from helpers.sections.circular_revenue import figures as circular
    from helpers.sections.concentration_risk import figures as concentration
    from helpers.sections.concentration_risk import live as concentration_live

    def values(slug):
        return {name: p.default for name, p in declared(by_slug(slug)).items()}

    b, d = values("basics"), basics.load()
    clock = bubble.clock(bubble.load(), bubble_live.scenario(values("bubble-comparison")))

    def basics_draws():
        m = basics.monte_carlo(d, b["revenue_growth"], b["cost_growth"], b["gross_margin"], b["horizon"], b["ranges"])
        basics.break_even_chance(d, m), basics.fan_prose(m)

    def bubble_draws():
        m = bubble.monte_carlo(clock, values("bubble-comparison")["ranges"])
        bubble.coverage_chance(m), bubble.fan_prose(m)

    c, frames = values("concentration-risk"), concentration.load()
    drawdown = concentration.scenario(frames, **{k: c[k] for k in concentration_live.PARAMETERS})

    def concentration_draws():
        m = concentration.monte_carlo(drawdown, c["ranges"])
        concentration.loss_chance(frames, m), concentration.loss_chance_prose(m)

    r = values("circular-revenue")
    deals = circular.scope(circular.load(), include_conditional=r["include_conditional"],
                           include_after_article=r["include_after_article"], company=r["company"],
                           entry_company=r["entry_company"], spend_back=r["spend_back_share"],
                           pass_through=r["pass_through_share"])

    def circular_draws():
        m = circular.monte_carlo(deals, r["ranges"])
        circular.own_money_chance(m), circular.chance_prose(m)

    return {"basics": basics_draws, "circular-revenue": circular_draws, "bubble-comparison": bubble_draws,
            "concentration-risk": concentration_draws}


def model_cost() -> None:
    """What the live assumptions and the Monte Carlo add to a build, in CPU seconds: each section's live grid
    (helpers.core.live.table, which the build runs after the notebook) and its draws (in the notebook's
    kernel), measured here in one process on data/ (the data checked once, as in a build)."""
    from helpers.core import live
    from helpers.core.params import declared
    from helpers.core.paths import VALIDATED_ENV

    os.environ[VALIDATED_ENV] = str((ROOT / "data").resolve())
    grids = {s.slug: _cpu(lambda s=s: live.table(s.slug, {n: p.default for n, p in declared(s).items()}))
             for s in SECTIONS if live.module(s.slug)}
    draws = {slug: _cpu(work) for slug, work in draws_work().items()}
    print("\nCPU seconds the live assumptions and the Monte Carlo add (median of 7, in one process):")
    print("| section | live grid | draws |\n|---|---:|---:|")
    for s in SECTIONS:
        grid, drawn = grids.get(s.slug), draws.get(s.slug)
        print(f"| {s.slug} | {'' if grid is None else f'{grid:.3f}'} | {'' if drawn is None else f'{drawn:.3f}'} |")
    print(f"| all | {sum(grids.values()):.3f} | {sum(draws.values()):.3f} |  (together {sum(grids.values()) + sum(draws.values()):.2f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cost-only", action="store_true",
                        help="only measure what the live grids and the draws cost, in CPU seconds (a few seconds)")
    args = parser.parse_args()
    if args.cost_only:
        model_cost()
        return 0
    if args.rounds < 3:
        parser.error("--rounds must be at least 3")

    work = Path(tempfile.mkdtemp(prefix="ai-bubble-bench-"))
    data = work / "data"
    shutil.copytree(ROOT / "data", data)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), AI_BUBBLE_DATA=str(data))
    build = [sys.executable, "-m", "helpers", "build", "--data", str(data), "--out", str(work / "out")]
    target = data / "openai_valuations.csv"
    readers = [s.slug for s in SECTIONS if target.name in s.reads]
    results: dict[str, list[tuple[float, int]]] = {k: [] for k in ("cold", "noop", "onefile", "plain")}
    print(f"{len(SECTIONS)} sections, {os.cpu_count()} cores, {args.rounds} rounds; "
          f"onefile changes {target.name} (read by: {', '.join(readers)})", flush=True)
    for round_no in range(1, args.rounds + 1):
        cache = work / f"cache-{round_no}"
        env_round = dict(env, AI_BUBBLE_CACHE=str(cache))
        results["cold"].append(measure(build + ["--force"], env_round))
        results["noop"].append(measure(build, env_round))
        text = target.read_text()
        target.write_text(text.replace(",500,usd_bn,", f",{500 + round_no},usd_bn,", 1))
        results["onefile"].append(measure(build, env_round))
        target.write_text(text)
        chain_dir = work / f"plain-{round_no}"
        chain_dir.mkdir()
        results["plain"].append(run_chain(plain_chain(chain_dir, env), env))
        print(f"round {round_no}: " + ", ".join(f"{k} {v[-1][0]:.2f}s" for k, v in results.items()), flush=True)

    def med(key, i=0):
        return statistics.median(r[i] for r in results[key])

    ratios = [c[0] / p[0] for c, p in zip(results["cold"], results["plain"])]
    print("\n| command | median wall (s) | peak memory (MB) |\n|---|---:|---:|")
    labels = {"cold": "build --force (cold cache)", "noop": "rebuild, nothing changed",
              "onefile": "rebuild, one data file changed", "plain": "plain papermill + nbconvert + weasyprint"}
    for key, label in labels.items():
        print(f"| {label} | {med(key):.2f} | {max(r[1] for r in results[key]) / 2**20:.0f} |")
    print(f"\ncold / plain, median of per-round ratios: {statistics.median(ratios):.2f} "
          f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"targets: cold/plain <= 0.5: {'met' if statistics.median(ratios) <= 0.5 else 'NOT met'}; "
          f"no-op < 1 s: {'met' if med('noop') < 1 else 'NOT met'}; "
          f"peak < 1.5 GB: {'met' if max(r[1] for r in results['cold']) < 1.5 * 2**30 else 'NOT met'}")
    shutil.rmtree(work, ignore_errors=True)
    model_cost()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
