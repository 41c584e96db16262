"""Ratio benchmarks: each target is measured against a bare baseline in the same run."""
