"""Shared test helpers (fakes and fixtures) that are not tests themselves."""
