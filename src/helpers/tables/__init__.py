"""Every data file's declaration, collected from the modules in this package.

Each module defines TABLES, a tuple of helpers.schema.Table; a new part of the report adds
its own module here and nothing else needs to change.
"""
import importlib
import pkgutil

from helpers.schema import Table

TABLES: dict[str, Table] = {}
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    for _table in importlib.import_module(f"{__name__}.{_info.name}").TABLES:
        if _table.name in TABLES:
            raise RuntimeError(f"data file {_table.name} is declared twice")
        TABLES[_table.name] = _table
