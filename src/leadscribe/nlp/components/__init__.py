"""Registered spaCy components of the extraction pipeline, one module each."""
