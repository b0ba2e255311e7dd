"""Where things live. The data folder can be redirected with AI_BUBBLE_DATA."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SRC_DIR = ROOT / "src"
HELPERS_DIR = SRC_DIR / "helpers"
NOTEBOOKS_DIR = ROOT / "notebooks"
DEFAULT_DATA_DIR = ROOT / "data"
DEFAULT_REPORTS_DIR = ROOT / "reports"
# Build cache, failed notebooks and locks; outside reports/. AI_BUBBLE_CACHE moves it (tests do).
CACHE_DIR = Path(os.environ.get("AI_BUBBLE_CACHE") or ROOT / ".build")
TEMPLATES_DIR = HELPERS_DIR / "templates"

DATA_ENV = "AI_BUBBLE_DATA"
VALIDATED_ENV = "AI_BUBBLE_VALIDATED"  # set by the build to the data folder it has just checked
SECTION_ENV = "AI_BUBBLE_SECTION"  # set by the build to the slug of the notebook it runs: its declared files only


def label(path: Path) -> str:
    """A path as a reader wants it in a message: relative to the repository when inside it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def data_dir() -> Path:
    """The data folder notebooks read: $AI_BUBBLE_DATA if set (the build sets it), else data/."""
    return Path(os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR)
