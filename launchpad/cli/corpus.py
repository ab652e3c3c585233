"""`launchpad corpus`: build, inspect and search the arXiv corpus."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from launchpad.cli.options import CorpusOption, format_option, output_format

if TYPE_CHECKING:
    from launchpad.corpus.build import BuildReport
    from launchpad.corpus.store import Corpus

corpus_app = typer.Typer(
    name="corpus",
    help="Build, inspect and search the corpus of arXiv abstracts.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FORMATS = ("table", "json")
FormatOption = Annotated[str, format_option(*FORMATS)]


def _check_format(value: str) -> str:
    return output_format(value, FORMATS)


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
    from launchpad.corpus.sources import (
        Filters,
        Source,
        file_sources,
        parse_categories,
        parse_date,
    )
    from launchpad.errors import InputError

    output = _check_format(output)
    filters = Filters(
        categories=parse_categories(categories),
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise InputError("--since is after --until", hint="swap the two dates")
    jsonl, snapshot = list(from_jsonl or []), list(from_snapshot or [])
    if files:
        if bool(jsonl) == bool(snapshot):
            raise InputError(
                f"unexpected argument {files[0]}",
                hint="extra files follow exactly one of --from-jsonl or --from-snapshot",
            )
        (jsonl if jsonl else snapshot).extend(files)
    sources: list[Source] = [*file_sources(snapshot, "snapshot"), *file_sources(jsonl, "jsonl")]
    if oai or oai_url:
        from launchpad.corpus.oai import DEFAULT_OAI_URL, OaiSource

        sources.append(
            OaiSource(
                oai_url or DEFAULT_OAI_URL,
                set_spec=oai_set,
                since=filters.since,
                until=filters.until,
            )
        )
    if not sources:
        raise InputError(
            "nothing to build from",
            hint="pass --oai (online) or --from-snapshot FILE / --from-jsonl FILE (offline)",
        )
    directory = corpus_dir(corpus).value
    with render.progress(enabled=output == "table") as bar:
        report = build_corpus(
            directory, sources, filters=filters, model=model, progress=bar, batch_size=batch_size
        )
    _print_report(report, output)
    if filters.categories:
        _warn_unmatched_categories(report, filters.categories)


def _warn_unmatched_categories(report: BuildReport, wanted: tuple[str, ...]) -> None:
    """A category no paper lists is most likely a typo: say so rather than build nothing."""
    from launchpad.cli import render
    from launchpad.corpus.store import Corpus

    absent = list(wanted)
    if report.total:
        with Corpus.open(report.directory) as store:
            absent = [name for name in wanted if not store.rows_in_categories([name]).any()]
    if absent:
        render.warn(
            f"no paper in the corpus lists {', '.join(absent)}: check the codes "
            "(arXiv's look like cs.CL, math.PR, q-bio.NC; an archive such as cs takes all of it)"
        )


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
    from launchpad.corpus.store import Corpus

    output = _check_format(output)
    with Corpus.open(corpus_dir(corpus).value) as store:
        data = _status_data(store)
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


def _status_data(store: Corpus) -> dict[str, Any]:
    manifest = store.manifest.to_json()
    return {
        "directory": str(store.directory),
        **manifest,
        "bytes_on_disk": store.size_on_disk(),
        "per_year": {str(year): count for year, count in store.year_counts().items()},
        "per_category": store.category_counts(),
        "per_primary_category": store.category_counts(primary_only=True),
    }


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
    from launchpad.corpus.sources import parse_categories
    from launchpad.corpus.store import Corpus
    from launchpad.errors import InputError

    output = _check_format(output)
    if not query.strip():
        raise InputError("the query is empty", hint='pass some words: corpus search "topic"')
    wanted = parse_categories(categories)
    with Corpus.open(corpus_dir(corpus).value) as store:
        mask = _category_mask(store, wanted) if wanted else None
        vector = store.embedder().encode([query])[0]
        rows, sims = store.search(vector, k, mask=mask)
        papers = store.papers(rows.tolist())
    hits = [
        {
            "id": paper.id,
            "title": paper.title,
            "published": paper.published.isoformat(),
            "categories": list(paper.categories),
            "similarity": round(float(sim), 4),
        }
        for paper, sim in zip(papers, sims.tolist(), strict=True)
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


def _category_mask(store: Corpus, wanted: tuple[str, ...]) -> Any:
    """Rows in any of ``wanted``; an error when none of them is in the corpus at all."""
    from launchpad.cli import render
    from launchpad.errors import InputError

    absent = [name for name in wanted if not store.rows_in_categories([name]).any()]
    if len(absent) == len(wanted):
        raise InputError(
            f"no paper in the corpus lists {', '.join(absent)}",
            hint="`launchpad corpus status` lists the corpus's categories",
        )
    if absent:
        render.warn(f"no paper in the corpus lists {', '.join(absent)}: ignored")
    return store.rows_in_categories(wanted)


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


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(corpus_app, name="corpus")
