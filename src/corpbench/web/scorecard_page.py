"""The board scorecard and economies of scale sections of the organisation and national pages
(programme methods §4, §6): their contexts, laid out from the view tables of
:mod:`corpbench.views.scorecard` (templates ``_scorecard.html``, ``_size_adjusted.html`` and
``_scale.html``)."""

from __future__ import annotations

from typing import Any

from corpbench.bench.engine import Benchmark
from corpbench.views.scorecard import (
    RANK_SENTENCE,
    SCALE_SENTENCE,
    SIZE_ADJUSTED_SENTENCE,
    scale_table,
    scorecard_view,
    size_adjusted_table,
)


def scorecard_context(bench: Benchmark, code: str, year: str, grouping: str) -> dict[str, Any]:
    """``scorecard`` (rows by function, cost then quality), ``scorecard_trade_offs``,
    ``size_adjusted`` and the sentences explaining them, for the organisation page."""
    card = scorecard_view(bench, code, year, grouping)
    return {
        "scorecard": card.rows.to_dicts(),
        "scorecard_trade_offs": list(card.trade_offs),
        "scorecard_rank_sentence": RANK_SENTENCE,
        "size_adjusted": size_adjusted_table(bench, code, year).to_dicts(),
        "size_adjusted_sentence": SIZE_ADJUSTED_SENTENCE,
    }


def scale_context(bench: Benchmark, year: str) -> dict[str, Any]:
    """``scale`` (β by function) and its sentence, for the national page."""
    return {"scale": scale_table(bench, year).to_dicts(), "scale_sentence": SCALE_SENTENCE}
