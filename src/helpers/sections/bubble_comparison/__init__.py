"""The bubble comparison section: its data declarations, model and figures."""
