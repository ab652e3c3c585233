"""Reports as plain data (JSON) and markdown (for PR comments and CI job summaries)."""

from __future__ import annotations

from typing import Any

from launchpad.milestones.model import Report, Status

SYMBOL = {Status.PASS: "✅", Status.FAIL: "❌", Status.UNKNOWN: "❔", Status.SKIPPED: "⏭️"}


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
                "counts": {s.value: m.count(s) for s in Status},
                "checks": [
                    {
                        "id": r.check.id,
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


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """A markdown report: headline, progress per milestone, next actions, details."""
    lines = [f"## launchpad milestones: {headline(report)}", ""]
    if report.required_level is not None:
        verdict = "met" if report.meets_requirement else "**not met**"
        lines += [f"Required level M{report.required_level}: {verdict}.", ""]
    lines += [
        "| milestone | required passed | pass | fail | unknown | skipped | |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in report.milestones:
        required = m.required
        ok = sum(1 for r in required if r.satisfied)
        mark = "✅" if m.reached else ("❔" if m.reachable else "❌")
        lines.append(
            f"| M{m.milestone.number} {m.milestone.name} | {ok}/{len(required)} | "
            f"{m.count(Status.PASS)} | {m.count(Status.FAIL)} | {m.count(Status.UNKNOWN)} | "
            f"{m.count(Status.SKIPPED)} | {mark} |"
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
    lines += ["", "<details><summary>All checks</summary>", ""]
    lines += ["| | check | milestone | detail |", "|---|---|---|---|"]
    for m in report.milestones:
        for r in m.results:
            flag = "" if r.check.required else " (optional)"
            lines.append(
                f"| {SYMBOL[r.status]} | `{r.check.id}` {_cell(r.check.title)}{flag} | "
                f"M{m.milestone.number} | {_cell(r.detail)} |"
            )
    lines += ["", "</details>"]
    if report.notes:
        lines += [""] + [f"> {_cell(n)}" for n in report.notes]
    return "\n".join(lines) + "\n"
