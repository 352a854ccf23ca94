"""Document rules: each looks at one Chinese document (its text, normalized text and term matches)."""
