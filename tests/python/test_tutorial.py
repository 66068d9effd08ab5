"""examples/python/tutorial.py tells the tutorial's story with the CLI tutorial's numbers."""

import json
import os
import subprocess
import sys

import pytest

from conftest import SOURCE_DIR, run_cli

SCRIPT = os.path.join(SOURCE_DIR, "examples", "python", "tutorial.py")


def run_example(*args):
    done = subprocess.run(
        [sys.executable, SCRIPT, *args], capture_output=True, text=True, check=False, env=os.environ
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_tutorial_figures_equal_the_cli_tutorial():
    ours = json.loads(run_example("--json"))
    cli = json.loads(run_cli("tutorial", "--no-sweep", "--json"))
    assert ours["class_weight_balanced"] == cli["class_weight_balanced"]
    for name in ("baseline", "balanced", "manual"):
        mine, theirs = ours["runs"][name], cli["runs"][name]
        minority = theirs["classes"]["1"]
        assert mine["precision"] == minority["precision"], name
        assert mine["recall"] == minority["recall"], name
        assert mine["f1"] == minority["f1"], name
        # Figures from scikit-learn's metrics here, rarenet's there: the same to the last bit
        # or two (the probabilities themselves are identical: the counts above and below).
        assert mine["roc_auc"] == pytest.approx(theirs["roc_auc"], rel=1e-14), name
        assert mine["average_precision"] == pytest.approx(theirs["average_precision"], rel=1e-14)
        assert mine["predicted_positives"] == theirs["predicted_positives"], name

    runs = ours["runs"]
    # The story: no weights, no rare class found; weights buy recall; 1:200 finds almost all.
    assert runs["baseline"]["recall"] == 0 and runs["baseline"]["predicted_positives"] == 0
    assert 0.3 < runs["balanced"]["recall"] < runs["manual"]["recall"]
    assert runs["manual"]["recall"] > 0.95
    assert runs["manual"]["class_weight"] == {"0": 1.0, "1": 200.0}
    # auto:f1: the balanced network with a tuned threshold, far fewer false alarms.
    tuned = runs["auto:f1"]
    assert tuned["threshold"] != 0.5
    assert tuned["roc_auc"] == runs["balanced"]["roc_auc"]
    assert tuned["predicted_positives"] < runs["balanced"]["predicted_positives"] / 5
    assert tuned["f1"] > runs["balanced"]["f1"]


def test_tutorial_prints_the_summary_table():
    out = run_example()
    assert "training rows: 79,183 / 817, test rows: 19,787 / 213" in out
    assert "balanced class_weight = {0: 0.5051589356301226, 1: 48.959608323133416}" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert lines["baseline"].split()[1:4] == ["0.000", "0.000", "0.000"]
    assert "0 / 213" in lines["baseline"]
    assert "4,260 / 213" in lines["balanced"] and "18,658 / 213" in lines["manual"]
    assert "auto:f1" in lines
