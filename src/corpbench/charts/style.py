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
