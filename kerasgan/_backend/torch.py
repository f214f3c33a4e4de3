"""PyTorch backend: `input_gradient`, the `Runtime` primitives and `GANTrainer`.

An update follows Keras's own torch trainer: run the forward maths with
autograd recording, take the gradients, then apply the optimizer under
`torch.no_grad()`. `jit_compile=True` makes Keras wrap the step in
`torch.compile`; `"auto"` leaves it off on this backend.
"""

import torch
from keras import ops

from kerasgan import procedure


_UNDEFINED = (
    "`input_gradient`: fn(x) does not depend on x, so its gradient is undefined. "
    "Check that the function passed to input_gradient uses its argument."
)


def _leaf(x):
    return x if x.requires_grad else x.detach().requires_grad_(True)


@torch.compiler.disable
def input_gradient(fn, x):
    """d(sum fn(x))/dx with `torch.autograd.grad(create_graph=True)`.

    The graph of the gradient is kept, so a penalty on it can be
    differentiated again with respect to the discriminator's weights. An `x`
    that does not require gradients (a batch of real data) becomes a leaf that
    does. `x` may be a list of tensors (a network's weights, for consensus
    optimization and unrolling); the result is then a list, with zeros for the
    entries `fn` does not use.
    """
    many = isinstance(x, (list, tuple))
    with torch.enable_grad():
        xs = [_leaf(v) for v in x] if many else [_leaf(x)]
        y = torch.sum(fn(xs if many else xs[0]).to(torch.float32))
        if not y.requires_grad:
            if many:
                return [torch.zeros_like(v) for v in xs]
            raise ValueError(_UNDEFINED)
        grads = torch.autograd.grad(y, xs, create_graph=True, allow_unused=True)
    if many:
        return [torch.zeros_like(v) if g is None else g for g, v in zip(grads, xs)]
    if grads[0] is None:
        raise ValueError(_UNDEFINED)
    return grads[0]


def _gradients(loss, variables, retain):
    params = [v.value for v in variables]
    if not loss.requires_grad:
        return [torch.zeros_like(p) for p in params]
    grads = torch.autograd.grad(loss, params, retain_graph=retain, allow_unused=True)
    return [torch.zeros_like(p) if g is None else g for g, p in zip(grads, params)]


def _detached(logs):
    return {key: value.detach() if hasattr(value, "detach") else value for key, value in logs.items()}


class Runtime:
    """The primitives `procedure.train_step` runs on (see that module)."""

    input_gradient = staticmethod(input_gradient)

    def run(self, fn, *args):
        with torch.no_grad():
            return fn(*args)

    def update(self, players, forward, after, *, when=None, log_names=()):
        if when is not None and not bool(when):
            return {name: ops.zeros((), "float32") for name in log_names}
        losses, logs, steps = forward()
        # Every gradient is taken before any update is applied: with two
        # players this is the simultaneous update (both at the same point).
        grads = [
            _gradients(optimizer.scale_loss(losses[p]), variables, retain=i + 1 < len(players))
            for i, (p, optimizer, variables) in enumerate(players)
        ]
        with torch.no_grad():
            for grad, (_, optimizer, variables) in zip(grads, players):
                optimizer.apply(grad, variables)
            after(steps)
        return _detached(logs)


class GANTrainer:
    """`train_step` for PyTorch: `procedure.train_step` on this backend's `Runtime`."""

    def train_step(self, data):
        return procedure.train_step(self, Runtime(), data)
