"""Only the package list, which pyproject.toml cannot express: every `claimdiff*` folder
(found, so a new stage folder is never left out of the wheel) plus `claimdiff._models`,
which pyproject.toml's package-dir maps onto models/ (the manifests, kept in one place)."""

from setuptools import find_packages, setup

setup(packages=find_packages(include=["claimdiff", "claimdiff.*"]) + ["claimdiff._models"])
