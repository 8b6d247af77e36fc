"""Pure NumPy math of One by One: no web framework, no JSON, only arrays."""
