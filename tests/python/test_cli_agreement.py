"""Same numbers as the command line: the Python fit and `rarenet train` on the same CSV, options
and seed give identical probabilities; model files go both ways; cross_validate and sweep return
what `rarenet cv --json` and `rarenet sweep --json` print."""

import json

import numpy as np
import pandas as pd
import pytest

import rarenet
from rarenet import RareNetClassifier
from conftest import imbalanced, read_predictions, run_cli, write_csv

CASES = [
    # (Python parameters, the same as CLI flags)
    (
        dict(hidden_layer_sizes=(16, 8), epochs=8, batch_size=64, class_weight="balanced", random_state=7),
        ["--hidden", "16,8", "--epochs", 8, "--batch-size", 64, "--class-weight", "balanced", "--seed", 7],
    ),
    (
        dict(
            hidden_layer_sizes=(12,),
            activation="tanh",
            epochs=6,
            optimizer="sgd",
            learning_rate=0.05,
            momentum=0.9,
            weight_decay=0.001,
            class_weight={0: 1, 1: 25},
            threshold="auto:f1",
            calibrate="prior",
            random_state=3,
        ),
        [
            "--hidden", "12", "--activation", "tanh", "--epochs", 6, "--optimizer", "sgd",
            "--learning-rate", 0.05, "--momentum", 0.9, "--weight-decay", 0.001,
            "--class-weight", "0:1,1:25", "--threshold", "auto:f1", "--calibrate", "prior",
            "--seed", 3,
        ],
    ),
    (
        dict(
            hidden_layer_sizes=(16, 8),
            epochs=7,
            dropout=(0.2, 0.1),
            lr_schedule="cosine",
            lr_warmup=2,
            learning_rate=0.003,
            scale="quantile-normal",
            n_quantiles=200,
            ensemble=3,
            class_weight="balanced",
            random_state=5,
        ),
        [
            "--hidden", "16,8", "--epochs", 7, "--dropout", "0.2,0.1", "--lr-schedule", "cosine",
            "--lr-warmup", 2, "--learning-rate", 0.003,
            "--scale", "quantile-normal", "--n-quantiles", 200, "--ensemble", 3, "--class-weight", "balanced", "--seed", 5,
        ],
    ),
    (
        dict(hidden_layer_sizes=(16,), epochs=5, embedding="piecewise:bins=8",
             class_weight="balanced", random_state=2),
        ["--hidden", "16", "--epochs", 5, "--embedding", "piecewise:bins=8",
         "--class-weight", "balanced", "--seed", 2],
    ),
]


@pytest.mark.parametrize("params,flags", CASES)
def test_python_fit_equals_rarenet_train(tmp_path, params, flags):
    X, y = imbalanced(n=1500, n_features=7, seed=4)
    csv = tmp_path / "train.csv"
    names = write_csv(csv, X, y)
    run_cli("train", csv, "--target", "y", *flags, "--quiet", "-o", tmp_path / "cli.json")
    run_cli("predict", tmp_path / "cli.json", csv, "-o", tmp_path / "cli.csv")
    cli = read_predictions(tmp_path / "cli.csv")

    df = pd.read_csv(csv)
    clf = RareNetClassifier(**params).fit(df[names], df["y"])
    proba = clf.predict_proba(df[names])
    assert np.array_equal(proba[:, 1], cli["p_1"])
    assert np.array_equal(proba[:, 0], cli["p_0"])
    assert np.array_equal(clf.predict(df[names]), cli["label"].astype(int))
    cli_model = json.loads((tmp_path / "cli.json").read_text())
    assert clf.threshold_ == cli_model["threshold"]

    # Saved from Python, read by the CLI: the same file content as the CLI's own.
    clf.save(tmp_path / "py.json")
    py_model = json.loads((tmp_path / "py.json").read_text())
    assert py_model["network"] == cli_model["network"]
    assert py_model["feature_names"] == names
    run_cli("predict", tmp_path / "py.json", csv, "-o", tmp_path / "py.csv")
    assert np.array_equal(read_predictions(tmp_path / "py.csv")["p_1"], proba[:, 1])

    # Trained by the CLI, loaded in Python: the same probabilities and parameters.
    loaded = rarenet.load(tmp_path / "cli.json")
    assert np.array_equal(loaded.predict_proba(df[names]), proba)
    assert np.array_equal(loaded.predict_proba(X), proba)
    assert list(loaded.feature_names_in_) == names
    for key in ("hidden_layer_sizes", "epochs", "class_weight", "threshold", "random_state",
                "dropout", "lr_schedule", "lr_warmup", "lr_step_size", "lr_gamma", "scale",
                "n_quantiles", "ensemble", "embedding"):
        assert loaded.get_params()[key] == clf.get_params()[key], key


@pytest.mark.parametrize("tail,fitted", [(False, "robust"), (True, "robust-clip")])
def test_robust_auto_clips_only_a_feature_with_a_tail(tmp_path, tail, fitted):
    X, y = imbalanced(n=800, n_features=5, seed=6)
    if tail:
        X[17, 3] = 1e4  # hundreds of interquartile ranges from the median
    csv = tmp_path / "train.csv"
    names = write_csv(csv, X, y)
    flags = ["--hidden", "8", "--epochs", 4, "--scale", "robust-auto", "--seed", 1]
    run_cli("train", csv, "--target", "y", *flags, "--quiet", "-o", tmp_path / "cli.json")
    run_cli("predict", tmp_path / "cli.json", csv, "-o", tmp_path / "cli.csv")
    cli_model = json.loads((tmp_path / "cli.json").read_text())
    assert cli_model["scaler"]["kind"] == fitted

    # X itself: the CSV holds it in round-trip precision, so both read the same doubles.
    frame = pd.DataFrame(X, columns=names)
    clf = RareNetClassifier(hidden_layer_sizes=(8,), epochs=4, scale="robust-auto",
                            random_state=1).fit(frame, y)
    assert np.array_equal(clf.predict_proba(frame)[:, 1], read_predictions(tmp_path / "cli.csv")["p_1"])
    clf.save(tmp_path / "py.json")
    py_model = json.loads((tmp_path / "py.json").read_text())
    assert py_model["scaler"] == cli_model["scaler"]
    # The option the user chose is what a loaded model reports, not the kind it fitted.
    assert rarenet.load(tmp_path / "cli.json").get_params()["scale"] == "robust-auto"


def test_cross_validate_equals_rarenet_cv(tmp_path):
    X, y = imbalanced(n=800, seed=2)
    csv = tmp_path / "d.csv"
    write_csv(csv, X, y)
    cli = json.loads(
        run_cli("cv", csv, "--hidden", "8", "--epochs", 4, "--class-weight", "balanced", "--seed", 1,
                "--n-splits", 3, "--json")
    )
    ours = rarenet.cross_validate(
        X, y, RareNetClassifier(hidden_layer_sizes=(8,), epochs=4, class_weight="balanced", random_state=1),
        n_splits=3,
    )
    for result in (cli, ours):
        result.pop("seconds", None)
    assert ours == cli


def test_sweep_equals_rarenet_sweep(tmp_path):
    X, y = imbalanced(n=800, seed=3)
    csv = tmp_path / "d.csv"
    write_csv(csv, X, y)
    cli = json.loads(
        run_cli("sweep", csv, "--hidden", "8", "--epochs", 4, "--seed", 1, "--ratios", "1,5,20",
                "--most", "0.8", "--criterion", "f1", "--n-splits", 3, "--refit-ensemble", 2,
                "--json", "-o", tmp_path / "cli.json")
    )
    ours = rarenet.sweep(
        X, y, RareNetClassifier(hidden_layer_sizes=(8,), epochs=4, random_state=1),
        ratios=(1, 5, 20), most=(0.8,), criterion="f1", n_splits=3, refit=True, refit_ensemble=2,
    )
    model = ours.pop("model")
    assert model.get_params()["ensemble"] == 2 and ours["refit_ensemble"] == 2
    ours.pop("seconds", None)
    for c in ours["candidates"] + cli["candidates"]:
        c.pop("seconds", None)
    assert ours == cli
    assert np.array_equal(
        model.predict_proba(X), rarenet.load(tmp_path / "cli.json").predict_proba(X)
    )
    # String labels: the per-class objects are keyed by the labels.
    named = rarenet.sweep(
        X, np.where(y == 1, "rare", "common"), RareNetClassifier(hidden_layer_sizes=(8,), epochs=4, random_state=1),
        ratios=(1, 5), n_splits=3,
    )
    assert set(named["candidates"][0]["class_weight"]) == {"common", "rare"}
    # The network, dropout and scaling search, as the command line's.
    cli = json.loads(
        run_cli("sweep", csv, "--hidden", "8", "--epochs", 3, "--seed", 1, "--ratios", "1,5",
                "--networks", "none,8", "--dropouts", "0,0.3", "--scales", "standard,robust",
                "--linear-scales", "robust", "--input-weight-decays", "0.05",
                "--linear-learning-rate", "0.02", "--network-learning-rate", "0.003",
                "--embeddings", "none,piecewise:bins=4", "--n-splits", 3, "--json")
    )
    ours = rarenet.sweep(
        X, y, RareNetClassifier(hidden_layer_sizes=(8,), epochs=3, random_state=1),
        ratios=(1, 5), n_splits=3, networks=((), (8,)), dropouts=(0, 0.3),
        scales=("standard", "robust"), embeddings=("none", "piecewise:bins=4"),
        linear_scales=("robust",), input_weight_decays=(0.05,), linear_learning_rate=0.02,
        network_learning_rate=0.003,
    )
    ours.pop("seconds", None)
    for c in ours["candidates"] + cli["candidates"]:
        c.pop("seconds", None)
    # The linear model robustly scaled (--linear-scales) x 2 embeddings x 2 weights, then the
    # 8-unit network x 2 dropout rates x 2 scalings x 2 embeddings x 2 weights
    assert len(ours["candidates"]) == 20
    assert [c["scale"] for c in ours["candidates"] if not c["hidden"]] == ["robust"] * 4
    assert [c["input_weight_decay"] for c in ours["candidates"]] == [0] * 4 + [0.05] * 16
    assert ours["linear_learning_rate"] == 0.02
    assert ours["network_learning_rate"] == 0.003
    assert ours == cli


def test_multiclass_sweep_equals_rarenet_sweep(tmp_path):
    X, y = imbalanced(n=600, seed=4)
    y3 = np.where(X[:, 0] > 1, 2, y)
    csv = tmp_path / "d.csv"
    write_csv(csv, X, y3)
    cli = json.loads(
        run_cli("sweep", csv, "--hidden", "8", "--epochs", 4, "--seed", 1, "--powers", "0,1",
                "--betas", "0.99", "--criterion", "mcc", "--n-splits", 3, "--additive", "--json",
                "-o", tmp_path / "cli.json")
    )
    ours = rarenet.sweep(
        X, y3, RareNetClassifier(hidden_layer_sizes=(8,), epochs=4, random_state=1),
        powers=(0, 1), betas=(0.99,), criterion="mcc", n_splits=3, refit=True, additive=True,
    )
    model = ours.pop("model")
    ours.pop("seconds", None)
    for c in ours["candidates"] + cli["candidates"]:
        c.pop("seconds", None)
    assert ours == cli
    # Three weightings for the linear model standard and robustly scaled, the network without
    # and with dropout 0.2, each without and with the input decay 0.01 (the default), then the
    # additive model.
    assert cli["multiclass"] and len(cli["candidates"]) == 21
    assert [c["hidden"] for c in cli["candidates"]] == [[]] * 6 + [[8]] * 12 + [[]] * 3
    assert [c["scale"] for c in cli["candidates"][:6]] == ["standard"] * 3 + ["robust"] * 3
    assert [c["dropout"] for c in cli["candidates"][6:18]] == pytest.approx([0] * 6 + [0.2] * 6)
    assert [c["input_weight_decay"] for c in cli["candidates"][6:18]] == pytest.approx(
        ([0] * 3 + [0.01] * 3) * 2)
    assert {c["embedding"] for c in cli["candidates"][18:]} == {"piecewise:bins=16"}
    back = rarenet.load(tmp_path / "cli.json")
    np.testing.assert_array_equal(model.decision_weights_, back.decision_weights_)
    np.testing.assert_array_equal(model.predict(X), back.predict(X))


def test_sweep_of_gammas_resamplers_and_batch_samplers_equals_rarenet_sweep(tmp_path):
    X, y = imbalanced(n=600, seed=5)
    csv = tmp_path / "d.csv"
    write_csv(csv, X, y)
    cli = json.loads(
        run_cli("sweep", csv, "--hidden", "8", "--epochs", 3, "--seed", 2, "--ratios", "1,5",
                "--gammas", "0,2", "--resamplers", "none,smote:k=3,ratio=1",
                "--batch-sampler", "stratified", "--n-splits", 3, "--no-linear", "--dropouts", 0,
                "--input-weight-decays", 0, "--json")
    )
    ours = rarenet.sweep(
        X, y,
        RareNetClassifier(hidden_layer_sizes=(8,), epochs=3, random_state=2,
                          batch_sampler="stratified"),
        ratios=(1, 5), gammas=(0, 2), resamplers=("none", "smote:k=3,ratio=1"), n_splits=3,
        linear=False, dropouts=(0,), input_weight_decays=(0,),
    )
    ours.pop("seconds", None)
    for c in ours["candidates"] + cli["candidates"]:
        c.pop("seconds", None)
    assert ours == cli
    assert len(ours["candidates"]) == 8
    assert {c["loss"] for c in ours["candidates"]} == {"crossentropy", "focal:gamma=2"}


def test_multilabel_sweep_equals_rarenet_sweep(tmp_path):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(500, 6))
    Y = np.column_stack(
        [X[:, 0] > 1.0, X[:, 1] + X[:, 2] > 1.5, X[:, 3] - 0.5 * X[:, 4] > 1.2]
    ).astype(np.int64)
    csv = tmp_path / "ml.csv"
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(6)])
    for j in range(3):
        frame[f"y{j}"] = Y[:, j]
    frame.to_csv(csv, index=False)
    cli = json.loads(
        run_cli("sweep", csv, "--target", "y0,y1,y2", "--hidden", "8", "--epochs", 6, "--seed", 2,
                "--criterion", "f1", "--n-splits", 3, "--additive", "--json",
                "-o", tmp_path / "cli.json")
    )
    ours = rarenet.sweep(
        X, Y, RareNetClassifier(hidden_layer_sizes=(8,), epochs=6, random_state=2),
        criterion="f1", n_splits=3, refit=True, additive=True,
    )
    model = ours.pop("model")
    ours.pop("seconds", None)
    for c in ours["candidates"] + cli["candidates"]:
        c.pop("seconds", None)
    assert ours == cli
    assert cli["multilabel"] and cli["labels"] == ["y0", "y1", "y2"]
    # The default caps for the linear model (two scalings), the network without and with
    # dropout, each without and with the input decay, and (asked for) the additive model.
    assert [c["strategy"] for c in cli["candidates"]] == [
        "capped:0.5", "capped:0.75", "capped:0.9", "capped:0.95", "capped:0.99"
    ] * 7
    chosen = cli["candidates"][cli["chosen"]]
    np.testing.assert_array_equal(model.label_thresholds_, chosen["label_thresholds"])
    back = rarenet.load(tmp_path / "cli.json")
    np.testing.assert_array_equal(back.label_thresholds_, model.label_thresholds_)
    np.testing.assert_array_equal(model.predict(X), back.predict(X))
    proba = model.predict_proba(X)
    np.testing.assert_array_equal(model.predict(X), (proba >= model.label_thresholds_).astype(int))
    np.testing.assert_array_equal(model.decision_function(X) >= 0, model.predict(X) == 1)


def test_multilabel_auto_threshold_is_tuned_per_label():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(400, 5))
    Y = np.column_stack([X[:, 0] > 1.0, X[:, 1] > 0.8]).astype(np.int64)
    est = RareNetClassifier(hidden_layer_sizes=(8,), epochs=6, threshold="auto:f1", random_state=1)
    est.fit(X, Y)
    assert est.label_thresholds_.shape == (2,)
    assert est.label_thresholds_[0] != est.label_thresholds_[1]
    proba = est.predict_proba(X)
    np.testing.assert_array_equal(est.predict(X), (proba >= est.label_thresholds_).astype(int))
    plain = RareNetClassifier(hidden_layer_sizes=(8,), epochs=6, random_state=1).fit(X, Y)
    assert plain.label_thresholds_ is None
