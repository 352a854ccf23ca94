"""Fixtures of the reliability matrix (the helpers are in ``reliability_kit``)."""

from reliability_kit import run, shared_cache  # noqa: F401  (fixtures)
