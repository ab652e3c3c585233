"""The cached percentile reference is keyed by all the code its raw values come from."""

from __future__ import annotations

from launchpad.ideas.reference import RAW_VALUE_MODULES
from tests.test_structure import imports_of


def test_the_scorer_version_digests_every_module_the_scorer_imports() -> None:
    seen: set[str] = set()
    todo = ["launchpad.ideas.score"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += [t for t in imports_of(module) if t.startswith("launchpad.ideas.")]
    digested = {f"launchpad.ideas.{name}" for name in RAW_VALUE_MODULES}
    assert seen <= digested, sorted(seen - digested)
