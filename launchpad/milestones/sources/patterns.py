"""Path patterns: ``.gitignore`` syntax anchored at the repository root (pathspec).

A pattern list becomes one regular expression: pathspec translates each pattern, and
only the alternation of them all is compiled, as compiling is most of what a pattern
costs and a run asks for a few dozen lists.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache

from launchpad.errors import ConfigError

# Each "*" in a segment can make Python's backtracking regex retry every split of
# the name: "*a*a*a*a*a*b" takes minutes on a 40-character name. Real patterns use
# one or two.
MAX_WILDCARDS = 4


@lru_cache(maxsize=512)
def path_matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """A test for lower-cased POSIX paths against ``.gitignore``-style ``patterns``.

    Patterns are relative to the repository root: ``contributing*`` matches
    ``CONTRIBUTING.md`` but not ``third_party/x/CONTRIBUTING.md``; ``**/`` matches any
    depth (also none) and a trailing ``/**`` everything below, at any depth; ``!``
    excludes again, the last matching pattern wins. Matching is case-insensitive.
    An invalid pattern raises :class:`~launchpad.errors.ConfigError`.
    """
    from pathspec.patterns.gitignore.basic import GitIgnoreBasicPattern

    # Translated without compiling each pattern: one alternation is all a run needs, and
    # compiling is most of the cost. Any problem takes the pattern-by-pattern way, which
    # names the first bad pattern.
    regexes = []
    for pattern, anchored in _anchored(patterns):
        if _too_wild(pattern):
            return _compiled_matcher(patterns)
        try:
            regex, include = GitIgnoreBasicPattern.pattern_to_regex(anchored)
        except ValueError:
            return _compiled_matcher(patterns)
        if include is False:  # an exclusion: the last matching pattern wins
            return _compiled_matcher(patterns)
        if include is not None and regex is not None:
            regexes.append(regex)
    try:
        return _alternation(regexes)
    except re.error:
        return _compiled_matcher(patterns)


def _compiled_matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """:func:`path_matcher` pattern by pattern: exclusions go through pathspec's
    ``PathSpec``, and an invalid pattern raises its ConfigError."""
    from pathspec import PathSpec
    from pathspec.patterns.gitignore.basic import GitIgnoreBasicPattern

    compiled = []
    for pattern, anchored in _anchored(patterns):
        if _too_wild(pattern):
            raise _bad_pattern(pattern, f"more than {MAX_WILDCARDS} '*' wildcards")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compiled.append(GitIgnoreBasicPattern(anchored))
        except (ValueError, re.error) as err:
            raise _bad_pattern(pattern, str(err)) from err
    active = [c for c in compiled if c.include is not None and c.regex is not None]
    if all(c.include for c in active):
        return _alternation([c.regex.pattern for c in active if c.regex is not None])
    return PathSpec(active).match_file


def _anchored(patterns: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Each pattern that names something, with its lower-case form anchored at the root."""
    for pattern in patterns:
        anchored = _anchor(pattern.strip().lower())
        if anchored is not None:
            yield pattern, anchored


def _too_wild(pattern: str) -> bool:
    return pattern.count("*") - 2 * pattern.count("**") > MAX_WILDCARDS


def _alternation(regexes: list[str]) -> Callable[[str], bool]:
    """One compiled test for any of ``regexes`` (none: matches nothing)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # re's FutureWarning on sets such as "[["
        alternation = re.compile("|".join(f"(?:{rx})" for rx in regexes) or "(?!)")
    return lambda path: alternation.match(path) is not None


def _anchor(pattern: str) -> str | None:
    """The pattern anchored at the root (None for one that names nothing)."""
    negate, body = ("!", pattern[1:]) if pattern.startswith("!") else ("", pattern)
    if not body.strip("/"):
        return None
    if not body.startswith(("/", "**/")) and body != "**":
        body = "/" + body
    return negate + body


def _bad_pattern(pattern: str, reason: str) -> ConfigError:
    reason = reason.splitlines()[0] if reason else "not a valid pattern"
    return ConfigError(
        f"invalid path pattern {pattern!r}: {reason}",
        hint="patterns use .gitignore syntax from the repository root, e.g. 'docs/**/*.md'; "
        "write a literal [ as \\[",
    )
