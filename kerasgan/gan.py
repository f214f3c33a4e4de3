"""`GAN`: a `keras.Model` that trains a generator against a discriminator."""

import os
import tempfile

import keras
import numpy as np

from kerasgan import _backend, priors
from kerasgan import objective as objective_lib
from kerasgan._utils import check_positive_int, default_permissions
from kerasgan import validation
from kerasgan._log_means import LogMeans
from kerasgan._loss_scale import inner_optimizer, per_player_loss_scale
from kerasgan._seeds import ReplicaSeedGenerator

_backend_module = _backend.current()


@keras.saving.register_keras_serializable(package="kerasgan")
class GAN(_backend_module.GANTrainer, keras.Model):
    """A generative adversarial network, trained with `compile` and `fit`.

    `GAN.call(z)` is the live generator, so `gan(z)` and `predict` produce
    samples; `generate`, `export` and the sample-grid callbacks use
    `sampling_generator()` (the EMA copy when an `EMAGenerator` is compiled
    in). `fit(dataset)` takes batches `x` or `(x, y)`: each step runs
    `discriminator_steps` discriminator updates, then one generator update,
    with the objective chosen in `compile`. With `(x, y)` batches, a network gets
    the labels iff it has a second input, and the fakes are generated with the
    batch's own labels (see the "Conditioning and latent codes" guide).

    Example:

    ```python
    generator, discriminator = kerasgan.models.mlp(data_dim=2, latent_dim=2)
    gan = kerasgan.GAN(generator, discriminator)
    gan.compile(keras.optimizers.Adam(1e-4), keras.optimizers.Adam(1e-4), loss="wgan-gp")
    gan.fit(kerasgan.data.load("ring", batch_size=100), epochs=1)
    samples = gan.generate(1000, seed=0)
    ```

    Args:
        generator: A Keras model mapping latents `(batch, latent_dim)` (and labels,
            for a conditional GAN) to samples.
        discriminator: A Keras model mapping samples (and labels) to logits, or to a
            tuple/dict read by `kerasgan.DiscriminatorOutput.from_output`.
        latent_dim: The generator's latent size. Defaults to the size of the
            generator's first input (or of `prior`).
        prior: A `kerasgan.priors.Prior`. Defaults to `Normal(latent_dim)`.
        num_classes: Number of classes of a conditional GAN (labels lie in
            `[0, num_classes)`). Defaults to None: read from the networks' label
            embedding (or class head) when they have one.
        seed: Seed of the training randomness (latents, penalties). Defaults to
            None (random).
        **kwargs: `keras.Model` arguments such as `name`.
    """

    def __init__(self, generator, discriminator, latent_dim=None, *, prior=None, num_classes=None,
                 seed=None, **kwargs):
        super().__init__(**kwargs)
        validation.check_networks(generator, discriminator)
        if prior is not None:
            prior = priors.get(prior)
        latent_dim = validation.resolve_latent_dim(generator, latent_dim, prior)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = latent_dim
        self.prior = priors.get(prior, latent_dim)
        self.seed = seed
        self._num_classes = validation.check_num_classes(num_classes)
        self.seed_generator = ReplicaSeedGenerator(seed, name="gan_seed_generator")
        self.backend = _backend_module
        self._state = {}
        self._log_means = None
        self.objective = None
        if generator.built and discriminator.built:
            validation.check_shapes(generator, discriminator)
            self.built = True

    # -- the generator is the model ------------------------------------------------
    def call(self, inputs, training=False):
        """Runs the generator: `gan(z)` or, when conditional, `gan([z, labels])`."""
        return self.generator(inputs, training=training)

    @property
    def conditional(self):
        """Whether the generator takes a second input (labels)."""
        return len(getattr(self.generator, "inputs", None) or ()) > 1

    @property
    def num_classes(self):
        """Number of classes: the `num_classes` argument, else read from the networks (or None)."""
        if self._num_classes is not None:
            return self._num_classes
        return validation.infer_num_classes(self.generator, self.discriminator)

    def generate(self, n, *, seed=None, labels=None, codes=None, batch_size=256):
        """Draws `n` samples as a numpy array (generator in inference mode).

        Args:
            n: Number of samples.
            seed: Int seed of the latents, for reproducible samples. Defaults to
                None (fresh latents each call).
            labels: Class labels for a conditional generator: an int (every
                sample) or `(n,)` ints in `[0, num_classes)`.
            codes: Latent codes to fix, for a `priors.Joint` prior (InfoGAN): one
                value per code (None samples it), see `priors.Joint.fix_codes`.
                Defaults to None (all sampled).
            batch_size: Samples per generator call. Defaults to 256.

        Returns:
            A numpy array of shape `(n,) + sample_shape`.
        """
        check_positive_int("n", n)
        if seed is None:
            seed = int(np.random.randint(0, 2**31 - 1))
        z = self.prior.sample(n, seed=seed)
        if codes is not None:
            if not hasattr(self.prior, "fix_codes"):
                raise ValueError(
                    "`codes` were given but this GAN's prior has no latent codes. Use "
                    "prior=kerasgan.priors.Joint(noise=..., code=...) or remove codes=. "
                    f"Received: prior={self.prior!r}"
                )
            z = self.prior.fix_codes(z, codes)
        return self._generate_from(z, labels, batch_size)

    def sampling_generator(self):
        """The network that produces samples: the EMA copy when an
        `EMAGenerator` (or any component with `sampling_generator(gan)`) is
        compiled in, else `self.generator`. `generate`, `export` and
        `SampleGrid` use it."""
        for component in self.objective.components() if self.objective else ():
            getter = getattr(component, "sampling_generator", None)
            if callable(getter):
                return getter(self)
        return self.generator

    def _generate_from(self, z, labels, batch_size):
        z = keras.ops.convert_to_tensor(z, dtype="float32")
        labels = validation.check_labels(self, labels, keras.ops.shape(z)[0])
        generator = self.sampling_generator()
        outs = []
        n = int(keras.ops.shape(z)[0])
        for start in range(0, n, batch_size):
            zb = z[start : start + batch_size]
            inputs = [zb, labels[start : start + batch_size]] if labels is not None else zb
            outs.append(keras.ops.convert_to_numpy(generator(inputs, training=False)))
        return np.concatenate(outs, axis=0)

    def fit(self, x=None, y=None, *args, **kwargs):
        """`keras.Model.fit`, after checking the class labels of a conditional GAN.

        Labels outside `[0, num_classes)` raise a `ValueError` before training
        when given as arrays (`fit(x, y)`); a `tf.data.Dataset` of `(x, y)`
        batches fails on its first bad batch. A dataset (`tf.data`,
        `PyDataset`) is taken in its own order unless `shuffle` is passed:
        Keras ignores `shuffle` for them and warns on its default `True`.
        Everything else is `keras.Model.fit`'s.
        """
        x, y = validation.guard_fit_labels(self, x, y)
        if len(args) < 7 and "shuffle" not in kwargs and validation.is_dataset(x):
            kwargs["shuffle"] = False  # args[6] is fit's `shuffle`
        return super().fit(x, y, *args, **kwargs)

    # -- compile -------------------------------------------------------------------
    def compile(
        self,
        g_optimizer,
        d_optimizer,
        loss="non-saturating",
        regularizers=(),
        *,
        discriminator_steps=None,
        jit_compile="auto",
        steps_per_execution=1,
    ):
        """Chooses the optimizers and the objective.

        Args:
            g_optimizer: The generator's `keras.optimizers.Optimizer`.
            d_optimizer: The discriminator's optimizer (a different instance).
            loss: A preset name (`kerasgan.PRESETS`, e.g. `"wgan-gp"`), a dict,
                a `GANLoss` or an `Objective`. Defaults to `"non-saturating"`.
            regularizers: Extra `Regularizer`s, added to the preset's own.
            discriminator_steps: Discriminator updates per generator update.
                Defaults to the objective's (5 for `"wgan-gp"`, else 1).
            jit_compile: `True`, `False` or `"auto"` (XLA where it is measured
                to be faster for GAN steps; see the performance docs).
            steps_per_execution: Steps per compiled call. Defaults to 1.
        """
        validation.check_optimizers(g_optimizer, d_optimizer)
        objective = objective_lib.get(loss)
        if regularizers:
            objective = objective_lib.Objective(
                objective.loss,
                [*objective.regularizers, *list(regularizers)],
                discriminator_steps=objective.discriminator_steps,
            )
        check_positive_int("discriminator_steps", discriminator_steps, allow_none=True)
        check_positive_int("steps_per_execution", steps_per_execution)
        self._ensure_networks_built()
        if self.dtype_policy.name == "mixed_float16":
            # Keras would wrap the one combined optimizer; each player gets its
            # own dynamic loss scale instead (their losses differ in size).
            g_optimizer = per_player_loss_scale(g_optimizer, "g")
            d_optimizer = per_player_loss_scale(d_optimizer, "d")
        self.objective = objective
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        self.discriminator_steps = discriminator_steps or objective.effective_discriminator_steps
        self._compile_args = {
            "discriminator_steps": discriminator_steps,
            "jit_compile": jit_compile,
            "steps_per_execution": steps_per_execution,
        }
        optimizer = self._multi_optimizer(g_optimizer, d_optimizer)
        super().compile(
            optimizer=optimizer,
            jit_compile=validation.resolve_jit_compile(
                jit_compile, (self.generator, self.discriminator)
            ),
            steps_per_execution=steps_per_execution,
            auto_scale_loss=False,
        )
        self._make_log_trackers(objective.log_names() + ["real_score", "fake_score"])
        for component in objective.components():
            component.build(self)

    def _ensure_networks_built(self):
        if not self.generator.built:
            self.generator.build((None, self.latent_dim))
        validation.check_shapes(self.generator, self.discriminator)
        self.built = True

    def _multi_optimizer(self, g_optimizer, d_optimizer):
        g_vars = self.generator.trainable_variables
        g_ids = {id(v) for v in g_vars}
        # MultiOptimizer refuses a LossScaleOptimizer inside: it carries the inner
        # optimizers, and each player's LossScaleOptimizer (used by the trainer for
        # scale_loss/apply) keeps its own dynamic scale around its inner one.
        g_inner, d_inner = inner_optimizer(g_optimizer), inner_optimizer(d_optimizer)
        scale = (g_inner.loss_scale_factor, d_inner.loss_scale_factor)
        multi = keras.optimizers.MultiOptimizer(
            lambda v: g_inner if id(v) in g_ids else d_inner, name="gan_optimizer"
        )
        # Built here, not lazily: `fit()` finalizes (EMA) through it, and JAX
        # needs every optimizer variable to exist before the first step.
        multi.build(g_vars + self.discriminator.trainable_variables)
        g_inner.loss_scale_factor, d_inner.loss_scale_factor = scale
        d_vars = self.discriminator.trainable_variables
        for opt, variables in ((g_optimizer, g_vars), (d_optimizer, d_vars)):
            if opt is not inner_optimizer(opt) and not opt.built:
                opt.build(variables)  # the loss scale's own variables
        return multi

    def _make_log_trackers(self, names):
        names = list(dict.fromkeys(names))
        current = getattr(self, "_log_means", None)
        if current is None or current.names != names:
            self._log_means = LogMeans(names)

    @property
    def metrics(self):
        means = getattr(self, "_log_means", None)
        return [means] if means is not None else []

    def update_log_metrics(self, logs):
        """Feeds one step's logs to the running means; returns the epoch-so-far values."""
        self._log_means.update_state(logs)
        return self._log_means.result()

    # -- state for stateful losses and hooks -------------------------------------------
    def add_state(self, name, shape=(), *, dtype="float32", initializer="zeros"):
        """Creates (or returns, on re-compile) a non-trainable variable saved with the GAN.

        Stateful losses and procedure hooks call this from their `build(gan)`.
        """
        if name in self._state:
            var = self._state[name]
            if tuple(var.shape) == tuple(shape):
                return var
            raise ValueError(
                f"State {name!r} exists with shape {tuple(var.shape)}; "
                f"cannot re-create it with shape {tuple(shape)}."
            )
        locked = self._tracker.locked
        self._tracker.unlock()
        try:
            var = self.add_weight(
                shape=shape, dtype=dtype, initializer=initializer, trainable=False,
                # torch registers variables as module parameters, whose names
                # cannot contain "."; the state is saved under `name` itself.
                name=name.replace(".", "_"),
            )
        finally:
            if locked:
                self._tracker.lock()
        self._state[name] = var
        return var

    # -- serialization ---------------------------------------------------------------
    def save_own_variables(self, store):
        # Keras does not save seed-generator state; a resumed run must draw the
        # same latents as the uninterrupted one, so kerasgan saves it. State
        # from `add_state` is saved by name, not by creation order.
        store["seed_generator_state"] = keras.ops.convert_to_numpy(self.seed_generator.state)
        for name, var in self._state.items():
            store[f"state:{name}"] = keras.ops.convert_to_numpy(var)

    def load_own_variables(self, store):
        keys = set(store.keys())
        if "seed_generator_state" in keys:
            self.seed_generator.state.assign(store["seed_generator_state"])
        for name, var in self._state.items():
            if f"state:{name}" in keys:
                var.assign(store[f"state:{name}"])

    def get_config(self):
        return {
            "name": self.name,
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(self.discriminator),
            "latent_dim": self.latent_dim,
            "prior": keras.saving.serialize_keras_object(self.prior),
            "num_classes": self._num_classes,
            "seed": self.seed,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for key in ("generator", "discriminator", "prior"):
            config[key] = keras.saving.deserialize_keras_object(
                config[key], custom_objects=custom_objects
            )
        return cls(**config)

    def get_compile_config(self):
        if self.objective is None:
            return None
        return {
            "g_optimizer": keras.saving.serialize_keras_object(self.g_optimizer),
            "d_optimizer": keras.saving.serialize_keras_object(self.d_optimizer),
            "loss": keras.saving.serialize_keras_object(self.objective),
            **self._compile_args,
        }

    def compile_from_config(self, config):
        config = dict(config)
        for key in ("g_optimizer", "d_optimizer", "loss"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        self.compile(**config)

    def save(self, filepath, overwrite=True, **kwargs):
        """Saves the whole GAN (networks, objective, both optimizers' state) atomically.

        The file is written beside its destination and renamed into place, so an
        interrupted save never leaves a half-written `.keras` file.
        """
        filepath = os.fspath(filepath)
        if not filepath.endswith(".keras"):
            raise ValueError(
                "`filepath` must end in `.keras` (the whole-GAN format). "
                f"Received: filepath={filepath!r}. To serve the generator, use gan.export()."
            )
        if os.path.exists(filepath) and not overwrite:
            raise FileExistsError(f"{filepath} exists and overwrite=False.")
        directory = os.path.dirname(os.path.abspath(filepath))
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=".keras", dir=directory, prefix=".tmp-")
        os.close(fd)
        try:
            super().save(tmp, overwrite=True, **kwargs)
            default_permissions(tmp)
            os.replace(tmp, filepath)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)

    def export(self, filepath, format="tf_saved_model", verbose=None, **kwargs):
        """Exports the generator for serving; see `kerasgan.export.export_generator`."""
        from kerasgan import export as export_lib

        return export_lib.export_generator(self, filepath, format=format, verbose=verbose, **kwargs)
