"""`Preset`: one name for networks, objective, optimizers, hyperparameters (and weights)."""

import copy
import json
import os

import keras

from kerasgan._utils import check_positive_int

#: Where shipped preset weights live (package data of the wheel).
WEIGHTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights")
# Builders of `kerasgan.models` a preset may name; each returns (generator, discriminator).
BUILDERS = ("mlp", "dcgan", "resnet", "sagan", "r3gan", "biggan", "stylegan", "stylegan2")


def adam(learning_rate, beta_1=0.9, beta_2=0.999):
    """An Adam optimizer as a JSON-able config, for `Preset`'s `g_optimizer` / `d_optimizer`.

    Example:

    ```python
    config = kerasgan.presets.adam(2e-4, 0.5, 0.9)
    optimizer = keras.optimizers.deserialize(config)      # a fresh Adam each time
    ```

    Args:
        learning_rate: The learning rate (a float, or a serialized schedule).
        beta_1: Adam's β1. Defaults to 0.9 (Keras's default).
        beta_2: Adam's β2. Defaults to 0.999 (Keras's default).

    Returns:
        `{"class_name": "Adam", "config": {...}}`.
    """
    return {"class_name": "Adam",
            "config": {"learning_rate": learning_rate, "beta_1": beta_1, "beta_2": beta_2}}


def _json(argument, value):
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        raise ValueError(f"`{argument}` must hold JSON values only (numbers, strings, lists, dicts; a "
                         f"loss as a name or keras.saving.serialize_keras_object(...)). "
                         f"Received: {argument}={value!r}") from None


@keras.saving.register_keras_serializable(package="kerasgan")
class Preset:
    """A named GAN recipe: networks, objective, both optimizers, data and training length.

    A model preset, in the sense of KerasHub's `from_preset`: `build()` (or
    `kerasgan.GAN.from_preset(name)`) returns a compiled `GAN`, ready to `fit`
    or, when the preset ships trained weights, to `generate`. Not to be confused
    with the *loss* presets of `kerasgan.PRESETS` (`loss="wgan-gp"`), which name
    an objective alone; a model preset names one of them in `loss`.

    Example:

    ```python
    preset = kerasgan.presets.get("dcgan-digits")
    gan = preset.build(weights=False)                   # fresh networks, compiled
    gan.fit(preset.dataset(), epochs=preset.epochs)
    ```

    Args:
        name: The preset's name, e.g. `"dcgan-digits"`.
        description: One line shown by `kerasgan presets`.
        model: A builder of `kerasgan.models` (`"dcgan"`, `"resnet"`, `"r3gan"`, ...).
        sample_shape: Shape of one sample: `(h, w, c)` for images, `(d,)` for
            flat data (the `mlp` builder gets `d`).
        latent_dim: Size of z.
        loss: Any `loss` that `GAN.compile` takes and JSON can hold: a loss
            preset name (`"wgan-gp"`) or a serialized `Objective`.
        g_optimizer: The generator's optimizer as a Keras config dict
            (`{"class_name": "Adam", "config": {...}}`).
        d_optimizer: The discriminator's optimizer config.
        model_args: Keyword arguments of the builder. Defaults to `{}`.
        discriminator_steps: Discriminator updates per generator update.
            Defaults to None (the objective's: 5 for `"wgan-gp"`).
        data: Training data, any name or path `kerasgan.data.load` takes.
            Defaults to None.
        image_size: Resize images to this square size. Defaults to None.
        batch_size: Batch size of training. Defaults to 64.
        epochs: Suggested training length in passes over `data`. Defaults to None.
        steps_per_epoch: Suggested steps per epoch. Defaults to None (one pass).
        seed: Seed of the GAN's randomness. Defaults to 0.
        weights: File stem of trained weights (see `weights_files`): relative
            to `kerasgan/presets/weights/`, or an absolute path. Defaults to None.
        reference: Where the settings come from (paper, test, Makefile target).
            Defaults to "".
    """

    def __init__(self, name, description, *, model, sample_shape, latent_dim, loss, g_optimizer,
                 d_optimizer, model_args=None, discriminator_steps=None, data=None, image_size=None,
                 batch_size=64, epochs=None, steps_per_epoch=None, seed=0, weights=None, reference=""):
        if not isinstance(name, str) or not name:
            raise ValueError(f"`name` must be a non-empty string. Received: name={name!r}")
        if model not in BUILDERS:
            raise ValueError(f"`model` must be one of {', '.join(BUILDERS)} (kerasgan.models builders). "
                             f"Received: model={model!r}")
        for argument, value in (("g_optimizer", g_optimizer), ("d_optimizer", d_optimizer)):
            if not isinstance(value, dict) or "class_name" not in value:
                raise ValueError(f"`{argument}` must be an optimizer config dict such as "
                                 "kerasgan.presets.adam(2e-4, 0.5, 0.9). "
                                 f"Received: {argument}={value!r}")
        self.name, self.description, self.model = name, description, model
        self.sample_shape = tuple(check_positive_int("sample_shape", int(s)) for s in sample_shape)
        self.latent_dim = check_positive_int("latent_dim", latent_dim)
        # JSON values only, so that a preset's config is what a file (or the hub) can hold.
        self.loss = _json("loss", loss)
        self.g_optimizer, self.d_optimizer = _json("g_optimizer", g_optimizer), _json("d_optimizer", d_optimizer)
        self.model_args = _json("model_args", dict(model_args or {}))
        optional = {"discriminator_steps": discriminator_steps, "image_size": image_size, "epochs": epochs,
                    "steps_per_epoch": steps_per_epoch}
        for argument, value in optional.items():
            if value is not None:
                check_positive_int(argument, value)
        self.discriminator_steps, self.image_size = discriminator_steps, image_size
        self.data = data
        self.batch_size = check_positive_int("batch_size", batch_size)
        self.epochs, self.steps_per_epoch, self.seed = epochs, steps_per_epoch, seed
        self.weights, self.reference = weights, reference

    # -- what the preset holds ------------------------------------------------------
    def weights_files(self, directory=None):
        """`{"generator": path, "discriminator": path}` of the weights files, or None.

        `weights` is a file stem: `<stem>.generator.weights.h5` and
        `<stem>.discriminator.weights.h5` (network weights only, no optimizer
        state), beside `<stem>.json` (the quality measured when training them).
        A relative stem lies in `directory` (default `WEIGHTS_DIR`).
        """
        if self.weights is None:
            return None
        stem = os.path.join(WEIGHTS_DIR if directory is None else os.fspath(directory), self.weights)
        return {role: f"{stem}.{role}.weights.h5" for role in ("generator", "discriminator")}

    @property
    def has_weights(self):
        """Whether trained weights for this preset are installed (both networks' files)."""
        files = self.weights_files()
        return files is not None and all(os.path.isfile(path) for path in files.values())

    def quality(self):
        """The quality measured by the script that trained the shipped weights (a
        dict read from `<stem>.json` beside them), or None."""
        if not self.has_weights:
            return None
        record = self.weights_files()["generator"].replace(".generator.weights.h5", ".json")
        if not os.path.isfile(record):
            return None
        with open(record) as f:
            return json.load(f)

    def save_weights(self, gan, directory=None, *, quality=None):
        """Writes `gan`'s generator and discriminator weights as this preset's files
        (and `quality`, a JSON-able dict, beside them); returns the paths."""
        files = self.weights_files(directory)
        if files is None:
            raise ValueError(f"Preset {self.name!r} has weights=None; give it a file stem, e.g. "
                             f"weights={self.name.replace('-', '_')!r}.")
        os.makedirs(os.path.dirname(files["generator"]), exist_ok=True)
        for role, path in files.items():
            getattr(gan, role).save_weights(path)
        if quality is not None:
            with open(files["generator"].replace(".generator.weights.h5", ".json"), "w") as f:
                json.dump(quality, f, indent=1, sort_keys=True)
                f.write("\n")
        return files

    # -- building ---------------------------------------------------------------------
    def networks(self):
        """A fresh `(generator, discriminator)` from the builder."""
        from kerasgan import models

        shape = self.sample_shape[0] if self.model == "mlp" else self.sample_shape
        return getattr(models, self.model)(shape, self.latent_dim, **self.model_args)

    def optimizers(self):
        """Fresh `(g_optimizer, d_optimizer)` instances."""
        return (keras.optimizers.deserialize(copy.deepcopy(self.g_optimizer)),
                keras.optimizers.deserialize(copy.deepcopy(self.d_optimizer)))

    def compile(self, gan):
        """Compiles `gan` with the preset's optimizers, objective and schedule."""
        g_optimizer, d_optimizer = self.optimizers()
        gan.compile(g_optimizer, d_optimizer, loss=copy.deepcopy(self.loss),
                    discriminator_steps=self.discriminator_steps)
        return gan

    def build(self, *, weights=None, seed=None, gan_class=None):
        """Returns a compiled `GAN` (see `kerasgan.GAN.from_preset`)."""
        if weights not in (None, True, False):
            raise ValueError(f"`weights` must be None (load them if the preset ships them), True or False. "
                             f"Received: weights={weights!r}")
        if weights is True and not self.has_weights:
            raise ValueError(f"Preset {self.name!r} ships no trained weights; pass weights=False (or None) "
                             "for fresh networks. `kerasgan presets` lists the presets with weights.")
        if gan_class is None:
            # gan.py imports this package for GAN.from_preset; the class comes from
            # Keras's registry, which keeps kerasgan's import graph acyclic.
            gan_class = keras.saving.get_registered_object("kerasgan>GAN")
        generator, discriminator = self.networks()
        gan = gan_class(generator, discriminator, self.latent_dim,
                        seed=self.seed if seed is None else seed, name=self.name.replace("-", "_"))
        self.compile(gan)
        if weights is not False and self.has_weights:
            for role, path in self.weights_files().items():
                getattr(gan, role).load_weights(path)
        return gan

    def dataset(self, **kwargs):
        """The preset's training data: `kerasgan.data.load(data, batch_size=..., image_size=...)`.

        Keyword arguments override `kerasgan.data.load`'s (e.g. `seed`, `repeat`).
        """
        if self.data is None:
            raise ValueError(f"Preset {self.name!r} names no training data; load your own with "
                             "kerasgan.data.load(...).")
        from kerasgan import data

        options = {"batch_size": self.batch_size, "image_size": self.image_size, "seed": self.seed, **kwargs}
        return data.load(self.data, **options)

    # -- serialization ----------------------------------------------------------------
    def get_config(self):
        return {"name": self.name, "description": self.description, "model": self.model,
                "sample_shape": list(self.sample_shape), "latent_dim": self.latent_dim, "loss": self.loss,
                "g_optimizer": copy.deepcopy(self.g_optimizer), "d_optimizer": copy.deepcopy(self.d_optimizer),
                "model_args": dict(self.model_args), "discriminator_steps": self.discriminator_steps,
                "data": self.data, "image_size": self.image_size, "batch_size": self.batch_size,
                "epochs": self.epochs, "steps_per_epoch": self.steps_per_epoch, "seed": self.seed,
                "weights": self.weights, "reference": self.reference}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        return cls(config.pop("name"), config.pop("description"), **config)

    def __repr__(self):
        return f"Preset({self.name!r}, model={self.model!r}, loss={self.loss!r}, weights={self.has_weights})"

