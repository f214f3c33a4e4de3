"""PyTorch backend: `input_gradient` and the `GANTrainer` mixin.

The step follows Keras's own torch trainer: clear gradients, run the forward
maths with autograd recording, `backward()`, then apply the optimizer under
`torch.no_grad()`. `jit_compile=True` makes Keras wrap the step in
`torch.compile`; `"auto"` leaves it off on this backend.
"""

import torch

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


def _update(gan, optimizer, loss, variables):
    gan.zero_grad()
    scaled = optimizer.scale_loss(loss)
    scaled.backward()
    grads = [
        v.value.grad if v.value.grad is not None else torch.zeros_like(v.value)
        for v in variables
    ]
    with torch.no_grad():
        optimizer.apply(grads, variables)


def _detached(logs):
    return {key: value.detach() if hasattr(value, "detach") else value for key, value in logs.items()}


class GANTrainer:
    """`train_step` for PyTorch: `discriminator_steps` D updates, then one G update."""

    def train_step(self, data):
        # One seed-state update per step (see `ReplicaSeedGenerator.step`).
        with self.seed_generator.step():
            return self._train_step(data)

    def _train_step(self, data):
        real, condition = procedure.unpack(data)
        d_vars = self.discriminator.trainable_variables
        g_vars = self.generator.trainable_variables
        logs = {}
        for _ in range(self.discriminator_steps):
            loss, d_logs, step = procedure.discriminator_forward(self, real, condition)
            _update(self, self.d_optimizer, loss, d_vars)
            with torch.no_grad():
                procedure.after_discriminator_update(self, step)
        logs.update(_detached(d_logs))
        loss, g_logs, step = procedure.generator_forward(self, real, condition)
        _update(self, self.g_optimizer, loss, g_vars)
        with torch.no_grad():
            procedure.after_generator_update(self, step)
            logs.update(_detached(g_logs))
            self.optimizer.iterations.assign_add(1)
            return self.update_log_metrics(logs)
