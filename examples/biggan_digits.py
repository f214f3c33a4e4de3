"""Class-conditional BigGAN (shared embedding, hierarchical z, orthogonal reg.) on digits.

Run: python examples/biggan_digits.py [--epochs 5] [--out runs/biggan_digits]
Writes runs/biggan_digits/biggan.png (one row per class) and gan.keras.
"""

import kerasgan
import _architecture_common as common


def main(argv=None):
    args = common.parse_args(__doc__.splitlines()[0], argv, out="runs/biggan_digits")
    shape = (args.size, args.size, 1)
    generator, discriminator = kerasgan.models.biggan(
        shape, 64, base_filters=args.filters, num_classes=10, shared_dim=16
    )
    return common.run(
        args, "biggan", generator, discriminator, loss="non-saturating", labels=True,
        regularizers=[kerasgan.regularizers.OrthogonalRegularization()],
    )


if __name__ == "__main__":
    main()
