"""Analysis: coverage, framing, actors, citations and who copies whom."""
