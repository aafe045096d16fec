"""Colours and sizes of every chart: the NHS identity palette, with the organisation in NHS
blue against grey peers (contrast ≥ 3:1 against white for every mark colour)."""

from __future__ import annotations

#: The organisation's own marks.
SELF_COLOUR = "#005eb8"
#: Peers' marks.
PEER_COLOUR = "#768692"
#: The peer IQM rule.
IQM_COLOUR = "#212b32"
#: The peer median rule.
MEDIAN_COLOUR = "#d5281b"
#: Categorical colours (functions, series): NHS palette, distinguishable and high contrast.
CATEGORY_COLOURS: tuple[str, ...] = (
    "#005eb8",
    "#d5281b",
    "#007f3b",
    "#330072",
    "#ed8b00",
    "#7c2855",
    "#00a499",
    "#425563",
    "#ae2573",
    "#ffb81c",
)
WIDTH = 560
HEIGHT = 260
FONT = "Arial, Helvetica, sans-serif"

#: A Vega expression writing an axis value as £ (£1.6bn, −£1.2m, £350k, £90): money axes use it
#: rather than d3's SI format, whose "1.6G" and "250M" are not how £ are written.
MONEY_LABEL = (
    "(datum.value < 0 ? '−£' : '£') + (abs(datum.value) >= 1e9 ? "
    "format(abs(datum.value) / 1e9, ',.1~f') + 'bn' : abs(datum.value) >= 1e6 ? "
    "format(abs(datum.value) / 1e6, ',.1~f') + 'm' : abs(datum.value) >= 1e3 ? "
    "format(abs(datum.value) / 1e3, ',.0f') + 'k' : format(abs(datum.value), ',.0f'))"
)
