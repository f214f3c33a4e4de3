"""Choosing a player (network) by name, with a Keras-style error."""

PLAYERS = ("discriminator", "generator")


def check_player(argument, value):
    if value not in PLAYERS:
        raise ValueError(
            f"`{argument}` must be one of {PLAYERS}. Received: {argument}={value!r}"
        )
    return value


def network(gan, player):
    return gan.discriminator if player == "discriminator" else gan.generator
