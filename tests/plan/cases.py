"""Small case documents worked by hand in the tests."""

from __future__ import annotations

import copy
from typing import Any


def small() -> dict[str, Any]:
    """One function, three years: the worked example of docs/planning.md."""
    return copy.deepcopy(
        {
            "horizon": 3,
            "discount_rate": 0.25,
            "functions": {
                "finance": {
                    "cost": 1000,
                    "transactional": 0.5,
                    "operational": 0.25,
                    "pay_share": 0.5,
                }
            },
            "option": {
                "model": "cooperative",
                "location_factor": 0.5,
                "management_fee": 0.1,
                "simplify": {"finance": 0.1},
                "standardise": {"finance": 0.1},
                "share": {"finance": 0.5},
                "one_off": [{"year": 0, "amount": 200}],
                "recurring": [{"from_year": 1, "amount": 10}],
                "phases": {
                    "simplify": {"start": 1, "ramp": 1},
                    "standardise": {"start": 1, "ramp": 1},
                    "share": {"start": 2, "ramp": 2},
                },
            },
        }
    )
