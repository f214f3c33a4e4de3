"""kerasgan.metrics."""

__all__ = []
