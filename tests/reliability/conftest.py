"""Fixtures of the reliability matrix (defined with the helpers in ``reliability_kit``)."""

from .reliability_kit import run, shared_cache  # noqa: F401  (fixtures)
