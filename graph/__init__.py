"""The data model: schema, datasets, whole-graph checks and graph building."""
