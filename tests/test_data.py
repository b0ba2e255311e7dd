import re

import pytest

from helpers.core import data
from helpers.sections import all_tables
from helpers.core.errors import DataError
from helpers.sections import SECTIONS

FIN = "openai_financials.csv"


def test_every_shipped_file_passes_its_schema():
    names = sorted({name for s in SECTIONS for name in s.reads})
    frames = data.check_folder(data.default_data_dir(), names)
    assert set(frames) == set(names) | {"sources.csv"}
    assert str(frames[FIN]["value"].dtype) == "float64"
    assert str(frames[FIN]["year"].dtype) == "Int64"


def test_every_data_row_has_a_source():
    for name in all_tables():
        frame = data.load(name)
        if not all_tables()[name].sourced:
            continue
        missing = frame["source_id"].isna()
        if name == "claims.csv":  # a claim with no source found is marked so, never left blank silently
            missing &= frame["verdict"] != "unverifiable"
        assert not missing.any(), f"{name}: rows without a source: {list(frame.index[missing] + 2)}"


def test_data_readme_documents_every_file_and_column():
    readme = (data.default_data_dir() / "README.md").read_text(encoding="utf-8")
    for name, table in all_tables().items():
        assert f"`{name}`" in readme, name
        section = readme.split(f"`{name}`", 1)[1]
        for col in table.columns:
            assert f"`{col.name}`" in section, f"{name}: {col.name}"


def _edit(folder, name, old, new, count=1):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _first_data_line(folder, name):
    return (folder / name).read_text(encoding="utf-8").splitlines()[1]


BAD = {
    "missing file": (lambda d: (d / FIN).unlink(), rf"{FIN}: file not found"),
    "empty file": (lambda d: (d / FIN).write_text(""), rf"{FIN}: file is empty"),
    "header only": (lambda d: (d / FIN).write_text((d / FIN).read_text().splitlines()[0] + "\n"),
                    rf"{FIN}: has a header but no data rows"),
    "byte-order mark": (lambda d: (d / FIN).write_bytes(b"\xef\xbb\xbf" + (d / FIN).read_bytes()),
                        rf"{FIN}: starts with a byte-order mark"),
    "latin-1 encoding": (lambda d: (d / FIN).write_bytes((d / FIN).read_bytes() + "OpenAI,2031,FY,revenue,1,usd_bn,"
                                                         "projected,no,assumption,caf\u00e9\n".encode("latin-1")),
                         rf"{FIN}: line \d+: not valid UTF-8"),
    "missing column": (lambda d: _edit(d, FIN, "company,year,", "firm,year,"), rf"{FIN}: missing column 'company'"),
    "unknown column": (lambda d: (d / FIN).write_text("\n".join(
        line + (",extra" if i == 0 else ",x") for i, line in enumerate((d / FIN).read_text().splitlines())) + "\n"),
        rf"{FIN}: unknown column 'extra'"),
    "non-numeric value": (lambda d: _edit(d, FIN, ",0.54,usd_bn,", ",lots,usd_bn,"),
                          rf"{FIN}: line 2, column 'value': expected a number, got 'lots'"),
    "negative value": (lambda d: _edit(d, FIN, ",0.54,usd_bn,", ",-0.54,usd_bn,"),
                       rf"{FIN}: line 2, column 'value': expected a value of 0 or more"),
    "year not a whole number": (lambda d: _edit(d, FIN, "OpenAI,2022,", "OpenAI,2022.5,"),
                                rf"{FIN}: line 2, column 'year': expected a whole number"),
    "year out of range": (lambda d: _edit(d, FIN, "OpenAI,2022,", "OpenAI,1822,"),
                          rf"{FIN}: line 2, column 'year': expected a value of at least 2015"),
    "unknown unit": (lambda d: _edit(d, FIN, ",0.54,usd_bn,", ",0.54,eur_bn,"),
                     rf"{FIN}: line 2, column 'unit': expected one of: usd_bn, pct"),
    "missing required value": (lambda d: _edit(d, FIN, ",0.54,usd_bn,", ",,usd_bn,"),
                               rf"{FIN}: line 2, column 'value': value is missing"),
    "duplicate key": (lambda d: (d / FIN).write_text((d / FIN).read_text() + _first_data_line(d, FIN) + "\n"),
                      rf"{FIN}: line \d+: duplicate row for \(company=OpenAI, year=2022"),
    "unknown source id": (lambda d: _edit(d, FIN, "bas-meterpreter-2023-2022loss,2022 loss",
                                          "nowhere,2022 loss"),
                          rf"{FIN}: line 2, column 'source_id': expected an id listed in sources.csv"),
    "broken url in sources": (lambda d: _edit(d, "sources.csv", ",https://", ",htp//"),
                              r"sources.csv: line 2, column 'url': expected text of the form link"),
    "missing data folder": (lambda d: __import__("shutil").rmtree(d), r"data folder not found"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_data_gives_one_line_error(case, data_copy):
    breaks, pattern = BAD[case]
    breaks(data_copy)
    names = sorted({name for s in SECTIONS for name in s.reads})
    with pytest.raises(DataError) as info:
        data.check_folder(data_copy, names)
    message = str(info.value)
    assert "\n" not in message
    assert re.search(pattern, message), message
