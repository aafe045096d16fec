"""The constants of the demo national round: counts, sizes, cost mixes and dispersions.

The counts are those of QIPP 2010 Table 4 (eligible organisations and response rates of the
2009/10 round). The size and cost constants are the generator's *inputs*: a mean turnover and a
mean back-office share of turnover per organisation type, chosen so that their product times the
eligible count is close to the report's Table 5 spend, and a per-type dispersion of each
organisation's cost as a % of turnover around its type's mean. Savings under the IQM method of
QIPP 2010 follow from that dispersion; the ``dispersion`` values below were found once by the
search in :mod:`corpbench.demo.calibrate` (``python -m corpbench.demo.calibrate``) so that the
project's own engine reproduces Table 6 from the generated data. Nothing here is an output figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class TypeParams:
    """Generator inputs for one organisation type."""

    #: Eligible organisations at scale 1 (the register of the type).
    eligible: int
    #: Of which responded in the first year (2009/10) at scale 1.
    respondents: int
    #: Mean turnover (total income) of an organisation, £m.
    turnover_mean_m: float
    #: Standard deviation of log turnover within the type (size spread).
    turnover_log_sd: float
    #: Mean back-office cost (all functions) as a % of turnover.
    back_office_pct: float
    #: Log-scale spread of a function's cost as % of turnover within the type (before the
    #: per-function multipliers of ``FUNCTION_DISPERSION``). Calibrated: see module docstring.
    dispersion: float
    #: Mean share of spend delivered by shared or outsourced services (before function weights).
    shared_propensity: float
    #: Multiplier on cost per FTE of the back-office functions (PCTs pay higher grades).
    cost_per_fte_factor: float
    #: Probability that an organisation of the type is a teaching organisation.
    teaching_rate: float
    #: Mean share of back-office spend by function (sums to 1 over the nine functions).
    function_mix: MappingProxyType[str, float]


def _mix(**shares: float) -> MappingProxyType[str, float]:
    total = sum(shares.values())
    assert abs(total - 1.0) < 1e-9, total
    return MappingProxyType(shares)


_ACUTE_MIX = _mix(
    imt=0.28,
    finance=0.17,
    hr=0.13,
    estates=0.15,
    procurement=0.09,
    payroll=0.035,
    governance_risk=0.085,
    legal=0.025,
    communications=0.035,
)
_MH_MIX = _mix(
    imt=0.26,
    finance=0.18,
    hr=0.15,
    estates=0.14,
    procurement=0.07,
    payroll=0.04,
    governance_risk=0.10,
    legal=0.02,
    communications=0.04,
)
_AMBULANCE_MIX = _mix(
    imt=0.30,
    finance=0.16,
    hr=0.15,
    estates=0.14,
    procurement=0.08,
    payroll=0.04,
    governance_risk=0.08,
    legal=0.02,
    communications=0.03,
)
_PCT_MIX = _mix(
    imt=0.26,
    finance=0.20,
    hr=0.13,
    estates=0.10,
    procurement=0.07,
    payroll=0.03,
    governance_risk=0.13,
    legal=0.03,
    communications=0.05,
)
#: PCT provider arms carry the highest governance costs (QIPP 2010 §5.5).
_PCT_PROVIDER_MIX = _mix(
    imt=0.25,
    finance=0.18,
    hr=0.13,
    estates=0.10,
    procurement=0.07,
    payroll=0.03,
    governance_risk=0.16,
    legal=0.03,
    communications=0.05,
)

# Dispersion, calibrated by ``python -m corpbench.demo.calibrate`` (see module docstring): one
# value per Table 6 column, the three PCT types sharing one; community (absent from Table 6) is
# kept tight so that it saves almost nothing.
_D_ACUTE = 0.325
_D_ACUTE_FT = 0.355
_D_MH = 0.449
_D_MH_FT = 0.394
_D_AMBULANCE = 0.335
_D_PCT = 0.669
_D_COMMUNITY = 0.05

ORG_TYPES: MappingProxyType[str, TypeParams] = MappingProxyType(
    {
        "acute": TypeParams(62, 54, 396.9, 0.40, 3.0, _D_ACUTE, 0.09, 1.00, 0.25, _ACUTE_MIX),
        "acute_ft": TypeParams(124, 72, 194.7, 0.40, 2.9, _D_ACUTE_FT, 0.08, 1.00, 0.2, _ACUTE_MIX),
        "pct_commissioner": TypeParams(50, 46, 65.9, 0.35, 8.5, _D_PCT, 0.22, 1.12, 0.0, _PCT_MIX),
        "pct_provider": TypeParams(
            50, 46, 66.7, 0.35, 9.0, _D_PCT, 0.20, 1.12, 0.0, _PCT_PROVIDER_MIX
        ),
        "pct_undifferentiated": TypeParams(
            52, 48, 77.4, 0.35, 9.4, _D_PCT, 0.21, 1.12, 0.0, _PCT_MIX
        ),
        "mental_health": TypeParams(21, 21, 117.6, 0.35, 4.6, _D_MH, 0.10, 1.00, 0.1, _MH_MIX),
        "mental_health_ft": TypeParams(
            32, 17, 150.8, 0.35, 4.6, _D_MH_FT, 0.10, 1.00, 0.1, _MH_MIX
        ),
        "ambulance": TypeParams(
            11, 9, 187.9, 0.30, 3.6, _D_AMBULANCE, 0.10, 1.00, 0.0, _AMBULANCE_MIX
        ),
        "community": TypeParams(2, 2, 117.9, 0.20, 4.2, _D_COMMUNITY, 0.12, 1.00, 0.0, _MH_MIX),
    }
)

#: Per-function multiplier on the type's dispersion: IM&T, estates and procurement vary most
#: between organisations (and so give the largest IQM savings), payroll least.
FUNCTION_DISPERSION: MappingProxyType[str, float] = MappingProxyType(
    {
        "finance": 0.65,
        "hr": 0.7,
        "imt": 1.25,
        "procurement": 1.8,
        "estates": 1.3,
        "payroll": 0.6,
        "governance_risk": 0.9,
        "legal": 0.9,
        "communications": 0.9,
    }
)

#: Share of the log-scale spread common to all functions of one organisation (an organisation
#: that is expensive in one function tends to be expensive in others).
ORG_EFFECT_SHARE = 0.35

#: Within-type elasticity of back-office % of turnover to size: larger organisations spend a
#: smaller share (economies of scale).
SIZE_ELASTICITY = 0.15

#: Probability that an organisation returns each later-round function (QIPP 2010 did not
#: collect them; later rounds did).
FUNCTION_PRESENCE: MappingProxyType[str, float] = MappingProxyType(
    {"legal": 0.4, "communications": 0.55}
)

#: Mean cost per FTE of each function, £ (QIPP 2010 Figure 7: £40-50k for most functions,
#: payroll lowest, governance and risk highest).
COST_PER_FTE: MappingProxyType[str, float] = MappingProxyType(
    {
        "finance": 44_000.0,
        "hr": 43_000.0,
        "imt": 45_000.0,
        "procurement": 41_500.0,
        "estates": 45_000.0,
        "payroll": 31_000.0,
        "governance_risk": 58_000.0,
        "legal": 52_000.0,
        "communications": 44_000.0,
    }
)

#: Mean pay share of a function's cost (the rest is non-pay).
PAY_SHARE: MappingProxyType[str, float] = MappingProxyType(
    {
        "finance": 0.85,
        "hr": 0.82,
        "imt": 0.55,
        "procurement": 0.80,
        "estates": 0.60,
        "payroll": 0.80,
        "governance_risk": 0.72,
        "legal": 0.65,
        "communications": 0.75,
    }
)

#: Relative propensity of a function to be shared or outsourced (IM&T and finance most).
FUNCTION_SHARING: MappingProxyType[str, float] = MappingProxyType(
    {
        "finance": 1.25,
        "hr": 0.6,
        "imt": 1.6,
        "procurement": 0.7,
        "estates": 0.5,
        "payroll": 1.1,
        "governance_risk": 0.25,
        "legal": 0.6,
        "communications": 0.2,
    }
)

#: Relative propensity of a process to be shared by its Table 14 class.
CLASS_SHARING: MappingProxyType[str, float] = MappingProxyType({"T": 1.6, "O": 0.7, "S": 0.25})

#: Regions of the organisations (the ten strategic health authorities of 2010, used as
#: fictional labels) and the number of fictional footprints in each.
REGIONS: tuple[str, ...] = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East Coast",
    "South Central",
    "South West",
)
FOOTPRINTS_PER_REGION = 4

#: Second-year drift: turnover growth (mean, sd), change of each cost line (log mean, log sd),
#: probability that a respondent stops responding and that a non-respondent starts.
TURNOVER_GROWTH = (0.025, 0.02)
COST_DRIFT = (-0.02, 0.05)
LEAVE_RATE = 0.03
JOIN_RATE = 0.12
#: Share of non-respondents that still have a finance row.
NON_RESPONDENT_FINANCE = 0.5
