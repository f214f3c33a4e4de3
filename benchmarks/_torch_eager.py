"""The PyTorch eager contestant of the step-speed benchmark (optional: needs torch).

The same networks as `kerasgan.models.dcgan(..., normalization="layer")` and
`kerasgan.models.mlp` (layer for layer, same widths, kernels, strides and
normalizations) and the same maths as `benchmarks/_handwritten.py`, written the
way a PyTorch user writes a WGAN-GP step: `torch.autograd.grad(...,
create_graph=True)` for the penalty, `zero_grad` / `backward` / `step`.
"""

import math
import os
import time

import numpy as np
import torch
from torch import nn


class _Maxout(nn.Module):
    def __init__(self, in_dim, units, pieces):
        super().__init__()
        self.units, self.pieces = units, pieces
        self.linear = nn.Linear(in_dim, units * pieces)

    def forward(self, x):
        return self.linear(x).view(-1, self.units, self.pieces).max(dim=-1).values


def mlp_pair(latent_dim, data_dim=2, hidden=(400,) * 4, d_units=(200,) * 3, pieces=5):
    layers, width = [], latent_dim
    for units in hidden:
        layers += [nn.Linear(width, units, bias=False), nn.BatchNorm1d(units), nn.ReLU()]
        width = units
    generator = nn.Sequential(*layers, nn.Linear(width, data_dim))
    layers, width = [], data_dim
    for units in d_units:
        layers.append(_Maxout(width, units, pieces))
        width = units
    discriminator = nn.Sequential(*layers, nn.Linear(width, 1))
    return generator, discriminator


class _Reshape(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(x.shape[0], *self.shape)


def dcgan_pair(latent_dim, size, channels=3, base_filters=64):
    n = int(math.log2(size // 4))
    filters = base_filters * 2 ** (n - 1)
    g = [
        nn.Linear(latent_dim, 16 * filters, bias=False),
        _Reshape(filters, 4, 4),
        nn.BatchNorm2d(filters, eps=1e-5, momentum=0.1),
        nn.ReLU(),
    ]
    for _ in range(1, n):
        g += [
            nn.ConvTranspose2d(filters, filters // 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(filters // 2, eps=1e-5, momentum=0.1),
            nn.ReLU(),
        ]
        filters //= 2
    g += [nn.ConvTranspose2d(filters, channels, 4, 2, 1), nn.Tanh()]
    d, filters, in_ch, res = [], base_filters, channels, size
    for i in range(n):
        d.append(nn.Conv2d(in_ch, filters, 4, 2, 1, bias=i == 0))
        res //= 2
        if i > 0:
            d.append(nn.LayerNorm([filters, res, res]))
        d.append(nn.LeakyReLU(0.2))
        in_ch, filters = filters, filters * 2
    d += [nn.Flatten(), nn.Linear(in_ch * res * res, 1)]
    return nn.Sequential(*g), nn.Sequential(*d)


class TorchEagerSide:
    """A hand-written PyTorch eager GAN step, timed like the Keras sides."""

    name = "torch eager"
    threads = None

    def __init__(self, setup, loss, data, batch, latent_dim, base_filters, betas, warmup):
        torch.manual_seed(0)
        self.times = []
        self.loss, self.batch, self.latent_dim = loss, batch, latent_dim
        self.d_steps = 5 if loss == "wgan-gp" else 1
        if setup == "dcgan":
            # NHWC arrays -> NCHW tensors, the layout torch's CPU convolutions use.
            self.data = torch.from_numpy(np.ascontiguousarray(data.transpose(0, 3, 1, 2)))
            self.g, self.d = dcgan_pair(latent_dim, data.shape[1], data.shape[3], base_filters)
        else:
            self.data = torch.from_numpy(data)
            self.g, self.d = mlp_pair(latent_dim, data.shape[1])
        self.g_opt = torch.optim.Adam(self.g.parameters(), 1e-4, betas=betas)
        self.d_opt = torch.optim.Adam(self.d.parameters(), 1e-4, betas=betas)
        self.cursor = 0
        start = time.perf_counter()
        self.run(warmup)
        self.compile_s = time.perf_counter() - start
        self._pick_threads()

    def _pick_threads(self):
        """Keeps torch's fastest intra-op thread count (1 or all cores).

        On a small, shared CPU torch's OpenMP workers can spin against other
        processes and run several times slower than one thread; the benchmark
        reports torch at its best setting.
        """
        timings = {}
        for threads in sorted({1, os.cpu_count() or 1}):
            torch.set_num_threads(threads)
            start = time.perf_counter()
            self.run(2)
            timings[threads] = time.perf_counter() - start
        self.threads = min(timings, key=timings.get)
        torch.set_num_threads(self.threads)
        self.name = f"torch ({self.threads} thr)"

    def _next_batch(self):
        if self.cursor + self.batch > len(self.data):
            self.cursor = 0
        real = self.data[self.cursor : self.cursor + self.batch]
        self.cursor += self.batch
        return real

    def _penalty(self, real, fake):
        eps = torch.rand((real.shape[0],) + (1,) * (real.dim() - 1))
        x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
        (grad,) = torch.autograd.grad(self.d(x_hat).sum(), x_hat, create_graph=True)
        norm = torch.sqrt(grad.square().flatten(1).sum(1) + 1e-12)
        return ((norm - 1.0) ** 2).mean()

    def step(self):
        real = self._next_batch()
        for _ in range(self.d_steps):
            with torch.no_grad():
                fake = self.g(torch.randn(self.batch, self.latent_dim))
            real_logits, fake_logits = self.d(real), self.d(fake)
            if self.loss == "wgan-gp":
                d_loss = fake_logits.mean() - real_logits.mean() + 10.0 * self._penalty(real, fake)
            else:
                d_loss = nn.functional.softplus(-real_logits).mean() + nn.functional.softplus(
                    fake_logits
                ).mean()
            self.d_opt.zero_grad(set_to_none=True)
            d_loss.backward()
            self.d_opt.step()
        fake_logits = self.d(self.g(torch.randn(self.batch, self.latent_dim)))
        if self.loss == "wgan-gp":
            g_loss = -fake_logits.mean()
        else:
            g_loss = nn.functional.softplus(-fake_logits).mean()
        self.g_opt.zero_grad(set_to_none=True)
        g_loss.backward()
        self.g_opt.step()
        return g_loss

    def run(self, steps):
        for _ in range(steps):
            loss = self.step()
        loss.detach().item()

    def time(self, steps):
        start = time.perf_counter()
        self.run(steps)
        self.times.append((time.perf_counter() - start) / steps)

    @property
    def median_s(self):
        return float(np.median(self.times))


def side(g, d, latent_dim, loss, data, batch, args, xla=None):
    """`step_speed.bench`'s hook: a `TorchEagerSide` for the Keras pair's setup."""
    setup = "dcgan" if data.ndim == 4 else "mlp"
    betas = (0.0, 0.9) if setup == "dcgan" else (0.8, 0.999)
    return TorchEagerSide(
        setup, loss, data, batch, latent_dim, args.base_filters, betas, args.warmup
    )
