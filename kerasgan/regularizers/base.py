"""`Regularizer`: a `Hook` that adds a weighted term to one or both players' losses."""

from kerasgan._utils import check_number
from kerasgan.hooks import Hook

PLAYERS = ("discriminator", "generator")


class Regularizer(Hook):
    """Base class of a penalty: a term added to one or both players' losses.

    A penalty overrides `discriminator_penalty(step)` and/or
    `generator_penalty(step)`; each returns an *unweighted* float32 scalar (or
    None when it does not apply). `Objective` multiplies it by `weight` and
    logs it as `d/<name>` / `g/<name>` for the players listed in `players`.
    Being a `Hook`, a penalty may also use any hook (`build`, state,
    after-update); a technique that adds no term is a plain `Hook`.

    Penalties that need both players' gradient field (consensus
    optimization) read `step.game`, which evaluates the `GANLoss` under any
    weights given as tensors; `step.input_gradient(fn, weights)` accepts a
    list of tensors.

    Class attributes:
        players: The players whose loss this penalty adds a term to (decides
            which `d/<name>` / `g/<name>` logs exist). A subclass that does not
            set it gets, once at class creation, the players whose penalty
            method it defines; a penalty that picks its player at construction
            sets it on the instance.

    Example:

    ```python
    class LogitPenalty(kerasgan.regularizers.Regularizer):
        players = ("discriminator",)
        def discriminator_penalty(self, step):
            return ops.mean(ops.square(step.real_output.logits))
    ```

    Args:
        weight: Multiplier of the penalty. Defaults to 1.0.
        name: Log name. Defaults to the snake-cased class name.
    """

    players = PLAYERS

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "players" not in cls.__dict__:
            defined = [p for p in PLAYERS if any(f"{p}_penalty" in k.__dict__ for k in cls.__mro__
                                                 if k is not Regularizer and issubclass(k, Regularizer))]
            cls.players = tuple(defined) or cls.players

    def __init__(self, weight=1.0, *, name=None):
        super().__init__(name=name)
        self.weight = float(check_number("weight", weight, low=0.0, high=float("inf"), high_open=True))

    def discriminator_penalty(self, step):
        """Unweighted penalty added to the discriminator's loss, or None."""
        return None

    def generator_penalty(self, step):
        """Unweighted penalty added to the generator's loss, or None."""
        return None

    def penalty(self, player, step):
        """The unweighted penalty of `player` ("discriminator" or "generator")."""
        if player == "discriminator":
            return self.discriminator_penalty(step)
        return self.generator_penalty(step)

    def get_config(self):
        return {"weight": self.weight, "name": self.name}
