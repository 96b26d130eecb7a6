"""search: store records and chunks, index them lexically and densely, and answer queries with provenance."""
