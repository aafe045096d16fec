"""The constants of the NHS Improvement 2016/17 demo round (seed 002: NHS Improvement's
benchmarking of trusts' finance, governance and risk, HR, IM&T, legal and procurement costs).

About 230 fictional trusts in the six organisation types of ``nhsi-2017.toml`` (the round's
definition, shipped beside this module), every one responding, spread evenly over the 44 STP
footprints of 2016/17 in NHS Improvement's four regions. Each type's mean turnover and mean
cost of the six functions as a % of turnover are inputs chosen so that the project computes a
total spend of about £3.4bn ("over £3.3bn a year"). The per-function dispersion multipliers
(``FUNCTION_DISPERSION``) were found by :func:`corpbench.demo.calibrate.search_nhsi` so that
bringing every trust above the median of its type down to it saves about £495m ("over £480m"),
IM&T about 33% of it and governance and risk about 25%. Nothing here is an output figure.
"""

from __future__ import annotations

from types import MappingProxyType

from corpbench.demo.params import DemoRound, TypeParams

NHSI_FILE = "nhsi-2017.toml"
NHSI_FUNCTIONS: tuple[str, ...] = (
    "finance",
    "governance_risk",
    "hr",
    "imt",
    "legal",
    "procurement",
)


def _mix(**shares: float) -> MappingProxyType[str, float]:
    assert abs(sum(shares.values()) - 1.0) < 1e-9, shares
    assert set(shares) == set(NHSI_FUNCTIONS), shares
    return MappingProxyType(shares)


_ACUTE_MIX = _mix(
    imt=0.32, finance=0.21, hr=0.15, procurement=0.09, governance_risk=0.18, legal=0.05
)
_TEACHING_MIX = _mix(
    imt=0.34, finance=0.20, hr=0.14, procurement=0.09, governance_risk=0.18, legal=0.05
)
_SPECIALIST_MIX = _mix(
    imt=0.33, finance=0.20, hr=0.15, procurement=0.10, governance_risk=0.17, legal=0.05
)
_MH_MIX = _mix(imt=0.30, finance=0.21, hr=0.18, procurement=0.07, governance_risk=0.20, legal=0.04)
_COMMUNITY_MIX = _mix(
    imt=0.31, finance=0.22, hr=0.17, procurement=0.07, governance_risk=0.19, legal=0.04
)
_AMBULANCE_MIX = _mix(
    imt=0.33, finance=0.20, hr=0.18, procurement=0.08, governance_risk=0.17, legal=0.04
)

#: Spread of a type's cost as a % of turnover (before the per-function multipliers).
_D = 0.45

#: (eligible, respondents = eligible: every trust responds, mean turnover £m, log sd of
#: turnover, six functions' mean % of turnover, dispersion, shared propensity, cost per FTE
#: factor, teaching rate, mix).
NHSI_TYPES: MappingProxyType[str, TypeParams] = MappingProxyType(
    {
        "acute": TypeParams(110, 110, 330.0, 0.35, 4.4, _D, 0.10, 1.0, 0.08, _ACUTE_MIX),
        "acute_teaching": TypeParams(24, 24, 780.0, 0.30, 4.0, _D, 0.10, 1.05, 1.0, _TEACHING_MIX),
        "specialist": TypeParams(17, 17, 260.0, 0.40, 5.0, _D, 0.08, 1.05, 0.5, _SPECIALIST_MIX),
        "mental_health": TypeParams(54, 54, 190.0, 0.35, 5.2, _D, 0.10, 1.0, 0.05, _MH_MIX),
        "community": TypeParams(17, 17, 160.0, 0.30, 5.6, _D, 0.14, 1.0, 0.0, _COMMUNITY_MIX),
        "ambulance": TypeParams(10, 10, 260.0, 0.25, 4.8, _D, 0.10, 1.0, 0.0, _AMBULANCE_MIX),
    }
)

#: Per-function multiplier on the type's dispersion, calibrated (see the module docstring).
FUNCTION_DISPERSION: MappingProxyType[str, float] = MappingProxyType(
    {
        "finance": 0.523,
        "hr": 0.564,
        "imt": 0.739,
        "procurement": 0.966,
        "governance_risk": 0.968,
        "legal": 0.725,
    }
)

#: Code prefixes distinct from the QIPP demo's (no real ODS code starts with "Z").
NHSI_CODE_PREFIX = MappingProxyType(
    {
        "acute": "ZH",
        "acute_teaching": "ZT",
        "specialist": "ZS",
        "mental_health": "ZR",
        "community": "ZK",
        "ambulance": "ZW",
    }
)
NHSI_NAME_SUFFIX = MappingProxyType(
    {
        "acute": "Hospital NHS Trust",
        "acute_teaching": "Teaching Hospitals NHS Trust",
        "specialist": "Specialist NHS Foundation Trust",
        "mental_health": "Care Partnership NHS Trust",
        "community": "Community Healthcare NHS Trust",
        "ambulance": "Ambulance NHS Foundation Trust",
    }
)


NHSI_ROUND = DemoRound(
    name="nhsi-2017",
    seed=2017,
    years=("2016/17",),
    types=NHSI_TYPES,
    functions=NHSI_FUNCTIONS,
    function_dispersion=FUNCTION_DISPERSION,
    function_presence=MappingProxyType({}),
    code_prefix=NHSI_CODE_PREFIX,
    name_suffix=NHSI_NAME_SUFFIX,
    definition_file=NHSI_FILE,
)
