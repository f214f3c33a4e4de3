"""StyleGAN (mapping network, AdaIN, noise inputs, style mixing) on the digits at 16 px.

Non-saturating loss with the R1 penalty on real data, as in Karras et al. 2019.
Run: python examples/stylegan_digits.py [--epochs 5] [--out runs/stylegan_digits]
Writes runs/stylegan_digits/stylegan.png (64 samples) and gan.keras.
"""

import kerasgan
import _architecture_common as common


def main(argv=None):
    args = common.parse_args(__doc__.splitlines()[0], argv, out="runs/stylegan_digits")
    shape = (args.size, args.size, 1)
    generator, discriminator = kerasgan.models.stylegan(
        shape, 32, base_filters=args.filters, mapping_layers=4, seed=0
    )
    return common.run(
        args, "stylegan", generator, discriminator, loss="non-saturating",
        regularizers=[kerasgan.regularizers.R1Penalty(10.0)], lr=1e-3, betas=(0.0, 0.99),
    )


if __name__ == "__main__":
    main()
