"""Exporting the generator for serving (SavedModel) or as a `.keras` file.

SavedModel is TensorFlow's serving format, so this module imports TensorFlow.
"""

import os
import shutil
import tempfile

import keras

from kerasgan._utils import write_atomically


def _generator_for_export(gan):
    """The network that serves samples (the EMA copy when the GAN keeps one)."""
    getter = getattr(gan, "sampling_generator", None)
    return getter() if callable(getter) else gan.generator


def export_generator(gan, filepath, *, format="tf_saved_model", verbose=None):
    """Writes the generator so that it maps latents (and labels) to samples.

    - `format="tf_saved_model"`: a SavedModel directory with a `serve`
      endpoint (also the default serving signature) taking `z` of shape
      `(batch, latent_dim)` float32 — and `labels` `(batch,)` int32 for a
      conditional GAN — and returning samples in inference mode. Load it with
      `tf.saved_model.load(path).serve(z)`.
    - `format="keras"`: the generator alone as a `.keras` file.

    The export is written to a temporary sibling and moved into place, so an
    interrupted export never leaves a half-written model at `filepath`.

    Args:
        gan: A `kerasgan.GAN`.
        filepath: Destination directory (SavedModel) or `.keras` file.
        format: `"tf_saved_model"` or `"keras"`. Defaults to `"tf_saved_model"`.
        verbose: Print what was written. Defaults to None (quiet).
    """
    filepath = os.fspath(filepath)
    generator = _generator_for_export(gan)
    parent = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(parent, exist_ok=True)
    if format == "keras":
        if not filepath.endswith(".keras"):
            raise ValueError(
                f"With format='keras', `filepath` must end in .keras. Received: filepath={filepath!r}"
            )
        return write_atomically(filepath, generator.save, suffix=".keras")
    if format != "tf_saved_model":
        raise ValueError(
            f"`format` must be 'tf_saved_model' or 'keras'. Received: format={format!r}"
        )
    if keras.backend.backend() not in ("tensorflow", "jax"):
        raise NotImplementedError(
            f"SavedModel export needs the TensorFlow or JAX backend; the active backend is "
            f"{keras.backend.backend()!r}. Use format='keras', or export from KERAS_BACKEND=tensorflow."
        )
    signature = [keras.InputSpec(shape=(None, gan.latent_dim), dtype="float32", name="z")]
    if gan.conditional:
        signature.append(keras.InputSpec(shape=(None,), dtype="int32", name="labels"))

        def serve(z, labels):
            return generator([z, labels], training=False)
    else:

        def serve(z):
            return generator(z, training=False)

    archive = keras.export.ExportArchive()
    archive.track(generator)
    archive.add_endpoint("serve", serve, input_signature=signature)
    tmp = tempfile.mkdtemp(dir=parent, prefix=".tmp-export-")
    try:
        archive.write_out(tmp, verbose=bool(verbose))
        if os.path.isdir(filepath):
            backup = filepath + ".old"
            os.replace(filepath, backup)
            os.replace(tmp, filepath)
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.replace(tmp, filepath)
    finally:
        if os.path.exists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
    return filepath
