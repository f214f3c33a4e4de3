"""StyleGAN2's path-length regularization of the generator."""

import keras
from keras import ops

from kerasgan._utils import check_number
from kerasgan.regularizers.base import Regularizer


@keras.saving.register_keras_serializable(package="kerasgan")
class PathLengthPenalty(Regularizer):
    """Path-length regularization: E_{w,y}(‖J_wᵀ y‖₂ − a)², added to the generator's loss.

    J_w is the Jacobian of the synthesis network g at the styles w = f(z),
    y ~ N(0, I)/√(h·w) an image-sized random direction, and a the running mean
    of ‖J_wᵀ y‖ (decay `decay`, saved with the GAN). At its minimum every
    direction of W changes the image by the same amount: a fixed-size step in
    W gives a fixed-size change in the image, which makes the mapping smoother
    and easier to invert (Section 3.2). With one w per synthesis layer the
    norm is the root of the mean over layers of ‖∂(g·y)/∂w_l‖² (the paper's
    code).

    The generator must expose its mapping and synthesis networks as the
    layers `"mapping"` and `"synthesis"` (as `kerasgan.models.stylegan2`
    builds). Lazy, as in the paper: run it in its own schedule phase every 4
    steps with gain 4 (`loss="stylegan2"` does), or every step with
    `Schedule.alternating()`.

    Example:

    ```python
    schedule = kerasgan.Schedule([
        kerasgan.Phase("discriminator"), kerasgan.Phase("generator"),
        kerasgan.Phase("generator", terms=["path_length"], interval=4)])
    gan.compile(g_opt, d_opt, loss=kerasgan.Objective(
        "non-saturating", [kerasgan.regularizers.PathLengthPenalty(2.0)], schedule=schedule))
    ```

    Args:
        weight: The weight (the paper: w_pl = 2). Defaults to 2.0.
        decay: The running mean's update rate. Defaults to 0.01.
        batch_shrink: Use the first `batch // batch_shrink` latents (the
            paper's code: 2, to save compute). Defaults to 1.
        name: Log and state name. Defaults to "path_length".

    Reference:
        Karras et al., "Analyzing and Improving the Image Quality of StyleGAN",
        CVPR 2020, Section 3.2, Eq. 4, and Appendix B (w_pl = 2, lazy every 4
        minibatches, a's decay 0.01).
    """

    players = ("generator",)

    def __init__(self, weight=2.0, *, decay=0.01, batch_shrink=1, name="path_length"):
        super().__init__(weight, name=name)
        self.decay = float(check_number("decay", decay, low=0.0, high=1.0, low_open=True))
        self.batch_shrink = int(check_number("batch_shrink", batch_shrink, integer=True, low=1))
        self.mean = None

    def build(self, gan):
        names = {layer.name for layer in gan.generator.layers}
        if not {"mapping", "synthesis"} <= names:
            raise ValueError(
                "PathLengthPenalty needs a generator with a `mapping` and a `synthesis` layer "
                f"(as kerasgan.models.stylegan2 builds). Received a generator with layers "
                f"{sorted(names)}."
            )
        self.mean = gan.add_state(f"{self.name}.mean", ())

    def lengths(self, step):
        """‖J_wᵀ y‖ per sample of the step's latents, float32."""
        generator = step.game.generator_network
        mapping, synthesis = generator.get_layer("mapping"), generator.get_layer("synthesis")
        z = step.game.latents
        if self.batch_shrink > 1:
            z = z[: max(1, ops.shape(z)[0] // self.batch_shrink)]
        ws = mapping(z, training=True)
        images = synthesis(ws, training=True)
        shape = ops.shape(images)
        y = keras.random.normal(shape, seed=step.seed_generator)
        y = y / ops.sqrt(ops.cast(shape[1] * shape[2], "float32"))

        def projection(w):
            return ops.cast(synthesis(w, training=True), "float32") * y

        grads = ops.cast(step.input_gradient(projection, ws), "float32")
        return ops.sqrt(ops.mean(ops.sum(ops.square(grads), axis=2), axis=1))

    def generator_penalty(self, step):
        if self.mean is None:
            raise ValueError(
                "PathLengthPenalty was not built: pass it to `GAN.compile(regularizers=[...])` "
                "or inside the compiled Objective."
            )
        lengths = self.lengths(step)
        mean = self.mean + self.decay * (ops.mean(ops.stop_gradient(lengths)) - self.mean)
        self.mean.assign(mean)
        return ops.mean(ops.square(lengths - ops.stop_gradient(mean)))

    def log_names(self, player):
        return (f"{self.name}_mean",) if player == "generator" else ()

    def logs(self, player, step, value):
        return {f"{self.name}_mean": ops.convert_to_tensor(self.mean)} if player == "generator" else {}

    def get_config(self):
        return {**super().get_config(), "decay": self.decay, "batch_shrink": self.batch_shrink}
