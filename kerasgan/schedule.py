"""The training schedule as data: which player updates, on what terms, how often."""

import keras

from kerasgan._utils import Configurable, check_number, check_positive_int
from kerasgan.regularizers.base import PLAYERS

#: The term name that selects the `GANLoss` itself in `Phase(terms=...)`.
LOSS = "loss"


def _players(value):
    players = (value,) if isinstance(value, str) else tuple(value or ())
    if not players or any(p not in PLAYERS for p in players) or len(set(players)) != len(players):
        raise ValueError(
            f"`players` must be 'discriminator', 'generator' or both (a simultaneous update). "
            f"Received: players={value!r}"
        )
    return tuple(p for p in PLAYERS if p in players)


@keras.saving.register_keras_serializable(package="kerasgan")
class Phase(Configurable):
    """One entry of a `Schedule`: an update of one player, or of both at once.

    A phase minimizes `gain · Σ terms` for each of its players, `repeats`
    times in a row, on the GAN steps t with `t % interval == 0`. With both
    players, the two gradients are taken at the same point (same latents,
    same weights) and applied together: the simultaneous update.

    Example:

    ```python
    # StyleGAN2's lazy R1: the main update every step, R1 alone every 16 steps
    # with gain 16 (so its expected gradient equals eager R1's).
    kerasgan.Phase("discriminator", terms=["r1_penalty"], interval=16)
    ```

    Args:
        players: "discriminator", "generator", or both as a tuple.
        repeats: Updates in a row. Defaults to 1.
        interval: Run on steps where `iteration % interval == 0` (a traced
            condition). Defaults to 1 (every step).
        gain: Multiplier of the phase's loss. Defaults to `interval`, the gain
            that keeps a lazy term's average strength (StyleGAN2, App. B).
        terms: The terms minimized: `"loss"` (the `GANLoss`) and regularizer
            names. Defaults to None: every term of the player that no other
            phase of the schedule names.

    Reference:
        Karras et al., "Analyzing and Improving the Image Quality of
        StyleGAN", CVPR 2020, Appendix B (lazy regularization, interval and
        gain); Mescheder, Nowozin & Geiger, "The Numerics of GANs", NeurIPS
        2017, Section 2 (simultaneous and alternating gradient descent).
    """

    def __init__(self, players, *, repeats=1, interval=1, gain=None, terms=None):
        self.players = _players(players)
        self.repeats = check_positive_int("repeats", repeats)
        self.interval = check_positive_int("interval", interval)
        gain = float(interval) if gain is None else gain
        self.gain = float(check_number("gain", gain, low=0.0))
        if terms is not None:
            if isinstance(terms, str) or not all(isinstance(t, str) for t in terms):
                raise TypeError(
                    "`terms` must be a list of term names ('loss' and regularizer names), "
                    f"or None. Received: terms={terms!r}"
                )
            terms = tuple(terms)
        self.terms = terms

    @property
    def simultaneous(self):
        return len(self.players) == 2

    def get_config(self):
        return {
            "players": list(self.players),
            "repeats": self.repeats,
            "interval": self.interval,
            "gain": self.gain,
            "terms": list(self.terms) if self.terms is not None else None,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class Schedule(Configurable):
    """The phases of one training step, run in order: the whole D/G procedure.

    `GAN.train_step` runs every phase of the schedule, then counts one GAN
    step. The presets' schedules are `Schedule.alternating(k)` (k critic
    updates, then one generator update); `Schedule.simultaneous()` is the
    simplified procedure of Goodfellow et al. and PacGAN's code; a lazy
    regularizer is a phase with an `interval`.

    With `fresh_real=True` each of the k main discriminator updates reads its
    own real minibatch, as Algorithm 1 of WGAN and WGAN-GP do: the `fit`
    batch holds k minibatches (batch k·m) and is split in k along axis 0;
    the generator's update and every other phase see the first of them.
    With the default `False` every update of the step reads the whole batch.

    Example:

    ```python
    schedule = kerasgan.Schedule.alternating(5, fresh_real=True)
    gan.compile(g_opt, d_opt, loss="wgan-gp", schedule=schedule)
    gan.fit(ds.rebatch(5 * 64))          # 5 fresh minibatches of 64 per step
    ```

    Args:
        phases: A list of `Phase`s (or their configs).
        fresh_real: Split the batch among the main discriminator updates.
            Defaults to False.
    """

    def __init__(self, phases, *, fresh_real=False):
        if isinstance(phases, Phase) or not phases:
            raise ValueError(
                f"`phases` must be a non-empty list of kerasgan.Phase. Received: phases={phases!r}"
            )
        phases = [Phase(**p) if isinstance(p, dict) else p for p in phases]
        for i, phase in enumerate(phases):
            if not isinstance(phase, Phase):
                raise TypeError(f"`phases[{i}]` must be a kerasgan.Phase. Received: {phase!r}")
        if not isinstance(fresh_real, bool):
            raise TypeError(f"`fresh_real` must be True or False. Received: fresh_real={fresh_real!r}")
        self.phases = list(phases)
        self.fresh_real = fresh_real
        for player in PLAYERS:
            named = [t for p in self.phases if player in p.players for t in (p.terms or ())]
            twice = sorted({t for t in named if named.count(t) > 1})
            if twice:
                raise ValueError(
                    f"Each term may be named by one {player} phase only. Received: {twice} "
                    "named twice. Leave `terms=None` on the main phase: it takes what is left."
                )

    @classmethod
    def alternating(cls, discriminator_steps=1, *, generator_steps=1, fresh_real=False):
        """`discriminator_steps` discriminator updates, then `generator_steps` generator ones."""
        return cls([Phase("discriminator", repeats=discriminator_steps),
                    Phase("generator", repeats=generator_steps)], fresh_real=fresh_real)

    @classmethod
    def simultaneous(cls):
        """Both players' gradients at the same point, applied together, once per step."""
        return cls([Phase(PLAYERS)])

    @classmethod
    def lazy(cls, terms, interval, *, discriminator_steps=1):
        """Alternating, with the discriminator's `terms` in their own phase every `interval` steps."""
        return cls([Phase("discriminator", repeats=discriminator_steps),
                    Phase("discriminator", terms=list(terms), interval=interval),
                    Phase("generator")])

    def main(self, phase):
        """Whether `phase` updates the discriminator on its main terms (it takes `terms=None`
        or names the loss), every step: the updates that `fresh_real` feeds and counts."""
        return ("discriminator" in phase.players and phase.interval == 1
                and (phase.terms is None or LOSS in phase.terms))

    @property
    def discriminator_steps(self):
        """Main discriminator updates per GAN step."""
        return sum(p.repeats for p in self.phases if self.main(p))

    def claimed(self, player):
        """The term names that a phase of `player` names explicitly."""
        return {t for p in self.phases if player in p.players for t in (p.terms or ())}

    def check_terms(self, names):
        """Raises unless every named term is `"loss"` or one of `names` (regularizer names)."""
        valid = {LOSS, *names}
        unknown = sorted({t for p in self.phases for t in (p.terms or ()) if t not in valid})
        if unknown:
            raise ValueError(
                f"The schedule names unknown terms {unknown}. Valid terms: {sorted(valid)} "
                "('loss' is the GANLoss; the others are the regularizers' names)."
            )

    def get_config(self):
        return {"phases": [p.get_config() for p in self.phases], "fresh_real": self.fresh_real}
