"""Continuous integration that runs something: a workflow that only lints or closes
stale issues is configuration, not the tests-or-CI a user can rely on."""

from __future__ import annotations

import re

from launchpad.milestones.model import Outcome, failed, passed
from launchpad.milestones.sources.files import RepoFiles

CI_CONFIGS = (
    ".github/workflows/*.yml",
    ".github/workflows/*.yaml",
    ".gitlab-ci.yml",
    ".travis.yml",
    ".circleci/config.yml",
    "azure-pipelines.yml",
    ".azure-pipelines/*.yml",
    "jenkinsfile",
    ".buildkite/*.yml",
    "appveyor.yml",
)
# What a CI job that tests the code runs: a test runner, a test target, or a test folder.
RUNS_TESTS = re.compile(
    r"\b(py)?tests?\b|\bunittest\b|\btox\b|\bnox\b|\bctest\b|\bmake\s+(test|check)\b"
    r"|\bcargo\s+test\b|\bnpm\s+(run\s+)?test\b|\bdoctest\b|\bhatch\s+(run\s+)?test",
    re.IGNORECASE,
)


def ci_runs_tests(files: RepoFiles) -> Outcome:
    """A CI configuration that runs the tests (or a test target), not only linters or bots."""
    configs = files.glob(*CI_CONFIGS)
    for path in configs:
        match = RUNS_TESTS.search(files.text(path))
        if match:
            return passed(f"{path} runs {match.group(0).strip()!r}")
    if configs:
        return failed(f"{len(configs)} CI file(s), none runs tests ({configs[0]})")
    return failed("no CI configuration")


KINDS = {"ci-runs-tests": ci_runs_tests}
