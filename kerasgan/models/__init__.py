"""kerasgan.models: builders that return plain `(generator, discriminator)` pairs.

```python
generator, discriminator = kerasgan.models.dcgan((32, 32, 3), latent_dim=128)
```
"""

from kerasgan.models.dcgan import dcgan
from kerasgan.models.mlp import mlp

__all__ = ["dcgan", "mlp"]
