"""Foundation types: Variable, dtypes, scopes, naming, the object registry."""
