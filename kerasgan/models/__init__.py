"""kerasgan.models."""

__all__ = []
