"""What changed since the previous build into the same folder: findings whose value moved, claim
verdicts that flipped, and the data files and parameters that differ. Printed after a build and
written to changes.html (linked from the landing page); nothing is printed when nothing moved."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    findings: list[dict] = field(default_factory=list)  # label (None: the sentence is the finding), before, after
    verdicts: list[dict] = field(default_factory=list)  # claim, before, after
    data: list[str] = field(default_factory=list)  # data files whose content differs
    parameters: list[dict] = field(default_factory=list)  # name, before, after
    first: bool = False  # no previous build to compare with

    @property
    def moved(self) -> bool:
        return bool(self.findings or self.verdicts)

    @property
    def empty(self) -> bool:
        return not (self.findings or self.verdicts or self.data or self.parameters)


def _findings(manifest: dict) -> dict[tuple[str, str], dict]:
    return {(slug, f["name"]): f for slug, s in manifest.get("sections", {}).items() for f in s.get("findings", [])}


def _shown(f: dict | None) -> str:
    if f is None:
        return "—"
    if f.get("shown"):
        return f["shown"]
    return f.get("sentence", "—")


def diff(previous: dict, current: dict) -> Changes:
    """Compare two build.json manifests (previous may be {}: no earlier build)."""
    if not previous.get("sections"):
        return Changes(first=True)
    out = Changes()
    before, after = _findings(previous), _findings(current)
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if key[0] not in current.get("sections", {}) or key[0] not in previous.get("sections", {}):
            continue  # a section built in only one of the two builds
        # a figure moved when its value or shown text did; a statement without one, when its sentence did
        same = ((old.get("value"), old.get("shown")) == (new.get("value"), new.get("shown")) if old and new and
                (old.get("shown") or new.get("shown")) else (old or {}).get("sentence") == (new or {}).get("sentence"))
        if old is None or new is None or not same:
            out.findings.append({"label": (new or old).get("label"), "before": _shown(old), "after": _shown(new)})
    old_claims, new_claims = previous.get("claims"), current.get("claims", {})
    for claim in sorted(set(old_claims or {}) | set(new_claims)) if old_claims is not None else ():
        if old_claims.get(claim) != new_claims.get(claim):
            out.verdicts.append({"claim": claim, "before": old_claims.get(claim, "—"),
                                 "after": new_claims.get(claim, "—")})
    files = set()
    for slug, section in current.get("sections", {}).items():
        old_inputs = previous.get("sections", {}).get(slug, {}).get("inputs", {})
        for name, digest in section.get("inputs", {}).items():
            if name.startswith("data/") and name in old_inputs and old_inputs[name] != digest:
                files.add(name)
        old_values = previous.get("sections", {}).get(slug, {}).get("parameters")
        if old_values is None:
            continue
        for name, value in section.get("parameters", {}).items():
            if name in old_values and old_values[name] != value:
                out.parameters.append({"name": f"{slug}.{name}", "before": old_values[name], "after": value})
    out.data = sorted(files)
    return out


def lines(changes: Changes) -> list[str]:
    """What a build prints: nothing when nothing moved."""
    if changes.first or changes.empty:
        return []
    text = ["What changed since the last build:"]
    text += [f"  {f['label']}: {f['before']} → {f['after']}" if f["label"] else f"  {f['after']} (was: {f['before']})"
             for f in changes.findings]
    text += [f"  claim {v['claim']}: {v['before']} → {v['after']}" for v in changes.verdicts]
    if changes.data:
        text.append("  data files that differ: " + ", ".join(changes.data))
    text += [f"  parameter {p['name']}: {p['before']} → {p['after']}" for p in changes.parameters]
    if not changes.moved:
        text.append("  (no finding or verdict moved)")
    return text
