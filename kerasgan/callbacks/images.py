"""Turning samples into pictures: image grids, 2-D scatter plots, and PNG files.

A dependency-free PNG encoder (zlib + struct) keeps sample grids working
without Pillow or matplotlib.
"""

import struct
import zlib

import numpy as np

from kerasgan._utils import write_atomically


def to_uint8(images, value_range=(-1.0, 1.0)):
    """Maps images from `value_range` to uint8 [0, 255], clipping outliers."""
    low, high = value_range
    x = (np.asarray(images, dtype="float32") - low) / (high - low)
    return np.clip(np.round(x * 255.0), 0, 255).astype("uint8")


def image_grid(images, *, columns=None, padding=1, scale=None):
    """Tiles `(n, h, w, c)` uint8 images into one `(H, W, c)` picture.

    Small images are enlarged by an integer nearest-neighbour `scale` (default:
    enough to make each tile at least 32 pixels) so that 8×8 digits stay visible.
    """
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    n, h, w, c = images.shape
    if scale is None:
        scale = max(1, 32 // max(h, w))
    if scale > 1:
        images = images.repeat(scale, axis=1).repeat(scale, axis=2)
        h, w = h * scale, w * scale
    columns = columns or int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / columns))
    grid = np.zeros((rows * (h + padding) + padding, columns * (w + padding) + padding, c), "uint8")
    for i in range(n):
        r, col = divmod(i, columns)
        y, x = padding + r * (h + padding), padding + col * (w + padding)
        grid[y : y + h, x : x + w] = images[i]
    return grid


def scatter_plot(points, *, reference=None, size=400, extent=None):
    """Rasterizes 2-D points into a white RGB picture (generated in blue, reference in grey).

    Args:
        points: `(n, 2)` samples.
        reference: Optional `(m, 2)` points drawn underneath (e.g. real data).
        size: Side of the square picture in pixels. Defaults to 400.
        extent: Half-width of the square region shown. Defaults to 1.15× the
            largest |coordinate| of the reference (or of the points).
    """
    points = np.asarray(points, dtype="float64")[:, :2]
    base = reference if reference is not None else points
    if extent is None:
        finite = np.abs(base[np.isfinite(base).all(axis=1)])
        extent = 1.15 * float(finite.max()) if finite.size else 1.0
    canvas = np.full((size, size, 3), 255, "uint8")
    canvas[size // 2, :, :] = 225
    canvas[:, size // 2, :] = 225

    def draw(pts, color):
        pts = pts[np.isfinite(pts).all(axis=1)]
        px = np.round((pts[:, 0] / extent + 1) * 0.5 * (size - 1)).astype(int)
        py = np.round((1 - (pts[:, 1] / extent + 1) * 0.5) * (size - 1)).astype(int)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                x, y = px + dx, py + dy
                ok = (x >= 0) & (x < size) & (y >= 0) & (y < size)
                canvas[y[ok], x[ok]] = color

    if reference is not None:
        draw(np.asarray(reference, dtype="float64")[:, :2], (170, 170, 170))
    draw(points, (31, 91, 200))
    return canvas


def encode_png(picture):
    """Encodes a uint8 `(H, W)`, `(H, W, 1)` or `(H, W, 3)` array as PNG bytes."""
    picture = np.asarray(picture)
    if picture.ndim == 3 and picture.shape[-1] == 1:
        picture = picture[..., 0]
    if picture.dtype != np.uint8:
        raise TypeError(f"`picture` must be uint8. Received dtype {picture.dtype}.")
    if picture.ndim == 3 and picture.shape[-1] != 3:
        raise ValueError(f"`picture` must have 1 or 3 channels. Received shape {picture.shape}.")
    height, width = picture.shape[:2]
    color_type = 0 if picture.ndim == 2 else 2
    raw = b"".join(b"\x00" + picture[row].tobytes() for row in range(height))

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def write_png(path, picture):
    """Writes a uint8 picture as a PNG file, atomically (temporary sibling + rename)."""
    png = encode_png(picture)
    def write(tmp):
        with open(tmp, "wb") as f:
            f.write(png)

    return write_atomically(path, write, suffix=".png")


def samples_to_picture(samples, *, reference=None, value_range=(-1.0, 1.0)):
    """Images -> grid; 2-D points -> scatter plot; anything else -> ValueError."""
    samples = np.asarray(samples)
    if samples.ndim == 2 and samples.shape[-1] == 2:
        return scatter_plot(samples, reference=reference)
    if samples.ndim in (3, 4):
        return image_grid(to_uint8(samples, value_range))
    raise ValueError(
        "Cannot draw samples of shape "
        f"{samples.shape}: expected images (n, h, w[, c]) or 2-D points (n, 2)."
    )
