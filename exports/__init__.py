"""Exports: pure builders beside thin writers."""
