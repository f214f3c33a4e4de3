"""`SavedState`: what a `GAN` saves besides its networks, and its atomic `.keras` save."""

import os

import keras

from kerasgan import _keras_private
from kerasgan._utils import write_atomically


class SavedState:
    """Mixin of `GAN`: state variables for losses and hooks (`add_state`), the
    seed generator's state in the `.keras` file, and a save that never leaves a
    half-written file."""

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
        with _keras_private.unlocked_tracker(self):
            var = self.add_weight(
                shape=shape, dtype=dtype, initializer=initializer, trainable=False,
                # torch registers variables as module parameters, whose names
                # cannot contain "."; the state is saved under `name` itself.
                name=name.replace(".", "_"),
            )
        self._state[name] = var
        return var

    def save_own_variables(self, store):
        # Keras does not save seed-generator state; a resumed run must draw the
        # same latents as the uninterrupted one, so kerasgan saves it. State
        # from `add_state` is saved by name, not by creation order.
        store["seed_generator_state"] = keras.ops.convert_to_numpy(self.seed_generator.state)
        for name, var in self._state.items():
            store[f"state:{name}"] = keras.ops.convert_to_numpy(var)
        # Nor does it save the networks' own seed generators (noise inputs, style
        # mixing, dropout): without them a resumed StyleGAN draws other noise.
        for role, states in self._network_seed_states().items():
            for i, var in enumerate(states):
                store[f"{role}_seed:{i}"] = keras.ops.convert_to_numpy(var)

    def load_own_variables(self, store):
        keys = set(store.keys())
        if "seed_generator_state" in keys:
            self.seed_generator.state.assign(store["seed_generator_state"])
        for name, var in self._state.items():
            if f"state:{name}" in keys:
                var.assign(store[f"state:{name}"])
        for role, states in self._network_seed_states().items():
            for i, var in enumerate(states):
                key = f"{role}_seed:{i}"
                if key in keys and tuple(store[key].shape) == tuple(var.shape):
                    var.assign(store[key])

    def _network_seed_states(self):
        """Each network's seed-generator states: its variables that are neither
        trainable nor non-trainable weights (Keras lists them in `variables` only)."""
        states = {}
        for role in ("generator", "discriminator"):
            network = getattr(self, role, None)
            if network is None:
                continue
            weights = {id(v) for v in network.weights}
            states[role] = [v for v in network.variables if id(v) not in weights]
        return states

    def save_weights(self, filepath, *args, **kwargs):
        """Keras's `save_weights`, without Keras 3.15's per-save memory growth
        (`_keras_private.cache_saving_skipsets`)."""
        _keras_private.cache_saving_skipsets()
        return super().save_weights(filepath, *args, **kwargs)

    def load_weights(self, filepath, *args, **kwargs):
        _keras_private.cache_saving_skipsets()
        return super().load_weights(filepath, *args, **kwargs)

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
        parent = super()
        _keras_private.cache_saving_skipsets()
        write_atomically(filepath, lambda tmp: parent.save(tmp, overwrite=True, **kwargs),
                         suffix=".keras")
