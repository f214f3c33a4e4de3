"""`GAN`: a `keras.Model` that trains a generator against a discriminator."""

import keras
import numpy as np

from kerasgan import _backend, _compile, priors, validation
from kerasgan._gan_state import SavedState
from kerasgan._jit import resolve_jit_compile
from kerasgan._log_means import LogMeans
from kerasgan._seeds import ReplicaSeedGenerator
from kerasgan._utils import check_positive_int
from kerasgan.schedule import Schedule

_backend_module = _backend.current()


@keras.saving.register_keras_serializable(package="kerasgan")
class GAN(_backend_module.GANTrainer, SavedState, keras.Model):
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
        self._state = {}
        self._log_means = None
        self.objective = None
        self.schedule = None
        if generator.built and discriminator.built:
            validation.check_shapes(generator, discriminator)
            self.built = True

    @classmethod
    def from_preset(cls, name, *, weights=None, seed=None):
        """A compiled GAN from a model preset (`kerasgan.presets.list_presets()`):
        networks, objective, both optimizers and the seed in one name. `weights`:
        None loads the preset's shipped weights if it has any (offline, from the
        package), True requires them, False keeps fresh networks."""
        from kerasgan import presets

        return presets.build(name, weights=weights, seed=seed, gan_class=cls)

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
        check_positive_int("batch_size", batch_size)
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
            network = getattr(component, "sampling_generator", lambda gan: None)(self)
            if network is not None:
                return network
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

    def fit(self, x=None, y=None, *args, stop_on_nan=True, **kwargs):
        """`keras.Model.fit`, after checking the inputs (see `validation.prepare_fit`).

        (The one override of a Keras verb, kept on purpose: Keras offers no hook
        that sees `fit`'s inputs before its first step.) Before any weight moves:
        class labels of a conditional GAN given as arrays are range-checked,
        array data must be finite and `batch_size` positive. A dataset is taken in
        its own order unless `shuffle` is passed; a `kerasgan.data` dataset starts
        at the order of `initial_epoch`, so a resumed run reads the same batches.
        `stop_on_nan` (default True) adds `kerasgan.callbacks.StopOnNaN`, which
        stops at the first NaN or infinite loss or penalty, naming it.
        """
        x, y, args, kwargs = validation.prepare_fit(self, x, y, args, kwargs, stop_on_nan)
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
        schedule=None,
        jit_compile="auto",
        steps_per_execution=1,
    ):
        """Chooses the optimizers, the objective and the schedule.

        Args:
            g_optimizer: The generator's `keras.optimizers.Optimizer`.
            d_optimizer: The discriminator's optimizer (a different instance).
            loss: A preset name (`kerasgan.PRESETS`, e.g. `"wgan-gp"`), a dict,
                a `GANLoss` or an `Objective`. Defaults to `"non-saturating"`.
            regularizers: Extra `Regularizer`s and `Hook`s, added to the
                preset's own.
            discriminator_steps: Discriminator updates per generator update
                (shorthand for `Schedule.alternating(n)`). Defaults to the
                objective's (5 for `"wgan-gp"`, else 1).
            schedule: A `kerasgan.Schedule`: the phases of one step
                (simultaneous updates, lazy regularization, fresh real
                minibatches per critic step). Defaults to the objective's.
            jit_compile: `True`, `False` or `"auto"` (XLA where it is measured
                to be faster for GAN steps; see the performance docs).
            steps_per_execution: Steps per compiled call. Defaults to 1.
        """
        validation.check_optimizers(g_optimizer, d_optimizer)
        objective, resolved = _compile.resolve_objective(
            loss, regularizers, discriminator_steps, schedule)
        check_positive_int("steps_per_execution", steps_per_execution)
        self._ensure_networks_built()
        g_optimizer, d_optimizer = _compile.player_optimizers(
            self.dtype_policy, g_optimizer, d_optimizer)
        self.objective, self.schedule = objective, resolved
        self.g_optimizer, self.d_optimizer = g_optimizer, d_optimizer
        self._compile_args = {
            "discriminator_steps": discriminator_steps,
            "schedule": (keras.saving.serialize_keras_object(schedule)
                         if isinstance(schedule, Schedule) else schedule),
            "jit_compile": jit_compile,
            "steps_per_execution": steps_per_execution,
        }
        super().compile(
            optimizer=_compile.multi_optimizer(
                self.generator, self.discriminator, g_optimizer, d_optimizer),
            jit_compile=resolve_jit_compile(jit_compile, (self.generator, self.discriminator)),
            steps_per_execution=steps_per_execution,
            auto_scale_loss=False,
        )
        names = _compile.log_names(objective, resolved)
        if self._log_means is None or self._log_means.names != names:
            self._log_means = LogMeans(names)
        for component in objective.components():
            component.build(self)

    @property
    def discriminator_steps(self):
        """Main discriminator updates per GAN step (from the schedule)."""
        return self.schedule.discriminator_steps if self.schedule is not None else None

    def _ensure_networks_built(self):
        if not self.generator.built:
            self.generator.build((None, self.latent_dim))
        validation.check_shapes(self.generator, self.discriminator)
        self.built = True

    @property
    def metrics(self):
        means = getattr(self, "_log_means", None)
        return [means] if means is not None else []

    def update_log_metrics(self, logs):
        """Feeds one step's logs to the running means; returns the epoch-so-far values."""
        self._log_means.update_state(logs)
        return self._log_means.result()

    # -- serialization ---------------------------------------------------------------
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

    def export(self, filepath, format="tf_saved_model", verbose=None, **kwargs):
        """Exports the generator for serving; see `kerasgan.export.export_generator`."""
        from kerasgan import export as export_lib

        return export_lib.export_generator(self, filepath, format=format, verbose=verbose, **kwargs)
