"""The domain as plain Python: no Qt, no SQL. Everything else depends on it."""
