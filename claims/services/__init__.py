"""Writes of the claims app, one module per concern."""
