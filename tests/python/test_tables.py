"""Tables as they are: data frames with text, category and boolean columns and missing cells,
encoded by the engine exactly as the command line encodes a CSV file's columns."""

import json
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rarenet
from rarenet import RareNetClassifier
from conftest import SOURCE_DIR, run_cli

CREDIT = Path(SOURCE_DIR) / "data" / "credit_data.csv"


def read_predictions(path):
    """The CLI's predictions file, numbers read exactly (round trip) and labels as text."""
    return pd.read_csv(path, float_precision="round_trip")


def credit():
    df = pd.read_csv(CREDIT)
    return df.drop(columns="Status"), df["Status"]


def test_a_frame_with_text_and_missing_cells_trains_as_the_cli_trains_its_file(tmp_path):
    X, y = credit()
    assert X.isna().any().any() and (X.dtypes == object).any()  # the case under test
    run_cli(
        "train", CREDIT, "--target", "Status", "--positive-class", "good", "--impute", "median",
        "--class-weight", "balanced", "--hidden", "16", "--epochs", 4, "--seed", 3,
        "--min-frequency", 20, "--quiet", "-o", tmp_path / "cli.json",
    )
    run_cli("predict", tmp_path / "cli.json", CREDIT, "-o", tmp_path / "cli.csv")
    cli = read_predictions(tmp_path / "cli.csv")

    clf = RareNetClassifier(
        hidden_layer_sizes=(16,), epochs=4, class_weight="balanced", impute="median",
        min_frequency=20, random_state=3,
    ).fit(X, y)
    assert list(clf.classes_) == ["bad", "good"]
    assert list(clf.feature_names_in_) == list(X.columns)
    proba = clf.predict_proba(X)
    assert np.array_equal(proba[:, 0], cli["p_bad"].to_numpy())
    assert np.array_equal(proba[:, 1], cli["p_good"].to_numpy())
    assert list(clf.predict(X)) == list(cli["label"])

    # The encoders stored in either file are the same: categories by their text.
    ours = tmp_path / "py.json"
    clf.save(ours)
    assert json.loads(ours.read_text())["preprocessor"] == json.loads(
        (tmp_path / "cli.json").read_text()
    )["preprocessor"]
    # A model saved from Python scores the CSV in the CLI; one trained by the CLI loads here.
    run_cli("predict", ours, CREDIT, "-o", tmp_path / "py.csv")
    assert np.array_equal(read_predictions(tmp_path / "py.csv")["p_good"].to_numpy(), proba[:, 1])
    loaded = rarenet.load(tmp_path / "cli.json")
    assert list(loaded.classes_) == ["bad", "good"] and loaded.n_features_in_ == X.shape[1]
    assert loaded.get_params()["impute"] == "median" and loaded.get_params()["min_frequency"] == 20
    assert np.array_equal(loaded.predict_proba(X), proba)
    assert list(loaded.predict(X.head(50))) == list(clf.predict(X.head(50)))


def test_column_kinds_and_unseen_categories():
    rng = np.random.default_rng(0)
    n = 400
    colour = rng.choice(["red", "green", "blue"], size=n)
    size = rng.normal(size=n)
    flag = rng.random(n) < 0.3
    y = np.where((colour == "red") & (size > 0), 1, 0)
    frame = pd.DataFrame(
        {
            "colour": pd.Categorical(colour),
            "size": size,
            "flag": flag,
            "code": pd.array(rng.integers(0, 3, size=n), dtype="Int64"),
        }
    )
    clf = RareNetClassifier(hidden_layer_sizes=(8,), epochs=30, random_state=0).fit(frame, y)
    names = clf.model_.feature_names  # the network's inputs: one-hot columns after the numbers
    assert names[:3] == ["size", "flag", "code"]
    assert sorted(names[3:]) == ["colour_blue", "colour_green", "colour_red"]
    # The same rows as object text, not a Categorical: the same probabilities.
    as_text = frame.assign(colour=colour.astype(object))
    assert np.array_equal(clf.predict_proba(as_text), clf.predict_proba(frame))
    # Columns are matched by name for the engine; a category never seen encodes as all zeros.
    unseen = frame.head(5).assign(colour=["purple"] * 5)
    p = clf.predict_proba(unseen)
    assert p.shape == (5, 2) and np.all(np.isfinite(p))
    assert not np.array_equal(p, clf.predict_proba(frame.head(5)))
    # A frame of numbers only, for a model with a categorical input: named and refused.
    with pytest.raises(ValueError, match="'colour' is categorical in the model"):
        clf.predict(frame.assign(colour=np.arange(n, dtype=float)))


def test_missing_cells_need_impute_and_name_the_cell():
    X, y = credit()
    with pytest.raises(rarenet.InputError, match=r"X\[\d+, '\w+'\]: missing value \(NaN\); set impute"):
        RareNetClassifier(epochs=1).fit(X, y)
    with pytest.raises(rarenet.ConfigError, match="impute"):
        RareNetClassifier(epochs=1, impute="sometimes").fit(X, y)
    dated = X.assign(when=pd.Timestamp("2020-01-01"))
    with pytest.raises(ValueError, match="'when'.*not supported"):
        RareNetClassifier(epochs=1, impute="median").fit(dated, y)


def test_numeric_arrays_with_missing_cells_are_imputed_like_a_file(tmp_path):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 4))
    y = (X[:, 0] + rng.normal(scale=0.5, size=300) > 1).astype(int)
    X[rng.random(X.shape) < 0.1] = np.nan
    clf = RareNetClassifier(hidden_layer_sizes=(8,), epochs=5, impute="mean", add_indicator=True, random_state=2)
    clf.fit(X, y)
    assert clf.model_.reads_tables
    proba = clf.predict_proba(X)
    assert np.all(np.isfinite(proba))
    assert any(n.startswith("missingindicator_") for n in clf.model_.feature_names)
    # The CLI reads the empty cells of the same data as missing and predicts the same.
    csv = tmp_path / "d.csv"
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(4)]).assign(y=y)
    frame.to_csv(csv, index=False, float_format="%.17g")
    clf.save(tmp_path / "m.json")
    run_cli("predict", tmp_path / "m.json", csv, "-o", tmp_path / "p.csv")
    assert np.array_equal(read_predictions(tmp_path / "p.csv")["p_1"].to_numpy(), proba[:, 1])


def test_text_labels_are_saved_and_pickled():
    X, y = credit()
    clf = RareNetClassifier(hidden_layer_sizes=(8,), epochs=2, impute="median", random_state=0).fit(X, y)
    again = pickle.loads(pickle.dumps(clf))
    assert list(again.classes_) == ["bad", "good"]
    assert np.array_equal(again.predict_proba(X), clf.predict_proba(X))
    assert list(again.predict(X.head(20))) == list(clf.predict(X.head(20)))


def test_cross_validate_and_sweep_take_frames():
    X, y = credit()
    est = RareNetClassifier(hidden_layer_sizes=(8,), epochs=2, impute="median", random_state=0)
    result = rarenet.cross_validate(X, y, est, n_splits=3)
    assert len(result["folds"]) == 3 and 0.5 < result["mean"]["roc_auc"] <= 1
    swept = rarenet.sweep(X, y, est, ratios=(1, 3), n_splits=3, refit=True)
    assert set(swept["candidates"][0]["class_weight"]) == {"bad", "good"}
    model = swept["model"]
    assert list(model.classes_) == ["bad", "good"]
    assert model.predict_proba(X).shape == (len(X), 2)
