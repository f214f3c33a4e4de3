"""The FID Inception network (TensorFlow's Inception-v3 graph of 2015-12-05) in Keras 3.

Every layer is a `keras.layers` layer, so the model runs on any backend. Layer
names are the graph's own paths (as kept by the TorchScript ports): a
convolution `mixed_4.tower_1.conv_2` is followed by its batch normalization
`mixed_4.tower_1.conv_2.bn`; weights are assigned by these names.
"""

import functools

import keras

INPUT_SIZE = 299
FEATURES = 2048
BN_EPSILON = 1e-3


def _conv(x, path, filters, kernel, *, strides=1, padding="valid", initializer="glorot_uniform"):
    """Conv (no bias) → batch norm (ε = 1e-3) → ReLU: every conv of the graph."""
    x = keras.layers.Conv2D(filters, kernel, strides=strides, padding=padding, use_bias=False,
                            kernel_initializer=initializer, name=path)(x)
    x = keras.layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{path}.bn")(x)
    return keras.layers.ReLU(name=f"{path}.relu")(x)


def _avg_pool(x, name):
    # 3×3, stride 1, padding 1, the padding *not* counted in the mean
    # (count_include_pad=False): what Keras's "same" average pooling does.
    return keras.layers.AveragePooling2D(3, strides=1, padding="same", name=name)(x)


def _concat(name, branches):
    return keras.layers.Concatenate(axis=-1, name=name)(branches)


def _block_a(conv, x, name, pool_filters):
    """35×35 block (Mixed_5b/c/d): 1×1 | 1×1→5×5 | 1×1→3×3→3×3 | avg-pool→1×1."""
    b0 = conv(x, f"{name}.conv", 64, 1)
    b1 = conv(conv(x, f"{name}.tower.conv", 48, 1), f"{name}.tower.conv_1", 64, 5, padding="same")
    b2 = conv(x, f"{name}.tower_1.conv", 64, 1)
    b2 = conv(b2, f"{name}.tower_1.conv_1", 96, 3, padding="same")
    b2 = conv(b2, f"{name}.tower_1.conv_2", 96, 3, padding="same")
    b3 = conv(_avg_pool(x, f"{name}.tower_2.pool"), f"{name}.tower_2.conv", pool_filters, 1)
    return _concat(name, [b0, b1, b2, b3])


def _block_b(conv, x, name):
    """Grid reduction 35→17 (Mixed_6a): 3×3/2 | 1×1→3×3→3×3/2 | max-pool/2."""
    b0 = conv(x, f"{name}.conv", 384, 3, strides=2)
    b1 = conv(x, f"{name}.tower.conv", 64, 1)
    b1 = conv(b1, f"{name}.tower.conv_1", 96, 3, padding="same")
    b1 = conv(b1, f"{name}.tower.conv_2", 96, 3, strides=2)
    b2 = keras.layers.MaxPooling2D(3, strides=2, name=f"{name}.pool")(x)
    return _concat(name, [b0, b1, b2])


def _block_c(conv, x, name, width):
    """17×17 block (Mixed_6b–e) with factorized 7×7 convolutions."""
    b0 = conv(x, f"{name}.conv", 192, 1)
    b1 = conv(x, f"{name}.tower.conv", width, 1)
    b1 = conv(b1, f"{name}.tower.conv_1", width, (1, 7), padding="same")
    b1 = conv(b1, f"{name}.tower.conv_2", 192, (7, 1), padding="same")
    b2 = conv(x, f"{name}.tower_1.conv", width, 1)
    for i, kernel in enumerate([(7, 1), (1, 7), (7, 1)], start=1):
        b2 = conv(b2, f"{name}.tower_1.conv_{i}", width, kernel, padding="same")
    b2 = conv(b2, f"{name}.tower_1.conv_4", 192, (1, 7), padding="same")
    b3 = conv(_avg_pool(x, f"{name}.tower_2.pool"), f"{name}.tower_2.conv", 192, 1)
    return _concat(name, [b0, b1, b2, b3])


def _block_d(conv, x, name):
    """Grid reduction 17→8 (Mixed_7a)."""
    b0 = conv(x, f"{name}.tower.conv", 192, 1)
    b0 = conv(b0, f"{name}.tower.conv_1", 320, 3, strides=2)
    b1 = conv(x, f"{name}.tower_1.conv", 192, 1)
    b1 = conv(b1, f"{name}.tower_1.conv_1", 192, (1, 7), padding="same")
    b1 = conv(b1, f"{name}.tower_1.conv_2", 192, (7, 1), padding="same")
    b1 = conv(b1, f"{name}.tower_1.conv_3", 192, 3, strides=2)
    b2 = keras.layers.MaxPooling2D(3, strides=2, name=f"{name}.pool")(x)
    return _concat(name, [b0, b1, b2])


def _block_e(conv, x, name, pool):
    """8×8 block (Mixed_7b/c) with split 1×3 / 3×1 outputs.

    The pool branch of the last block (Mixed_7c, `mixed_10`) is a *max*
    pool in the 2015 graph, where torchvision's Inception-v3 averages.
    """
    b0 = conv(x, f"{name}.conv", 320, 1)
    a = conv(x, f"{name}.tower_conv", 384, 1)
    a0 = conv(a, f"{name}.tower_mixed_conv", 384, (1, 3), padding="same")
    a1 = conv(a, f"{name}.tower_mixed_conv_1", 384, (3, 1), padding="same")
    b = conv(x, f"{name}.tower_1_conv", 448, 1)
    b = conv(b, f"{name}.tower_1_conv_1", 384, 3, padding="same")
    b0_ = conv(b, f"{name}.tower_1_mixed_conv", 384, (1, 3), padding="same")
    b1_ = conv(b, f"{name}.tower_1_mixed_conv_1", 384, (3, 1), padding="same")
    if pool == "max":
        p = keras.layers.MaxPooling2D(3, strides=1, padding="same", name=f"{name}.tower_2_pool")(x)
    else:
        p = _avg_pool(x, f"{name}.tower_2_pool")
    p = conv(p, f"{name}.tower_2_conv", 192, 1)
    return _concat(name, [b0, a0, a1, b0_, b1_, p])


def fid_inception_network(name="fid_inception_v3_2015_12_05", *, kernel_initializer="glorot_uniform"):
    """The FID Inception-v3 (2015-12-05 graph) from normalized 299×299 RGB to pool_3.

    Input: `(batch, 299, 299, 3)` float32 scaled as the graph expects,
    (pixel − 128) / 128 for pixels in [0, 255]. Output: `(batch, 2048)`, the
    `pool_3` features FID uses. Differences from `keras.applications.
    InceptionV3`: no batch-norm scale in the original graph (converted
    weights set γ = 1), average pools that leave the padding out of the mean,
    and a max pool in the last block's pool branch. The weights are random:
    use `kerasgan.metrics.reference_inception()` for the converted ones.

    Args:
        name: Model name. Defaults to "fid_inception_v3_2015_12_05".
        kernel_initializer: Initializer of the convolutions. "zeros" builds
            several times faster on JAX (no random draw to compile per
            shape) when the weights are loaded next. Defaults to
            "glorot_uniform".

    Returns:
        A `keras.Model`.

    Reference:
        Szegedy et al., "Rethinking the Inception Architecture for Computer
        Vision", CVPR 2016 (the network); Heusel et al. 2017 (its pool_3 as
        FID's features, TTUR's `fid.py`).
    """
    conv = functools.partial(_conv, initializer=kernel_initializer)
    inputs = keras.Input((INPUT_SIZE, INPUT_SIZE, 3), name="images")
    x = conv(inputs, "conv", 32, 3, strides=2)
    x = conv(x, "conv_1", 32, 3)
    x = conv(x, "conv_2", 64, 3, padding="same")
    x = keras.layers.MaxPooling2D(3, strides=2, name="pool0")(x)
    x = conv(x, "conv_3", 80, 1)
    x = conv(x, "conv_4", 192, 3)
    x = keras.layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    for i, pool_filters in enumerate([32, 64, 64]):
        x = _block_a(conv, x, "mixed" if i == 0 else f"mixed_{i}", pool_filters)
    x = _block_b(conv, x, "mixed_3")
    for i, width in zip(range(4, 8), [128, 160, 160, 192]):
        x = _block_c(conv, x, f"mixed_{i}", width)
    x = _block_d(conv, x, "mixed_8")
    x = _block_e(conv, x, "mixed_9", pool="avg")
    x = _block_e(conv, x, "mixed_10", pool="max")
    x = keras.layers.GlobalAveragePooling2D(name="pool_3")(x)  # the 8×8 average pool
    return keras.Model(inputs, x, name=name)


def conv_layer_names(model):
    """Names of the model's convolutions, in graph order."""
    return [layer.name for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
