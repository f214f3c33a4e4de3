"""kerasgan.data."""

__all__ = []
