"""Helpers for the AI-bubble report: data loading, models, charts and the build.

Notebooks in notebooks/ tell the story and call these functions; the build
(`python -m helpers build`) executes the notebooks and renders the reports.
"""
