"""SNGAN ResNet (spectral norm in D) on the digits, resized to 16 px.

Run: python examples/resnet_digits.py [--epochs 5] [--out runs/resnet_digits]
Writes runs/resnet_digits/resnet.png (64 samples) and gan.keras.
"""

import kerasgan
import _architecture_common as common


def main(argv=None):
    args = common.parse_args(__doc__.splitlines()[0], argv, out="runs/resnet_digits")
    shape = (args.size, args.size, 1)
    generator, discriminator = kerasgan.models.resnet(shape, 64, base_filters=args.filters)
    return common.run(args, "resnet", generator, discriminator, loss="non-saturating")


if __name__ == "__main__":
    main()
