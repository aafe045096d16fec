"""Words for people for the codes of an XmR chart (``programme/spc.py``): point types, the
rules that flag a point, the variation and assurance and their icons (Making Data Count's
wording). Machine outputs keep the codes; pages, charts and the command line's tables show
these words. Kept apart from ``labels.py`` so that the SPC codes have one small home.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: A point's type, and the variation of a chart (its last point's type).
SPC_POINT_TYPE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "common_cause": "Common cause variation",
        "special_cause_improvement": "Special cause: improvement",
        "special_cause_concern": "Special cause: concern",
        "special_cause_neutral_high": "Special cause: higher (neither improvement nor concern)",
        "special_cause_neutral_low": "Special cause: lower (neither improvement nor concern)",
    }
)

#: The rules of a special cause (``SpcPoint.rules``).
SPC_RULE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "above_upper_limit": "above the upper process limit",
        "below_lower_limit": "below the lower process limit",
        "trend_increasing": "in a trend of 7 rising points",
        "trend_decreasing": "in a trend of 7 falling points",
        "two_of_three_above": "2 of 3 points beyond the upper near limit",
        "two_of_three_below": "2 of 3 points beyond the lower near limit",
        "run_above_mean": "in a run of 7 points above the mean",
        "run_below_mean": "in a run of 7 points below the mean",
    }
)

#: The assurance of a chart: the target against its process limits.
SPC_ASSURANCE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "consistent_pass": "Consistently passes the target",
        "consistent_fail": "Consistently fails the target",
        "inconsistent": "Inconsistent: the target lies within the process limits",
    }
)

#: The text alternative of each icon (NHSRplotthedots' icon names).
SPC_ICON_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "common_cause": "Common cause variation: no significant change",
        "improvement_high": "Special cause variation of an improving nature: higher is better",
        "improvement_low": "Special cause variation of an improving nature: lower is better",
        "concern_high": "Special cause variation of a concerning nature: higher is worse",
        "concern_low": "Special cause variation of a concerning nature: lower is worse",
        "neutral_high": "Special cause variation, higher: neither improvement nor concern",
        "neutral_low": "Special cause variation, lower: neither improvement nor concern",
        "pass": "Assurance: the process will consistently pass the target",
        "fail": "Assurance: the process will consistently fail the target",
        "inconsistent": "Assurance: the process will inconsistently pass and fail the target",
    }
)

#: The improvement directions of a measure.
SPC_DIRECTION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "increase": "higher is better",
        "decrease": "lower is better",
        "neutral": "neither higher nor lower is better",
    }
)


def spc_point_type_label(code: str) -> str:
    return SPC_POINT_TYPE_LABELS.get(code, code)


def spc_rule_label(code: str) -> str:
    return SPC_RULE_LABELS.get(code, code)


def spc_assurance_label(code: str | None) -> str:
    return "No target" if code is None else SPC_ASSURANCE_LABELS.get(code, code)


def spc_icon_label(name: str) -> str:
    return SPC_ICON_LABELS.get(name, name)
