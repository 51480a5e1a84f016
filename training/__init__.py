"""Rebuilds the shipped spam model from the corpora in ``training/data`` (see its README)."""
