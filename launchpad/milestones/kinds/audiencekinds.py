"""Kinds that read what the prose says about users: M4's user types and integrations.

Projects name their users ("for researchers and practitioners") and the tools they work
with ("logs to W&B or MLflow") in paragraphs and code examples, not only in headings or
page names. These kinds read the pages of :func:`.prosekinds.pages`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from launchpad.milestones.kinds.docskinds import import_names
from launchpad.milestones.kinds.prosekinds import CONTRIBUTOR_PAGE, pages, tally
from launchpad.milestones.model import Outcome
from launchpad.milestones.registry import KindFunction
from launchpad.milestones.sources.files import Docs, Readme, RepoFiles

MAX_CORE_SAMPLE = 30  # package modules read to find what the code itself imports

# Tools of the field: (name, a pattern for prose, import names and distributions).
# Case matters where the word is common ("Ray", "Spark", "Hydra").
_TOOLS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("scikit-learn", r"(?i:scikit-learn|\bsklearn\b)", ("sklearn", "scikit-learn")),
    ("PyTorch", r"(?i:\bpytorch\b)", ("torch",)),
    ("TensorFlow", r"(?i:\btensorflow\b)", ("tensorflow",)),
    ("Keras", r"(?i:\bkeras\b)", ("keras",)),
    ("JAX", r"\bJAX\b", ("jax",)),
    ("Hugging Face", r"(?i:hugging\s?face|🤗)", ("transformers", "datasets", "huggingface_hub")),
    ("PyTorch Lightning", r"(?i:pytorch[ _]lightning|lightning\.pytorch|lightning fabric)",
     ("lightning", "pytorch_lightning")),
    ("Weights & Biases", r"(?i:weights\s*(?:&|and)\s*biases|\bwandb\b)", ("wandb",)),
    ("MLflow", r"(?i:\bmlflow\b)", ("mlflow",)),
    ("TensorBoard", r"(?i:\btensorboard\b)", ("tensorboard",)),
    ("Comet", r"(?i:comet\.ml|\bcomet_ml\b)", ("comet_ml",)),
    ("Neptune", r"(?i:neptune\.ai)|\bNeptune\b", ("neptune",)),
    ("ClearML", r"(?i:\bclearml\b)", ("clearml",)),
    ("Ray", r"\bRay\b(?! [Tt]rac)", ("ray",)),
    ("Dask", r"(?i:\bdask\b)", ("dask",)),
    ("Spark", r"(?i:pyspark|apache spark)|\bSpark\b", ("pyspark",)),
    ("ONNX", r"(?i:\bonnx\b)", ("onnx", "onnxruntime")),
    ("TensorRT", r"(?i:\btensorrt\b)", ("tensorrt",)),
    ("OpenVINO", r"(?i:\bopenvino\b)", ("openvino",)),
    ("spaCy", r"(?i:\bspacy\b)", ("spacy",)),
    ("NLTK", r"(?i:\bnltk\b)", ("nltk",)),
    ("pandas", r"(?i:\bpandas\b)", ("pandas",)),
    ("XGBoost", r"(?i:\bxgboost\b)", ("xgboost",)),
    ("LightGBM", r"(?i:\blightgbm\b)", ("lightgbm",)),
    ("Optuna", r"(?i:\boptuna\b)", ("optuna",)),
    ("Hydra", r"\bHydra\b", ("hydra", "hydra-core")),
    ("LangChain", r"(?i:\blangchain\b)", ("langchain",)),
    ("LlamaIndex", r"(?i:llama[_ ]?index)", ("llama_index",)),
    ("vLLM", r"(?i:\bvllm\b)", ("vllm",)),
    ("OpenAI API", r"(?i:openai api|openai\.(?:chat|completion|client)|\bimport openai\b)",
     ("openai",)),
    ("Gymnasium", r"(?i:\bgymnasium\b|openai gym)", ("gymnasium", "gym")),
    ("DeepSpeed", r"(?i:\bdeepspeed\b)", ("deepspeed",)),
    ("timm", r"\btimm\b", ("timm",)),
    ("PyMC", r"(?i:\bpymc\d?\b)", ("pymc", "pymc3")),
    ("Pyro", r"\bPyro\b", ("pyro", "pyro-ppl")),
    ("OpenCV", r"(?i:\bopencv\b)", ("cv2", "opencv-python")),
    ("Elasticsearch", r"(?i:elasticsearch|\blucene\b)", ("elasticsearch",)),
    ("Gradio", r"(?i:\bgradio\b)", ("gradio",)),
    ("Streamlit", r"(?i:\bstreamlit\b)", ("streamlit",)),
)  # fmt: skip
_TOOL_MODULES = {name: modules for name, _, modules in _TOOLS}
_TOOL_PATTERNS = {name: rx for name, rx, _ in _TOOLS}
# Lower-case words one of which a page must hold before a tool's pattern is tried on it:
# a substring test per tool is much cheaper than a regular expression over every page.
_TOOL_HINTS = {
    name: {name.lower().split()[0], *(m.split("-")[0] for m in modules)}
    for name, _, modules in _TOOLS
}


@cache
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A tool's or user type's pattern, compiled when a page first holds one of its hints:
    most never appear, and compiling all fifty took longer than the checks' own work."""
    return re.compile(pattern, flags)


_IMPORT = re.compile(r"^[ \t]*(?:>>>[ \t]*)?(?:from|import)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)
_REQUIREMENT = re.compile(r"^[ \t]*['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)", re.MULTILINE)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def base_dependencies(files: RepoFiles, pyproject: dict[str, Any]) -> set[str]:
    """The project's own names and its required dependencies (normalised names).

    What every user installs anyway is the project's base, not an integration: torch
    for a torch library, or the library itself. ``setup.py`` may compute its list, so
    what most of the package's modules import counts as required too.
    """
    project = pyproject.get("project", {})
    own = {*import_names(files, pyproject), str(project.get("name") or "")}
    deps = {str(d) for d in project.get("dependencies", []) if isinstance(d, str)}
    deps.update(pyproject.get("tool", {}).get("poetry", {}).get("dependencies", {}))
    if "setup.py" in files.paths:
        block = re.search(r"install_requires\s*=\s*\[([^\]]*)\]", files.text("setup.py"))
        if block:
            deps.update(re.findall(r"['\"]([A-Za-z0-9][A-Za-z0-9._-]*)", block.group(1)))
    for path in files.glob("requirements.txt", "requirements/base.txt", "requirements/core.txt"):
        deps.update(_REQUIREMENT.findall(files.text(path)))
    deps |= _core_imports(files)
    return {_normal(re.split(r"[\s<>=!~;\[(@]", n, maxsplit=1)[0]) for n in own | deps if n}


def _core_imports(files: RepoFiles, sample: int = MAX_CORE_SAMPLE) -> set[str]:
    """Modules that at least a third of the main package's files import: its core.

    Declared dependencies can be computed in ``setup.py``; what the code imports cannot.
    """
    if files.main_package is None:
        return set()
    modules = [
        p for p in files.paths if p.startswith(files.main_package + "/") and p.endswith(".py")
    ][:sample]
    tally: dict[str, int] = {}
    for path in modules:
        for name in set(_IMPORT.findall(files.text(path))):
            tally[name] = tally.get(name, 0) + 1
    return {name for name, n in tally.items() if n * 3 >= len(modules) and len(modules) >= 3}


def named_integrations(
    files: RepoFiles, readme: Readme, docs: Docs, pyproject: dict[str, Any], enough: int = 0
) -> dict[str, str]:
    """Tool name -> where it is first named in prose or imported in a code block.

    ``enough``: stop reading pages once that many tools are found (0: read them all).
    """
    base = base_dependencies(files, pyproject)
    wanted = [
        name for name, modules in _TOOL_MODULES.items() if not base & set(map(_normal, modules))
    ]
    found: dict[str, str] = {}
    for page in pages(files, readme, docs):
        low = page.low
        for name in wanted:
            if name in found or not any(hint in low for hint in _TOOL_HINTS[name]):
                continue
            if match := _compiled(_TOOL_PATTERNS[name]).search(page.prose):
                found[name] = f"{page.path} line {page.prose.count(chr(10), 0, match.start()) + 1}"
        imported = {m.lower() for m in _IMPORT.findall(page.text)}
        for name in wanted:
            if name not in found and imported.intersection(_TOOL_MODULES[name]):
                module = sorted(imported.intersection(_TOOL_MODULES[name]))[0]
                found[name] = f"{page.path} (imports {module})"
        if enough and len(found) >= enough:
            break
    return found


def prose_integrations(
    files: RepoFiles, readme: Readme, docs: Docs, pyproject: dict[str, Any], min_count: int = 4
) -> Outcome:
    """The README, docs and examples name or import at least ``min_count`` tools of the field.

    scikit-learn, Hugging Face, PyTorch Lightning, W&B, MLflow, Ray, ONNX, spaCy, pandas,
    ...; a required dependency (torch for a torch library) is the project's base, not an
    integration, and does not count.
    """
    found = named_integrations(files, readme, docs, pyproject, enough=min_count)
    return tally(found, min_count, "tool", "names no tool of the field beyond its own dependencies")


# (kind of user, its pattern, the lower-case stems one of which a page must hold first).
_USER_TYPES = (
    ("researchers", r"researchers?", ("researcher",)),
    ("practitioners", r"practitioners?", ("practitioner",)),
    ("data scientists", r"data\s+scientists?", ("scientist",)),
    ("engineers", r"(?:ml\s+|machine\s+learning\s+|software\s+)?engineers?", ("engineer",)),
    ("students", r"students?", ("student",)),
    ("beginners", r"beginners?|newcomers?|novices?|first-time\s+users?",
     ("beginner", "newcomer", "novice", "first-time")),
    ("advanced users", r"(?:advanced|expert|power|experienced)\s+users?", (" user",)),
    ("industry", r"industry|industrial|enterprises?|companies",
     ("industr", "enterprise", "compan")),
    ("educators", r"educators?|teachers?|instructors?", ("educator", "teacher", "instructor")),
    ("scientists", r"(?<!data )scientists?", ("scientist",)),
    ("analysts", r"analysts?", ("analyst",)),
)  # fmt: skip
_USER_PATTERNS = {name: rf"\b(?:{rx})\b" for name, rx, _ in _USER_TYPES}
_USER_HINTS = {name: hints for name, _, hints in _USER_TYPES}


def prose_user_types(files: RepoFiles, readme: Readme, docs: Docs, min_count: int = 2) -> Outcome:
    """The README and docs address at least ``min_count`` distinct kinds of users.

    Researchers, practitioners, data scientists, engineers, students, beginners, advanced
    users, industry, ...; pages written for contributors do not count.
    """
    found: dict[str, str] = {}
    for page in pages(files, readme, docs):
        if page.path != readme.path and CONTRIBUTOR_PAGE.search(page.path):
            continue
        low = page.low
        for name, rx in _USER_PATTERNS.items():
            if name in found or not any(hint in low for hint in _USER_HINTS[name]):
                continue  # a substring test first: far cheaper than the pattern
            if match := _compiled(rx, re.IGNORECASE).search(page.prose):
                found[name] = f"{page.path} line {page.prose.count(chr(10), 0, match.start()) + 1}"
        if len(found) >= min_count:
            break
    return tally(found, min_count, "user type", "names no kind of user in README or docs")


KINDS: dict[str, KindFunction] = {
    "prose-integrations": prose_integrations,
    "prose-user-types": prose_user_types,
}
