"""Review: HTML for reading matches — the offline report and the notebook explorer."""
