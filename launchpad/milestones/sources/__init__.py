"""Signal sources: what a checkout's files, its git history, GitHub and the package index say.

Each source is plain code over one kind of evidence and imports nothing of the engine
(loader, registry, runner) beside it, only :mod:`launchpad.milestones.model`; the engine
builds them lazily through :mod:`launchpad.milestones.fixtures`. A source that cannot be
read raises :class:`~launchpad.milestones.model.Unavailable`.
"""
