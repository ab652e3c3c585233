"""Run every check against a checkout and compute the level.

Checks run in file order (``requires`` may only name earlier checks, so that order is
valid). An ignored check (or every check of an ignored criterion) is skipped with its
recorded reason and counts as evidence; a check whose dependency failed is skipped and
is no evidence; a check whose dependency is unknown is unknown too.

A criterion is met when any of its evidence is; a milestone is met when its hard
criteria are met and the weighted share of the others reaches its threshold. The level
is the highest milestone met with every milestone below it met; ``level_upper`` is the
same if every unknown criterion came out met.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from launchpad.errors import InputError, LaunchpadError, NotFoundError
from launchpad.github.names import full_name_from_remote, is_full_name
from launchpad.milestones.fixtures import FIXTURES, SourceOptions, Sources
from launchpad.milestones.model import (
    Action,
    Check,
    CriterionResult,
    Milestone,
    MilestoneResult,
    MilestonesConfig,
    Outcome,
    Report,
    Result,
    Status,
    Unavailable,
    Verdict,
)
from launchpad.milestones.registry import Kind, kinds
from launchpad.milestones.settings import from_pyproject, validate_config
from launchpad.progress import NullProgress, Progress

if TYPE_CHECKING:
    from launchpad.milestones.sources.committree import CommitTree
    from launchpad.milestones.sources.git import GitLog, Snapshot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    """Everything beyond the path that shapes a run."""

    repo: str | None = None
    offline: bool = False
    require: int | None = None
    milestones_dir: Path | None = None
    today: date | None = None
    github_api_url: str | None = None
    index_url: str | None = None
    record_history: bool = True
    history_path: Path | None = None
    # DATE (YYYY-MM-DD) or REV, or a point already resolved (sources.git.Snapshot):
    # files, pyproject, git windows and GitHub's "today" as of that commit.
    as_of: str | Snapshot | None = None


def check_path(path: Path) -> Path:
    """The checkout to evaluate; a missing path or a bare repository is a clear error."""
    root = path.expanduser().resolve()
    if not root.exists():
        raise NotFoundError(f"{path} does not exist", hint="pass the path of a checkout")
    if not root.is_dir():
        raise InputError(f"{path} is not a folder", hint="pass the path of a checkout")
    if (root / "HEAD").is_file() and (root / "objects").is_dir() and not (root / ".git").exists():
        raise InputError(
            f"{path} is a bare git repository (no files to check)",
            hint=f"clone it first: git clone {path} checkout && launchpad milestones checkout",
        )
    return root


def github_repo_from_remote(root: Path) -> str | None:
    """OWNER/NAME of a github.com ``origin`` remote, read from .git/config without git."""
    import configparser

    config_path = root / ".git" / "config"
    if not config_path.is_file():
        return None
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    try:
        parser.read(config_path, encoding="utf-8")
    except configparser.Error:
        return None
    url = parser.get('remote "origin"', "url", fallback="")
    return full_name_from_remote(url)


def _run_kind(kind: Kind, check: Check, params: Mapping[str, Any], sources: Sources) -> Outcome:
    arguments: dict[str, Any] = {}
    missing: list[str] = []
    for name in kind.fixtures:
        try:
            arguments[name] = sources.get(name)
        except Unavailable as err:  # noqa: PERF203 - one fixture per iteration, by design
            if name not in kind.optional_fixtures:
                return Outcome(Status.UNKNOWN, err.reason)
            arguments[name] = None
            missing.append(err.reason)
    arguments.update({k: v for k, v in params.items() if k in kind.params})
    try:
        value = kind.function(**arguments)
    except Unavailable as err:
        return Outcome(Status.UNKNOWN, err.reason)
    except LaunchpadError as err:
        return Outcome(Status.UNKNOWN, err.message)
    except Exception as exc:  # a broken kind must not take the whole report down
        log.debug("check %s (kind %s) raised", check.id, kind.name, exc_info=True)
        return Outcome(Status.UNKNOWN, f"check kind {kind.name!r} failed: {type(exc).__name__}")
    if isinstance(value, bool):
        value = Outcome(Status.PASS if value else Status.FAIL)
    if not isinstance(value, Outcome):
        return Outcome(Status.UNKNOWN, f"check kind {kind.name!r} returned {type(value).__name__}")
    if value.status is Status.UNKNOWN and not value.detail and missing:
        return Outcome(Status.UNKNOWN, missing[0])
    return value


def run_checks(
    milestones: tuple[Milestone, ...],
    sources: Sources,
    config: MilestonesConfig,
    progress: Progress,
) -> tuple[MilestoneResult, ...]:
    """Every check, in order, honouring ignore and requires."""
    registry = kinds()
    done: dict[str, Result] = {}
    out = []
    progress.start("checks", total=sum(len(m.checks) for m in milestones))
    for milestone in milestones:
        results = []
        for check in milestone.checks:
            result = _one(check, registry[check.kind], done, sources, config)
            done[check.id] = result
            results.append(result)
            progress.advance()
        criteria = tuple(
            CriterionResult(c, tuple(done[e] for e in c.evidence)) for c in milestone.criteria
        )
        out.append(MilestoneResult(milestone, tuple(results), criteria))
    progress.finish()
    return tuple(out)


def _one(
    check: Check,
    kind: Kind,
    done: Mapping[str, Result],
    sources: Sources,
    config: MilestonesConfig,
) -> Result:
    for ignored in (check.id, check.criterion):
        if ignored in config.ignore:
            return Result(check, Status.SKIPPED, f"ignored: {config.ignore[ignored]}", ignored=True)
    for dependency in check.requires:
        before = done[dependency]
        if before.status is Status.FAIL or before.blocked_by:
            return Result(
                check, Status.SKIPPED, f"requires {dependency}, which failed", blocked_by=dependency
            )
        if before.status is Status.UNKNOWN:
            return Result(check, Status.UNKNOWN, f"requires {dependency}, which is unknown")
    params = {**check.params, **config.thresholds.get(check.id, {})}
    outcome = _run_kind(kind, check, params, sources)
    return Result(check, outcome.status, outcome.detail)


def levels(results: tuple[MilestoneResult, ...]) -> tuple[int, int]:
    """(level confirmed, level if every unknown passed); -1 means not even M0."""
    level = upper = -1
    for milestone in results:
        if upper == milestone.milestone.number - 1 and milestone.reachable:
            upper = milestone.milestone.number
        if level == milestone.milestone.number - 1 and milestone.reached:
            level = milestone.milestone.number
    return level, upper


def next_actions(
    results: tuple[MilestoneResult, ...], level: int, limit: int = 3
) -> tuple[Action, ...]:
    """What to add for the criteria not met, lowest unmet milestone first.

    Within a milestone: hard criteria, then the heaviest; advice (weight 0) last. A
    criterion with any evidence is met, so an action never asks for something found.
    Unknown criteria get no action: nothing says they are missing.
    """
    unmet = [
        (
            not c.criterion.counts,
            m.milestone.number,
            not c.criterion.hard,
            -c.criterion.weight,
            index,
            c,
        )
        for m in results
        if m.milestone.number > level
        for index, c in enumerate(m.criteria)
        if c.verdict is Verdict.NOT_MET and not any(r.ignored for r in c.evidence)
    ]
    unmet.sort(key=lambda item: item[:5])
    return tuple(
        Action(
            c.criterion.milestone,
            c.criterion.id,
            c.criterion.title,
            c.criterion.fix,
            c.criterion.hard,
        )
        for *_, c in unmet[:limit]
    )


def _notes(sources: Sources, results: tuple[MilestoneResult, ...]) -> tuple[str, ...]:
    notes = []
    used = {r.check.kind for m in results for r in m.results}
    registry = kinds()
    wanted = {f for k in used for f in registry[k].fixtures}
    for name, fixture in FIXTURES.items():
        reason = sources.reason(name)
        if fixture.label and name in wanted and reason:
            notes.append(f"{fixture.label} checks are unknown: {reason}")
    files = sources.peek("files")
    if files is not None and files.truncated:
        notes.append(f"only the first {len(files.paths):,} files were listed")
    return tuple(notes)


def evaluate(
    path: Path,
    options: RunOptions | None = None,
    *,
    progress: Progress | None = None,
    github_factory: Any = None,
) -> Report:
    """Evaluate the checkout at ``path`` against the milestones."""
    options = options or RunOptions()
    progress = progress or NullProgress()
    if options.repo is not None and not is_full_name(options.repo):
        raise InputError(
            f"--repo {options.repo!r} is not a GitHub repository", hint="use --repo OWNER/NAME"
        )
    root = check_path(path)
    today = options.today or datetime.now(timezone.utc).date()
    git_log = None
    if options.as_of is None:
        from launchpad.milestones.sources.git import started

        git_log = started(root, today)
    try:
        return _evaluate(
            root,
            options,
            today=today,
            progress=progress,
            github_factory=github_factory,
            git_log=git_log,
        )
    finally:
        if git_log is not None:
            git_log.drain()  # no git process outlives the run, asked for or not


def _evaluate(
    root: Path,
    options: RunOptions,
    *,
    today: date,
    progress: Progress,
    github_factory: Any,
    git_log: GitLog | None,
) -> Report:
    from launchpad.milestones.datacache import load
    from launchpad.milestones.sources.files import read_pyproject

    milestones = load(options.milestones_dir)
    tree: CommitTree | None = None
    snapshot: Snapshot | None = None
    if options.as_of is None:
        pyproject = read_pyproject(root)
        source = str(root / "pyproject.toml")
    else:
        from launchpad.milestones.sources.committree import CommitTree
        from launchpad.milestones.sources.git import resolve_as_of

        snapshot = resolve_as_of(root, options.as_of, options.today)
        tree = CommitTree(snapshot, root)
        pyproject = tree.pyproject()
        source = f"pyproject.toml at {snapshot.sha[:12]}"
        # the past is evaluated, not recorded: a run history holds runs as they happened
        options = replace(options, today=snapshot.day, record_history=False)
    config = from_pyproject(pyproject, source)
    validate_config(config, milestones)
    repo = options.repo or config.repo or github_repo_from_remote(root)
    today = options.today or today  # an --as-of run's is its commit's day
    if github_factory is None and not options.offline:
        github_factory = _default_github_factory(options.github_api_url)
    sources = Sources(
        root,
        pyproject=pyproject,
        config=config,
        today=today,
        options=SourceOptions(
            offline=options.offline,
            repo=repo,
            github_factory=github_factory,
            index_url=options.index_url,
        ),
        tree=tree,
        snapshot=snapshot,
        git_log=git_log,
    )
    results = run_checks(milestones, sources, config, progress)
    level, upper = levels(results)
    signals = sources.signals()
    now = datetime.now(timezone.utc)
    trends: list[Any] = []
    if options.record_history:
        from launchpad.milestones.history import History

        history = History(options.history_path)
        key = repo or str(root)
        trends = history.trends(key, today, signals)
        at = now if options.today is None else datetime.combine(today, now.timetz())
        history.record(key, at, level, upper, signals)
    github = sources.peek("github")
    if github is not None:
        signals = {**signals, "github.requests": github.request_count}
    return Report(
        path=str(root),
        repo=repo,
        evaluated_at=now.isoformat(timespec="seconds"),
        milestones=results,
        level=level,
        level_upper=upper,
        next_actions=next_actions(results, level),
        signals=signals,
        trends=tuple(trends),
        notes=_notes(sources, results),
        required_level=options.require if options.require is not None else config.require,
        as_of=None if snapshot is None else snapshot.as_of(),
    )


def _default_github_factory(api_url: str | None) -> Any:
    def factory() -> Any:
        from launchpad.github import GitHub

        return GitHub.from_env(api_url)

    return factory


__all__ = ["RunOptions", "evaluate"]
