"""Entry point of the `kerasgan` console command.

It lives outside the `kerasgan` package on purpose. Importing anything inside
`kerasgan` first runs `kerasgan/__init__.py`, which imports Keras and
TensorFlow (seconds, and TensorFlow's log lines) and must keep doing so:
`import kerasgan` is what registers kerasgan's classes for
`keras.models.load_model`. `kerasgan/cli.py` imports only the standard library
at the top, so this module runs that one file without its package: `--help`
answers at once, and TensorFlow is imported only after the arguments are
read, with its log lines silenced (see `kerasgan.cli`).
"""

import importlib.util
import pathlib


def _cli_module():
    package = importlib.util.find_spec("kerasgan")  # finds the package without importing it
    if package is None or package.origin is None:
        raise ImportError("The `kerasgan` package is not installed beside `kerasgan_cli`.")
    spec = importlib.util.spec_from_file_location("kerasgan_cli._cli", pathlib.Path(package.origin).with_name("cli.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    """Runs `kerasgan` with `argv` (default: the command line); returns the exit code."""
    return _cli_module().main(argv)
