"""Emergence signals on a small synthetic corpus with known trends, and how frontier uses them."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from launchpad.corpus.store import Corpus
from launchpad.ideas import axes
from launchpad.ideas.emergence import (
    PRIOR_PAPERS,
    TITLE_USES,
    TermTrends,
    log_trend,
    shrunk_trend,
)
from launchpad.ideas.neighbourhood import lexical_mask, neighbourhood, open_slice
from launchpad.ideas.phrases import bridges, continued_share, named_candidates, named_forms
from launchpad.ideas.score import Scorer
from launchpad.ideas.signals import EmergenceInputs, Signals
from launchpad.ideas.timeline import month_index

AS_OF = dt.date(2020, 12, 31)
RISING = "Sparse mixture of experts routing for parsing"
FADING = "Hidden markov tagging of speech transcripts"
SUDDEN = "Retrieval augmented lyric generation"
_TOPICS = ["parsing", "translation", "summarization", "sentiment", "question answering"]
_WORDS = ["neural", "robust", "efficient", "multilingual", "contextual", "lexical", "deep"]


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, day = [], first
    while day <= last:
        out.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def _record(n: int, day: dt.date, title: str, abstract: str) -> dict[str, object]:
    """The ``n``-th record of a synthetic cs.CL corpus."""
    return {
        "id": f"{day:%y%m}.{n:05d}",
        "title": title,
        "abstract": abstract,
        "categories": ["cs.CL"],
        "published": day.isoformat(),
    }


def _records() -> list[dict[str, object]]:
    """Background papers every month, plus three concepts with known trends as of AS_OF.

    The rising concept has 1 paper a quarter in the 24 months before the last 12 and 3 a
    month in those 12; the fading one the reverse (with a few surveys); the sudden one
    appears only in the last 6 months. After AS_OF the fading concept floods the corpus,
    which no signal as of AS_OF may see.
    """
    rng = random.Random(5)  # noqa: S311 - fixed test data, not a secret
    out: list[dict[str, object]] = []

    def add(day: dt.date, title: str, abstract: str) -> None:
        out.append(_record(len(out), day, title, abstract))

    for month in _months(dt.date(2015, 1, 1), dt.date(2022, 12, 1)):
        for i in range(12):
            topic, word = rng.choice(_TOPICS), rng.choice(_WORDS)
            add(month.replace(day=1 + i), f"{word.title()} {topic}", f"We study {word} {topic}.")
        m = month_index(month)
        c = month_index(AS_OF)
        recent, earlier = c - 12 < m <= c, c - 36 < m <= c - 12
        if recent or (earlier and m % 3 == 0):
            for i in range(3 if recent else 1):
                add(
                    month.replace(day=15 + i),
                    f"Sparse mixture of experts routing for {rng.choice(_TOPICS)}",
                    "Sparse mixture of experts routing sends tokens to experts.",
                )
        if earlier or (recent and m % 3 == 0) or m > c:
            for i in range(6 if m > c else 3 if earlier else 1):
                survey = earlier and i == 0 and m % 2 == 0
                title = f"Hidden markov tagging of {rng.choice(_TOPICS)} transcripts"
                add(
                    month.replace(day=21 + i),
                    "A survey: hidden markov tagging of speech transcripts" if survey else title,
                    "Hidden markov tagging of speech transcripts with hidden markov models.",
                )
        if c - 6 < m <= c:
            for i in range(4):
                add(
                    month.replace(day=10 + i),
                    f"Retrieval augmented lyric generation {rng.choice(_TOPICS)}",
                    "Retrieval augmented lyric generation writes lyrics from retrieved songs.",
                )
    return out


def _build(directory: Path, records: list[dict[str, object]]) -> Path:
    from launchpad.corpus.build import build_corpus
    from launchpad.corpus.readers import JsonlSource

    source = directory / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    build_corpus(directory / "corpus", [JsonlSource(source)], workers=0, count_first=False)
    return directory / "corpus"


@pytest.fixture(scope="module")
def trend_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic corpus, every record."""
    return _build(tmp_path_factory.mktemp("signals-full"), _records())


@pytest.fixture(scope="module")
def trend_corpus_early(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same corpus without anything published after AS_OF."""
    early = [r for r in _records() if str(r["published"]) <= AS_OF.isoformat()]
    return _build(tmp_path_factory.mktemp("signals-early"), early)


@dataclass(frozen=True)
class Measured:
    """The shipped signal and the candidates the concept backtest measured, of one idea."""

    terms: EmergenceInputs
    tight_growth: float
    acceleration: float
    survey_share: float


def _measure(directory: Path, ideas: list[str], *, until: dt.date = AS_OF) -> list[Measured]:
    with Corpus.open(directory) as corpus:
        view = open_slice(corpus, ("cs.CL",), until=until)
        month = month_index(AS_OF)
        signals = Signals(corpus, view, month)
        sims = corpus.similarities(corpus.embedder().encode(ideas), view.rows)
        out = []
        for idea, row in zip(ideas, sims, strict=True):
            lexical = lexical_mask(corpus, view, idea)
            hood = neighbourhood(view, row, month, lexical=lexical)
            out.append(
                Measured(
                    signals.measure(idea),
                    signals.tight_growth(row, hood, lexical),
                    signals.acceleration(hood),
                    signals.survey_share(hood),
                )
            )
        return out


def test_rarest_terms_follow_the_trend_of_the_ideas_own_words(trend_corpus: Path) -> None:
    rising, fading = (m.terms for m in _measure(trend_corpus, [RISING, FADING]))
    assert rising.term_trend > 0.5 > -0.5 > fading.term_trend
    assert rising.terms and all(term in RISING.lower() for term in rising.terms)
    # a background word ("parsing", in every month) is common, so not among the rarest
    assert "parsing" not in rising.terms
    assert all(ratio > 1.5 for ratio in rising.term_ratios)


def test_tight_growth_sees_the_closest_papers_rise_and_fade(trend_corpus: Path) -> None:
    rising, fading = _measure(trend_corpus, [RISING, FADING])
    assert rising.tight_growth > 0.5
    assert fading.tight_growth < -0.5


def test_acceleration_is_high_only_for_a_rise_within_the_last_six_months(
    trend_corpus: Path,
) -> None:
    rising, sudden = _measure(trend_corpus, [RISING, SUDDEN])
    # the rising concept grew at one pace over the last 12 months: no acceleration
    assert abs(rising.acceleration) < 0.5
    assert sudden.acceleration > 1.0


def test_survey_share_counts_survey_titles_among_the_nearest(trend_corpus: Path) -> None:
    rising, fading = _measure(trend_corpus, [RISING, FADING])
    assert rising.survey_share == 0.0
    assert 0.05 < fading.survey_share < 0.5


def test_no_signal_reads_a_paper_after_the_as_of_date(
    trend_corpus: Path, trend_corpus_early: Path
) -> None:
    ideas = [RISING, FADING, SUDDEN]
    early = _measure(trend_corpus_early, ideas)
    assert _measure(trend_corpus, ideas) == early
    # a view reaching past the as-of month (as in the title backtest) counts nothing later
    assert _measure(trend_corpus, ideas, until=dt.date(2022, 12, 31)) == early
    keys = ("term_trend", "terms_points", "named_trend", "named_points")
    with Corpus.open(trend_corpus) as full, Corpus.open(trend_corpus_early) as early:
        a = Scorer(full, as_of=AS_OF, categories=("cs.CL",)).score(ideas, top=0)
        b = Scorer(early, as_of=AS_OF, categories=("cs.CL",)).score(ideas, top=0)
    for x, y in zip(a, b, strict=True):
        assert all(key in x.frontier.parts for key in keys)
        assert x.frontier == y.frontier
    # the flood of the fading concept after AS_OF is visible when the date moves
    with Corpus.open(trend_corpus) as full:
        later = Scorer(full, as_of=dt.date(2022, 12, 31), categories=("cs.CL",))
        (moved,) = later.score([FADING], top=0)
    assert moved.frontier.parts["term_trend"] > a[1].frontier.parts["term_trend"]


def _inputs() -> axes.FrontierInputs:
    return axes.FrontierInputs(
        recent_fraction=0.3, slice_recent_fraction=0.4, recency=0.8, radius_papers=60, k=50
    )


def _terms(trend: float, terms: tuple[str, ...] = ("chain of thought",)) -> EmergenceInputs:
    return EmergenceInputs(trend, terms, tuple(math.exp(trend) for _ in terms))


def test_frontier_adds_the_term_trend_and_shows_it_in_its_parts() -> None:
    plain = axes.frontier(_inputs())
    rising = axes.frontier(_inputs(), _terms(math.log(2.0)))
    fading = axes.frontier(_inputs(), _terms(math.log(0.5)))
    # a diluted neighbourhood (0.8x the slice's recency) whose own terms doubled their share
    assert fading.score < plain.score < rising.score
    assert rising.raw == pytest.approx(plain.raw + axes.TERMS_WEIGHT * math.log(2.0))
    assert rising.parts["term_trend"] == pytest.approx(math.log(2.0), abs=1e-4)
    assert rising.parts["terms_points"] == pytest.approx(axes.TERMS_WEIGHT * math.log(2.0), 1e-3)
    assert {"momentum", "saturation", "momentum_ratio"} <= set(rising.parts)
    assert "term_trend" not in plain.parts


def test_frontier_says_in_words_when_the_rarest_terms_drove_it() -> None:
    rising = axes.frontier(_inputs(), _terms(math.log(2.0), ("chain of thought", "prompting")))
    assert rising.explanation.startswith(
        "Its rarest terms ('chain of thought', 'prompting') doubled their share in the last year;"
    )
    assert rising.explanation.endswith(".")
    one = axes.frontier(_inputs(), _terms(math.log(0.5)))
    assert one.explanation.startswith("Its rarest term ('chain of thought') lost 50% of its share")
    # a small trend, or no established term, is not named
    assert "rarest" not in axes.frontier(_inputs(), _terms(0.05)).explanation
    assert "rarest" not in axes.frontier(_inputs(), EmergenceInputs(0.0, (), ())).explanation
    assert (
        axes.frontier(_inputs(), EmergenceInputs(0.0, (), ())).raw == axes.frontier(_inputs()).raw
    )


def test_shrinkage_pulls_a_term_seen_a_few_times_towards_the_slice_trend() -> None:
    volumes = (2000, 1000)  # the slice's papers in the 24 months, then in the last 12
    # counted as they are, 0 then 4 uses outrank 40 then 120 ...
    assert log_trend(0, 4, volumes) > log_trend(40, 120, volumes) > 0
    # ... shrunk, the well-attested rise leads and the handful moves least
    few, many = shrunk_trend(0, 4, volumes), shrunk_trend(40, 120, volumes)
    assert many > few > 0
    assert log_trend(40, 120, volumes) - many < log_trend(0, 4, volumes) - few
    assert shrunk_trend(40, 120, volumes, prior=0.0) == log_trend(40, 120, volumes)
    assert abs(shrunk_trend(0, 4, volumes, prior=1e7)) < 1e-3
    # a fall is shrunk the same way, towards 0 from below
    assert log_trend(6, 0, volumes) < shrunk_trend(6, 0, volumes) < 0


def test_term_trends_are_shrunk_by_the_prior_on_the_corpus(trend_corpus: Path) -> None:
    with Corpus.open(trend_corpus) as corpus:
        view = open_slice(corpus, ("cs.CL",), until=AS_OF)
        month = month_index(AS_OF)
        shrunk = TermTrends(corpus, view, month)
        counted = TermTrends(corpus, view, month, prior=0.0)
        assert shrunk.prior == PRIOR_PAPERS > 0
        for idea in (RISING, FADING, SUDDEN):
            for term in shrunk.rarest_terms(idea):
                raw = counted.trend(term)
                value = shrunk.trend(term)
                assert value == pytest.approx(shrunk_trend(*shrunk.counts(term), shrunk.volumes))
                assert abs(value) < abs(raw)
                assert value * raw > 0  # same direction
        # the sudden concept (no use before the last 6 months) is shrunk the most
        lyric = shrunk.rarest_terms(SUDDEN)[0]
        experts = shrunk.rarest_terms(RISING)[0]
        assert counted.trend(lyric) - shrunk.trend(lyric) > counted.trend(experts) - (
            shrunk.trend(experts)
        )


NAMED = "Tensor networks with gossip averaging over ring buffers"


def _named_records() -> list[dict[str, object]]:
    """Background titles, plus phrases of an idea that differ in where the corpus uses them.

    In the 36 months before AS_OF: "tensor network" is in 8 titles, half of them plural,
    2 before the last 12 months and 6 in them; "gossip averaging" in 4 abstracts and no
    title; "ring buffers" in 3 titles. "tensor" and "networks" are each used more often
    than their pair.
    """
    rng = random.Random(11)  # noqa: S311 - fixed test data, not a secret
    out: list[dict[str, object]] = []

    def add(day: dt.date, title: str, abstract: str) -> None:
        out.append(_record(len(out), day, title, abstract))

    for month in _months(dt.date(2016, 1, 1), AS_OF):
        for i in range(10):
            topic, word = rng.choice(_TOPICS), rng.choice(_WORDS)
            add(month.replace(day=1 + i), f"{word.title()} {topic}", f"We study {word} {topic}.")
    recent = _months(dt.date(2020, 2, 1), dt.date(2020, 7, 1))
    for i, month in enumerate([dt.date(2018, 6, 1), dt.date(2019, 3, 1), *recent]):
        plural = "s" if i % 2 else ""
        add(month.replace(day=20), f"Tensor network{plural} for {_TOPICS[i % 5]}", "We link.")
    for month in _months(dt.date(2019, 1, 1), dt.date(2019, 10, 1)):
        add(month.replace(day=21), f"Tensor decompositions of {rng.choice(_TOPICS)}", "Tensors.")
        add(month.replace(day=22), "Networks of streams", "We summarise streams.")
    for month in _months(dt.date(2020, 1, 1), dt.date(2020, 4, 1)):
        add(month.replace(day=23), "Decentralised training", "We use gossip averaging.")
    for month in _months(dt.date(2019, 5, 1), dt.date(2019, 7, 1)):
        add(month.replace(day=24), "Ring buffers for streams", "Ring buffers hold streams.")
    # PIECES: "quantum walk kernel machines" in 6 titles, "quantum walk kernel" in 10
    for i, month in enumerate(_months(dt.date(2019, 11, 1), dt.date(2020, 8, 1))):
        title = "Quantum walk kernel machines" if i < 6 else "Quantum walk kernel"
        add(month.replace(day=25), f"{title} for {_TOPICS[i % 5]}", "We study graphs.")
        add(month.replace(day=26), "Machines that parse", "We study parsers.")
    # BRIDGE: "kernels for long" in 6 titles, each going on with another word; "long" in
    # those and 4 abstracts
    for i, month in enumerate(_months(dt.date(2019, 3, 1), dt.date(2019, 8, 1))):
        tail = ("sequences", "documents", "videos")[i % 3]
        add(month.replace(day=27), f"Echo kernels for long {tail}", "We echo.")
    for month in _months(dt.date(2019, 9, 1), dt.date(2019, 12, 1)):
        add(month.replace(day=27), "Echo kernels in practice", "Long runs of echo kernels.")
    return out


@pytest.fixture(scope="module")
def named_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("signals-named"), _named_records())


def _trends(corpus: Corpus) -> TermTrends:
    return TermTrends(corpus, open_slice(corpus, ("cs.CL",), until=AS_OF), month_index(AS_OF))


def test_named_forms_merge_a_phrase_with_its_plural() -> None:
    assert named_forms("language models") == ("language model", "language models")
    assert named_forms("language model") == ("language model", "language models")
    assert named_forms("chain of thought") == ("chain of thought", "chain of thoughts")
    # a short last word ending in s is not read as a plural
    assert named_forms("gas") == ("gas", "gass")
    grams = [gram for gram, _ in named_candidates("A language model, or language models", 3)]
    assert grams.count("language model") + grams.count("language models") == 1


def test_the_named_term_is_the_rarest_phrase_that_titles_use(named_corpus: Path) -> None:
    with Corpus.open(named_corpus) as corpus:
        trends = _trends(corpus)
        found = trends.named_term(NAMED)
        assert found is not None
        gram, forms = found
        # rarer phrases lose: one is in no title, one in only 3; the plural and singular
        # titles (4 each, under TITLE_USES alone) count together
        assert gram == "tensor networks"
        assert forms == ("tensor network", "tensor networks")
        assert trends.titled_uses(forms) == 8 >= TITLE_USES
        assert trends.titled_uses(("gossip averaging", "gossip averagings")) == 0
        assert trends.named_counts(forms) == (2, 6)
        assert trends.named_trend(forms) == pytest.approx(
            shrunk_trend(2, 6, trends.volumes, trends.prior)
        )
        assert trends.named_trend(forms) > 0


PIECES = "Quantum walk kernel machines"
BRIDGE = "Kernels for long inputs"


@pytest.mark.parametrize(
    ("idea", "rule", "loose", "named"),
    [
        # the rarest phrases, "kernel machines" and "walk kernel machines" (6 titles), are
        # pieces of "quantum walk kernel machines" (4 words, the same 6 titles); so are the
        # commoner pieces of "quantum walk kernel", which the longer phrase holds 6 of 10
        (PIECES, "absorbed", "kernel machines", "quantum walk kernel"),
        # the rarest is a modifier cut from its head, which every title goes on from; the
        # next is a single word titles go on from just as often: only a phrase across a
        # stop word is read as cut ("self supervised" names a concept)
        (BRIDGE, "continued", "kernels for long", "long"),
    ],
)
def test_a_piece_of_a_longer_name_is_not_the_named_term(
    named_corpus: Path, idea: str, rule: str, loose: str, named: str
) -> None:
    with Corpus.open(named_corpus) as corpus:
        trends = _trends(corpus)
        without = trends.named_term(idea, **{rule: None})  # type: ignore[arg-type]
        assert without is not None and without[0] == loose
        found = trends.named_term(idea)
        assert found is not None and found[0] == named
        if rule == "absorbed":
            assert trends.titled_uses(found[1]) == 10
        else:
            assert trends.continued_share(without[1]) == trends.continued_share(found[1]) == 1.0


def test_only_a_phrase_with_a_stop_word_inside_can_be_a_cut_modifier() -> None:
    assert bridges("attention for long") and bridges("chain of thought")
    assert not bridges("self supervised") and not bridges("non autoregressive learning")
    titles = ["Chain-of-Thought Prompting", "Faithful chain of thought", "On chain of thoughts"]
    forms = ("chain of thought", "chain of thoughts")
    assert continued_share(titles, forms) == pytest.approx(1 / 3)
    assert continued_share(["A title without it"], forms) == 0.0


def test_no_named_term_adds_nothing_to_frontier(named_corpus: Path) -> None:
    with Corpus.open(named_corpus) as corpus:
        view = open_slice(corpus, ("cs.CL",), until=AS_OF)
        signals = Signals(corpus, view, month_index(AS_OF))
        assert signals.trends.named_term("Gossip averaging over ring buffers") is None
        measured = signals.measure("Gossip averaging over ring buffers")
        assert (measured.named, measured.named_trend, measured.named_titles) == ("", 0.0, 0)
        named = signals.measure(NAMED)
        assert (named.named, named.named_titles) == ("tensor networks", 8)
        assert named.named_ratio == pytest.approx(math.exp(named.named_trend))
    plain = EmergenceInputs(measured.term_trend, measured.terms, measured.term_ratios)
    assert axes.frontier(_inputs(), measured).raw == axes.frontier(_inputs(), plain).raw


def test_named_counts_survive_known_and_learn(named_corpus: Path) -> None:
    with Corpus.open(named_corpus) as corpus:
        first = _trends(corpus)
        found, bridged = first.named_term(NAMED), first.named_term(BRIDGE)

        def no_lookup(query: str) -> None:
            raise AssertionError(f"looked up {query!r} again")

        known = json.loads(json.dumps(first.known()))
        again = _trends(corpus)
        again.learn(known)
        again._bounded_hits = no_lookup  # type: ignore[method-assign]
        assert again.named_term(NAMED) == found
        assert again.named_term(BRIDGE) == bridged
        assert found is not None and bridged is not None
        assert again.titled_uses(found[1]) == first.titled_uses(found[1])
        assert again.named_trend(found[1]) == first.named_trend(found[1])
        cut = ("kernels for long", "kernels for longs")
        assert again.continued_share(cut) == first.continued_share(cut) == 1.0


def _named(trend: float, titles: int = 40) -> EmergenceInputs:
    return EmergenceInputs(0.0, (), (), "chain of thought", trend, titles)


def test_frontier_adds_the_named_term_and_says_so() -> None:
    plain = axes.frontier(_inputs(), EmergenceInputs(0.0, (), ()))
    rising = axes.frontier(_inputs(), _named(math.log(3.0)))
    assert rising.raw == pytest.approx(plain.raw + axes.NAMED_WEIGHT * math.log(3.0))
    assert rising.parts["named_points"] == pytest.approx(axes.NAMED_WEIGHT * math.log(3.0), 1e-3)
    assert rising.parts["named_trend"] == pytest.approx(math.log(3.0), abs=1e-4)
    assert rising.explanation.startswith(
        "'chain of thought', in 40 titles of the last three years, multiplied its share by "
        "3.0 in the last year; "
    )
    both = axes.frontier(
        _inputs(),
        EmergenceInputs(math.log(2.0), ("prompting",), (2.0,), "chain of thought", 1.0, 1),
    )
    assert both.explanation.startswith("'chain of thought', in 1 title of the last three")
    assert "; its rarest term ('prompting') doubled its share" in both.explanation
    # a small trend is not named
    assert "chain of thought" not in axes.frontier(_inputs(), _named(0.05)).explanation
