"""Synthetic profiles for load tests (`flask directory synthesize N`)."""
