"""Reports as plain data (JSON) and markdown (for PR comments and CI job summaries)."""

from __future__ import annotations

from typing import Any

from launchpad.milestones.model import CriterionResult, MilestoneResult, Report, Status, Verdict

SYMBOL = {Status.PASS: "✅", Status.FAIL: "❌", Status.UNKNOWN: "❔", Status.SKIPPED: "⏭️"}
VERDICT_MARK = {
    Verdict.MET: "✅",
    Verdict.PARTIAL: "◐",
    Verdict.UNKNOWN: "❔",
    Verdict.NOT_MET: "❌",
}


def level_label(level: int) -> str:
    """``M2`` or ``none``."""
    return f"M{level}" if level >= 0 else "none"


def headline(report: Report) -> str:
    """One sentence: the level confirmed and how far unknown checks could take it."""
    if report.level >= 0:
        name = report.milestones[report.level].milestone.name
        text = f"{level_label(report.level)} {name} confirmed"
    else:
        text = "M0 not reached"
    if report.level_upper > report.level:
        text += f", up to M{report.level_upper} once the unknown checks can be evaluated"
    return text


def to_dict(report: Report) -> dict[str, Any]:
    """The JSON shape (stable keys; see docs/milestones.md)."""
    return {
        "path": report.path,
        "repo": report.repo,
        "evaluated_at": report.evaluated_at,
        "as_of": None if report.as_of is None else report.as_of.to_dict(),
        "level": report.level,
        "level_upper": report.level_upper,
        "required_level": report.required_level,
        "meets_requirement": report.meets_requirement,
        "summary": headline(report),
        "milestones": [
            {
                "number": m.milestone.number,
                "name": m.milestone.name,
                "summary": m.milestone.summary,
                "reached": m.reached,
                "reachable": m.reachable,
                "verdict": m.verdict.value,
                "threshold": m.milestone.threshold,
                "share": round(m.share, 4),
                "share_upper": round(m.share_upper, 4),
                "counts": {s.value: m.count(s) for s in Status},
                "criteria": [
                    {
                        "id": c.criterion.id,
                        "title": c.criterion.title,
                        "hard": c.criterion.hard,
                        "weight": c.criterion.weight,
                        "verdict": c.verdict.value,
                        "evidence": [r.check.id for r in c.evidence],
                        "found": [r.check.id for r in c.found],
                        "fix": c.criterion.fix,
                    }
                    for c in m.criteria
                ],
                "checks": [
                    {
                        "id": r.check.id,
                        "criterion": r.check.criterion,
                        "title": r.check.title,
                        "kind": r.check.kind,
                        "required": r.check.required,
                        "status": r.status.value,
                        "detail": r.detail,
                        "blocked_by": r.blocked_by,
                        "ignored": r.ignored,
                        "fix": r.check.fix,
                    }
                    for r in m.results
                ],
            }
            for m in report.milestones
        ],
        "next_actions": [
            {"milestone": a.milestone, "id": a.check_id, "title": a.title, "fix": a.fix}
            for a in report.next_actions
        ],
        "signals": dict(report.signals),
        "trends": [
            {
                "signal": t.signal,
                "period": t.period,
                "now": t.now,
                "then": t.then,
                "then_at": t.then_at,
                "change": t.change,
            }
            for t in report.trends
        ],
        "notes": list(report.notes),
    }


def progress(m: MilestoneResult) -> str:
    """How far a milestone is: ``2/2 hard, 80% of the rest (75% needed)``."""
    hard = m.hard
    parts = []
    if hard:
        met = sum(1 for c in hard if c.verdict is Verdict.MET)
        parts.append(f"{met}/{len(hard)} hard")
    share = f"{m.share:.0%}"
    if m.share_upper > m.share:
        share += f" to {m.share_upper:.0%}"
    parts.append(f"{share} of the rest ({m.milestone.threshold:.0%} needed)")
    return ", ".join(parts)


def evidence(c: CriterionResult, limit: int = 2) -> str:
    """The evidence for a criterion if met; otherwise what was looked for and not found."""
    if c.verdict is Verdict.MET:
        shown = c.found
    elif c.verdict is Verdict.UNKNOWN:
        shown = tuple(r for r in c.evidence if r.status is Status.UNKNOWN)
    else:
        shown = c.evidence
    text = "; ".join(f"{r.check.id}: {r.detail}" if r.detail else r.check.id for r in shown[:limit])
    if len(shown) > limit:
        text += f"; +{len(shown) - limit} more"
    return text


def criterion_label(c: CriterionResult) -> str:
    """``tests-or-ci`` with ``(hard)`` or ``(advice)`` when it is one."""
    if c.criterion.hard:
        return f"{c.criterion.id} (hard)"
    return c.criterion.id if c.criterion.weight > 0 else f"{c.criterion.id} (advice)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """A markdown report: headline, progress per milestone, next actions, details."""
    lines = [f"## launchpad milestones: {headline(report)}", ""]
    if report.required_level is not None:
        verdict = "met" if report.meets_requirement else "**not met**"
        lines += [f"Required level M{report.required_level}: {verdict}.", ""]
    lines += ["| milestone | | criteria | not met |", "|---|---|---|---|"]
    for m in report.milestones:
        unmet = ", ".join(
            f"`{c.criterion.id}`"
            for c in m.criteria
            if c.criterion.counts and c.verdict is not Verdict.MET
        )
        lines.append(
            f"| M{m.milestone.number} {m.milestone.name} | {VERDICT_MARK[m.verdict]} "
            f"{m.verdict.value} | {_cell(progress(m))} | {unmet} |"
        )
    if report.next_actions:
        lines += ["", "### Next actions", ""]
        lines += [
            f"{i}. **{_cell(a.title)}** (M{a.milestone}, `{a.check_id}`): {_cell(a.fix)}"
            for i, a in enumerate(report.next_actions, start=1)
        ]
    if report.trends:
        lines += [
            "",
            "### Compared with earlier runs",
            "",
            "| signal | then | now | change |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {t.signal} | {t.then:g} ({t.period} ago, {t.then_at}) | {t.now:g} | {t.change:+g} |"
            for t in report.trends
        ]
    lines += ["", "<details><summary>Every criterion and its evidence</summary>", ""]
    lines += ["| | criterion | milestone | evidence |", "|---|---|---|---|"]
    for m in report.milestones:
        for c in m.criteria:
            lines.append(
                f"| {VERDICT_MARK[c.verdict]} | `{criterion_label(c)}` {_cell(c.criterion.title)}"
                f" | M{m.milestone.number} | {_cell(evidence(c, limit=3))} |"
            )
    lines += ["", "</details>"]
    if report.notes:
        lines += [""] + [f"> {_cell(n)}" for n in report.notes]
    return "\n".join(lines) + "\n"
