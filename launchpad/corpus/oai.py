"""Harvest arXiv's OAI-PMH interface (``arXiv`` metadata format) with sickle.

sickle follows resumption tokens and honours ``503 Retry-After`` (arXiv asks harvesters
to wait between pages this way). This module is the one place that talks to OAI-PMH;
tests point it at a local server with ``url``.

OAI ``from`` selects by datestamp (the last update), which is never earlier than the
first version, so ``since`` is passed on as ``from`` and every date filter is then
applied to the first-version date (``created``) by the build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from launchpad.corpus.records import Malformed, Record, make_record
from launchpad.errors import ExternalError

DEFAULT_OAI_URL = "https://oaipmh.arxiv.org/oai"
METADATA_PREFIX = "arXiv"


def _refusals(module: Any) -> tuple[type[Exception], ...]:
    """sickle's OAI error classes (they do not share a base class)."""
    names = (
        "BadArgument",
        "BadVerb",
        "BadResumptionToken",
        "CannotDisseminateFormat",
        "IdDoesNotExist",
        "NoSetHierarchy",
        "NoMetadataFormat",
        "OAIError",
    )
    return tuple(getattr(module, name) for name in names if hasattr(module, name))


class OaiSource:
    """Records of one OAI-PMH set, page by page."""

    def __init__(
        self,
        url: str = DEFAULT_OAI_URL,
        *,
        set_spec: str | None = "cs",
        since: dt.date | None = None,
        until: dt.date | None = None,
        max_retries: int = 5,
        default_retry_after: int = 20,
        timeout: float = 120.0,
    ) -> None:
        self.url = url
        self.set_spec = set_spec
        self.since = since
        self.until = until
        self.max_retries = max_retries
        self.default_retry_after = default_retry_after
        self.timeout = timeout
        self.label = f"oai:{url}" + (f" set={set_spec}" if set_spec else "")

    def size_hint(self) -> int | None:
        """Unknown before harvesting."""
        return None

    def records(self) -> Iterator[Record | Malformed]:
        """Yield every record of the set (deleted records are skipped)."""
        import requests
        from lxml import etree  # type: ignore[import-untyped]
        from sickle import Sickle, oaiexceptions

        client = Sickle(
            self.url,
            max_retries=self.max_retries,
            retry_status_codes=(503,),
            default_retry_after=self.default_retry_after,
            timeout=self.timeout,
        )
        params: dict[str, Any] = {"metadataPrefix": METADATA_PREFIX, "ignore_deleted": True}
        if self.set_spec:
            params["set"] = self.set_spec
        if self.since is not None:
            params["from"] = self.since.isoformat()
        try:
            for item in client.ListRecords(**params):
                yield self._record(item)
        except oaiexceptions.NoRecordsMatch:
            return
        except _refusals(oaiexceptions) as err:
            raise ExternalError(
                f"the OAI-PMH server at {self.url} refused the request: {err}",
                hint="check --set and the dates",
            ) from err
        except etree.XMLSyntaxError as err:
            raise ExternalError(
                f"{self.url} did not answer with OAI-PMH XML: {err}",
                hint="check --oai-url",
            ) from err
        except requests.ConnectionError as err:
            raise ExternalError(
                f"cannot reach the OAI-PMH server at {self.url}",
                hint="check the network and --oai-url, then re-run: the build resumes",
            ) from err
        except requests.RequestException as err:
            raise ExternalError(
                f"harvesting {self.url} failed: {type(err).__name__}: {err}",
                hint="check the network and --oai-url, then re-run: the build resumes",
            ) from err

    def _record(self, item: Any) -> Record | Malformed:
        identifier = getattr(getattr(item, "header", None), "identifier", "?")
        try:
            meta: dict[str, list[str | None]] = item.metadata

            def first(key: str) -> str | None:
                values = meta.get(key) or [None]
                return values[0]

            created = (first("created") or "").strip()
            return make_record(
                first("id"),
                first("title"),
                first("abstract"),
                first("categories") or "",
                dt.date.fromisoformat(created[:10]),
            )
        except (ValueError, TypeError, AttributeError) as err:
            return Malformed(f"oai:{identifier}", str(err)[:200])
