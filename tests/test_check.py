"""`python -m helpers check`: a data folder validated without building, with the build's errors."""
import os
import re
import subprocess
import sys

import pytest

from bad_inputs import CASES
from conftest import ROOT

from helpers.core.check import check_data
from helpers.core.errors import ReportError


def _check(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "helpers", "check", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_shipped_data_folder_is_valid():
    result = _check()
    assert result.returncode == 0, result.stderr
    assert re.match(r"^data/ is valid: \d+ data files, \d+ rows, every source id resolved; 3 scenario files$",
                    result.stdout.strip()), result.stdout


@pytest.mark.parametrize("case", sorted(n for n, c in CASES.items() if c.stage == "data" or c.prepare and c.args
                                        and c.args[0] == "--scenario" and "{data}" in c.args[1]))
def test_check_gives_the_builds_one_line_error(case, data_copy):
    spec = CASES[case]
    spec.prepare(data_copy)
    if spec.stage != "data":  # a broken scenario file: check reads every file in scenarios/
        (data_copy / "scenario.yaml").rename(data_copy / "scenarios" / "scenario.yaml")
    with pytest.raises(ReportError) as info:
        check_data(data_copy)
    assert "\n" not in str(info.value) and re.search(spec.pattern, str(info.value)), str(info.value)


def test_check_on_the_command_line_fails_in_one_line(data_copy):
    (data_copy / "deals.csv").write_text("from_company\n")
    result = _check("--data", data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "deals.csv" in lines[0]
