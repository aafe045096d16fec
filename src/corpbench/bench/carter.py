"""Carter's ceilings (Carter 2016): an organisation's corporate and administration costs at most
7% of its income by April 2018 and 6% by 2020, read on the whole organisation's ``pct_turnover``.

A ceiling is a savings method too (``threshold:7``, ``threshold:6``): the saving that would
bring the whole organisation down to it.
"""

from __future__ import annotations

#: (percent of turnover, by when), the tighter ceiling last. An organisation is within a ceiling
#: when its ``pct_turnover`` on ``all`` is at or below it.
CARTER_CEILINGS: tuple[tuple[float, str], ...] = ((7.0, "April 2018"), (6.0, "2020"))
