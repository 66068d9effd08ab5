"""RareNetClassifier inside scikit-learn's and imbalanced-learn's machinery."""

import numpy as np
import pytest
from imblearn.over_sampling import RandomOverSampler
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict, cross_validate
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from rarenet import RareNetClassifier

FAST = dict(hidden_layer_sizes=(16,), epochs=5, random_state=0)


def test_pipeline(data):
    X, y = data
    pipe = make_pipeline(StandardScaler(), RareNetClassifier(standardize=False, **FAST))
    pipe.fit(X, y)
    proba = pipe.predict_proba(X)
    direct = RareNetClassifier(standardize=False, **FAST).fit(StandardScaler().fit_transform(X), y)
    assert np.array_equal(proba, direct.predict_proba(StandardScaler().fit_transform(X)))
    assert pipe.score(X, y) > 0.8


def test_cross_validate_with_rare_class_scorers(data):
    X, y = data
    result = cross_validate(
        RareNetClassifier(class_weight="balanced", **FAST),
        X,
        y,
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
        scoring=["roc_auc", "average_precision", "recall", "f1"],
    )
    assert len(result["test_roc_auc"]) == 3
    assert np.all(result["test_roc_auc"] > 0.6)
    oof = cross_val_predict(RareNetClassifier(**FAST), X, y, cv=3, method="predict_proba")
    assert oof.shape == (len(y), 2)


def test_grid_search_two_processes_over_class_weight_and_layers(data):
    X, y = data
    grid = GridSearchCV(
        RareNetClassifier(epochs=5, random_state=0),
        {"class_weight": [None, "balanced", {0: 1, 1: 20}], "hidden_layer_sizes": [(8,), (16, 8)]},
        scoring="average_precision",
        cv=3,
        n_jobs=2,
    )
    grid.fit(X, y)
    assert len(grid.cv_results_["params"]) == 6
    assert grid.best_params_["class_weight"] in (None, "balanced", {0: 1, 1: 20})
    # The refitted best estimator is the same as fitting its parameters directly.
    direct = RareNetClassifier(epochs=5, random_state=0, **grid.best_params_).fit(X, y)
    assert np.array_equal(grid.best_estimator_.predict_proba(X), direct.predict_proba(X))
    # One process gives the same search.
    serial = GridSearchCV(grid.estimator, grid.param_grid, scoring="average_precision", cv=3, n_jobs=1)
    serial.fit(X, y)
    assert np.array_equal(serial.cv_results_["mean_test_score"], grid.cv_results_["mean_test_score"])


def test_imbalanced_learn_pipeline(data):
    X, y = data
    pipe = ImbPipeline(
        [("over", RandomOverSampler(random_state=0)), ("net", RareNetClassifier(**FAST))]
    )
    pipe.fit(X, y)
    assert pipe.predict_proba(X).shape == (len(y), 2)
    scores = cross_validate(pipe, X, y, cv=3, scoring="recall")["test_score"]
    assert np.all(scores > 0.3)
