"""User-facing errors: each is printed as one line, without a traceback."""


class ReportError(Exception):
    """A problem the person running the build can fix (bad data, parameter, folder)."""


class DataError(ReportError):
    """A data file is missing, unreadable or breaks its schema."""


class ParameterError(ReportError):
    """A parameter or scenario does not match what the notebooks declare."""


class BuildError(ReportError):
    """A notebook failed to execute or a report could not be written."""
