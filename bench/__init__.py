"""Benchmarks: each module prints figures; none asserts a time (machines here are shared and noisy)."""
