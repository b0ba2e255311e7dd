"""The environment the Makefile sets up: the Python version guard, the universal lock, `make lab`."""
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

FAKE_PYTHON = """#!/bin/sh
# Stands in for Python {version}: answers the Makefile's version question; any other use is logged
# and fails, so a test can tell that nothing was installed with it.
case "$*" in
    *version_info*) echo "{version}" ;;
    *) echo "$*" >> "$0.calls"; exit 3 ;;
esac
"""


@pytest.fixture
def project(tmp_path):
    """A folder with the Makefile and the lock files, as make sees a clone before its first run."""
    for name in ("Makefile", "requirements.lock", "requirements-dev.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def fake_python(folder, version):
    path = folder / f"fake-python-{version}"
    path.write_text(FAKE_PYTHON.format(version=version))
    path.chmod(0o755)
    return path


def make(folder, *args):
    return subprocess.run(["make", "--no-print-directory", "-C", str(folder), *map(str, args)],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("goal", ["report", "test", "test-fast", "lab"])
def test_unsupported_python_is_refused_in_one_line_before_anything_is_installed(project, tmp_path_factory, goal):
    python = fake_python(tmp_path_factory.mktemp("bin"), "3.10.13")
    result = make(project, goal, f"PYTHON={python}")
    assert result.returncode != 0
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert "Python 3.10.13" in lines[0] and "3.11, 3.12 or 3.13" in lines[0]
    assert f"make {goal} PYTHON=python3.12" in lines[0]
    assert not (project / ".venv").exists()
    assert not python.with_name(python.name + ".calls").exists()  # never asked to make a venv


def test_a_python_that_does_not_run_is_refused_in_one_line(project):
    result = make(project, "report", f"PYTHON={project / 'no-such-python'}")
    assert result.returncode != 0
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1 and "does not run" in lines[0] and "PYTHON=python3.12" in lines[0], lines
    assert not (project / ".venv").exists()


def test_help_and_clean_need_no_python(project):
    assert make(project, "help", "PYTHON=no-such-python").returncode == 0
    assert make(project, "clean", "PYTHON=no-such-python").returncode == 0


@pytest.mark.parametrize("version", ["3.12.1", "3.13.0"])
def test_the_environment_is_stamped_with_the_python_it_was_made_from(project, tmp_path_factory, version):
    python = fake_python(tmp_path_factory.mktemp("bin"), version)
    result = make(project, "-n", "report", f"PYTHON={python}", "VENV=.venv-x")
    assert result.returncode == 0, result.stderr
    minor = version.rsplit(".", 1)[0]
    assert f"touch .venv-x/.installed-py{minor}" in result.stdout
    # made again when the existing one was made with another Python
    assert "making .venv-x again" in result.stdout and f'!= "{minor}"' in result.stdout


def test_make_lab_sets_the_build_environment_and_the_data_folder(project):
    result = make(project, "-n", "lab", "DATA=/some/dir", f"PYTHON={sys.executable}")
    assert result.returncode == 0, result.stderr
    command = [line for line in result.stdout.splitlines() if "jupyter lab" in line]
    assert len(command) == 1, result.stdout
    assert "--notebook-dir=notebooks" in command[0]
    assert "AI_BUBBLE_DATA=/some/dir" in command[0] and "MPLBACKEND=Agg" in command[0]
    plain = make(project, "-n", "lab", f"PYTHON={sys.executable}").stdout
    assert "AI_BUBBLE_DATA" not in plain  # without DATA the notebooks read data/


def lock_pins(name):
    """Package -> [(version, marker)] for every pin in a lock file."""
    pins = {}
    for package, version, marker in re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)\s*(?:;\s*([^\\\n]+?))?\s*\\?$",
                                                (ROOT / name).read_text(), re.M):
        pins.setdefault(package.lower(), []).append((version, marker))
    return pins


@pytest.mark.parametrize("name", ["requirements.lock", "requirements-dev.lock"])
def test_locks_are_universal_one_version_per_package_with_hashes(name):
    pins = lock_pins(name)
    assert pins
    assert all(len(versions) == 1 for versions in pins.values()), {k: v for k, v in pins.items() if len(v) > 1}
    text = (ROOT / name).read_text()
    for block in re.split(r"\n(?=[A-Za-z0-9])", text.strip()):
        if "==" in block.splitlines()[0]:
            assert "--hash=sha256:" in block, block.splitlines()[0]


def test_the_lock_installs_papermill_on_python_3_12():
    pins = lock_pins("requirements.lock")
    [(_, marker)] = pins["aiohttp"]  # papermill needs it on 3.12 only
    assert not marker or "3.12" in marker
    assert {"papermill", "jupyterlab", "nbstripout"} <= set(pins)
    makefile = (ROOT / "Makefile").read_text()
    compile_command = re.search(r"^LOCK := (.*)$", makefile, re.M).group(1)
    assert "--universal" in compile_command and "--generate-hashes" in compile_command
    assert "--upgrade" not in compile_command  # the versions in the lock are kept
    recipe = re.search(r"^lock:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert recipe.count("$(LOCK) -o requirements") == 2


def test_environment_yml_lists_jupyterlab_and_pytest_and_allows_python_3_11_to_3_13():
    text = (ROOT / "environment.yml").read_text()
    names = re.findall(r"^\s+- ([a-z0-9_.-]+)", text, re.M)
    assert {"jupyterlab", "pytest", "pandas", "matplotlib", "seaborn", "papermill", "nbconvert"} <= set(names)
    assert re.search(r"^\s+- python>=3\.11,<3\.14$", text, re.M)
