"""One rule for GitHub names, shared by the scaffold, the settings, the client and remotes."""

from __future__ import annotations

import pytest

from launchpad.github.names import full_name_from_remote, is_full_name, is_owner


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("octo/repo", True),
        ("octo-org/re.po_x-1", True),
        ("a/.github", True),
        ("a" * 39 + "/x", True),
        ("a" * 40 + "/x", False),
        ("-a/x", False),
        ("a--b/x", False),
        ("a-/x", False),
        ("a/.", False),
        ("a/..", False),
        ("o/n/x", False),
        ("not a repo", False),
        ("../../etc", False),
        ("octo/" + "r" * 101, False),
    ],
)
def test_full_names(name: str, ok: bool) -> None:
    assert is_full_name(name) is ok


def test_owner_is_the_same_rule_as_the_full_names_owner() -> None:
    for login in ("octo", "octo-org", "a", "a--b", "-a", "a-", "a" * 40, "a b"):
        assert is_owner(login) is is_full_name(f"{login}/repo"), login


@pytest.mark.parametrize(
    ("url", "full_name"),
    [
        ("https://github.com/octo/repo.git", "octo/repo"),
        ("https://github.com/octo/repo", "octo/repo"),
        ("git@github.com:octo/repo.git", "octo/repo"),
        ("ssh://git@github.com/octo/re.po/", "octo/re.po"),
        ("https://gitlab.com/octo/repo", None),
        ("https://github.com/octo/..", None),
    ],
)
def test_remote_urls(url: str, full_name: str | None) -> None:
    assert full_name_from_remote(url) == full_name


def test_every_module_uses_the_one_rule() -> None:
    """No other module spells a GitHub-name pattern of its own."""
    import re
    from pathlib import Path

    import launchpad

    root = Path(launchpad.__file__).parent
    own = re.compile(r"A-Za-z0-9-\]\*?/|A-Za-z0-9\]\(\?:\[A-Za-z0-9-\]")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "names.py" and own.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
