import re

import pytest
from bad_inputs import CASES

from helpers.core import data
from helpers.core.tables import all_tables
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
            missing &= ~frame["verdict"].isin(["unverifiable", "not a figure"])
        assert not missing.any(), f"{name}: rows without a source: {list(frame.index[missing] + 2)}"


def test_data_readme_documents_every_file_and_column():
    readme = (data.default_data_dir() / "README.md").read_text(encoding="utf-8")
    for name, table in all_tables().items():
        assert f"`{name}`" in readme, name
        section = readme.split(f"`{name}`", 1)[1]
        for col in table.columns:
            assert f"`{col.name}`" in section, f"{name}: {col.name}"


@pytest.mark.parametrize("case", sorted(name for name, case in CASES.items() if case.stage == "data"))
def test_bad_data_gives_one_line_error(case, data_copy):
    CASES[case].prepare(data_copy)
    pattern = CASES[case].pattern
    names = sorted({name for s in SECTIONS for name in s.reads})
    with pytest.raises(DataError) as info:
        data.check_folder(data_copy, names)
    message = str(info.value)
    assert "\n" not in message
    assert re.search(pattern, message), message


def test_a_notebook_may_read_only_what_its_section_declares(monkeypatch):
    monkeypatch.setenv("AI_BUBBLE_SECTION", "basics")
    assert len(data.load("openai_financials.csv"))  # declared by Basics
    with pytest.raises(DataError) as err:
        data.load("deals.csv")  # declared by Circular revenue
    message = str(err.value)
    assert "\n" not in message
    assert "notebooks/01-basics.ipynb" in message and "data/deals.csv" in message
    assert "src/helpers/sections/basics/tables.py" in message


def test_the_files_every_section_reads_are_the_shared_declarations():
    from helpers.core.tables import TABLES
    from helpers.sections import SHARED_FILES

    assert set(SHARED_FILES) == {t.name for t in TABLES}


MIRRORS = ("quantum-ipo", "022025.xyz", "rbtfl", "uuaa.net", "bitlit", "frajer", "reportify", "menafn")


def test_source_lines_name_the_original_publisher_not_the_copy_read():
    """A figure read on a mirror or aggregator is credited to who first published it; the copy is kept
    apart as read_at and shown only in the Sources appendix."""
    from helpers.core.sources import cite

    sources = data.load("sources.csv")
    for row in sources.itertuples():
        line = cite(sources, [row.source_id]).lower()
        assert not any(m in line for m in MIRRORS), (row.source_id, line)
        if isinstance(row.read_at, str):
            assert row.read_at.lower() not in line
