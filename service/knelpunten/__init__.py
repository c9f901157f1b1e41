"""Knelpunten (ZOU-M3): one place to report a bottleneck or ask a question."""
