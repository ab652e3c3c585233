"""arXiv's category codes: which archives exist, their spelling, a ``--categories`` list."""

from __future__ import annotations

import re

from launchpad.errors import InputError

_CATEGORY = re.compile(r"([a-z][a-z-]*)(\.[A-Za-z][A-Za-z-]*)?")  # cs.CL, hep-th, q-bio.NC
ARCHIVES = frozenset(
    [
        "cs",
        "math",
        "stat",
        "physics",
        "q-bio",
        "q-fin",
        "econ",
        "eess",
        "astro-ph",
        "cond-mat",
        "gr-qc",
        "hep-ex",
        "hep-lat",
        "hep-ph",
        "hep-th",
        "math-ph",
        "nlin",
        "nucl-ex",
        "nucl-th",
        "quant-ph",
        "acc-phys",
        "adap-org",
        "alg-geom",
        "ao-sci",
        "atom-ph",
        "bayes-an",
        "chao-dyn",
        "chem-ph",
        "cmp-lg",
        "comp-gas",
        "dg-ga",
        "funct-an",
        "mtrl-th",
        "patt-sol",
        "plasm-ph",
        "q-alg",
        "solv-int",
        "supr-con",
    ]
)


def is_category(code: str) -> bool:
    """True for an arXiv category code (``cs.CL``, ``hep-th``) or archive (``stat``)."""
    match = _CATEGORY.fullmatch(code)
    return bool(match) and match.group(1) in ARCHIVES  # type: ignore[union-attr]


def canonical_category(code: str) -> str:
    """``code`` in arXiv's spelling, e.g. ``CS.cl`` -> ``cs.CL``.

    Subject classes are upper case except in physics and cond-mat (``physics.soc-ph``).
    """
    archive, dot, subject = code.partition(".")
    archive = archive.lower()
    if subject:
        subject = subject.lower() if archive in {"physics", "cond-mat"} else subject.upper()
    return archive + dot + subject


def parse_categories(text: str | None) -> tuple[str, ...]:
    """``"cs.CL, cs.LG"`` -> ``("cs.CL", "cs.LG")``; an archive such as ``cs`` matches all."""
    if not text:
        return ()
    items = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    for item in items:
        canonical = canonical_category(item)
        if not is_category(canonical):
            raise InputError(
                f"{item!r} is not an arXiv category",
                hint="use codes like cs.CL,cs.LG or an archive",
            )
        if canonical != item:  # cs.cl would silently match nothing
            raise InputError(
                f"{item!r} is not an arXiv category",
                hint=f"codes are case-sensitive: {canonical}",
            )
    return items
