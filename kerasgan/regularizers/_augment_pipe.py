"""ADA's augmentation pipeline (Karras et al. 2020, Appendix B) in `keras.ops`.

Each transform is applied to each image with probability p, its parameters drawn
per image. The geometric ones (blit + general) are composed into one 3×3 matrix
per image that maps output pixel coordinates to source coordinates, and the
image is resampled once, bilinearly, with reflection padding; the colour ones
into one 4×4 matrix. Everything is differentiable in the images (gathers and
products), so gradients reach the generator and R1 can be taken through it.
"""

import math

import keras
from keras import ops

BLIT = ("xflip", "rotate90", "xint")
GEOMETRIC = ("scale", "rotate", "aniso", "xfrac")
COLOR = ("brightness", "contrast", "lumaflip", "hue", "saturation")
TRANSFORMS = BLIT + GEOMETRIC + COLOR
GROUPS = {"blit": BLIT, "geometric": GEOMETRIC, "color": COLOR}

# The pipeline's parameters (StyleGAN2-ADA's AugmentPipe defaults).
XINT_MAX, SCALE_STD, ROTATE_MAX, ANISO_STD, XFRAC_STD = 0.125, 0.2, 1.0, 0.2, 0.125
BRIGHTNESS_STD, CONTRAST_STD, HUE_MAX, SATURATION_STD = 0.2, 0.5, 1.0, 1.0


def parse(transforms):
    """"blit,geometric,color" or transform names -> the tuple of names, in pipeline order."""
    if not isinstance(transforms, str):
        raise TypeError(f"`transforms` must be a comma-separated string. Received: transforms={transforms!r}")
    names = set()
    for part in (p.strip() for p in transforms.split(",") if p.strip()):
        if part not in GROUPS and part not in TRANSFORMS:
            names = None
            break
        names.update(GROUPS.get(part, (part,)))
    if not names:
        raise ValueError(f"`transforms` must list groups {sorted(GROUPS)} or transforms {list(TRANSFORMS)}, "
                         f"comma-separated. Received: transforms={transforms!r}")
    return tuple(t for t in TRANSFORMS if t in names)


class _Random:
    def __init__(self, seed, batch, p):
        self.seed, self.batch, self.p = seed, batch, ops.cast(p, "float32")

    def uniform(self, low=0.0, high=1.0):
        return keras.random.uniform((self.batch,), low, high, seed=self.seed)

    def normal(self, std):
        return keras.random.normal((self.batch,), stddev=std, seed=self.seed)

    def gate(self, value, identity, p=None):
        """`value` on the images picked with probability p, `identity` on the others."""
        picked = self.uniform() < (self.p if p is None else p)
        return ops.where(picked, value, identity)


def _matrix(rows):
    return ops.stack([ops.stack(row, axis=-1) for row in rows], axis=-2)


def _affine(a, b, c, d, tx, ty):
    zero, one = ops.zeros_like(a), ops.ones_like(a)
    return _matrix([[a, b, tx], [c, d, ty], [zero, zero, one]])


def _rotation(cos, sin):
    zero = ops.zeros_like(cos)
    return _affine(cos, -sin, sin, cos, zero, zero)


def geometric_matrix(names, rnd, size):
    """(batch, 3, 3): output pixel coordinates (centred) -> source coordinates."""
    zero, one = ops.zeros((rnd.batch,)), ops.ones((rnd.batch,))
    m = _affine(one, zero, zero, one, zero, zero)
    if "xflip" in names:
        flip = rnd.gate(ops.floor(rnd.uniform(0.0, 2.0)), zero)
        m = m @ _affine(1.0 - 2.0 * flip, zero, zero, one, zero, zero)
    if "rotate90" in names:
        k = rnd.gate(ops.floor(rnd.uniform(0.0, 4.0)), zero)
        angle = 0.5 * math.pi * k  # exact on the pixel grid: cos and sin rounded
        m = m @ _rotation(ops.round(ops.cos(angle)), ops.round(ops.sin(angle)))
    if "xint" in names:
        tx = rnd.gate(ops.round(rnd.uniform(-XINT_MAX, XINT_MAX) * size), zero)
        ty = rnd.gate(ops.round(rnd.uniform(-XINT_MAX, XINT_MAX) * size), zero)
        m = m @ _affine(one, zero, zero, one, tx, ty)
    # Rotation is split in two, before and after the anisotropic scaling, each with
    # 1 - sqrt(1 - p), so that the chance of some rotation stays p.
    p_rot = 1.0 - ops.sqrt(ops.clip(1.0 - rnd.p, 0.0, 1.0))
    if "scale" in names:
        s = rnd.gate(ops.power(2.0, rnd.normal(SCALE_STD)), one)
        m = m @ _affine(s, zero, zero, s, zero, zero)
    for pass_ in (0, 1):
        if pass_ == 1 and "aniso" in names:
            s = rnd.gate(ops.power(2.0, rnd.normal(ANISO_STD)), one)
            m = m @ _affine(s, zero, zero, 1.0 / s, zero, zero)
        if "rotate" in names:
            theta = rnd.gate(rnd.uniform(-math.pi * ROTATE_MAX, math.pi * ROTATE_MAX), zero, p_rot)
            m = m @ _rotation(ops.cos(theta), ops.sin(theta))
    if "xfrac" in names:
        tx = rnd.gate(rnd.normal(XFRAC_STD) * size, zero)
        ty = rnd.gate(rnd.normal(XFRAC_STD) * size, zero)
        m = m @ _affine(one, zero, zero, one, tx, ty)
    return m


def _reflect(i, n):
    period = 2 * (n - 1)
    i = ops.mod(i, period)
    return ops.where(i > n - 1, period - i, i)


def resample(x, m):
    """Bilinear resampling of `x` (b, h, w, c) at m·(output coordinates), reflect padding."""
    b, h, w, c = ops.shape(x)[0], x.shape[1], x.shape[2], x.shape[3]
    rows = ops.cast(ops.arange(h), "float32") - 0.5 * (h - 1)
    cols = ops.cast(ops.arange(w), "float32") - 0.5 * (w - 1)
    u = ops.broadcast_to(cols[None, :], (h, w))
    v = ops.broadcast_to(rows[:, None], (h, w))
    grid = ops.reshape(ops.stack([u, v, ops.ones_like(u)], axis=-1), (1, h * w, 3))
    src = ops.einsum("bij,bnj->bni", m, ops.broadcast_to(grid, (b, h * w, 3)))
    sx, sy = src[..., 0] + 0.5 * (w - 1), src[..., 1] + 0.5 * (h - 1)
    x0, y0 = ops.floor(sx), ops.floor(sy)
    wx, wy = (sx - x0)[..., None], (sy - y0)[..., None]
    flat = ops.reshape(x, (b, h * w, c))

    def tap(iy, ix):
        iy = ops.cast(_reflect(ops.cast(iy, "int32"), h), "int32")
        ix = ops.cast(_reflect(ops.cast(ix, "int32"), w), "int32")
        index = ops.broadcast_to((iy * w + ix)[..., None], (b, h * w, c))
        return ops.take_along_axis(flat, index, axis=1)

    out = ((1 - wy) * ((1 - wx) * tap(y0, x0) + wx * tap(y0, x0 + 1))
           + wy * ((1 - wx) * tap(y0 + 1, x0) + wx * tap(y0 + 1, x0 + 1)))
    return ops.reshape(out, (b, h, w, c))


def color_matrix(names, rnd):
    """(batch, 4, 4) acting on [r, g, b, 1] (images in [-1, 1], luma axis v = (1,1,1)/√3)."""
    zero, one = ops.zeros((rnd.batch,)), ops.ones((rnd.batch,))
    eye = ops.broadcast_to(ops.eye(4), (rnd.batch, 4, 4))
    v = ops.convert_to_tensor([1.0, 1.0, 1.0, 0.0]) / math.sqrt(3.0)
    vv = ops.broadcast_to(ops.outer(v, v), (rnd.batch, 4, 4))
    m = eye

    def diag(s):
        return _matrix([[s, zero, zero, zero], [zero, s, zero, zero], [zero, zero, s, zero],
                        [zero, zero, zero, one]])

    if "brightness" in names:
        t = rnd.gate(rnd.normal(BRIGHTNESS_STD), zero)
        m = _matrix([[one, zero, zero, t], [zero, one, zero, t], [zero, zero, one, t],
                     [zero, zero, zero, one]]) @ m
    if "contrast" in names:
        m = diag(rnd.gate(ops.power(2.0, rnd.normal(CONTRAST_STD)), one)) @ m
    if "lumaflip" in names:
        flip = rnd.gate(ops.floor(rnd.uniform(0.0, 2.0)), zero)[:, None, None]
        m = (eye - 2.0 * vv * flip) @ m
    if "hue" in names:
        theta = rnd.gate(rnd.uniform(-math.pi * HUE_MAX, math.pi * HUE_MAX), zero)
        cos, sin = ops.cos(theta)[:, None, None], ops.sin(theta)[:, None, None]
        a = 1.0 / math.sqrt(3.0)
        cross = ops.convert_to_tensor([[0.0, -a, a, 0.0], [a, 0.0, -a, 0.0], [-a, a, 0.0, 0.0],
                                       [0.0, 0.0, 0.0, 0.0]])
        block = ops.convert_to_tensor([[1.0, 1.0, 1.0, 0.0]] * 3 + [[0.0, 0.0, 0.0, 0.0]])
        rot = cos * (eye * block) + sin * cross[None] + (1.0 - cos) * vv  # Rodrigues about v
        m = (rot + (eye - eye * block)) @ m
    if "saturation" in names:
        s = rnd.gate(ops.power(2.0, rnd.normal(SATURATION_STD)), one)[:, None, None]
        m = (vv + (eye - vv) * s) @ m
    return m


def augment(x, p, names, seed):
    """Applies the transforms `names` to `x` (b, h, w, c), each with probability `p`."""
    b, size = ops.shape(x)[0], x.shape[1]
    rnd = _Random(seed, b, p)
    geometric = [n for n in names if n in BLIT + GEOMETRIC]
    if geometric:
        x = resample(x, geometric_matrix(geometric, rnd, float(size)))
    colour = [n for n in names if n in COLOR]
    if colour:
        m = color_matrix(colour, rnd)
        if x.shape[-1] == 3:
            x = ops.einsum("bij,bhwj->bhwi", m[:, :3, :3], x) + m[:, None, None, :3, 3]
        else:  # grey images: the colour matrix's action on the luma axis
            gain = ops.mean(ops.sum(m[:, :3, :3], axis=2), axis=1)
            x = x * gain[:, None, None, None] + ops.mean(m[:, :3, 3], axis=1)[:, None, None, None]
    return x
