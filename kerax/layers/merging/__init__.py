"""Merging layers; the public names are exported from `kerax.layers`."""
