"""The load-test dataset (`scripts/seed_load.py`): thousands of trainees with years of
realistic logs, for benchmarks and load tests. Development only: no shipped app imports it."""
