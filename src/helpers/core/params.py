"""Notebook parameters: what each notebook declares, and checking what the user passes.

A notebook declares its parameters in the cell tagged `parameters`, one per line:

    revenue_growth: float = 0.5  # yearly revenue growth, fraction; range 0..3

papermill's own inspection reads the name, type annotation, default and comment;
an optional `range LO..HI` in the comment bounds the value. Unlike papermill, an
unknown name or a wrong type stops the build before any notebook runs.

A section whose notebook declares `ranges: str` (Basics, Concentration risk, Bubble comparison) runs a
Monte Carlo over its assumptions: a scenario
file or `-p` may then give a float parameter as a range instead of a value (helpers.core.uncertainty):

    revenue_growth: {low: 0.3, central: 0.5, high: 0.68}     -p basics.revenue_growth=0.3:0.5:0.68

The parameter gets the range's central value and `ranges` the range; a plain value fixes the
parameter (it leaves the Monte Carlo). The notebook's default `ranges` holds the default ranges.
"""
from __future__ import annotations

import ast
import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers.core import uncertainty
from helpers.core.errors import ParameterError
from helpers.core.paths import CACHE_DIR
from helpers.sections import SECTIONS, Section

TYPES = ("int", "float", "str", "bool")
RANGES = "ranges"  # the parameter that carries a section's ranges to its notebook
RANGE = re.compile(r"range\s+(-?[\d.]+)?\s*\.\.\s*(-?[\d.]+)?")
CHOICES = re.compile(r"one of\s+([\w.-]+(?:\s*\|\s*[\w.-]+)+)")


@dataclass(frozen=True)
class Param:
    section: str
    name: str
    type: str
    default: object
    help: str
    min: float | None = None
    max: float | None = None
    choices: tuple | None = None

    def describe(self) -> str:
        if self.choices:
            return "one of: " + ", ".join(self.choices)
        bounds = ""
        if self.min is not None or self.max is not None:
            bounds = f" in {'' if self.min is None else f'{self.min:g}'}..{'' if self.max is None else f'{self.max:g}'}"
        return f"{self.type}{bounds}"


def declared(section: Section) -> dict[str, Param]:
    """The parameters a section's notebook declares, via papermill.inspect_notebook.

    Cached by the notebook's content hash, so a rebuild with nothing changed need not import papermill."""
    digest = hashlib.sha256(section.path.read_bytes()).hexdigest()
    cache = CACHE_DIR / "params" / f"{section.slug}-{digest}.json"
    try:
        return {p["name"]: Param(**{**p, "choices": tuple(p["choices"]) if p.get("choices") else None})
                for p in json.loads(cache.read_text())}
    except (OSError, ValueError, TypeError):
        pass
    params = _inspect(section)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps([vars(p) for p in params.values()]))
    return params


def _inspect(section: Section) -> dict[str, Param]:
    import papermill

    params = {}
    for name, info in papermill.inspect_notebook(str(section.path)).items():
        kind = info["inferred_type_name"]
        if kind not in TYPES:
            raise ParameterError(f"{section.notebook}: parameter '{name}' needs a type annotation "
                                 f"({', '.join(TYPES)}), got {kind!r}")
        match = RANGE.search(info["help"] or "")
        lo, hi = (float(match.group(1)) if match and match.group(1) else None,
                  float(match.group(2)) if match and match.group(2) else None)
        choices = CHOICES.search(info["help"] or "")
        params[name] = Param(section.slug, name, kind, ast.literal_eval(info["default"]), info["help"] or "", lo, hi,
                             tuple(c.strip() for c in choices.group(1).split("|")) if choices else None)
    return params


def _from_text(param: Param, text: str):
    """A value typed on the command line, read according to the declared type."""
    if param.type == "str":
        return text
    if param.type == "bool":
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
        raise ValueError
    if param.type == "int":
        return int(text.strip())
    return float(text.strip())


def check_value(param: Param, value, origin: str, *, typed_text: bool = False):
    """Return `value` as the declared type, or raise a one-line ParameterError.

    `typed_text`: the value is text typed on the command line, to be read as the declared type;
    values from YAML already carry their type and must match it."""
    label = f"parameter '{param.section}.{param.name}' ({origin})"
    try:
        if typed_text and param.type != "str":
            value = _from_text(param, value)
        elif param.type == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        ok = type(value).__name__ == param.type
    except ValueError:
        ok = False
    if not ok:
        raise ParameterError(f"{label}: expected {param.describe()}, got {value!r}")
    if param.choices and value not in param.choices:
        raise ParameterError(f"{label}: expected {param.describe()}, got {value!r}")
    if param.type in ("int", "float"):
        if value != value or value in (float("inf"), float("-inf")):
            raise ParameterError(f"{label}: expected a finite number, got {value!r}")
        if (param.min is not None and value < param.min) or (param.max is not None and value > param.max):
            raise ParameterError(f"{label}: expected {param.describe()}, got {value!r}")
    return value


def all_declared(sections=SECTIONS) -> dict[str, dict[str, Param]]:
    return {section.slug: declared(section) for section in sections}


def _unknown(name: str, known: list[str], where: str) -> ParameterError:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return ParameterError(f"unknown parameter '{name}' {where}{hint}; declared: {', '.join(sorted(known)) or 'none'}")


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping (PyYAML would silently keep the last)."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{key}' is given twice (first on line {seen[key] + 1}); give each key once",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def read_scenario(path: Path, declared_params: dict[str, dict[str, Param]]) -> dict[str, dict]:
    """A scenario file: YAML mapping of section slug to {parameter: value}, plus an optional description."""
    if not path.is_file():
        raise ParameterError(f"{path}: scenario file not found")
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ParameterError(f"{path}: {where}not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    except UnicodeDecodeError:
        raise ParameterError(f"{path}: not UTF-8 text; expected a YAML file") from None
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise ParameterError(f"{path}: expected a mapping of section slug to parameters, got {type(doc).__name__}")
    values: dict[str, dict] = {}
    for key, body in doc.items():
        if key == "description":
            continue
        if key not in declared_params:
            raise ParameterError(f"{path}: unknown section '{key}'; expected one of: "
                                 f"{', '.join(declared_params)} (or 'description')")
        if not isinstance(body, dict):
            raise ParameterError(f"{path}: section '{key}' must map parameter names to values")
        for name, value in body.items():
            if name not in declared_params[key]:
                raise ParameterError(f"{path}: " + str(_unknown(str(name), list(declared_params[key]), f"in section '{key}'")))
            if isinstance(value, dict):
                value = check_spread(declared_params[key], name, value, f"in {path}")
            else:
                _not_ranges(declared_params[key][name], f"{path}: ")
                value = check_value(declared_params[key][name], value, f"in {path}")
            values.setdefault(key, {})[name] = value
    return values


def _not_ranges(param: Param, where: str) -> None:
    if param.name == RANGES:
        raise ParameterError(f"{where}parameter '{param.section}.{RANGES}' is set through each assumption's own "
                             f"range, e.g. revenue_growth: {{low: 0.3, central: 0.5, high: 0.68}}")


def check_spread(params: dict[str, Param], name: str, given, origin: str) -> uncertainty.Spread:
    """A range given for parameter `name` (a mapping from a scenario file, or text from -p), checked:
    the section runs a Monte Carlo, the parameter is a float, the range is well formed and every
    bound lies in the parameter's declared range. Returns it, or raises a one-line ParameterError."""
    param = params[name]
    label = f"parameter '{param.section}.{name}' ({origin})"
    if RANGES not in params:
        raise ParameterError(f"{label}: this section takes single values, not ranges; got {given!r}")
    if param.type != "float":
        raise ParameterError(f"{label}: only a float parameter takes a range; expected {param.describe()}, got {given!r}")
    try:
        spread = uncertainty.from_mapping(given) if isinstance(given, dict) else uncertainty.from_text(given)
    except ValueError as exc:
        raise ParameterError(f"{label}: {exc}") from None
    for key in ("low", "central", "high"):
        value = getattr(spread, key)
        if (param.min is not None and value < param.min) or (param.max is not None and value > param.max):
            raise ParameterError(f"{label}: expected a range within {param.describe()}, got {key} {value:g}")
    return spread


def default_ranges(section: Section, params: dict[str, Param]) -> dict[str, uncertainty.Spread]:
    """The ranges a notebook's `ranges` parameter declares by default ({} when it has none)."""
    if RANGES not in params:
        return {}
    where = f"{section.notebook}: parameter '{RANGES}'"
    try:
        ranges = uncertainty.parse(params[RANGES].default)
    except ValueError as exc:
        raise ParameterError(f"{where}: {exc}") from None
    for name, spread in ranges.items():
        if name not in params:
            raise ParameterError(f"{where}: " + str(_unknown(name, [n for n in params if n != RANGES], "")))
        check_spread(params, name, spread.text, f"default in {section.notebook}")
        if spread.central != params[name].default:
            raise ParameterError(f"{where}: the central value of {name}'s range is {spread.central:g}, but "
                                 f"its default is {params[name].default!r}; expected the same")
    return ranges


def parse_overrides(pairs: list[str], declared_params: dict[str, dict[str, Param]]) -> dict[str, dict]:
    """-p NAME=VALUE or -p SECTION.NAME=VALUE; a bare NAME applies to every section declaring it."""
    values: dict[str, dict] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ParameterError(f"-p {pair!r}: expected NAME=VALUE")
        name, text = pair.split("=", 1)
        name = name.strip()
        if "." in name:
            slug, short = name.split(".", 1)
            if slug not in declared_params:
                raise ParameterError(f"-p {name}: unknown section '{slug}'; expected one of: {', '.join(declared_params)}")
            targets = [slug] if short in declared_params[slug] else []
            if not targets:
                raise _unknown(short, list(declared_params[slug]), f"in section '{slug}'")
        else:
            short = name
            targets = [slug for slug, params in declared_params.items() if short in params]
            if not targets:
                known = sorted({n for params in declared_params.values() for n in params})
                raise _unknown(short, known, "given with -p")
        for slug in targets:
            param = declared_params[slug][short]
            _not_ranges(param, f"-p {name}: ")
            if param.type == "float" and ":" in text:
                value = check_spread(declared_params[slug], short, text.strip(), "given with -p")
            else:
                value = check_value(param, text, "given with -p", typed_text=True)
            values.setdefault(slug, {})[short] = value
    return values


def resolve(sections: list[Section], scenario: Path | None, pairs: list[str]) -> dict[str, dict]:
    """Every parameter value for each section: notebook default < scenario < -p.

    A range sets its parameter to the range's central value and puts the range in the section's
    `ranges`; a plain value takes the parameter's range (default or earlier) away."""
    declared_params = all_declared()
    layers = [read_scenario(scenario, declared_params) if scenario else {}, parse_overrides(pairs, declared_params)]
    resolved = {}
    for section in sections:
        params = declared_params[section.slug]
        values = {name: p.default for name, p in params.items()}
        spreads = default_ranges(section, params)
        for layer in layers:
            for name, value in layer.get(section.slug, {}).items():
                if isinstance(value, uncertainty.Spread):
                    values[name], spreads[name] = value.central, value
                else:
                    values[name] = value
                    spreads.pop(name, None)
        if RANGES in params:
            order = list(params)
            values[RANGES] = uncertainty.unparse(dict(sorted(spreads.items(), key=lambda item: order.index(item[0]))))
        resolved[section.slug] = values
    return resolved
