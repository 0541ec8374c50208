"""Benchmarks: each module has run() -> dict and prints its figures as JSON."""
