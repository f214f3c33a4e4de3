"""Placeholder: the GAN model is being written."""


class GAN:  # replaced in the core commit
    pass
