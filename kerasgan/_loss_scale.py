"""Mixed float16: one dynamic loss scale per player."""

import keras


def inner_optimizer(optimizer):
    """The optimizer that a `LossScaleOptimizer` wraps (or the optimizer itself)."""
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return optimizer.inner_optimizer
    return optimizer


def per_player_loss_scale(optimizer, prefix):
    """`optimizer` wrapped in its own `LossScaleOptimizer` (unless it already is)."""
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return optimizer
    return keras.optimizers.LossScaleOptimizer(optimizer, name=f"{prefix}_loss_scale_optimizer")
