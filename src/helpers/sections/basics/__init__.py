"""The basics section: its data declarations, model and figures."""
