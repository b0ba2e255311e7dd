"""The concentration risk section: its data declarations, model and figures."""
