"""Checks and config helpers of the models that wrap other models."""

import keras


def check_functional(argument, model):
    """Raises unless `model` is a built `keras.Model` with one input and one output."""
    if not isinstance(model, keras.Model) or not getattr(model, "inputs", None):
        raise TypeError(
            f"`{argument}` must be a built keras.Model with a known input shape (functional "
            f"or Sequential with keras.Input). Received: {argument}={model!r}"
        )
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        raise ValueError(
            f"`{argument}` must have one input and one output. Received: "
            f"{len(model.inputs)} inputs and {len(model.outputs)} outputs."
        )
    return model


def deserialize_models(config, keys, custom_objects=None):
    config = dict(config)
    for key in keys:
        value = config[key]
        if isinstance(value, (list, tuple)):
            config[key] = [keras.saving.deserialize_keras_object(v, custom_objects=custom_objects)
                           for v in value]
        else:
            config[key] = keras.saving.deserialize_keras_object(value, custom_objects=custom_objects)
    return config
