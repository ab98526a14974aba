"""Helpers for tests that need a second process (durability, concurrency, file permissions)."""
