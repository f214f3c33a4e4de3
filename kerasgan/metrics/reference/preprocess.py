"""Image preprocessing of the FID protocols, named after what each reproduces.

Both modes first make uint8 pixels — images given as floats in [-1, 1] are
quantized the way StyleGAN2-ADA stores generator output,
`clip(floor(127.5 x + 128), 0, 255)` (round half up) — repeat grayscale to
RGB, resize to 299×299, and scale to the graph's input range,
(pixel − 128) / 128.

- `"legacy-tf"`: TensorFlow 1's `ResizeBilinear` (align_corners=False, no
  half-pixel centres): output pixel i reads source coordinate i · in/out,
  clamped at the border, no antialiasing, kept in float. This is the resize
  inside TTUR's graph and StyleGAN2-ADA's TorchScript (its affine-grid
  sampling emulates that op).
- `"clean"`: PIL's bicubic resize of each channel as a float image (PIL
  filters antialias when downsampling), clipped to [0, 255], as clean-fid.
"""

import numpy as np

from kerasgan.metrics._feature import to_numpy

INPUT_SIZE = 299
MODES = ("legacy-tf", "clean")
_RANGE_TOLERANCE = 1e-3


def check_mode(preprocess):
    if preprocess not in MODES:
        raise ValueError(
            f"`preprocess` must be one of {', '.join(repr(m) for m in MODES)}. "
            f"Received: preprocess={preprocess!r}"
        )
    return preprocess


def to_uint8(images):
    """NHWC uint8 RGB images from uint8 images or floats in [-1, 1] (checked)."""
    x = to_numpy(images)
    x = np.asarray(x)
    if x.ndim != 4 or x.shape[-1] not in (1, 3):
        raise ValueError(
            "`images` must have shape (batch, height, width, 1 or 3). "
            f"Received: images.shape={x.shape}"
        )
    if x.dtype != np.uint8:
        if not np.issubdtype(x.dtype, np.floating):
            raise TypeError(
                "`images` must be uint8 (0–255) or floats in [-1, 1]. "
                f"Received: images.dtype={x.dtype}; cast 0–255 integers with `.astype('uint8')`."
            )
        x = x.astype(np.float32)
        if x.size and (x.min() < -1 - _RANGE_TOLERANCE or x.max() > 1 + _RANGE_TOLERANCE):
            raise ValueError(
                "`images` given as floats must be scaled to [-1, 1] (kerasgan's data and tanh "
                f"generators are). Received: values in [{x.min():.4g}, {x.max():.4g}]; for "
                "0–255 images pass `x.astype('uint8')`, for [0, 1] images pass `2 * x - 1`."
            )
        x = np.clip(np.floor(x * 127.5 + 128.0), 0, 255).astype(np.uint8)
    return np.repeat(x, 3, axis=-1) if x.shape[-1] == 1 else x


def legacy_tf_matrix(size_in, size_out=INPUT_SIZE):
    """`(size_out, size_in)` weights of TF1's bilinear resize along one axis.

    Coordinates in float32 as TF's kernel computes them (scale = in / out,
    source = i · scale), so the weights match that op to float rounding.
    """
    scale = np.float32(size_in) / np.float32(size_out)
    src = np.arange(size_out, dtype=np.float32) * scale
    lo = np.minimum(np.floor(src).astype(int), size_in - 1)
    hi = np.minimum(np.ceil(src).astype(int), size_in - 1)
    frac = (src - np.floor(src)).astype(np.float64)
    m = np.zeros((size_out, size_in), np.float64)
    np.add.at(m, (np.arange(size_out), lo), 1.0 - frac)
    np.add.at(m, (np.arange(size_out), hi), frac)
    return m


def _legacy_tf(x):
    rows = legacy_tf_matrix(x.shape[1]).astype(np.float32)
    cols = legacy_tf_matrix(x.shape[2]).astype(np.float32)
    x = x.astype(np.float32)
    x = np.einsum("ip,bpqc->biqc", rows, x, optimize=True)
    return np.einsum("jq,biqc->bijc", cols, x, optimize=True)


def _clean(x):
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError('preprocess="clean" resizes with PIL: `pip install pillow` '
                          '(or kerasgan[fid]).') from error

    out = np.empty((x.shape[0], INPUT_SIZE, INPUT_SIZE, 3), np.float32)
    for b in range(x.shape[0]):
        for c in range(3):
            channel = Image.fromarray(x[b, :, :, c].astype(np.float32))  # mode "F"
            resized = channel.resize((INPUT_SIZE, INPUT_SIZE), resample=Image.Resampling.BICUBIC)
            out[b, :, :, c] = np.asarray(resized, np.float32)
    return np.clip(out, 0.0, 255.0)


def resize(pixels, preprocess):
    """Resizes uint8 NHWC RGB `pixels` to 299×299 float32 pixel values (0–255)."""
    return _legacy_tf(pixels) if check_mode(preprocess) == "legacy-tf" else _clean(pixels)


def preprocess_images(images, preprocess="legacy-tf"):
    """Images → the network's `(batch, 299, 299, 3)` float32 input.

    Example:

    ```python
    x = kerasgan.metrics.preprocess_images(images, "clean")   # then the network
    ```

    Args:
        images: `(batch, height, width, 1 or 3)` uint8, or floats in [-1, 1].
        preprocess: "legacy-tf" or "clean" (see the module docstring).
            Defaults to "legacy-tf".

    Returns:
        float32 values (pixel − 128) / 128.
    """
    check_mode(preprocess)
    return (resize(to_uint8(images), preprocess) - 128.0) / 128.0
