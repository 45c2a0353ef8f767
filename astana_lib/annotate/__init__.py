"""Annotation: paragraph roles and article metadata (outlet, date, round, event, relevance, sources, quotes)."""
