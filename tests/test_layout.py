"""The layout the design promises: one schedule, small backends, hooks apart from penalties."""

import pathlib
import re

import kerasgan
from kerasgan import regularizers as R

PACKAGE = pathlib.Path(kerasgan.__file__).resolve().parent


def _lines(relative):
    return len((PACKAGE / relative).read_text().splitlines())


def test_each_backend_module_is_small_and_gan_py_fits_in_300_lines():
    for path in sorted((PACKAGE / "_backend").glob("*.py")):
        assert _lines(path.relative_to(PACKAGE)) <= 150, path.name
    assert _lines("gan.py") <= 300


def test_the_schedule_is_written_once_outside_the_backends():
    # The backends never loop over discriminator steps or read the objective.
    for path in sorted((PACKAGE / "_backend").glob("*.py")):
        text = path.read_text()
        assert "discriminator_steps" not in text and "objective" not in text, path.name
        assert "procedure.train_step" in text or path.name.startswith("_") or path.name == "__init__.py"


def test_no_hook_passes_a_zero_weight_to_stand_in_for_a_penalty():
    offenders = [str(p) for p in PACKAGE.rglob("*.py")
                 if re.search(r"super\(\).__init__\(\s*0(\.0)?\s*[,)]", p.read_text())]
    assert not offenders
    for hook in (R.EMAGenerator(), R.ExperienceReplay(), R.UnrolledDiscriminator(), R.WeightClipping(),
                 R.InstanceNoise(), R.DiffAugment()):
        assert isinstance(hook, kerasgan.Hook) and not isinstance(hook, R.Regularizer)
        assert not hasattr(hook, "weight")
    assert issubclass(R.Regularizer, kerasgan.Hook)
