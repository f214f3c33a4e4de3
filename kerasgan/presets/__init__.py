"""kerasgan.presets: named GANs — networks, objective, optimizers, hyperparameters, weights.

A *model* preset, as KerasHub's `from_preset`: one name gives a compiled GAN.
(The *loss* presets of `kerasgan.PRESETS`, such as `loss="wgan-gp"`, name an
objective alone; a model preset uses one of them.)

```python
gan = kerasgan.GAN.from_preset("dcgan-digits")           # shipped trained weights, offline
images = gan.generate(16, seed=0)
gan = kerasgan.GAN.from_preset("sngan-hinge-32")          # fresh networks, ready to fit
print(kerasgan.presets.list_presets())
```
"""

import copy

from kerasgan.presets.preset import WEIGHTS_DIR, Preset, adam
from kerasgan.presets.registry import REGISTRY


def list_presets():
    """The names of the registered presets, sorted."""
    return sorted(REGISTRY)


def get(name):
    """Returns the `Preset` named `name` (a copy: changing it changes no registry entry).

    Raises:
        ValueError: for an unknown name; the message lists every valid one.
    """
    if isinstance(name, Preset):
        return copy.deepcopy(name)
    if not isinstance(name, str) or name not in REGISTRY:
        raise ValueError(f"Unknown preset: {name!r}. Valid presets: {', '.join(list_presets())}. "
                         "(Loss names such as 'wgan-gp' go to GAN.compile(loss=...), not from_preset.)")
    return copy.deepcopy(REGISTRY[name])


def describe(name):
    """A dict describing preset `name`: its config, whether it ships weights, and
    the quality measured when they were trained (or None)."""
    preset = get(name)
    return {**preset.get_config(), "has_weights": preset.has_weights, "quality": preset.quality()}


def register(preset, *, overwrite=False):
    """Adds a `Preset` to the registry (so `GAN.from_preset(preset.name)` finds it).

    Raises:
        ValueError: if the name is taken and `overwrite` is False.
    """
    if not isinstance(preset, Preset):
        raise TypeError(f"`preset` must be a kerasgan.presets.Preset. Received: preset={preset!r}")
    if preset.name in REGISTRY and not overwrite:
        raise ValueError(f"A preset named {preset.name!r} exists; pass overwrite=True to replace it.")
    REGISTRY[preset.name] = copy.deepcopy(preset)
    return preset


def build(name, *, weights=None, seed=None, gan_class=None):
    """A compiled `GAN` from preset `name` (a name or a `Preset`); see `GAN.from_preset`."""
    return get(name).build(weights=weights, seed=seed, gan_class=gan_class)


__all__ = ["Preset", "adam", "build", "describe", "get", "list_presets", "register"]
