"""Fixtures of the integrity tests: residents, campaigns and sessions from codesign,
and the drawing page's people and session from the browser tests."""

from __future__ import annotations

from tests.browser.test_concept_drawing import (  # noqa: F401 (fixtures)
    browsing,
    design,
    people,
)
from tests.codesign.conftest import (  # noqa: F401 (fixtures)
    campaign,
    expert,
    park,
    resident,
    session,
)
