"""Seeded synthetic proposals and concerns in the seed towns, for benchmarks and load tests."""
