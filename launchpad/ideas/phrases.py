"""The phrases of an idea that could name its topic, and what titles do around a phrase.

Plain text, no corpus: the key terms the term trend counts, the named term's candidates
with their singular and plural forms, and the two tests of a candidate cut from a longer
name that read titles (:mod:`launchpad.ideas.emergence` does the counting).
"""

from __future__ import annotations

from launchpad.ideas.concepts import is_edge_word, title_grams, tokens

Forms = tuple[str, ...]


def key_terms(idea: str) -> list[str]:
    """The idea's content words and adjacent pairs of them, in order, once each."""
    words = tokens(idea)
    edge = [is_edge_word(word) for word in words]
    terms = [w for w, ok in zip(words, edge, strict=True) if ok]
    pairs = zip(words, words[1:], edge, edge[1:], strict=False)  # one fewer pair than words
    terms += [f"{a} {b}" for a, b, x, y in pairs if x and y]
    return list(dict.fromkeys(terms))


def named_forms(gram: str) -> Forms:
    """A phrase's singular and plural forms, which count as one ("language model(s)").

    Only a final "s" is dropped, as in the concept mining: "sketches" is paired with
    "sketche", which no paper uses, so it counts alone.
    """
    if gram.endswith("s") and len(gram.rsplit(" ", 1)[-1]) > 3:
        return (gram[:-1], gram)
    return (gram, f"{gram}s")


def named_candidates(idea: str, max_words: int) -> list[tuple[str, Forms]]:
    """The idea's phrases of 1 to ``max_words`` words that could name a topic, with their forms."""
    out: dict[Forms, str] = {}
    for gram in sorted(title_grams(tokens(idea), max_words=max_words)):
        out.setdefault(named_forms(gram), gram)
    return [(gram, forms) for forms, gram in out.items()]


def bridges(gram: str) -> bool:
    """Whether a phrase has a word inside it that is not a content word ("attention for long")."""
    return not all(is_edge_word(word) for word in gram.split()[1:-1])


def continued_share(titles: list[str], forms: Forms) -> float:
    """Of ``titles`` holding one of ``forms`` as whole words, the share with a content word next."""
    wanted = [tuple(form.split()) for form in forms]
    holding = continued = 0
    for title in titles:
        words = tokens(title)
        for start in range(len(words)):
            end = next(
                (start + len(f) for f in wanted if tuple(words[start : start + len(f)]) == f), 0
            )
            if end:
                holding += 1
                continued += end < len(words) and is_edge_word(words[end])
                break
    return continued / holding if holding else 0.0
