"""The inputs of a build as the command line names them, checked and opened as sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from launchpad.corpus.filters import Filters
from launchpad.corpus.readers import file_sources
from launchpad.corpus.records import Source
from launchpad.errors import InputError

__all__ = ["BuildInputs"]


def _check_url(url: str) -> None:
    """An OAI-PMH endpoint must be an http(s) URL: anything else is a usage error."""
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise InputError(
            f"--oai-url {url!r} is not an http(s) URL",
            hint="e.g. --oai-url https://oaipmh.arxiv.org/oai",
        )


@dataclass(frozen=True)
class BuildInputs:
    """What to read, named as on the command line; :func:`build_corpus` checks and opens it."""

    jsonl: tuple[Path, ...] = ()
    snapshot: tuple[Path, ...] = ()
    files: tuple[Path, ...] = ()  # more files of the one kind named by jsonl or snapshot
    oai: bool = False
    oai_url: str | None = None  # an endpoint implies oai
    oai_set: str = "cs"

    def sources(self, filters: Filters) -> list[Source]:
        """The sources, snapshot files first; every file must be readable."""
        if filters.since and filters.until and filters.since > filters.until:
            raise InputError("--since is after --until", hint="swap the two dates")
        jsonl, snapshot = list(self.jsonl), list(self.snapshot)
        if self.files:
            if bool(jsonl) == bool(snapshot):
                raise InputError(
                    f"unexpected argument {self.files[0]}",
                    hint="extra files follow exactly one of --from-jsonl or --from-snapshot",
                )
            (jsonl if jsonl else snapshot).extend(self.files)
        sources = [*file_sources(snapshot, "snapshot"), *file_sources(jsonl, "jsonl")]
        if self.oai or self.oai_url:
            from launchpad.corpus.oai import DEFAULT_OAI_URL, OaiSource

            if self.oai_url is not None:
                _check_url(self.oai_url)
            sources.append(
                OaiSource(
                    self.oai_url or DEFAULT_OAI_URL,
                    set_spec=self.oai_set,
                    since=filters.since,
                    until=filters.until,
                )
            )
        if not sources:
            raise InputError(
                "nothing to build from",
                hint="pass --oai (online) or --from-snapshot FILE / --from-jsonl FILE (offline)",
            )
        return sources
