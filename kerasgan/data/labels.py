"""Class-label range checks shared by the array and tf.data paths (backend-free)."""

#: The fix every out-of-range-label message ends with.
LABEL_RANGE_FIX = (
    "Relabel the data, or build the networks (and GAN(num_classes=...)) for this many classes."
)


def check_label_values(array, num_classes, argument):
    """Raises unless every class label in the numpy `array` lies in `[0, num_classes)`."""
    if array.size and (array.min() < 0 or (num_classes is not None and array.max() >= num_classes)):
        high = "num_classes - 1" if num_classes is None else num_classes - 1
        raise ValueError(
            f"`{argument}` must hold class labels in [0, {high}]. Received: labels with values "
            f"in [{array.min()}, {array.max()}]. {LABEL_RANGE_FIX}"
        )
