"""Kinds that read GitHub: releases, CI, issues and pull requests, stars, community."""

from __future__ import annotations

import re

from launchpad.milestones.model import Outcome, count, failed, passed, unknown
from launchpad.milestones.registry import KindFunction
from launchpad.milestones.sources.files import Readme
from launchpad.milestones.sources.github import GitHubSignals


def gh_releases(
    github: GitHubSignals,
    min: int = 1,
    min_body_chars: int = 0,
) -> Outcome:
    """At least ``min`` GitHub releases (with notes of ``min_body_chars`` or more)."""
    releases = [r for r in github.releases() if r.body_chars >= min_body_chars]
    notes = f" with ≥{min_body_chars} characters of notes" if min_body_chars else ""
    if len(releases) >= min:
        return passed(f"{count(len(releases), 'release')}{notes} (latest {releases[0].tag})")
    return failed(f"{count(len(releases), 'release')}{notes}, need {min}")


def gh_ci_green(github: GitHubSignals) -> Outcome:
    """The latest workflow run on the default branch succeeded."""
    run = github.latest_run()
    if run is None:
        return failed(f"no workflow run on {github.default_branch}")
    label = f"'{run.name}' on {github.default_branch}"
    if run.conclusion == "success":
        return passed(f"{label} succeeded")
    if run.conclusion is None:
        return unknown(f"{label} is {run.status}")
    return failed(f"{label} ended {run.conclusion}")


def gh_issue_authors(github: GitHubSignals, min: int, window_days: int = 365) -> Outcome:
    """At least ``min`` distinct external people opened issues in the window."""
    people = github.external_issue_authors(window_days)
    detail = f"{count(len(people), 'external issue author')} in the last {window_days} days"
    if len(people) >= min:
        return passed(detail)
    if not github.issues_complete:
        return _capped(github, detail, min)
    return failed(f"{detail}; need {min}")


def _capped(github: GitHubSignals, detail: str, need: int) -> Outcome:
    """A count below the goal from a capped read: the rest may be in what was not read."""
    return unknown(f"{detail} in {github.issues_reach()} read; need {need}, older ones not read")


def gh_external_prs(github: GitHubSignals, min: int, window_days: int = 365) -> Outcome:
    """At least ``min`` pull requests by external authors were merged in the window."""
    merged = github.merged_external_pulls(window_days)
    people = {p.author.lower() for p in merged}
    by = count(len(people), "person", "people")
    detail = f"{count(len(merged), 'merged external pull request')} by {by}"
    if len(merged) >= min:
        return passed(detail)
    if not github.issues_complete:
        return _capped(github, detail, min)
    return failed(f"{detail}; need {min}")


def gh_first_response(github: GitHubSignals, max_hours: float, sample: int = 8) -> Outcome:
    """The median time to a first reply on recent external issues is at most ``max_hours``."""
    median = github.median_first_response(sample)
    if median is None:
        return failed("no external issues in the last year to respond to")
    detail = f"median first response {median:.0f} h"
    return passed(detail) if median <= max_hours else failed(f"{detail}; goal ≤ {max_hours:.0f} h")


def gh_stars(
    github: GitHubSignals,
    min_total: int = 0,
    min_gained: int = 0,
    window_days: int = 365,
) -> Outcome:
    """At least ``min_total`` stars, and ``min_gained`` of them in the window."""
    stars = github.stars_on()
    if stars < min_total:
        return failed(f"{count(stars, 'star')}, need {min_total}")
    if not min_gained:
        return passed(count(stars, "star"))
    gained = github.stars_gained(window_days)
    detail = f"{count(stars, 'star')}, {gained} in the last {window_days} days"
    return passed(detail) if gained >= min_gained else failed(f"{detail}; need {min_gained}")


def gh_forks(github: GitHubSignals, min: int) -> Outcome:
    """At least ``min`` forks."""
    forks = github.forks_on()
    detail = count(forks, "fork")
    return passed(detail) if forks >= min else failed(f"{detail}; need {min}")


def gh_discoverable(github: GitHubSignals, min_topics: int = 3) -> Outcome:
    """People can find it: a description, a homepage and at least ``min_topics`` topics."""
    missing = []
    if not github.description:
        missing.append("description")
    if not github.homepage:
        missing.append("homepage")
    if len(github.topics) < min_topics:
        missing.append(f"topics ({len(github.topics)} of {min_topics})")
    if missing:
        return failed(f"missing {', '.join(missing)}")
    return passed(f"{count(len(github.topics), 'topic')}, homepage {github.homepage}")


def gh_community(github: GitHubSignals, min_health: int = 85) -> Outcome:
    """GitHub's community profile health is at least ``min_health`` percent."""
    profile = github.community
    health = int(profile.health_percentage)
    missing = [name for name, present in profile.files.items() if not present]
    detail = f"community health {health}%"
    if missing:
        detail += f" (missing {', '.join(sorted(missing))})"
    return passed(detail) if health >= min_health else failed(f"{detail}; need {min_health}%")


def gh_labels(github: GitHubSignals, labels: list[str]) -> Outcome:
    """Triage labels exist (e.g. ``good first issue``, ``help wanted``)."""
    have = {label.lower() for label in github.labels}
    missing = [label for label in labels if label.lower() not in have]
    if missing:
        return failed(f"no label {', '.join(repr(m) for m in missing)}")
    return passed(", ".join(labels))


_CHAT = (
    r"discord\.(gg|com)|slack\.com|gitter\.im|zulipchat\.com|matrix\.to|"
    r"groups\.google\.com|discuss\.|forum|mailing list|/discussions\b"
)


def place_to_talk(readme: Readme, github: GitHubSignals | None = None) -> Outcome:
    """A place to talk: GitHub Discussions, or a chat/forum link in the README."""
    match = re.search(_CHAT, readme.text, re.IGNORECASE)
    if match:
        return passed(f"README links {match.group(0)}")
    if github is None:
        return unknown("no chat or forum link in the README; GitHub Discussions not checked")
    if github.has_discussions:
        return passed("GitHub Discussions enabled")
    return failed("no Discussions and no chat or forum link in the README")


KINDS: dict[str, KindFunction] = {
    "gh-releases": gh_releases,
    "gh-ci-green": gh_ci_green,
    "gh-issue-authors": gh_issue_authors,
    "gh-external-prs": gh_external_prs,
    "gh-first-response": gh_first_response,
    "gh-stars": gh_stars,
    "gh-forks": gh_forks,
    "gh-discoverable": gh_discoverable,
    "gh-community": gh_community,
    "gh-labels": gh_labels,
    "place-to-talk": place_to_talk,
}
