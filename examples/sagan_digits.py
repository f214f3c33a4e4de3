"""SAGAN (self-attention, spectral norm in G and D) on the digits at 16 px.

Run: python examples/sagan_digits.py [--epochs 5] [--out runs/sagan_digits]
Writes runs/sagan_digits/sagan.png (64 samples) and gan.keras.
"""

import kerasgan
import _architecture_common as common


def main(argv=None):
    args = common.parse_args(__doc__.splitlines()[0], argv, out="runs/sagan_digits")
    shape = (args.size, args.size, 1)
    generator, discriminator = kerasgan.models.sagan(shape, 64, base_filters=args.filters)
    # Zhang et al. use the two time-scale update rule; one learning rate here keeps the driver simple.
    return common.run(args, "sagan", generator, discriminator, loss="non-saturating")


if __name__ == "__main__":
    main()
