"""How sure: ranges for a section's assumptions, draws from them, and what the draws say.

An assumption given as a range is a `Spread`: a distribution, its `central` value (the one the
single-number results use) and its bounds. A scenario file gives one as

    revenue_growth: {low: 0.3, central: 0.5, high: 0.68}          # triangular, peak at central
    revenue_growth: {dist: uniform, low: 0.3, central: 0.5, high: 0.68}
    revenue_growth: {dist: normal, central: 0.5, sd: 0.1}         # cut at central ± 4 sd

and the command line as text: `0.3:0.5:0.68`, `uniform:0.3:0.5:0.68`, `normal:0.5:0.1`; a notebook's
`ranges` parameter lists them, one per assumption: "revenue_growth 0.3:0.5:0.68, cost_growth ...".

`draws` turns the ranges into arrays of `n` values each with numpy's default generator, seeded by
`seed_for` from what the draws depend on (never the clock), so that the same inputs give the same
arrays, and so byte-identical reports. `share` and `drivers` summarise what a model makes of them.
Pure functions; a bad range raises a one-line ValueError. numpy is imported only by the functions that
draw (the parameters are checked with this module before any notebook runs, and a rebuild with nothing
changed loads no numpy).
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

DRAWS = 10_000
DISTS = ("triangular", "uniform", "normal")
NORMAL_CUT = 4.0  # a normal range is cut at central ± this many standard deviations
_KEYS = {"triangular": {"low", "central", "high"}, "uniform": {"low", "central", "high"}, "normal": {"central", "sd"}}


@dataclass(frozen=True)
class Spread:
    """One assumption's range. For a normal, `low` and `high` are central ∓ NORMAL_CUT × sd."""
    dist: str
    low: float
    central: float
    high: float
    sd: float | None = None

    def __post_init__(self):
        if self.dist not in DISTS:
            raise ValueError(f"unknown distribution {self.dist!r}; expected one of: {', '.join(DISTS)}")
        for key in ("low", "central", "high") + (("sd",) if self.dist == "normal" else ()):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"{key} must be a finite number, got {value!r}")
        if self.dist == "normal" and not self.sd > 0:
            raise ValueError(f"sd must be above 0, got {self.sd!r}")
        if not self.low <= self.central <= self.high:
            raise ValueError(f"expected low <= central <= high, got {self.low:g}, {self.central:g}, {self.high:g}")

    @property
    def text(self) -> str:
        """The range as the command line gives it (`low:central:high` for a triangular one)."""
        numbers = (self.central, self.sd) if self.dist == "normal" else (self.low, self.central, self.high)
        body = ":".join(_num(v) for v in numbers)
        return body if self.dist == "triangular" else f"{self.dist}:{body}"


def _num(value: float) -> str:
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))


def normal(central: float, sd: float) -> Spread:
    return Spread("normal", central - NORMAL_CUT * sd, central, central + NORMAL_CUT * sd, sd)


def from_mapping(body: dict) -> Spread:
    """A range as a scenario file gives it: {low, central, high} (triangular unless `dist` says otherwise)."""
    body = dict(body)
    dist = body.pop("dist", "triangular")
    if dist not in DISTS:
        raise ValueError(f"unknown distribution {dist!r}; expected one of: {', '.join(DISTS)}")
    expected = _KEYS[dist]
    if set(body) != expected:
        missing, extra = sorted(expected - set(body)), sorted(set(body) - expected)
        said = "; ".join(p for p in (f"missing {', '.join(missing)}" if missing else "",
                                     f"unknown {', '.join(map(str, extra))}" if extra else "") if p)
        raise ValueError(f"a {dist} range takes {', '.join(sorted(expected))} ({said})")
    for key, value in body.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{key} must be a number, got {value!r}")
    if dist == "normal":
        return normal(float(body["central"]), float(body["sd"]))
    return Spread(dist, float(body["low"]), float(body["central"]), float(body["high"]))


def from_text(text: str) -> Spread:
    """A range as the command line gives it: `low:central:high`, `uniform:low:central:high`, `normal:central:sd`."""
    parts = [p.strip() for p in str(text).split(":")]
    dist = parts.pop(0) if parts and parts[0] in DISTS else "triangular"
    if parts and parts[0].isalpha() and parts[0].lower() not in ("nan", "inf", "infinity"):
        raise ValueError(f"unknown distribution {parts[0]!r}; expected one of: {', '.join(DISTS)}")
    want = 2 if dist == "normal" else 3
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != want:
        form = "central:sd" if dist == "normal" else "low:central:high"
        raise ValueError(f"expected {'' if dist == 'triangular' else dist + ':'}{form} as numbers, got {text!r}")
    if dist == "normal":
        return normal(*numbers)
    return Spread(dist, *numbers)


def parse(text: str) -> dict[str, Spread]:
    """A notebook's `ranges` parameter: `name range` entries separated by commas
    ("revenue_growth 0.3:0.5:0.68, gross_margin 0.33:0.4:0.43"; no "=", which papermill's inspection
    of a parameters cell refuses)."""
    ranges = {}
    for entry in filter(None, (e.strip() for e in str(text).split(","))):
        parts = entry.split()
        if len(parts) != 2:
            raise ValueError(f"expected 'NAME RANGE' entries separated by commas, got {entry!r}")
        name, value = parts
        if name in ranges:
            raise ValueError(f"'{name}' is given two ranges")
        try:
            ranges[name] = from_text(value)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    return ranges


def parse_for(text: str, central: dict[str, float], model: str) -> dict[str, Spread]:
    """`parse`, for a model whose assumptions are `central` (name -> the single-number value): each range must
    be one of them and centre on its value. Raises a one-line ValueError naming `model` otherwise."""
    ranges = parse(text)
    for name, spread in ranges.items():
        if name not in central:
            raise ValueError(f"ranges: {name} is not an assumption of {model}; expected one of: {', '.join(central)}")
        if spread.central != central[name]:
            raise ValueError(f"ranges: the central value of {name}'s range is {spread.central:g}, "
                             f"but {name} is {central[name]:g}; expected the same")
    return ranges


def unparse(ranges: dict[str, Spread]) -> str:
    """The inverse of `parse`."""
    return ", ".join(f"{name} {spread.text}" for name, spread in ranges.items())


def seed_for(*parts) -> int:
    """A seed from what the draws depend on (a section's slug, its parameter values): the same parts
    give the same seed on every machine and run; the clock never enters."""
    blob = json.dumps(parts, sort_keys=True, default=repr).encode()
    return int.from_bytes(hashlib.sha256(blob).digest()[:8], "big")


def draws(ranges: dict[str, Spread], n: int = DRAWS, seed: int = 0) -> dict[str, np.ndarray]:
    """`n` values of each ranged assumption, in the order given, from one seeded generator."""
    import numpy as np

    if int(n) != n or n < 1:
        raise ValueError(f"the number of draws must be a whole number of at least 1, got {n}")
    rng = np.random.default_rng(seed)
    out = {}
    for name, s in ranges.items():
        if s.low == s.high:
            out[name] = np.full(n, float(s.central))
        elif s.dist == "triangular":
            out[name] = rng.triangular(s.low, s.central, s.high, n)
        elif s.dist == "uniform":
            out[name] = rng.uniform(s.low, s.high, n)
        else:
            out[name] = np.clip(rng.normal(s.central, s.sd, n), s.low, s.high)
    return out


def with_fixed(drawn: dict[str, np.ndarray], values: dict[str, float], n: int) -> dict[str, np.ndarray]:
    """The draws, and every other assumption in `values` held at its value (arrays of `n` each)."""
    import numpy as np

    return {name: drawn[name] if name in drawn else np.full(n, float(value)) for name, value in values.items()}


def share(mask: np.ndarray) -> float:
    """The share of draws for which `mask` holds."""
    import numpy as np

    mask = np.asarray(mask, dtype=bool)
    return float(mask.mean()) if mask.size else float("nan")


def bands(paths: np.ndarray, levels=(5, 25, 50, 75, 95)) -> dict[int, np.ndarray]:
    """Percentiles of `paths` (draws × years) year by year: the fan chart's lines and bands."""
    import numpy as np

    values = np.percentile(paths, levels, axis=0)
    return {int(level): row for level, row in zip(levels, values)}


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties given their average rank."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="stable")
    sorted_ = values[order]
    starts = np.r_[True, sorted_[1:] != sorted_[:-1]]
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    counts = np.diff(np.r_[first, len(values)])
    average = first + (counts + 1) / 2
    out = np.empty(len(values))
    out[order] = average[group]
    return out


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation; 0 when either side does not vary."""
    rx, ry = ranks(x), ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denominator = math.sqrt(float(rx @ rx) * float(ry @ ry))
    return float(rx @ ry) / denominator if denominator else 0.0


def share_text(share: float) -> str:
    """A share of draws as a reader reads it: "36%", "under 1%" (not "0%") when some draws do, "over 99%" (not
    "100%") when some do not, "none" when none do."""
    if share == 0:
        return "none"
    if share < 0.005:
        return "under 1%"
    if share < 1 and share >= 0.995:
        return "over 99%"
    return f"{share * 100:.0f}%"


def ranges_words(spreads: dict[str, Spread], label, amount, unit=lambda name: "") -> str:
    """The ranges drawn, in a reader's words: "revenue growth 30% to 68%, cost growth 15% to 45%, evenly"; a normal
    one as "central ± sd". `label(name)` names an assumption, `amount(name, value)` writes one of its values and
    `unit(name)` follows its range (" years")."""
    text = []
    for name, s in spreads.items():
        body = (f"{amount(name, s.central)} ± {amount(name, s.sd or 0)}" if s.dist == "normal"
                else f"{amount(name, s.low)} to {amount(name, s.high)}")
        text.append(f"{label(name)} {body}{unit(name)}" + (", evenly" if s.dist == "uniform" else ""))
    return ", ".join(text) if text else "none (every assumption is held at its value)"


def signed(rho: float) -> str:
    """A correlation with its sign, as printed: "+0.85", "−0.50" (a true minus sign)."""
    return f"{rho:+.2f}".replace("-", "−")


def drivers(inputs: dict[str, np.ndarray], output: np.ndarray) -> list[tuple[str, float]]:
    """Each varied input's rank correlation with the output, strongest (by size) first; inputs that do
    not vary are left out."""
    import numpy as np

    found = [(name, spearman(x, output)) for name, x in inputs.items() if np.ptp(x) > 0]
    return sorted(found, key=lambda item: -abs(item[1]))
