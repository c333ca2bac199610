"""Shared fixtures: the real bundle, loaded once from dialogs/ and content/."""

from __future__ import annotations

import pytest

from bot.catalog import load_bundle
from bot.engine import Bundle


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return load_bundle()
