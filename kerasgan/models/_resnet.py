"""Residual generator and discriminator blocks shared by resnet, sagan and biggan.

Generator block (Miyato et al. 2018, Fig. 8a; Gulrajani et al. 2017, App. F):
    h = conv3(act(norm(up(act(norm(x))))))... written out in `generator_block`;
    shortcut = conv1(up(x)); out = h + shortcut.
Discriminator block (Fig. 8b): h = pool(conv3(relu(conv3(relu(x))))),
    shortcut = pool(conv1(x)); the first block skips the leading ReLU
    ("optimized" block) and pools before its shortcut convolution.
"""

import keras

from kerasgan.layers.conditional_batch_normalization import ConditionalBatchNormalization
from kerasgan.layers.self_attention import SelfAttention
from kerasgan.layers.spectral_normalization import SpectralNormalization
from kerasgan.models import _common


def conv(filters, kernel_size, name, spectral_norm):
    layer = keras.layers.Conv2D(filters, kernel_size, padding="same", name=name)
    return SpectralNormalization(layer, name=f"{name}_sn") if spectral_norm else layer


def dense(units, name, spectral_norm, use_bias=True):
    layer = keras.layers.Dense(units, use_bias=use_bias, name=name)
    return SpectralNormalization(layer, name=f"{name}_sn") if spectral_norm else layer


def normalize(h, condition, name, num_classes, kind="batch"):
    """BN or batch renorm (no condition), CBN from labels (`num_classes`) or from a vector."""
    if condition is None:
        return _common.batch_norm(kind, name)(h)
    layer = ConditionalBatchNormalization(num_classes, name=name)
    return layer([h, condition])


def generator_block(x, filters, name, *, condition=None, num_classes=None, spectral_norm=False,
                    normalization="batch"):
    h = normalize(x, condition, f"{name}_norm_1", num_classes, normalization)
    h = keras.layers.ReLU(name=f"{name}_relu_1")(h)
    h = keras.layers.UpSampling2D(2, name=f"{name}_up")(h)
    h = conv(filters, 3, f"{name}_conv_1", spectral_norm)(h)
    h = normalize(h, condition, f"{name}_norm_2", num_classes, normalization)
    h = keras.layers.ReLU(name=f"{name}_relu_2")(h)
    h = conv(filters, 3, f"{name}_conv_2", spectral_norm)(h)
    shortcut = keras.layers.UpSampling2D(2, name=f"{name}_shortcut_up")(x)
    shortcut = conv(filters, 1, f"{name}_shortcut_conv", spectral_norm)(shortcut)
    return keras.layers.Add(name=f"{name}_add")([h, shortcut])


def discriminator_block(x, filters, name, *, first=False, downsample=True, spectral_norm=True):
    h = x if first else keras.layers.ReLU(name=f"{name}_relu_0")(x)
    h = conv(filters, 3, f"{name}_conv_1", spectral_norm)(h)
    h = keras.layers.ReLU(name=f"{name}_relu_1")(h)
    h = conv(filters, 3, f"{name}_conv_2", spectral_norm)(h)
    if downsample:
        h = keras.layers.AveragePooling2D(2, name=f"{name}_pool")(h)
    shortcut = x
    if first:
        shortcut = keras.layers.AveragePooling2D(2, name=f"{name}_shortcut_pool")(shortcut)
        shortcut = conv(filters, 1, f"{name}_shortcut_conv", spectral_norm)(shortcut)
    elif downsample or x.shape[-1] != filters:
        shortcut = conv(filters, 1, f"{name}_shortcut_conv", spectral_norm)(shortcut)
        if downsample:
            shortcut = keras.layers.AveragePooling2D(2, name=f"{name}_shortcut_pool")(shortcut)
    return keras.layers.Add(name=f"{name}_add")([h, shortcut])


def discriminator(x, labels, *, size, filters, num_classes, spectral_norm, attention_resolution,
                  return_features, name):
    """SNGAN ResNet D: optimized block, downsampling to 8×8 (4×4 at size 8), two plain
    blocks, ReLU, global sum pooling, linear logit (+ projection of a class embedding)."""
    downsamples = max(_common.num_upsamplings(size, start=8), 1)
    plan = [True] * downsamples + [False, False]
    h, resolution, attended = x, size, False
    for i, down in enumerate(plan):
        h = discriminator_block(
            h, filters, f"d_block_{i}", first=i == 0, downsample=down, spectral_norm=spectral_norm
        )
        resolution //= 2 if down else 1
        if attention_resolution == resolution and not attended:
            h = SelfAttention(spectral_norm=spectral_norm, name="d_attention")(h)
            attended = True
    h = keras.layers.ReLU(name="d_relu_out")(h)
    h = keras.layers.GlobalAveragePooling2D(name="d_pool")(h)
    features = keras.layers.Rescaling(float(resolution * resolution), name="d_sum_pool")(h)
    logits = dense(1, "d_logits", spectral_norm)(features)
    if num_classes:
        # Projection discriminator (Miyato & Koyama 2018, Eq. 3): + <embed(y), φ(x)>,
        # the embedding spectrally normalized with the rest of D, as in their code.
        embed = keras.layers.Embedding(num_classes, filters, name="d_projection_embedding")
        if spectral_norm:
            embed = SpectralNormalization(embed, name="d_projection_embedding_sn")
        e = keras.layers.Flatten(name="d_projection_flat")(embed(labels))
        projection = keras.layers.Dot(axes=1, name="d_projection")([e, features])
        logits = keras.layers.Add(name="d_logits_projected")([logits, projection])
    outputs = _common.discriminator_outputs(logits, features, return_features)
    return keras.Model(_common.inputs_list(x, labels), outputs, name=name)


def generator(z, labels, *, size, channels, filters, num_classes, spectral_norm,
              attention_resolution, name, hierarchical=False, shared_dim=None,
              normalization="batch"):
    """ResNet G: dense to 4×4, upsampling blocks, BN, ReLU, conv3 to the image, tanh.

    Normalization: BN when unconditional, CBN from the labels when `num_classes`
    (SNGAN/SAGAN); with `hierarchical`, z is split into one chunk per block plus
    one for the dense input, and each block's CBN is conditioned on
    [shared class embedding, its chunk] (BigGAN).
    """
    n = _common.num_upsamplings(size)
    conditions = [labels] * n if num_classes else [None] * n
    g_num_classes = num_classes
    z_in = z
    if hierarchical:
        chunks = split_latent(z, n + 1)
        z_in = chunks[0]
        shared = None
        if num_classes:
            shared = keras.layers.Embedding(num_classes, shared_dim, name="g_shared_embedding")(labels)
            shared = keras.layers.Flatten(name="g_shared_embedding_flat")(shared)
        conditions = [
            chunk if shared is None
            else keras.layers.Concatenate(name=f"g_block_{i + 1}_condition")([shared, chunk])
            for i, chunk in enumerate(chunks[1:])
        ]
        g_num_classes = None
    h = dense(4 * 4 * filters, "g_project", spectral_norm)(z_in)
    h = keras.layers.Reshape((4, 4, filters), name="g_reshape")(h)
    resolution = 4
    if attention_resolution == resolution:
        h = SelfAttention(spectral_norm=spectral_norm, name="g_attention")(h)
    for i in range(n):
        h = generator_block(
            h, filters, f"g_block_{i + 1}", condition=conditions[i],
            num_classes=g_num_classes, spectral_norm=spectral_norm, normalization=normalization,
        )
        resolution *= 2
        if attention_resolution == resolution:
            h = SelfAttention(spectral_norm=spectral_norm, name="g_attention")(h)
    h = _common.batch_norm(normalization, "g_norm_out")(h)
    h = keras.layers.ReLU(name="g_relu_out")(h)
    h = conv(channels, 3, "g_to_image", spectral_norm)(h)
    out = keras.layers.Activation("tanh", dtype="float32", name="g_output")(h)
    return keras.Model(_common.inputs_list(z, labels), out, name=name)


def split_latent(z, parts):
    """Splits z (batch, d) into `parts` contiguous chunks, sizes differing by at most 1."""
    dim = z.shape[-1]
    sizes = [dim // parts + (1 if i < dim % parts else 0) for i in range(parts)]
    column = keras.layers.Reshape((dim, 1), name="g_z_column")(z)
    chunks, start = [], 0
    for i, width in enumerate(sizes):
        crop = keras.layers.Cropping1D((start, dim - start - width), name=f"g_z_chunk_{i}")(column)
        chunks.append(keras.layers.Flatten(name=f"g_z_chunk_{i}_flat")(crop))
        start += width
    return chunks


def attention_resolutions(size):
    """The feature-map sizes where both G and D of these builders can hold attention."""
    return [r for r in (4, 8, 16, 32) if r < size and (r >= 8 or size == 8)]


def check_attention_resolution(value, size):
    """Resolves `"auto"` (half the image size, at least 4) and checks the value."""
    if value == "auto":
        value = max(4, size // 2)
    allowed = attention_resolutions(size)
    if value is not None and value not in allowed:
        raise ValueError(
            f"`attention_resolution` must be None or one of {allowed} for images of "
            f"size {size}. Received: attention_resolution={value!r}"
        )
    return value
