"""Writes of the sources app, one module per concern."""
