"""Schemathesis against ``/api/v1/schema/``, once per role, on the demo city (tongchou.testing.fuzz).

Every operation of the schema is fuzzed: nothing is excluded. Each gets a few generated requests
that fit the schema and a few that break it; path parameters name real objects half the time.
Checks, for data that fits the schema and data that breaks it: no 5xx, each response's status is
documented, its content type is the documented one, and its body matches the documented schema.
The budget keeps all five roles under 10 minutes on a 2-core CI machine (README, Security)."""

from __future__ import annotations

import os

import pytest

from tongchou.demo.seed import seed_demo_city
from tongchou.testing.fuzz import Budget, Fuzzer

# The demo logins of each role (README, "Demo logins").
ROLES = {"office": "office", "leader": "leader", "finance": "finance", "group_lead": "zfb", "unit": "lqz"}
BUDGET = Budget(positive=int(os.environ.get("TONGCHOU_FUZZ_EXAMPLES", "5")),
                negative=int(os.environ.get("TONGCHOU_FUZZ_NEGATIVE", "2")))


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_api_keeps_its_schema_under_fuzzing(role: str) -> None:
    # given the demo city and the schema as this role's demo login reads it
    ctx = seed_demo_city(password="fuzz-pass-2026")
    fuzzer = Fuzzer(user=ctx.people[ROLES[role]], office=ctx.people["office"], budget=BUDGET)
    schema = fuzzer.load_schema()
    # when every operation gets its generated requests
    fuzzer.run(schema)
    # then every response kept the schema
    assert len(fuzzer.seen) >= 100, "the schema lost its operations"
    if fuzzer.failures:
        pytest.fail("\n\n".join(fuzzer.failures), pytrace=False)
