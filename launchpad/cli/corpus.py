"""`launchpad corpus`: build, inspect and search the arXiv corpus."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from launchpad.cli.options import CorpusOption, format_option
from launchpad.errors import InputError

if TYPE_CHECKING:
    from launchpad.corpus.build import BuildReport
    from launchpad.progress import Progress

corpus_app = typer.Typer(
    name="corpus",
    help="Build, inspect and search the corpus of arXiv abstracts.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FORMATS = ("table", "json")
FormatOption = Annotated[str, format_option(*FORMATS)]


@corpus_app.command("build")
def build(  # noqa: PLR0917 - typer maps parameters to options
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE",
            help="More files of the kind given by --from-jsonl or --from-snapshot.",
            show_default=False,
        ),
    ] = None,
    from_jsonl: Annotated[
        list[Path] | None,
        typer.Option(
            "--from-jsonl",
            metavar="FILE",
            help="JSON lines (plain or .gz): id, title, abstract, categories, published.",
            show_default=False,
        ),
    ] = None,
    from_snapshot: Annotated[
        list[Path] | None,
        typer.Option(
            "--from-snapshot",
            metavar="FILE",
            help="The arxiv-metadata-oai-snapshot JSON lines file (plain or .gz).",
            show_default=False,
        ),
    ] = None,
    oai: Annotated[bool, typer.Option("--oai", help="Harvest arXiv's OAI-PMH interface.")] = False,
    oai_url: Annotated[
        str | None,
        typer.Option("--oai-url", metavar="URL", help="OAI-PMH endpoint (implies --oai)."),
    ] = None,
    oai_set: Annotated[
        str, typer.Option("--set", metavar="SET", help="OAI-PMH set to harvest.")
    ] = "cs",
    categories: Annotated[
        str | None,
        typer.Option(
            "--categories",
            metavar="CODES",
            help="Keep papers listing any of these, e.g. cs.CL,cs.LG.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Keep papers first published on/after YYYY-MM-DD."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="DATE", help="Keep papers first published on/before YYYY-MM-DD."
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            metavar="NAME_OR_PATH",
            help="sentence-transformers name or path (default: the built-in static model). "
            "Only for a new corpus.",
        ),
    ] = None,
    device: Annotated[
        str | None,
        typer.Option(
            "--device",
            metavar="DEVICE",
            help="Where --model embeds: cpu, cuda, cuda:N or mps; a comma-separated list "
            "(cuda:0,cuda:1) runs one process per device (default: sentence-transformers' "
            "choice, a GPU when PyTorch sees one).",
            show_default=False,
        ),
    ] = None,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size",
            min=1,
            metavar="N",
            help="Papers embedded and committed per batch "
            "(default: 8192 for the static model, 256 for --model).",
            show_default=False,
        ),
    ] = None,
    corpus: CorpusOption = None,
    output: FormatOption = "table",
) -> None:
    """Add papers to the corpus; re-running adds only new papers and resumes after a crash."""
    from launchpad.cli import render
    from launchpad.config import corpus_dir
    from launchpad.corpus.build import build_corpus
    from launchpad.corpus.categories import parse_categories
    from launchpad.corpus.filters import Filters
    from launchpad.corpus.inputs import BuildInputs

    filters = Filters(
        categories=parse_categories(categories),
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
    )
    inputs = BuildInputs(
        jsonl=tuple(from_jsonl or ()),
        snapshot=tuple(from_snapshot or ()),
        files=tuple(files or ()),
        oai=oai,
        oai_url=oai_url,
        oai_set=oai_set,
    )
    with contextlib.ExitStack() as stack:
        report = build_corpus(
            corpus_dir(corpus).value,
            inputs,
            filters=filters,
            model=model,
            progress=_BarOnStart(stack, enabled=output == "table"),
            batch_size=batch_size,
            device=device,
        )
    _print_report(report, output)
    if report.unmatched_categories:
        render.warn(
            f"no paper in the corpus lists {', '.join(report.unmatched_categories)}: check the "
            "codes (arXiv's look like cs.CL, math.PR, q-bio.NC; an archive such as cs takes all "
            "of it)"
        )


class _BarOnStart:
    """A progress bar drawn from its first ``start``: an error before it prints alone."""

    def __init__(self, stack: contextlib.ExitStack, *, enabled: bool) -> None:
        self._stack = stack
        self._enabled = enabled
        self._bar: Progress | None = None

    def start(self, description: str, total: float | None = None) -> None:
        from launchpad.cli import render

        if self._bar is None:
            self._bar = self._stack.enter_context(render.progress(enabled=self._enabled))
        self._bar.start(description, total)

    def advance(self, amount: float = 1) -> None:
        if self._bar is not None:
            self._bar.advance(amount)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.finish()


def parse_date(text: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value (None stays None)."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise InputError(f"{option} {text!r} is not a date", hint="use YYYY-MM-DD") from err


def _print_report(report: BuildReport, output: str) -> None:
    from launchpad.cli import render

    data: dict[str, Any] = {
        "corpus": str(report.directory),
        "model": report.model,
        "sources": list(report.sources),
        "read": report.read,
        "added": report.added,
        "already_present": report.already_present,
        "duplicates": report.duplicates,
        "filtered_out": report.filtered,
        "malformed": report.malformed,
        "malformed_examples": list(report.malformed_examples),
        "total": report.total,
        "seconds": round(report.seconds, 2),
        "records_per_second": round(report.rate, 1),
    }
    if output == "json":
        render.print_json(data)
        return
    rows = [
        (key.replace("_", " "), value) for key, value in data.items() if key != "malformed_examples"
    ]
    rows = [(key, ", ".join(v) if isinstance(v, list) else v) for key, v in rows]
    render.console.print(render.table("corpus build", ["", "value"], rows))
    if report.malformed:
        render.warn(
            f"{report.malformed} malformed record(s) skipped; first: "
            + "; ".join(report.malformed_examples)
        )


@corpus_app.command("status")
def status(corpus: CorpusOption = None, output: FormatOption = "table") -> None:
    """Papers per year and per category, the model, and the size on disk."""
    from launchpad.cli import render
    from launchpad.config import corpus_dir
    from launchpad.corpus.query import status as corpus_status

    data = corpus_status(corpus_dir(corpus).value)
    if output == "json":
        render.print_json(data)
        return
    summary = [
        ("directory", data["directory"]),
        ("papers", f"{data['count']:,}"),
        ("model", f"{data['model']} ({data['dim']} dims)"),
        ("first published", data["first_published"]),
        ("last published", data["last_published"]),
        ("built at", data["built_at"]),
        ("sources", ", ".join(data["sources"])),
        ("size on disk", f"{data['bytes_on_disk'] / 1e6:,.1f} MB"),
    ]
    render.console.print(render.table("corpus", ["", "value"], summary))
    years = [(year, f"{count:,}") for year, count in data["per_year"].items()]
    render.console.print(render.table("papers per year", ["year", "papers"], years))
    cats = list(data["per_category"].items())[:25]
    render.console.print(
        render.table(
            "papers per category (any listing, top 25)",
            ["category", "papers"],
            [(name, f"{count:,}") for name, count in cats],
        )
    )


@corpus_app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="Text to find the nearest papers to.")],
    k: Annotated[
        int, typer.Option("-k", "--top", min=1, metavar="K", help="How many papers.")
    ] = 10,
    categories: Annotated[
        str | None,
        typer.Option("--categories", metavar="CODES", help="Only papers listing any of these."),
    ] = None,
    corpus: CorpusOption = None,
    output: FormatOption = "table",
) -> None:
    """The papers nearest to QUERY by embedding similarity."""
    from launchpad.cli import render
    from launchpad.config import corpus_dir
    from launchpad.corpus.categories import parse_categories
    from launchpad.corpus.query import search as search_corpus
    from launchpad.ideas.results import clean_title

    if not query.strip():
        raise InputError("the query is empty", hint='pass some words: corpus search "topic"')
    if any("\udc80" <= ch <= "\udcff" for ch in query):  # undecodable bytes, as Python keeps them
        raise InputError(
            "the query contains bytes that are not UTF-8 text",
            hint="pass the query as plain UTF-8 text",
        )
    wanted = parse_categories(categories)
    result = search_corpus(corpus_dir(corpus).value, query, k, wanted)
    if result.ignored_categories:
        render.warn(f"no paper in the corpus lists {', '.join(result.ignored_categories)}: ignored")
    hits = [
        {
            "id": hit.paper.id,
            "title": clean_title(hit.paper.title),  # no "(arXiv:... UPDATED)" feed suffix
            "published": hit.paper.published.isoformat(),
            "categories": list(hit.paper.categories),
            "similarity": round(float(hit.similarity), 4),
        }
        for hit in result.hits
    ]
    if output == "json":
        render.print_json({"query": query, "results": hits})
        return
    render.console.print(
        render.table(
            f"nearest papers to {query!r}",
            ["#", "id", "published", "sim", "title"],
            [
                (i, hit["id"], hit["published"], f"{hit['similarity']:.3f}", hit["title"])
                for i, hit in enumerate(hits, start=1)
            ],
        )
    )


@corpus_app.command("distill-model")
def distill_model(
    out: Annotated[Path, typer.Argument(help="Directory to write the static model to.")],
    dim: Annotated[int, typer.Option("--dim", min=8, max=384, help="PCA dimensions.")] = 256,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
) -> None:
    """Distil the static model from all-MiniLM-L6-v2 (needs the transformers extra)."""
    from launchpad.cli import render
    from launchpad.corpus.distill import distill

    with render.progress() as bar:
        result = distill(out, dim=dim, force=force, progress=bar)
    render.info(
        f"wrote {result.directory}: {result.vocab_size:,} tokens x {result.dim} dims, "
        f"{result.bytes_on_disk / 1e6:.1f} MB, PCA keeps "
        f"{result.explained_variance:.1%} of the variance"
    )


@corpus_app.command("merge")
def merge(
    shards: Annotated[
        list[Path],
        typer.Argument(
            metavar="SHARD...",
            help="Corpus directories built elsewhere with the same model.",
            show_default=False,
        ),
    ],
    corpus: CorpusOption = None,
    output: FormatOption = "table",
) -> None:
    """Add the papers of corpora built on other machines (shards) to this corpus."""
    from launchpad.cli import render
    from launchpad.config import corpus_dir
    from launchpad.corpus.merge import merge_corpora

    with contextlib.ExitStack() as stack:
        report = merge_corpora(
            corpus_dir(corpus).value,
            shards,
            progress=_BarOnStart(stack, enabled=output == "table"),
        )
    data: dict[str, Any] = {
        "corpus": str(report.directory),
        "model": report.model,
        "shards": list(report.shards),
        "read": report.read,
        "added": report.added,
        "already_present": report.already_present,
        "duplicates": report.duplicates,
        "total": report.total,
        "seconds": round(report.seconds, 2),
    }
    if output == "json":
        render.print_json(data)
        return
    rows = [
        (key.replace("_", " "), ", ".join(value) if isinstance(value, list) else value)
        for key, value in data.items()
    ]
    render.console.print(render.table("corpus merge", ["", "value"], rows))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(corpus_app, name="corpus")
