"""kerasgan.layers."""

__all__ = []
