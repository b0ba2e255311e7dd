"""Progress, a row per section and one for the combined report: waiting, running, rendering PDF,
done (seconds) or cached.

On a terminal the lines are redrawn in place; otherwise (CI, a log file) each change is one
plain line, so logs stay readable.
"""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, slugs: list[str], stream=None):
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.state = {slug: "waiting" for slug in slugs}
        self.started: dict[str, float] = {}
        self.width = max((len(s) for s in slugs), default=0)
        self.drawn = 0
        if self.tty:
            self._draw()

    def add(self, slug: str) -> None:
        """Another row (the combined report), waiting."""
        self.state[slug] = "waiting"
        self.width = max(self.width, len(slug))
        if self.tty:
            self._draw()

    def set(self, slug: str, state: str, detail: str = "") -> None:
        if slug not in self.started and state not in ("waiting", "cached"):
            self.started[slug] = time.perf_counter()
        text = state + (f" {detail}" if detail else "")
        if state == "done" and slug in self.started and not detail:
            text = f"done in {time.perf_counter() - self.started[slug]:.1f}s"
        self.state[slug] = text
        if self.tty:
            self._draw()
        else:
            print(f"[{slug}] {text}", file=self.stream, flush=True)

    def _draw(self) -> None:
        if self.drawn:
            self.stream.write(f"\x1b[{self.drawn}F")
        for slug, text in self.state.items():
            self.stream.write(f"\x1b[2K  {slug:<{self.width}}  {text}\n")
        self.drawn = len(self.state)
        self.stream.flush()
