"""kerasgan.callbacks."""

__all__ = []
