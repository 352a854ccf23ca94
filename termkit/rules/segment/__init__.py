"""Segment rules: each looks at one aligned pair, an English source and its Chinese target."""
