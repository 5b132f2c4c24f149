"""One exception tree. Every error has a stable `code` and a message that says what to do."""

from __future__ import annotations


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None) -> None:
        self.source = source
        self.hint = hint
        text = f"{source}: {message}" if source else message
        if hint:
            text = f"{text} ({hint})"
        super().__init__(text)
        self.message = message


class InputError(SitrepError):
    """An input could not be read as a report."""

    code = "input"


class EmptyInput(InputError):
    code = "empty"


class BinaryInput(InputError):
    code = "binary"


class EncodingError(InputError):
    code = "encoding"


class MalformedInput(InputError):
    code = "malformed"


class TooLarge(InputError):
    code = "too_large"


class NotFound(InputError):
    code = "not_found"


class FetchError(InputError):
    """A web page or feed could not be fetched."""

    code = "fetch"


class Unreachable(FetchError):
    code = "unreachable"


class FetchTimeout(FetchError):
    code = "timeout"


class HttpStatus(FetchError):
    code = "http_status"


class NotHtml(FetchError):
    code = "not_html"


class TooManyRedirects(FetchError):
    code = "redirects"


class PrivateAddress(FetchError):
    code = "private_address"


class StoreError(SitrepError):
    """The store could not be opened, migrated or written."""

    code = "store"


class OutputError(SitrepError):
    """An output file or folder could not be written."""

    code = "output"


class SettingsError(SitrepError):
    code = "settings"


class ExtractionError(SitrepError):
    """A pipeline stage failed on one document."""

    code = "extraction"


class DataError(SitrepError):
    """sitrep's own data (the gazetteer, lexicons) could not be read or prepared."""

    code = "data"


class MissingExtra(SitrepError):
    """A feature needs a package of an optional extra that is not installed."""

    code = "missing_extra"

    def __init__(self, feature: str, extra: str, exc: ImportError) -> None:
        super().__init__(f"{feature} needs the package {exc.name or 'that is missing'}",
                         hint=f"install it with: pip install 'sitrep[{extra}]'")
        self.extra = extra
