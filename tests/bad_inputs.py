"""Every bad input the project refuses, in one table: how to break a copy of data/ (or which
arguments to pass), and the one-line error expected. test_data.py checks the data cases against
`data.check_folder` (fast); test_hostile.py runs every case through a real build and checks that
the previous reports are left as they were."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Callable

FIN = "openai_financials.csv"


@dataclass(frozen=True)
class Case:
    pattern: str  # regular expression the error line must match
    prepare: Callable | None = None  # breaks the data copy (called with its path)
    args: tuple[str, ...] = ()  # extra build arguments; {tmp} and {data} are filled in
    stage: str = "data"  # data: caught by data.check_folder; params, cli, notebook, output: by the build


def edit(name, old, new):
    def apply(data):
        path = data / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def write(name, content: bytes):
    def apply(data):
        (data / name).write_bytes(content)
    return apply


def scenario(text):
    def apply(data):
        (data / "scenario.yaml").write_text(text)
    return apply


def _first_data_line(data, name):
    return (data / name).read_text(encoding="utf-8").splitlines()[1]


def _drop_lines(name, marker):
    def apply(data):
        path = data / name
        path.write_text("\n".join(l for l in path.read_text().splitlines() if marker not in l) + "\n")
    return apply


SCENARIO = ("--scenario", "{data}/scenario.yaml")

CASES: dict[str, Case] = {
    # data files
    "missing data folder": Case(r"data folder not found", lambda d: shutil.rmtree(d)),
    "missing data file": Case(rf"{FIN}: file not found", lambda d: (d / FIN).unlink()),
    "empty file": Case(rf"{FIN}: file is empty", write(FIN, b"")),
    "header only": Case(rf"{FIN}: has a header but no data rows",
                        lambda d: (d / FIN).write_text((d / FIN).read_text().splitlines()[0] + "\n")),
    "byte-order mark": Case(rf"{FIN}: starts with a byte-order mark",
                            lambda d: (d / FIN).write_bytes(b"\xef\xbb\xbf" + (d / FIN).read_bytes())),
    "another encoding": Case(rf"{FIN}: line 2: not valid UTF-8", lambda d: (d / FIN).write_bytes(
        (d / FIN).read_text().replace("OpenAI,2022", "OpenAÏ,2022", 1).encode("latin-1"))),
    "missing column": Case(rf"{FIN}: missing column 'company'", edit(FIN, "company,year,", "firm,year,")),
    "unknown extra column": Case(rf"{FIN}: unknown column 'extra'", lambda d: (d / FIN).write_text("\n".join(
        line + (",extra" if i == 0 else ",x") for i, line in enumerate((d / FIN).read_text().splitlines())) + "\n")),
    "non-numeric value": Case(rf"{FIN}: line 2, column 'value': expected a finite number, got 'n/a'",
                              edit(FIN, ",0.54,usd_bn,", ",n/a,usd_bn,")),
    "millions typed into a billions column": Case(
        rf"{FIN}: line \d+, column 'value': expected a figure in usd_bn \(billions of US dollars; no OpenAI figure "
        r"reaches \$2 trillion\) between -2,000 and 2,000, got 13,000; a slip of units\?",
        edit(FIN, "OpenAI,2025,FY,revenue,13,usd_bn,", "OpenAI,2025,FY,revenue,13000,usd_bn,")),
    "a slip of units in any file": Case(
        r"deals.csv: line \d+, column 'amount': expected a figure in usd_bn \(billions of US dollars: \$10 trillion "
        r"at most\) between -10,000 and 10,000, got 300,000",
        edit("deals.csv", ",300,usd_bn,", ",300000,usd_bn,")),
    "infinite value": Case(rf"{FIN}: line 2, column 'value': expected a finite number, got 'inf'",
                           edit(FIN, ",0.54,usd_bn,", ",inf,usd_bn,")),
    "not-a-number value": Case(rf"{FIN}: line 2, column 'value': expected a finite number, got 'NaN'",
                               edit(FIN, ",0.54,usd_bn,", ",NaN,usd_bn,")),
    "unbalanced quote": Case(r"deals.csv: line 4: not a readable CSV row .*quotes closed on the same line",
                             lambda d: (d / "deals.csv").write_text("\n".join(
                                 l.replace(",", ',"', 1) if i == 3 else l
                                 for i, l in enumerate((d / "deals.csv").read_text().splitlines())) + "\n")),
    "row with an extra value": Case(rf"{FIN}: line 2: \d+ values; expected \d+, one per column",
                                    edit(FIN, ",0.54,usd_bn,", ",0.54,7,usd_bn,")),
    "column named twice": Case(rf"{FIN}: column 'note' is named twice", edit(FIN, "source_id,note", "note,note")),
    "folder named like a data file": Case(rf"{FIN}: is a folder, not a file",
                                          lambda d: ((d / FIN).unlink(), (d / FIN).mkdir())),
    "negative value": Case(rf"{FIN}: line 2, column 'value': expected a value of 0 or more",
                           edit(FIN, ",0.54,usd_bn,", ",-0.54,usd_bn,")),
    "year not a whole number": Case(rf"{FIN}: line 2, column 'year': expected a whole number",
                                    edit(FIN, "OpenAI,2022,", "OpenAI,2022.5,")),
    "year out of range": Case(rf"{FIN}: line 2, column 'year': expected a value of at least 2015",
                              edit(FIN, "OpenAI,2022,", "OpenAI,1822,")),
    "unknown unit": Case(rf"{FIN}: line 2, column 'unit': expected one of: usd_bn, pct",
                         edit(FIN, ",0.54,usd_bn,", ",0.54,eur_bn,")),
    "missing required value": Case(rf"{FIN}: line 2, column 'value': value is missing",
                                   edit(FIN, ",0.54,usd_bn,", ",,usd_bn,")),
    "duplicate key": Case(rf"{FIN}: line \d+: duplicate row for \(company=OpenAI, year=2022",
                          lambda d: (d / FIN).write_text((d / FIN).read_text() + _first_data_line(d, FIN) + "\n")),
    "unknown source id": Case(rf"{FIN}: line 2, column 'source_id': expected an id listed in sources.csv",
                              edit(FIN, "bas-meterpreter-2023-2022loss,2022 loss", "nowhere,2022 loss")),
    "broken url in sources": Case(r"sources.csv: line 2, column '(url|read_at)': expected text of the form link",
                                  edit("sources.csv", ",https://", ",htp//")),
    # scenario files and parameters
    "malformed YAML scenario": Case(r"scenario.yaml: line \d+: not valid YAML", scenario("basics:\n  horizon: [12\n"),
                                    SCENARIO, "params"),
    "unknown section in scenario": Case(r"unknown section 'basix'", scenario("basix:\n  horizon: 12\n"),
                                        SCENARIO, "params"),
    "unknown key in scenario": Case(r"unknown parameter 'horizn' in section 'basics' \(did you mean 'horizon'\?\)",
                                    scenario("basics:\n  horizn: 12\n"), SCENARIO, "params"),
    "key given twice in a scenario": Case(r"scenario.yaml: line 3: not valid YAML \('horizon' is given twice \(first on "
                                          r"line 2\); give each key once\)",
                                          scenario("basics:\n  horizon: 12\n  horizon: 15\n"), SCENARIO, "params"),
    "missing scenario file": Case(r"missing.yaml: scenario file not found$", None, ("--scenario", "missing.yaml"),
                                  "params"),
    "unknown parameter": Case(r"unknown parameter 'revenue_grwth' given with -p", None, ("-p", "revenue_grwth=0.3"),
                              "params"),
    "parameter of the wrong type": Case(r"parameter 'basics.horizon' .*expected int", None, ("-p", "horizon=ten"),
                                        "params"),
    "parameter out of range": Case(r"parameter 'basics.horizon' \(given with -p\): expected int in 1..40, got 0$",
                                   None, ("-p", "horizon=0"), "params"),
    "parameter without a value": Case(r"expected NAME=VALUE", None, ("-p", "horizon"), "params"),
    # command line, notebooks, output folder
    "unknown section": Case(r"unknown section 'everything'", None, ("--only", "everything"), "cli"),
    "a notebook cell that raises": Case(
        r"notebooks/01-basics.ipynb: cell \d+ raised ValueError: no year has reported revenue and total_expenses "
        r"for OpenAI \(executed copy kept at .*failed/basics.ipynb\)$",
        _drop_lines(FIN, ",total_expenses,"), ("--only", "basics"), "notebook"),
    "output folder that cannot be written": Case(r"cannot write to .*a-file", None, ("--out", "{tmp}/a-file/reports"),
                                                 "output"),
}
