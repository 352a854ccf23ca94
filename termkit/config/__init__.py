"""Configuration: ``termkit.toml`` or ``[tool.termkit]`` in ``pyproject.toml``, found, validated and resolved."""

from termkit.config.file import (
    Config,
    find_config,
    load_config,
    resolve_config,
    to_toml,
)

__all__ = ["Config", "find_config", "load_config", "resolve_config", "to_toml"]
