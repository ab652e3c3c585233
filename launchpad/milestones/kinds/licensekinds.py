"""The license kind: a license file recognised as an SPDX license, or pyproject saying so."""

from __future__ import annotations

import re
from typing import Any

from launchpad.milestones.model import Outcome, failed, passed
from launchpad.milestones.registry import KindFunction
from launchpad.milestones.sources.files import RepoFiles

LICENSE_GLOBS = ("license", "license.*", "licence", "licence.*", "copying", "copying.*",
                 "licenses/*")  # fmt: skip
_LICENSE_TEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AGPL-3.0", ("gnu affero general public license",)),
    ("LGPL-3.0", ("gnu lesser general public license", "version 3")),
    ("LGPL-2.1", ("gnu lesser general public license", "version 2.1")),
    ("GPL-3.0", ("gnu general public license", "version 3")),
    ("GPL-2.0", ("gnu general public license", "version 2")),
    ("Apache-2.0", ("apache license", "version 2.0")),
    ("MPL-2.0", ("mozilla public license", "2.0")),
    ("MIT", ("permission is hereby granted, free of charge",)),
    ("ISC", ("permission to use, copy, modify, and/or distribute this software",)),
    ("BSD-3-Clause", ("redistribution and use in source and binary forms", "neither the name")),
    ("BSD-3-Clause", ("redistribution and use in source and binary forms", "the names of")),
    ("BSD-2-Clause", ("redistribution and use in source and binary forms",)),
    ("Unlicense", ("free and unencumbered software released into the public domain",)),
    ("CC0-1.0", ("cc0 1.0 universal",)),
    ("CC-BY-NC-SA-4.0", ("attribution-noncommercial-sharealike 4.0",)),
    ("CC-BY-NC-4.0", ("attribution-noncommercial 4.0",)),
    ("CC-BY-SA-4.0", ("attribution-sharealike 4.0",)),
    ("CC-BY-4.0", ("creative commons attribution 4.0",)),
    ("BSL-1.0", ("boost software license",)),
    ("EPL-2.0", ("eclipse public license", "2.0")),
)
_SPDX_TAG = re.compile(
    r"SPDX-License-Identifier:\s*([A-Za-z0-9.+-]+(?:\s+(?:OR|AND)\s+[A-Za-z0-9.+-]+)*)"
)
_CLASSIFIER = {
    "MIT License": "MIT",
    "Apache Software License": "Apache-2.0",
    "BSD License": "BSD-3-Clause",
    "GNU General Public License v3 (GPLv3)": "GPL-3.0",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
}


def identify_license(text: str) -> str | None:
    """The SPDX id of a license text (None when it is not recognised)."""
    tag = _SPDX_TAG.search(text)
    if tag and _open_expression(tag.group(1))[0] is not None:
        return tag.group(1)
    low = " ".join(text.lower().split())
    for spdx, needles in _LICENSE_TEXTS:
        if all(n in low for n in needles):
            return spdx
    return None


def _open_expression(expression: str) -> tuple[str | None, str]:
    """The canonical SPDX expression if it names an open license, else (None, why not)."""
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    if "proprietary" in expression.lower():
        return None, "a proprietary license"
    try:
        canonical = str(canonicalize_license_expression(expression))
    except InvalidLicenseExpression as err:
        return None, f"not a valid SPDX expression ({str(err).splitlines()[0]})"
    words = canonical.replace("(", " ").replace(")", " ").split()
    licenses = [
        word
        for index, word in enumerate(words)
        if word not in {"AND", "OR", "WITH"} and (index == 0 or words[index - 1] != "WITH")
    ]
    if all(word.startswith("LicenseRef-") for word in licenses):
        return None, "only LicenseRef- identifiers, no SPDX license"
    return canonical, ""


_RESERVED = re.compile(r"all\s+rights\s+reserved", re.IGNORECASE)


def license_spdx(files: RepoFiles, pyproject: dict[str, Any]) -> Outcome:
    """A recognised open license: a LICENSE text, or pyproject saying so beside a LICENSE.

    A pyproject ``license = "..."`` string must be a valid SPDX expression naming an
    open license (``packaging.licenses``); ``Proprietary`` or ``LicenseRef-*`` alone
    fails, and so does a LICENSE file that only reserves all rights.
    """
    project = pyproject.get("project", {})
    declared = project.get("license")
    if isinstance(declared, str):
        canonical, why = _open_expression(declared.strip())
        if canonical is None:
            return failed(f"pyproject license = {declared!r} is {why}")
    candidates = files.glob(*LICENSE_GLOBS)
    for path in candidates:
        spdx = identify_license(files.text(path))
        if spdx:
            return passed(f"{spdx} ({path})")
    if isinstance(declared, dict):
        outcome = _license_table(files, declared)
        if outcome is not None:
            return outcome
    reserved = next((p for p in candidates if _RESERVED.search(files.text(p))), None)
    if reserved is not None:
        return failed(f"{reserved} reserves all rights and has no open-source license text")
    if isinstance(declared, str):
        if candidates:
            return passed(f"{canonical} (pyproject; {candidates[0]} not recognised)")
        return failed(f"pyproject declares {declared} but no LICENSE file ships the text")
    for classifier in project.get("classifiers", []):
        name = str(classifier).rsplit("::", 1)[-1].strip()
        if str(classifier).startswith("License ::") and name in _CLASSIFIER and candidates:
            return passed(f"{_CLASSIFIER[name]} (classifier)")
    if candidates:
        return failed(f"{candidates[0]} is not a recognised license text")
    return failed("no LICENSE file")


def _license_table(files: RepoFiles, declared: dict[str, Any]) -> Outcome | None:
    """``license = {file = ...}`` or ``{text = ...}`` (the older pyproject form)."""
    if isinstance(declared.get("file"), str):
        path = declared["file"].lstrip("./")
        spdx = identify_license(files.text(path)) if path in files.paths else None
        if spdx:
            return passed(f"{spdx} (pyproject license file {path})")
    if isinstance(declared.get("text"), str):
        text = declared["text"]
        spdx = identify_license(text) or _open_expression(text.strip())[0]
        if spdx:
            return passed(f"{spdx} (pyproject license text)")
    return None


KINDS: dict[str, KindFunction] = {"license-spdx": license_spdx}
