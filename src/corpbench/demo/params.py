"""The constants of the QIPP 2010 demo round (2009/10 and 2010/11, QIPP's seven functions):
counts, sizes, cost mixes and dispersions, and :class:`DemoRound`, what the generator needs to
know about any demo round (the NHS Improvement 2016/17 round is in :mod:`corpbench.demo.nhsi`).

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

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from corpbench.standard import DEFAULT_FUNCTIONS
from corpbench.standard.rounds import RoundDefinition, default_round, parse_round


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
    #: Mean share of back-office spend by function (sums to 1 over the round's functions).
    function_mix: MappingProxyType[str, float]


def _mix(**shares: float) -> MappingProxyType[str, float]:
    total = sum(shares.values())
    assert abs(total - 1.0) < 1e-9, total
    return MappingProxyType(shares)


_ACUTE_MIX = _mix(
    imt=0.30,
    finance=0.18,
    hr=0.14,
    estates=0.16,
    procurement=0.09,
    payroll=0.04,
    governance_risk=0.09,
)
_MH_MIX = _mix(
    imt=0.28,
    finance=0.19,
    hr=0.16,
    estates=0.15,
    procurement=0.07,
    payroll=0.045,
    governance_risk=0.105,
)
_AMBULANCE_MIX = _mix(
    imt=0.315,
    finance=0.17,
    hr=0.16,
    estates=0.145,
    procurement=0.08,
    payroll=0.045,
    governance_risk=0.085,
)
_PCT_MIX = _mix(
    imt=0.285,
    finance=0.215,
    hr=0.14,
    estates=0.11,
    procurement=0.075,
    payroll=0.035,
    governance_risk=0.14,
)
#: PCT provider arms carry the highest governance costs (QIPP 2010 §5.5).
_PCT_PROVIDER_MIX = _mix(
    imt=0.27,
    finance=0.195,
    hr=0.14,
    estates=0.11,
    procurement=0.075,
    payroll=0.035,
    governance_risk=0.175,
)

# Dispersion, calibrated by ``python -m corpbench.demo.calibrate`` (see module docstring): one
# value per Table 6 column, the three PCT types sharing one; community (absent from Table 6) is
# kept tight so that it saves almost nothing.
_D_ACUTE = 0.318
_D_ACUTE_FT = 0.359
_D_MH = 0.45
_D_MH_FT = 0.39
_D_AMBULANCE = 0.342
_D_PCT = 0.667
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

#: QIPP 2010's seven functions (the default round also names legal and communications, which
#: QIPP did not collect: the demo has no rows for them).
QIPP_FUNCTIONS: tuple[str, ...] = tuple(
    f for f in DEFAULT_FUNCTIONS if f not in ("legal", "communications")
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
QIPP_REGIONS: tuple[str, ...] = (
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


#: Code prefix of each type. Real ODS codes do not start with "Z", so no code can be mistaken
#: for a real organisation's.
QIPP_CODE_PREFIX: Mapping[str, str] = MappingProxyType(
    {
        "acute": "ZA",
        "acute_ft": "ZF",
        "pct_commissioner": "ZC",
        "pct_provider": "ZP",
        "pct_undifferentiated": "ZU",
        "mental_health": "ZM",
        "mental_health_ft": "ZN",
        "ambulance": "ZB",
        "community": "ZY",
    }
)

QIPP_NAME_SUFFIX: Mapping[str, str] = MappingProxyType(
    {
        "acute": "Hospitals NHS Trust",
        "acute_ft": "Hospitals NHS Foundation Trust",
        "pct_commissioner": "PCT Commissioning",
        "pct_provider": "PCT Provider Services",
        "pct_undifferentiated": "Primary Care Trust",
        "mental_health": "Mental Health NHS Trust",
        "mental_health_ft": "Mental Health NHS Foundation Trust",
        "ambulance": "Ambulance Service NHS Trust",
        "community": "Community Health Services NHS Trust",
    }
)


@dataclass(frozen=True)
class DemoRound:
    """What the generator needs to know about one demo round: its definition, counts and
    cost constants, and how its fictional register is named and placed."""

    #: The round definition's name (``qipp-2010``, ``nhsi-2017``).
    name: str
    #: Default seed of the generator.
    seed: int
    #: The years generated: the first as drawn, each later one drifting from the one before.
    years: tuple[str, ...]
    #: Per organisation type (in register order), the generator's inputs.
    types: Mapping[str, TypeParams]
    #: The functions the organisations return (a subset of the definition's).
    functions: tuple[str, ...]
    #: Per function, multiplier on the type's dispersion.
    function_dispersion: Mapping[str, float]
    #: Per function, the probability that an organisation returns it (absent: 1).
    function_presence: Mapping[str, float]
    #: Code prefix and name suffix of each type's organisations.
    code_prefix: Mapping[str, str]
    name_suffix: Mapping[str, str]
    #: (footprint, region) of the round, spread evenly over its organisations; empty: the
    #: footprints of the definition.
    footprints: tuple[tuple[str, str], ...] = ()
    #: The definition's TOML file in this package; ``None``: the built-in default round.
    definition_file: str | None = None

    def places(self) -> tuple[tuple[str, str], ...]:
        """(footprint, region) of the round's organisations to spread them over."""
        if self.footprints:
            return self.footprints
        return tuple((f.name, f.region or "") for f in self.definition().footprints)

    def definition_text(self) -> str | None:
        """The TOML text of the round's definition (``None`` for the built-in round)."""
        if self.definition_file is None:
            return None
        return resources.files(__package__).joinpath(self.definition_file).read_text("utf-8")

    def definition(self) -> RoundDefinition:
        """The round definition (functions with their processes, types, indicators)."""
        text = self.definition_text()
        return default_round() if text is None else parse_round(text, str(self.definition_file))


QIPP_ROUND = DemoRound(
    name="qipp-2010",
    seed=2010,
    years=("2009/10", "2010/11"),
    types=ORG_TYPES,
    functions=QIPP_FUNCTIONS,
    function_dispersion=FUNCTION_DISPERSION,
    function_presence=MappingProxyType({}),
    code_prefix=QIPP_CODE_PREFIX,
    name_suffix=QIPP_NAME_SUFFIX,
    footprints=tuple(
        (f"{region} {k + 1}", region)
        for region in QIPP_REGIONS
        for k in range(FOOTPRINTS_PER_REGION)
    ),
)
