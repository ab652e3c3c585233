"""Kinds for documentation and publication evidence: a docs site, its URL, an install command.

Each passes on the first piece of evidence it finds and names where it found it. The
import example that ``entry-point`` accepts for a library is found here too.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from launchpad.milestones.model import Outcome, failed, passed
from launchpad.milestones.registry import KindFunction
from launchpad.milestones.sources.files import Docs, Readme, RepoFiles


def import_names(files: RepoFiles, pyproject: dict[str, Any]) -> list[str]:
    """Names users import the library by: the main package, and the distribution name as a
    module name (``flash-attn`` -> ``flash_attn``)."""
    from launchpad.milestones.sources.index import distribution_name

    names = []
    if files.main_package is not None:
        names.append(files.main_package.rsplit("/", 1)[-1])
    dist = distribution_name(pyproject, files)
    if dist:
        module = re.sub(r"[-.]+", "_", dist).lower()
        if module.isidentifier() and module not in names:
            names.append(module)
    return names


def _import_regex(names: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(
        rf"^[ \t]*(?:>>>[ \t]*|\.\.\.[ \t]*)?(?:from[ \t]+(?:{alternatives})(?:\.[\w.]+)?"
        rf"[ \t]+import\b|import[ \t]+(?:{alternatives})\b)",
        re.MULTILINE,
    )


def import_example(
    files: RepoFiles, pyproject: dict[str, Any], readme: Readme | None, docs: Docs | None
) -> str | None:
    """Where the README or a docs page (markdown, rst, notebook) imports the library.

    The README counts anywhere (plain-text READMEs have no code blocks); a docs page
    only in a code block, so prose that says "import dspy" does not count.
    """
    names = import_names(files, pyproject)
    if not names:
        return None
    rx = _import_regex(names)
    if readme is not None and readme.path is not None:
        for block in readme.code_blocks:
            match = rx.search(block.text)
            if match:  # the line of the block (its fence or directive)
                return f"{readme.path} line {block.line}: {match.group(0).strip()[:50]}"
        match = rx.search(readme.text)
        if match:
            line = readme.text.count("\n", 0, match.start()) + 1
            return f"{readme.path} line {line}: {match.group(0).strip()[:50]}"
    if docs is None:
        return None
    loose = re.compile(rf"\b(?:import|from)\s+(?:{'|'.join(map(re.escape, names))})\b")
    for path in [*docs.paths[: Docs.MAX_PAGES], *docs.notebooks[: Docs.MAX_PAGES]]:
        if not loose.search(files.text(path)):
            continue  # most pages: no need to parse them
        for block in docs.page(path).code_blocks:
            match = rx.search(block.text)
            if match:
                where = "cell" if path.lower().endswith(".ipynb") else "line"
                return f"{path} {where} {block.line}: {match.group(0).strip()[:50]}"
    return None


# Docs generator configurations: file name -> generator.
_SITE_CONFIGS = {
    "mkdocs.yml": "MkDocs", "mkdocs.yaml": "MkDocs", "_toctree.yml": "HF doc-builder",
    ".readthedocs.yml": "Read the Docs", ".readthedocs.yaml": "Read the Docs",
    "readthedocs.yml": "Read the Docs", "readthedocs.yaml": "Read the Docs",
    "docusaurus.config.js": "Docusaurus", "docusaurus.config.ts": "Docusaurus",
    "docusaurus.config.mjs": "Docusaurus", "_quarto.yml": "Quarto", "book.toml": "mdBook",
    "mint.json": "Mintlify",
}  # fmt: skip
_TEST_DIRS = frozenset({"tests", "test", "testdata", "fixtures"})


def docs_site(files: RepoFiles, max_depth: int = 2) -> Outcome:
    """A docs generator configuration within ``max_depth`` folders of the root.

    MkDocs, Sphinx (``conf.py`` beside an ``index.rst``/``index.md``), HF doc-builder
    (``_toctree.yml``), Read the Docs, Docusaurus, Quarto, mdBook, Mintlify, Jupyter Book
    (``_config.yml`` with ``_toc.yml``).
    """
    names = [*_SITE_CONFIGS, "conf.py", "_config.yml", "_toc.yml", "index.rst", "index.md"]
    found = [
        path
        for path in files.glob(*(f"**/{name}" for name in names))
        if path.count("/") <= max_depth and not _TEST_DIRS.intersection(path.split("/")[:-1])
    ]
    present = {path.lower() for path in found}
    for path in found:
        folder, _, name = path.rpartition("/")
        prefix = f"{folder}/".lower() if folder else ""
        generator = _SITE_CONFIGS.get(name.lower())
        if generator is None and name.lower() == "conf.py":
            if {prefix + "index.rst", prefix + "index.md"} & present:
                generator = "Sphinx"
        elif generator is None and name.lower() == "_config.yml" and prefix + "_toc.yml" in present:
            generator = "Jupyter Book"
        if generator is not None:
            return passed(f"{generator}: {path}")
    return failed(f"no docs generator configuration within {max_depth} folders of the root")


# Hosts of other projects' documentation: a link there is not this project's docs site.
_OTHER_DOCS = frozenset(
    {
        "docs.python.org", "docs.github.com", "pytorch.org", "docs.pytorch.org",
        "docs.conda.io", "docs.docker.com", "docs.nvidia.com", "docs.anaconda.com",
        "docs.google.com", "docs.microsoft.com", "learn.microsoft.com", "docs.aws.amazon.com",
        "docs.scipy.org", "numpy.org", "docs.astral.sh", "docs.wandb.ai", "huggingface.co",
        "docs.ray.io", "docs.pydantic.dev", "docs.pytest.org", "docs.djangoproject.com",
        "tensorflow.org", "www.tensorflow.org", "jax.readthedocs.io", "docs.jax.dev",
        "pip.pypa.io", "packaging.python.org", "docs.readthedocs.io", "docs.openai.com",
        "platform.openai.com", "docs.anthropic.com", "docs.cloud.google.com",
    }
)  # fmt: skip
# Code hosts, badges, papers and package pages: not a docs site even when they say "docs".
_NOT_SITES = frozenset(
    {
        "github.com", "raw.githubusercontent.com", "gitlab.com", "img.shields.io",
        "badge.fury.io", "colab.research.google.com", "arxiv.org", "pypi.org",
        "anaconda.org", "pepy.tech", "codecov.io", "app.codecov.io", "zenodo.org",
    }
)  # fmt: skip
_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
_GENERIC = frozenset({"python", "pytorch", "torch", "research", "core", "library", "official"})


def _tokens(files: RepoFiles, pyproject: dict[str, Any], readme: Readme) -> set[str]:
    """Lower-case alphanumeric forms of the project's names and their longer parts.

    Without a package or distribution name, the first word of the README's title
    (``nanoGPT``) names the project.
    """
    names = import_names(files, pyproject) + _distributions(files, pyproject)
    if not names and readme.headings and readme.headings[0].title.split():
        names = [readme.headings[0].title.split()[0]]
    tokens: set[str] = set()
    for name in names:
        low = name.lower()
        tokens.add(re.sub(r"[^a-z0-9]", "", low))
        tokens.update(
            part for part in re.split(r"[^a-z0-9]+", low) if len(part) >= 4 and part not in _GENERIC
        )
    return {t for t in tokens if len(t) >= 2}


def _own(url: str, tokens: set[str]) -> bool:
    """The URL names the project (in its host or path)."""
    flat = re.sub(r"[^a-z0-9]", "", url.lower().split("://", 1)[-1])
    return any(t in flat for t in tokens)


def _docs_link(url: str, context: str, tokens: set[str]) -> bool:
    """Whether ``url`` (found in the text ``context``) is the project's documentation."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    if host in _NOT_SITES or host.endswith(".githubusercontent.com"):
        return False
    said = re.search(r"\bdoc(?:s|umentation)?\b", context, re.IGNORECASE) is not None
    if host in _OTHER_DOCS or host.endswith((".python.org", ".pytorch.org")):
        # another project's site, unless the project's pages live there (hf.co/docs/peft)
        flat = re.sub(r"[^a-z0-9/]", "", path)
        return ("/docs" in path or said) and any(t in flat for t in tokens)
    hosted = host.endswith(
        (".readthedocs.io", ".readthedocs.org", ".rtfd.io", ".github.io", ".gitbook.io")
    ) or host in {"readthedocs.org", "readthedocs.io"}
    looks = hosted or host.startswith("docs.") or "/docs" in path or "/doc/" in path
    if looks and _own(url, tokens):
        return True
    # "Documentation: dspy.ai": a link on the project's own domain, introduced as docs
    return said and any(t in host.replace("-", "") for t in tokens)


def docs_url(readme: Readme, pyproject: dict[str, Any], files: RepoFiles) -> Outcome:
    """A documentation site URL in pyproject ``[project.urls]`` or in the README.

    Read the Docs, GitHub Pages, GitBook, a ``docs.`` host or ``/docs`` path naming the
    project, or a link on the project's own domain introduced as its documentation;
    links to other projects' docs (docs.python.org, pytorch.org/docs) do not count.
    """
    urls = {
        **pyproject.get("project", {}).get("urls", {}),
        **pyproject.get("tool", {}).get("poetry", {}).get("urls", {}),
    }
    poetry_docs = pyproject.get("tool", {}).get("poetry", {}).get("documentation")
    if isinstance(poetry_docs, str):
        urls["documentation"] = poetry_docs
    for key, value in urls.items():
        if re.search(r"doc", str(key), re.IGNORECASE) and str(value).startswith("http"):
            return passed(f"pyproject [project.urls] {key}: {value}")
    if readme.path is None:
        return failed("no README and no Documentation URL in pyproject")
    tokens = _tokens(files, pyproject, readme)
    for number, line in enumerate(readme.text.splitlines(), start=1):
        for match in _URL.finditer(line):
            url = match.group(0).rstrip(".,;:!?*_")
            if _docs_link(url, line, tokens):
                return passed(f"{readme.path} line {number}: {url}")
    return failed("no documentation URL in the README or pyproject [project.urls]")


_SETUP_NAME = re.compile(r"""\bname\s*=\s*["']([A-Za-z0-9][A-Za-z0-9._-]*)["']""")
_CFG_NAME = re.compile(r"^name\s*=\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*$", re.MULTILINE)


def _distributions(files: RepoFiles, pyproject: dict[str, Any]) -> list[str]:
    """Distribution names the checkout declares (pyproject, Poetry, setup.cfg, setup.py)."""
    names = [
        pyproject.get("project", {}).get("name"),
        pyproject.get("tool", {}).get("poetry", {}).get("name"),
    ]
    if "setup.cfg" in files.paths:
        names += _CFG_NAME.findall(files.text("setup.cfg"))[:1]
    if "setup.py" in files.paths:
        names += _SETUP_NAME.findall(files.text("setup.py"))[:3]
    return [n for n in names if isinstance(n, str) and n]


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


_INSTALL = re.compile(
    r"(?:^|[\s`$>(])(?:(?:python3?|py)\s+-m\s+)?(?P<tool>pip3?|uv\s+pip|uv|pipx|conda|mamba|poetry)"
    r"\s+(?P<verb>install|add)\s+(?P<args>[^\n`|;&#]+)",
    re.IGNORECASE | re.MULTILINE,
)
_VALUE_OPTIONS = frozenset(
    {"-c", "--channel", "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
     "--target", "-t", "--prefix", "-n", "--name", "--python", "-p", "--group", "--extra"}
)  # fmt: skip
_NOT_A_NAME = frozenset({"-e", "--editable", "-r", "--requirement", "--constraint"})


def _installed(args: str) -> list[str]:
    """The package names an install command's arguments name (no paths, URLs or files)."""
    names: list[str] = []
    words = args.split()
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word in _VALUE_OPTIONS or word in _NOT_A_NAME:
            skip = True  # the option's value, or an editable path / requirements file
            continue
        if word.startswith("-") or word == "\\":
            continue
        bare = word.strip("\"'").split("::")[-1]  # conda-forge::name
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?(?:[<>=!~;@ ].*)?$", bare)
        if match and "/" not in bare and not bare.startswith("."):
            names.append(match.group(1))
    return names


def install_command(
    readme: Readme, files: RepoFiles, pyproject: dict[str, Any], docs: Docs | None = None
) -> Outcome:
    """The README, an INSTALL file or a docs page installs the project by name: evidence
    that it is published.

    ``pip install NAME`` (also ``"NAME[extra]"``), ``conda install [-c channel] NAME``,
    ``uv add NAME`` for the declared distribution or the main package; ``-e .``, ``.``,
    ``git+...`` and ``-r requirements.txt`` install a checkout, not a release.
    """
    wanted = {_normal(n) for n in _distributions(files, pyproject) + import_names(files, pyproject)}
    if not wanted:
        return failed("no distribution or package name to look for")
    sources: list[tuple[str, str | None]] = []  # (path, text; None: read it when needed)
    if readme.path is not None:
        sources.append((readme.path, readme.text))
    sources += [(path, None) for path in files.glob("install*.md", "install*.rst", "install")]
    if docs is not None:
        sources += [(path, None) for path in docs.paths[: Docs.MAX_PAGES]]
    for path, text in sources:
        body = files.text(path) if text is None else text
        if "install" not in body and " add " not in body:
            continue
        for match in _INSTALL.finditer(body):
            if match.group("verb").lower() == "add" and match.group("tool").lower() not in {
                "uv",
                "poetry",
            }:
                continue
            args = match.group("args")
            if "git+" in args or "://" in args:
                continue  # installs from a repository, not a release
            if any(_normal(name) in wanted for name in _installed(args)):
                line = body.count("\n", 0, match.start("tool")) + 1
                command = " ".join(body[match.start("tool") : match.end()].split())[:60]
                return passed(f"{path} line {line}: {command}")
    return failed(f"no install command for {' / '.join(sorted(wanted)[:3])} in README or docs")


KINDS: dict[str, KindFunction] = {
    "docs-site": docs_site,
    "docs-url": docs_url,
    "install-command": install_command,
}
