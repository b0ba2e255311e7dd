"""The circular revenue section: its data declarations, model and figures."""
