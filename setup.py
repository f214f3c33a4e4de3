from setuptools import setup; setup()  # shim for tools that still call setup.py; see pyproject.toml
