"""Hypothesis profiles: ``dev`` (fast, the default) and ``ci`` (more examples, no deadline)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=30, deadline=None)
# derandomize: the same examples on every CI run, so that the run (and its 100 % branch coverage) never
# depends on chance; "dev" stays random and explores new examples on each run.
settings.register_profile(
    "ci",
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
    derandomize=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
