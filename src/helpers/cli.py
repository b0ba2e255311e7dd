"""Command line: `python -m helpers build [options]`."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from helpers.core.errors import ReportError
from helpers.sections import PLANNED_SLUGS


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m helpers", description="Build the AI-bubble report.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = sub.add_parser("build", help="execute the section notebooks and render HTML and PDF reports",
                           description="Execute the section notebooks with papermill and render HTML and PDF.")
    build.add_argument("--data", type=Path, metavar="DIR", help="data folder to read instead of data/")
    build.add_argument("--scenario", type=Path, metavar="FILE",
                       help="YAML file of parameters per section (default output: reports/scenarios/<name>/)")
    build.add_argument("-p", "--param", dest="pairs", action="append", default=[], metavar="NAME=VALUE",
                       help="set one parameter; NAME or SECTION.NAME; repeatable")
    build.add_argument("--out", type=Path, metavar="DIR", help="where the reports go (default: reports/)")
    build.add_argument("--only", action="append", metavar="SECTION",
                       help=f"build only this section ({', '.join(PLANNED_SLUGS)}); repeatable")
    build.add_argument("--force", action="store_true", help="rebuild every section even if its inputs are unchanged")
    build.add_argument("-j", "--jobs", type=_positive, metavar="N", help="jobs run at once: notebooks, PDF layouts (default: one per core)")
    build.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    check = sub.add_parser("check", help="validate a data folder (and its scenario files) without building",
                           description="Check every data file against its declaration, every source id, and "
                                       "every scenario file in DIR/scenarios/, with the build's one-line errors.")
    check.add_argument("--data", type=Path, metavar="DIR", help="data folder to check instead of data/")
    check.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    compare = sub.add_parser("compare", help="build several scenarios and set their key figures side by side",
                             description="Build each scenario into reports/scenarios/<name>/ and write "
                                         "reports/scenarios/index.html comparing them.")
    compare.add_argument("names", nargs="+", metavar="SCENARIO", help="names in data/scenarios/ or .yaml paths")
    compare.add_argument("--data", type=Path, metavar="DIR", help="data folder to read instead of data/")
    compare.add_argument("--out", type=Path, metavar="DIR",
                         help="reports folder (default: reports/); scenarios go to DIR/scenarios/")
    compare.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    return parser


def _terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)  # a kill cleans up like Ctrl-C
    from helpers.build import Options, build

    try:
        if args.command == "check":
            from helpers.core.check import check_data

            print(check_data(args.data))
        elif args.command == "compare":
            from helpers.build.compare import compare

            compare(args.names, data=args.data, **({"reports": args.out} if args.out else {}))
        else:
            build(Options(data=args.data, scenario=args.scenario, pairs=args.pairs, out=args.out, only=args.only,
                          force=args.force, jobs=args.jobs))
    except ReportError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the previous reports were left as they were", file=sys.stderr)
        return 130
    return 0
