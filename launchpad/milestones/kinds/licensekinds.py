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
_SPDX_ID = re.compile(r"^[A-Za-z0-9.+-]+(\s+(OR|AND|WITH)\s+[A-Za-z0-9.+-]+)*$")
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
    if tag:
        return tag.group(1)
    low = " ".join(text.lower().split())
    for spdx, needles in _LICENSE_TEXTS:
        if all(n in low for n in needles):
            return spdx
    return None


def license_spdx(files: RepoFiles, pyproject: dict[str, Any]) -> Outcome:
    """A license file whose text is recognised as an SPDX license (or pyproject says so)."""
    candidates = files.glob(*LICENSE_GLOBS)
    for path in candidates:
        spdx = identify_license(files.text(path))
        if spdx:
            return passed(f"{spdx} ({path})")
    declared = pyproject.get("project", {}).get("license")
    if isinstance(declared, str) and _SPDX_ID.match(declared.strip()):
        if candidates:
            return passed(f"{declared} (pyproject; {candidates[0]} not recognised)")
        return failed(f"pyproject declares {declared} but no LICENSE file ships the text")
    for classifier in pyproject.get("project", {}).get("classifiers", []):
        name = str(classifier).rsplit("::", 1)[-1].strip()
        if str(classifier).startswith("License ::") and name in _CLASSIFIER and candidates:
            return passed(f"{_CLASSIFIER[name]} (classifier)")
    if candidates:
        return failed(f"{candidates[0]} is not a recognised license text")
    return failed("no LICENSE file")


KINDS: dict[str, KindFunction] = {"license-spdx": license_spdx}
