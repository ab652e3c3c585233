"""Plain-text renderings of scores and backtests: Markdown, unicode bar charts, a PNG.

No rich here (the CLI draws tables); these functions return strings so they can be
written to files, pasted into issues or tested directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from launchpad.ideas.axes import Axis
    from launchpad.ideas.backtest import BacktestResult
    from launchpad.ideas.results import IdeaScore

_BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: float, maximum: float, width: int = 30) -> str:
    """A horizontal unicode bar of ``value`` out of ``maximum`` in ``width`` cells."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = round(min(1.0, value / maximum) * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_BLOCKS[rest] if rest else "")


def share_chart(quarters: Sequence[dict[str, Any]], width: int = 30) -> list[str]:
    """One line per quarter: label, bar of the share, share in per mille and papers."""
    peak = max((q["share"] for q in quarters), default=0.0)
    return [
        f"{q['quarter']}  {bar(q['share'], peak, width):<{width}}  "
        f"{q['share'] * 1000:6.2f}‰  ({q['papers']}/{q['slice_papers']})"
        for q in quarters
    ]


def where(score: IdeaScore) -> str:
    """The slice and cutoff of a score, as every chart title and notice names them."""
    from launchpad.ideas.reference import describe

    return describe(score.categories, score.as_of)


def axis_figures(score: IdeaScore, axis: Axis) -> str:
    """``83 (raw 71, high)``: the calibrated score, the raw figure and the confidence."""
    found = score.calibration.get(axis.name)
    if found is None:
        return str(axis.score)
    return f"{axis.score} (raw {found.raw}, {found.confidence})"


def calibration_note(score: IdeaScore) -> str:
    """What the figures of a calibrated score mean, in one sentence."""
    if not score.calibration:
        return "raw scores (no reference sample)"
    return (
        f"score: percentile among typical ideas of {where(score)} (pulled toward 50 when "
        "nothing close is found); raw: the axis's own 0-100 figure; conf: confidence"
    )


def score_markdown(scores: Sequence[IdeaScore]) -> str:
    """A Markdown report: a ranking table, then each idea's explanations and evidence."""
    lines = ["| rank | idea | frontier | fanout | headroom |", "|---:|---|---:|---:|---:|"]
    for i, s in enumerate(scores, 1):
        idea = s.idea.replace("|", "\\|")
        cells = " | ".join(axis_figures(s, a) for a in s.each_axis)
        lines.append(f"| {i} | {idea}{' (!)' if s.far else ''} | {cells} |")
    if any(s.far for s in scores):
        lines += [
            "",
            (
                "(!) nothing in the slice is close to this idea: its scores are pulled toward "
                "50 and it is ranked after the others."
            ),
        ]
    for s in scores:
        lines += ["", f"## {s.idea}", "", f"In {where(s)} ({s.as_of}).", ""]
        if s.relevance is not None and s.relevance.notice:
            lines += [f"> {s.relevance.notice}", ""]
        lines += [f"- **{a.name}** {axis_figures(s, a)} — {a.explanation}" for a in s.each_axis]
        if s.calibration:
            lines += [
                "",
                (
                    f"Scores are percentiles among typical ideas of {where(s)} "
                    "(pulled toward 50 when nothing close is found); raw figures in brackets."
                ),
            ]
        lines += ["", "| id | date | similarity | title |", "|---|---|---:|---|"]
        lines += [
            f"| [{n.id}](https://arxiv.org/abs/{n.id}) | {n.published} "
            f"| {n.similarity:.3f}{'+' if n.lexical else ''} | {n.title.replace('|', '/')} |"
            for n in s.evidence.neighbours
        ]
        lines += ["", f"Share of {where(s)} per quarter:", "", "```"]
        lines += share_chart(s.evidence.share_by_quarter)
        lines += ["```"]
        if s.evidence.claims:
            lines += ["", "Claims in recent neighbours:", ""]
            lines += [f"- {c.paper_id}: “{c.quote}”" for c in s.evidence.claims[:8]]
    return "\n".join(lines) + "\n"


def backtest_markdown(result: BacktestResult) -> str:
    """The backtest as a Markdown table, one row per cutoff and method."""
    lines = [
        (
            f"Slice: {', '.join(result.categories) or 'all categories'}; "
            f"{result.ideas_per_cutoff} ideas per cutoff; seed {result.seed}."
        ),
        "",
        "| cutoff | horizon | method | Spearman | precision@K |",
        "|---|---:|---|---:|---:|",
    ]
    lines.extend(
        f"| {c.cutoff} | {c.horizon_months} mo | {m.method} | {m.spearman:+.3f} "
        f"| {m.precision_at_k:.2f} (K={c.k}) |"
        for c in result.cutoffs
        for m in c.methods
    )
    lines += [
        "",
        f"Frontier beats momentum at {result.frontier_wins()} of {len(result.cutoffs)} cutoffs.",
    ]
    return "\n".join(lines) + "\n"


def write_png(scores: Sequence[IdeaScore], path: Path) -> None:
    """The share per quarter of each idea's neighbourhood as a line chart (matplotlib)."""
    from launchpad.plot import pyplot, save_png

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for s in scores:
        quarters = s.evidence.share_by_quarter
        label = s.idea if len(s.idea) <= 50 else s.idea[:47] + "..."
        ax.plot(
            [q["quarter"] for q in quarters],
            [q["share"] * 1000 for q in quarters],
            marker="o",
            label=label,
        )
    ax.set_ylabel("share of the slice (‰)")
    places = sorted({where(s) for s in scores})
    ax.set_title(f"Neighbourhood share per quarter, {'; '.join(places)}", fontsize=10)
    ax.tick_params(axis="x", labelrotation=60, labelsize=7)
    ax.legend(fontsize=7)
    fig.tight_layout()
    save_png(fig, path)
