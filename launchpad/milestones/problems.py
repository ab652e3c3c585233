"""One problem in the milestone data, and pydantic's errors in the words lint prints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the milestone data."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def messages(err: ValidationError, wording: Mapping[str, str], number: int = 0) -> dict[str, str]:
    """One message per offending key (unknown keys first, then in field order), by key."""
    errors = sorted(err.errors(), key=lambda e: e["type"] != "extra_forbidden")
    out: dict[str, str] = {}
    for error in errors:
        key = str(error["loc"][0])
        if error["type"] == "extra_forbidden":
            out[key] = f"unknown key {key!r}"
        elif key in wording:
            out.setdefault(key, wording[key].format(key=key, number=number))
    return out
