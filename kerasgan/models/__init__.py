"""kerasgan.models: builders that return plain `(generator, discriminator)` pairs.

```python
generator, discriminator = kerasgan.models.dcgan((32, 32, 3), latent_dim=128)
```
"""

from kerasgan.models.autoencoder import autoencoder_discriminator
from kerasgan.models.biggan import biggan
from kerasgan.models.dcgan import dcgan
from kerasgan.models.encoded import EncodedGenerator, JointDiscriminator
from kerasgan.models.mixture import GeneratorMixture
from kerasgan.models.mlp import mlp
from kerasgan.models.progressive import current_resolution as progressive_resolution
from kerasgan.models.progressive import grow as progressive_grow
from kerasgan.models.progressive import progressive
from kerasgan.models.representative import representative_features
from kerasgan.models.r3gan import r3gan
from kerasgan.models.resnet import resnet
from kerasgan.models.sagan import sagan
from kerasgan.models.stylegan import stylegan
from kerasgan.models.stylegan2 import stylegan2

__all__ = ["autoencoder_discriminator", "biggan", "dcgan", "mlp",
    "progressive", "progressive_grow", "progressive_resolution", "r3gan", "resnet", "sagan", "stylegan",
    "stylegan2",
    "EncodedGenerator",
    "JointDiscriminator",
    "GeneratorMixture",
    "representative_features",
]
