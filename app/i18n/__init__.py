"""Every reader-visible string, one catalog per language."""
