"""The reference FID network, its preprocessing, weights and statistics files."""
