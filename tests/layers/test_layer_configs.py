"""Every public layer's `get_config()` keys are its `__init__` arguments (plus Layer's)."""

import inspect

import keras
import numpy as np
import pytest

import kerasgan.constraints
import kerasgan.priors
import kerasgan.layers

def _vbn_model():
    inputs = keras.Input((3,))
    return keras.Model(inputs, kerasgan.layers.VirtualBatchNormalization()(inputs))


REQUIRED = {
    "ReferenceBatch": (_vbn_model(), np.zeros((4, 3), "float32")),
    "EqualizedConv2D": (3, 3),
    "EqualizedDense": (3,),
    "MappingNetwork": (4,),
    "ModulatedConv2D": (3,),
    "Maxout": (3,),
    "MinibatchDiscrimination": (3,),
    "Pack": (2,),
    "ConstantInput": (3,),
    "AuxiliaryClassifierHead": (4,),
    "ProjectionHead": (4,),
    "SemiSupervisedHead": (4,),
    "LatentCodeHead": (kerasgan.priors.Categorical(3),),
    "SpectralNormalization": (keras.layers.Dense(2),),
}
LAYERS = [
    getattr(kerasgan.layers, name)
    for name in kerasgan.layers.__all__
    if inspect.isclass(getattr(kerasgan.layers, name))
]


def _init_arguments(cls):
    names = set()
    for klass in cls.__mro__:
        if klass is keras.layers.Layer:
            break
        if "__init__" in vars(klass):
            for p in inspect.signature(klass.__init__).parameters.values():
                if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
                    names.add(p.name)
    return names


@pytest.mark.parametrize("cls", LAYERS, ids=lambda c: c.__name__)
def test_config_keys_equal_init_arguments(cls):
    layer = cls(*REQUIRED.get(cls.__name__, ()))
    config = layer.get_config()
    base = set(keras.layers.Layer(name="x").get_config())
    assert set(config) - base == _init_arguments(cls)
    registered = keras.saving.get_registered_name(cls)
    assert registered == f"kerasgan>{cls.__name__}"
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(layer))
    assert type(restored) is cls and restored.get_config() == config


def test_clip_config_and_registration():
    assert keras.saving.get_registered_name(kerasgan.constraints.Clip) == "kerasgan>Clip"
    assert set(kerasgan.constraints.Clip(0.1).get_config()) == {"value"}
