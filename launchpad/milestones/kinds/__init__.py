"""launchpad's own check kinds, registered through the ``launchpad.check_kinds`` group.

``pyproject.toml`` declares ``builtin = "launchpad.milestones.kinds"``; the registry
reads :data:`KINDS` from this module exactly as it reads a third party's.
"""

from __future__ import annotations

from launchpad.milestones.kinds import (
    audiencekinds,
    cikinds,
    docskinds,
    extraskinds,
    filekinds,
    githubkinds,
    gitkinds,
    indexkinds,
    licensekinds,
    prosekinds,
    usagekinds,
)
from launchpad.milestones.registry import KindFunction

KINDS: dict[str, KindFunction] = {
    **audiencekinds.KINDS,
    **cikinds.KINDS,
    **docskinds.KINDS,
    **extraskinds.KINDS,
    **filekinds.KINDS,
    **licensekinds.KINDS,
    **gitkinds.KINDS,
    **githubkinds.KINDS,
    **indexkinds.KINDS,
    **prosekinds.KINDS,
    **usagekinds.KINDS,
}
