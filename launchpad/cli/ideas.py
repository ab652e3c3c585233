"""`launchpad score-idea` and `launchpad ideas backtest`: thin adapters over launchpad.ideas."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from launchpad.cli.options import CorpusOption, choice, format_option

if TYPE_CHECKING:
    import datetime as dt

    from launchpad.ideas.results import IdeaScore

ideas_app = typer.Typer(
    name="ideas",
    help="Work with research ideas: the backtest behind the frontier score.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FORMATS = ("table", "json", "markdown")
FormatOption = Annotated[str, format_option(*FORMATS)]
# score-idea can also stream: one JSON object a line, in input order, as each is scored.
ScoreFormatOption = Annotated[str, format_option(*FORMATS, "jsonl")]
CategoriesOption = Annotated[
    str | None,
    typer.Option(
        "--categories",
        help="Comma-separated arXiv categories: the slice for neighbourhood and normalisation.",
    ),
]


TRUTHS = ("titles", "concepts")


def _categories(value: str | None) -> tuple[str, ...]:
    from launchpad.errors import InputError

    if value is None or value.strip().lower() == "all":
        return ()
    names = tuple(part.strip() for part in value.split(",") if part.strip())
    if not names:
        raise InputError("--categories is empty", hint="e.g. --categories cs.CL,cs.IR")
    return names


def _as_of(value: str | None) -> dt.date | None:
    from launchpad.ideas.timeline import parse_as_of

    return parse_as_of(value) if value is not None else None


def score_idea(  # noqa: PLR0917 - typer maps parameters to options
    idea: Annotated[
        str | None,
        typer.Argument(
            help="The problem to score, in a few words or a sentence.", show_default=False
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Use only papers up to this date (YYYY, YYYY-MM, YYYY-MM-DD)."
        ),
    ] = None,
    corpus: CorpusOption = None,
    categories: CategoriesOption = None,
    output: ScoreFormatOption = "table",
    top: Annotated[
        int, typer.Option("--top", help="Nearest papers shown as evidence.", min=1, max=50)
    ] = 10,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Score every idea in this file (one per line) and rank them."),
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option(
            "--png", help="Also draw the share per quarter into this PNG (needs matplotlib)."
        ),
    ] = None,
) -> None:
    """Score an idea on frontier, fanout and headroom, with the evidence behind each."""
    from launchpad.cli import render
    from launchpad.errors import InputError
    from launchpad.ideas.report import score_markdown, write_png
    from launchpad.ideas.score import score_ideas

    when = _as_of(as_of)
    cats = _categories(categories)
    if (idea is None) == (file is None):
        raise InputError(
            "give either one idea or --file, not both" if idea is not None else "no idea given",
            hint='launchpad score-idea "late interaction retrieval with BERT"',
        )
    if png is not None and output == "jsonl":
        raise InputError(
            "--png needs every score at the end; --format jsonl streams them",
            hint="use --format json with --png, or leave --png out",
        )
    from launchpad.plot import check_target

    check_target(png)  # before the work, not after it
    # a bar on a terminal: for a file of ideas, and while a percentile reference is built
    with render.progress(enabled=None) as bar:
        scored = score_ideas(
            file if file is not None else str(idea),
            corpus=corpus,
            as_of=when,
            categories=cats,
            top=top,
            progress=bar,
            on_scored=(lambda s: render.print_json_line(s.to_dict()))
            if output == "jsonl"
            else None,
        )
    for note in scored.notices:
        render.warn(note)
    if output == "jsonl":
        return
    scores = list(scored)
    if png is not None:
        write_png(scores, png)
    if output == "json":
        data = [s.to_dict() for s in scores]
        render.print_json(data if file is not None else data[0])
    elif output == "markdown":
        render.print_markdown_source(score_markdown(scores))
    else:
        _print_tables(scores, top)
    if png is not None and output != "json":
        render.info(f"chart written to {png}")


def _print_tables(scores: list[IdeaScore], top: int) -> None:
    from launchpad.cli import render
    from launchpad.ideas.report import axis_figures, calibration_note, share_chart, where

    if len(scores) > 1:
        rows = [
            (
                i,
                render.escape(s.idea) + (" [yellow]![/]" if s.far else ""),
                *(axis_figures(s, a) for a in s.each_axis),
            )
            for i, s in enumerate(scores, 1)
        ]
        render.console.print(
            render.table(
                f"{len(scores)} ideas in {where(scores[0])}, ranked by frontier",
                ["#", "idea", "frontier", "fanout", "headroom"],
                rows,
            )
        )
        if any(s.far for s in scores):
            render.console.print(
                "[yellow]![/] nothing in the slice is close to this idea: its scores are "
                "pulled toward 50 and it is ranked after the others"
            )
        render.console.print(f"[dim]{render.escape(calibration_note(scores[0]))}[/]")
        return
    s = scores[0]
    render.console.print(
        f"[bold]{render.escape(s.idea)}[/]  [dim]as of {s.as_of}, "
        f"{render.escape(', '.join(s.categories) or 'all categories')}, "
        f"{s.slice_papers:,} papers[/]"
    )
    if s.relevance is not None and s.relevance.notice:
        render.console.print(f"[yellow]{render.escape(s.relevance.notice)}[/]")
    calibrated = bool(s.calibration)
    render.console.print(
        render.table(
            None,
            ["axis", "score", "raw", "conf", "why"],
            [
                (
                    a.name,
                    a.score,
                    s.raw(a),
                    s.calibration[a.name].confidence if calibrated else "",
                    render.escape(a.explanation),
                )
                for a in s.each_axis
            ],
        )
    )
    render.console.print(f"[dim]{render.escape(calibration_note(s))}[/]")
    for a in s.each_axis:
        parts = ", ".join(f"{k}={v:g}" for k, v in a.parts.items())
        render.console.print(f"[dim]{a.name} parts: {render.escape(parts)}[/]")
    render.console.print(
        render.table(
            f"{min(top, len(s.evidence.neighbours))} nearest papers",
            ["id", "date", "sim", "title"],
            [
                (
                    n.id,
                    n.published,
                    f"{n.similarity:.3f}{'+' if n.lexical else ''}",
                    render.escape(n.title),
                )
                for n in s.evidence.neighbours
            ],
        )
    )
    if any(n.lexical for n in s.evidence.neighbours):
        render.console.print(
            "[dim]+ contains every content word of the idea: ranked with a +0.05 bonus[/]"
        )
    render.console.print(f"Share of {render.escape(where(s))} per quarter (‰):")
    for line in share_chart(s.evidence.share_by_quarter):
        render.console.print("  " + render.escape(line))
    cats = ", ".join(f"{name} {count}" for name, count in s.evidence.categories)
    render.console.print(
        render.table(None, ["", ""], [("Categories of the neighbours:", cats)], **_GRID)
    )
    if s.evidence.claims:
        render.console.print("Claims in recent neighbours:")
        render.console.print(
            render.table(
                None,
                ["", ""],
                [(c.paper_id, render.escape(c.quote)) for c in s.evidence.claims[:6]],
                **_GRID,
            )
        )


# a borderless two-column layout: the text wraps under its own column, not under the label
_GRID = {"box": None, "show_header": False, "pad_edge": False}


@ideas_app.command("backtest")
def backtest(  # noqa: PLR0917 - typer maps parameters to options
    cutoffs: Annotated[
        str | None,
        typer.Option(
            "--cutoffs", help="Comma-separated cutoff dates (default: 2018-12,2020-06,2021-12)."
        ),
    ] = None,
    categories: Annotated[
        str,
        typer.Option(
            "--categories", help="The slice: comma-separated categories, or 'all' (default cs.CL)."
        ),
    ] = "cs.CL",
    ideas: Annotated[int, typer.Option("--ideas", help="Ideas sampled per cutoff.", min=20)] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Seed for sampling ideas.")] = 7,
    truth: Annotated[
        str,
        typer.Option(
            "--truth",
            metavar="TRUTH",
            help="What counts as rising: 'titles' (the growth of sampled paper titles' "
            "neighbourhoods) or 'concepts' (mined title phrases labelled by their own growth).",
            callback=lambda value: choice(value, TRUTHS, option="--truth"),
        ),
    ] = "titles",
    corpus: CorpusOption = None,
    output: FormatOption = "table",
) -> None:
    """Check that frontier predicts growth: score sampled ideas at past cutoffs, compare."""
    from launchpad.cli import render
    from launchpad.ideas.backtest import DEFAULT_CUTOFFS, run_backtest
    from launchpad.ideas.report import backtest_markdown
    from launchpad.ideas.timeline import parse_as_of

    cats = _categories(categories)
    dates = (
        [parse_as_of(part, "--cutoffs") for part in cutoffs.split(",") if part.strip()]
        if cutoffs
        else list(DEFAULT_CUTOFFS)
    )
    if truth == "concepts":
        _concept_backtest(corpus, cats, dates, ideas=ideas, seed=seed, output=output)
        return
    with render.progress(enabled=output == "table") as bar:
        result = run_backtest(
            corpus, cutoffs=dates, categories=cats, ideas=ideas, seed=seed, progress=bar
        )
    if output == "json":
        render.print_json(result.to_dict())
    elif output == "markdown":
        render.print_markdown_source(backtest_markdown(result))
    else:
        rows = [
            (
                c.cutoff,
                f"{c.horizon_months} mo",
                m.method,
                f"{m.spearman:+.3f}",
                f"{m.precision_at_k:.2f}",
            )
            for c in result.cutoffs
            for m in c.methods
        ]
        render.console.print(
            render.table(
                f"Backtest in {', '.join(result.categories) or 'all categories'}, "
                f"{result.ideas_per_cutoff} ideas per cutoff (seed {result.seed})",
                ["cutoff", "horizon", "method", "Spearman", "precision@K (top decile)"],
                rows,
            )
        )
        render.console.print(
            f"Frontier beats momentum at {result.frontier_wins()} of {len(result.cutoffs)} cutoffs."
        )


@ideas_app.command("reference")
def reference(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The cutoff, as for score-idea (default: the corpus's end)."),
    ] = None,
    corpus: CorpusOption = None,
    categories: CategoriesOption = None,
) -> None:
    """Build the percentile reference of a slice and month once, so score-idea starts fast."""
    from launchpad.cli import render
    from launchpad.ideas.reference import prepare

    with render.progress(enabled=None) as bar:
        done = prepare(
            corpus, as_of=_as_of(as_of), categories=_categories(categories), progress=bar
        )
    if done.notice is not None:
        render.warn(done.notice)
    ref = done.reference
    state = f"built in {ref.seconds:.1f} s" if done.built else "already cached"
    where = f", {done.path}" if done.notice is None else ""
    render.info(f"percentile reference for {ref.where}: {ref.ideas} ideas, {state}{where}")


def register(app: typer.Typer) -> None:
    """Add `score-idea` and the `ideas` group to the root app."""
    app.command("score-idea")(score_idea)
    app.add_typer(ideas_app)


def _concept_backtest(
    corpus: Path | None,
    categories: tuple[str, ...],
    cutoffs: list[dt.date],
    *,
    ideas: int,
    seed: int,
    output: str,
) -> None:
    """``ideas backtest --truth concepts``: one core call, rendered."""
    from launchpad.cli import render
    from launchpad.ideas.concept_backtest import HIGH, LOW, concept_backtest

    with render.progress(enabled=output == "table") as bar:
        result = concept_backtest(
            corpus, categories=categories, cutoffs=cutoffs, seed=seed, ideas=ideas, progress=bar
        )
    if output == "json":
        render.print_json(result.to_dict(ideas=False))
        return
    rows = [
        (
            c.cutoff.isoformat(),
            c.labels.get("riser", 0),
            len(c.ideas),
            f"{c.method('frontier').auc:.3f}",
            f"{c.method('momentum').auc:.3f}",
            f"{c.risers_high:.0%}",
            f"{c.others_low:.0%}",
        )
        for c in result.cutoffs
    ]
    headers = ["cutoff", "risers", "scored", "frontier", "momentum", f">={HIGH}", f"<={LOW}"]
    title = (
        f"Concept backtest in {', '.join(result.categories) or 'all categories'}, "
        f"{result.ideas_per_cutoff} ideas per cutoff (seed {result.seed}): AUC of the risers "
        f"against the rest; risers >= {HIGH} and others <= {LOW}"
    )
    if output == "markdown":
        lines = [f"**{title}**", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
        render.print_markdown_source("\n".join(lines) + "\n")
        return
    render.console.print(render.table(title, headers, rows))
