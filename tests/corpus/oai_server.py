"""A small OAI-PMH 2.0 server on 127.0.0.1 that serves real records as arXiv-format XML.

It pages ``ListRecords`` with resumption tokens, honours ``set`` and ``from``, answers
``noRecordsMatch`` and ``badArgument`` like a real repository, can inject one
``503 Retry-After`` and logs every request so tests can check what the client did.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ '
    'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n'
    "<responseDate>2026-07-01T00:00:00Z</responseDate>\n"
)


@dataclass
class OaiState:
    """What the server serves and what it saw."""

    records: list[dict[str, Any]]
    page_size: int = 300
    fail_page_once: int | None = 2  # this page's first request gets 503 Retry-After: 1
    requests: list[dict[str, str]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    deleted: tuple[str, ...] = ()  # ids served as deleted records
    _failed: bool = False


def _wrap(text: str) -> str:
    """Break a text into indented lines, as arXiv's OAI output does."""
    words = text.split(" ")
    lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
    return "\n  " + "\n  ".join(escape(line) for line in lines) + "\n"


def record_xml(record: dict[str, Any], deleted: bool = False) -> str:
    """One ``<record>`` in the arXiv metadata format."""
    ident = f"oai:arXiv.org:{record['id']}"
    sets = sorted({c.split(".")[0] for c in record["categories"]})
    status = ' status="deleted"' if deleted else ""
    header = (
        f"<header{status}><identifier>{ident}</identifier>"
        f"<datestamp>{record['published']}</datestamp>"
        + "".join(f"<setSpec>{s}</setSpec>" for s in sets)
        + "</header>"
    )
    if deleted:
        return f"<record>{header}</record>"
    return (
        f"<record>{header}<metadata>"
        '<arXiv xmlns="http://arxiv.org/OAI/arXiv/" '
        'xsi:schemaLocation="http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd">'
        f"<id>{escape(record['id'])}</id><created>{record['published']}</created>"
        "<authors><author><keyname>Tester</keyname><forenames>Ada</forenames></author>"
        "</authors>"
        f"<title>{_wrap(record['title'])}</title>"
        f"<categories>{escape(' '.join(record['categories']))}</categories>"
        "<license>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</license>"
        f"<abstract>{_wrap(record['abstract'])}</abstract>"
        "</arXiv></metadata></record>"
    )


def _error(code: str, text: str) -> str:
    request = '<request verb="ListRecords">oai</request>'
    return f'{HEAD}{request}<error code="{code}">{text}</error></OAI-PMH>'


class _Handler(BaseHTTPRequestHandler):
    state: OaiState

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def do_GET(self) -> None:
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        self.state.requests.append(params)
        status, body, headers = self._answer(params)
        self.state.statuses.append(status)
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _answer(self, params: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        state = self.state
        if params.get("verb") != "ListRecords":
            return 200, _error("badVerb", "only ListRecords is served here"), {}
        if "resumptionToken" in params:
            try:
                set_spec, since, page_text = params["resumptionToken"].split("|")
                page = int(page_text)
            except ValueError:
                return 200, _error("badResumptionToken", "unknown token"), {}
        else:
            if params.get("metadataPrefix") != "arXiv":
                return 200, _error("cannotDisseminateFormat", "use arXiv"), {}
            set_spec, since, page = params.get("set", ""), params.get("from", ""), 0
            if set_spec and not set_spec.isalpha():
                return 200, _error("badArgument", f"no such set {set_spec}"), {}
        if state.fail_page_once == page and not state._failed:
            state._failed = True
            return 503, "busy", {"Retry-After": "1"}
        chosen = [
            r
            for r in state.records
            if (not set_spec or any(c.split(".")[0] == set_spec for c in r["categories"]))
            and (not since or r["published"] >= since)
        ]
        if not chosen:
            return 200, _error("noRecordsMatch", "nothing in that range"), {}
        start = page * state.page_size
        items = chosen[start : start + state.page_size]
        body = "".join(record_xml(r, r["id"] in state.deleted) for r in items)
        more = start + state.page_size < len(chosen)
        token = f"{set_spec}|{since}|{page + 1}" if more else ""
        body += (
            f'<resumptionToken cursor="{start}" completeListSize="{len(chosen)}">'
            f"{escape(token)}</resumptionToken>"
        )
        request = '<request verb="ListRecords" metadataPrefix="arXiv">oai</request>'
        return 200, f"{HEAD}{request}<ListRecords>{body}</ListRecords></OAI-PMH>", {}


@contextmanager
def serve(state: OaiState) -> Iterator[str]:
    """Run the server in a thread; yields its base URL."""
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/oai"
    finally:
        server.shutdown()
        server.server_close()
