"""Spreadsheet formula injection: the one rule every CSV and XLSX export of corpbench applies.

A spreadsheet program reads a text cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (and a leading tab or carriage return can hide such a character from a reviewer). An
organisation name such as ``=HYPERLINK("http://evil", "click")`` typed into a return would
otherwise run as a formula in the workbook of whoever opens an export.

The rule: a **text** value whose first character is one of ``=``, ``+``, ``-``, ``@``, tab
(``\\t``) or carriage return (``\\r``) is written with a single quote ``'`` in front of it; any
other text is written unchanged. Numbers are numbers, not text, and are never changed: ``-1.5``
stays the number -1.5 (callers pass only text to :func:`neutralise`). The empty string is safe.
"""

from __future__ import annotations

#: First characters that make a spreadsheet treat a text cell as a formula (or hide one).
DANGEROUS_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: The character put in front of a dangerous text value.
ESCAPE = "'"

#: The same set as a regular-expression character class, for vectorised (polars) use.
DANGEROUS_PATTERN = r"^[=+\-@\t\r]"


def is_dangerous(value: str) -> bool:
    """True when a spreadsheet would read the text ``value`` as (or hiding) a formula."""
    return value.startswith(DANGEROUS_PREFIXES)


def neutralise(value: str) -> str:
    """``value`` made safe to put in a spreadsheet text cell: prefixed with ``'`` when it starts
    with ``=``, ``+``, ``-``, ``@``, tab or carriage return, else returned unchanged."""
    return ESCAPE + value if value.startswith(DANGEROUS_PREFIXES) else value
