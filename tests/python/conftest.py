"""Shared helpers of the Python package's tests (run by CTest: see python/CMakeLists.txt).

RARENET_BINARY names the rarenet program of the same build, so that the tests can compare the
package with the command line; RARENET_SOURCE_DIR the repository (examples/python)."""

import os
import subprocess

import numpy as np
import pytest
from sklearn.datasets import make_classification

SOURCE_DIR = os.environ.get(
    "RARENET_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
)


def rarenet_binary():
    path = os.environ.get("RARENET_BINARY", os.path.join(SOURCE_DIR, "build", "rarenet"))
    assert os.path.exists(path), f"the rarenet program is not built: {path}"
    return path


def run_cli(*args):
    """Runs `rarenet ARGS`; fails the test with its standard error when it fails."""
    done = subprocess.run(
        [rarenet_binary(), *map(str, args)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"rarenet {' '.join(map(str, args))}: {done.stderr}"
    return done.stdout


def imbalanced(n=600, n_features=6, minority=0.1, seed=0):
    X, y = make_classification(
        n_samples=n,
        n_features=n_features,
        n_informative=3,
        weights=[1 - minority],
        flip_y=0,
        random_state=seed,
    )
    return X, y


def write_csv(path, X, y, names=None):
    """X and y as a CSV file with a header, every number in round-trip precision."""
    names = names or [f"f{j}" for j in range(X.shape[1])]
    with open(path, "w") as f:
        f.write(",".join(names + ["y"]) + "\n")
        for row, label in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + f",{int(label)}\n")
    return names


def read_predictions(path):
    """The CSV `rarenet predict` writes: {column: array}."""
    with open(path) as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    return {name: np.array([float(r[j]) for r in rows]) for j, name in enumerate(header)}


@pytest.fixture
def data():
    return imbalanced()
