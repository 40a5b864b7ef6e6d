"""Recurrent layers and wrappers; the public names are exported from
`kerax.layers`."""
