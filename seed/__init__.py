"""The curated seed data, shipped as package data (see README.md in this folder)."""
