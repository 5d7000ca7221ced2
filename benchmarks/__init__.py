"""Benchmark drivers and synthetic data; `manage.py bench_extract` and `bench_ingest` wrap them."""
