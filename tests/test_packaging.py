"""The built wheel installs into a fresh virtual environment and runs the README's ten lines.

Offline: `python -m build --no-isolation` uses the installed setuptools, and the fresh venv
reuses the current environment's installed dependencies (a `.pth` line naming its
site-packages: its own `.pth` hooks, such as an editable kerasgan, are not run), so only
the wheel's kerasgan is importable there.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCES = ("kerasgan", "kerasgan_cli", "pyproject.toml", "setup.py", "README.md", "LICENSE")


def _readme_ten_lines():
    text = (ROOT / "README.md").read_text()
    section = text.split("## Ten lines", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    assert len(code.splitlines()) == 10  # the title counts the blank line after the import
    assert "epochs=30" in code
    return code.replace("epochs=30", "epochs=1, steps_per_epoch=2")  # the same lines, a short budget


def _build_wheel(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, source / name)
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(source)],
                   check=True, capture_output=True, text=True, timeout=300)
    (wheel,) = dist.glob("kerasgan-*.whl")
    return wheel


@pytest.mark.slow  # build + a fresh interpreter that imports TensorFlow and trains 2 steps
def test_wheel_installs_in_a_fresh_venv_and_runs_the_readme(tmp_path):
    wheel = _build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert "kerasgan/py.typed" in names and "kerasgan_cli/__init__.py" in names
    assert any(n.startswith("kerasgan/metrics/assets/") and n.endswith(".weights.h5") for n in names)
    assert any(n.startswith("kerasgan/presets/weights/") and n.endswith(".weights.h5") for n in names)
    assert any(n.endswith("licenses/LICENSE") for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Classifier: Typing :: Typed" in metadata and "Project-URL: Documentation" in metadata
    assert "Provides-Extra: tensorboard" in metadata and "Provides-Extra: images" not in metadata

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    pathlib.Path(purelib, "reuse-installed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "--no-deps",
                    "--quiet", str(wheel)], check=True, capture_output=True, text=True, timeout=300)

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    work = tmp_path / "work"
    work.mkdir()
    script = "import kerasgan\nprint('installed at', kerasgan.__file__)\n" + _readme_ten_lines()
    script += "import os\nprint('outputs', sorted(os.listdir('runs')))\n"
    result = subprocess.run([str(python), "-c", script], cwd=work, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"installed at {purelib}" in result.stdout
    assert "outputs ['gan.keras', 'generator', 'grids']" in result.stdout
    help_run = subprocess.run([str(env_dir / "bin" / "kerasgan"), "--help"], env=env, capture_output=True,
                              text=True, timeout=60)
    assert help_run.returncode == 0 and "usage: kerasgan" in help_run.stdout
