"""kerasgan: generative adversarial networks for Keras 3.

```python
import kerasgan
generator, discriminator = kerasgan.models.dcgan((32, 32, 3), latent_dim=128)
gan = kerasgan.GAN(generator, discriminator)
gan.compile(g_opt, d_opt, loss="wgan-gp")
gan.fit(dataset, epochs=20)
```
"""

__version__ = "0.1.0"

from kerasgan import callbacks, constraints, data, latent, layers, losses, metrics, models, priors, regularizers
from kerasgan import presets, schedules
from kerasgan.gan import GAN
from kerasgan.hooks import Hook
from kerasgan.objective import PRESETS, Objective
from kerasgan.schedule import Phase, Schedule
from kerasgan.step import DiscriminatorOutput, Step, StepContext

__all__ = [
    "GAN",
    "Hook",
    "Objective",
    "PRESETS",
    "Phase",
    "Schedule",
    "Step",
    "StepContext",
    "DiscriminatorOutput",
    "callbacks",
    "constraints",
    "data",
    "latent",
    "layers",
    "losses",
    "metrics",
    "models",
    "presets",
    "priors",
    "regularizers",
    "schedules",
    "__version__",
]
