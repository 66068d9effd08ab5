"""Cross-validation and the class-weight search from Python, as ``rarenet cv`` / ``rarenet sweep``.

Both return the dictionary the CLI prints with ``--json`` (see include/rarenet/workflow_report.hpp
for the shapes). The network and its training are described by a RareNetClassifier's parameters.
"""

import numpy as np
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_array, check_consistent_length, check_X_y

from . import _columns, _rarenet
from .estimator import RareNetClassifier, _label_texts, _number_text


def _prepare(X, y, estimator):
    """X as the engine takes it (a matrix, and for data frames with text columns their
    description), the label codes, and the estimator's options."""
    estimator = RareNetClassifier() if estimator is None else estimator
    names = []
    if hasattr(X, "columns"):
        names = [str(c) for c in X.columns]
    table = _columns.columns_of(X)
    if table is None:
        X, y = check_X_y(
            X, y, dtype=[np.float64, np.float32], force_all_finite=False, multi_output=True
        )
        columns = None
    else:
        X, columns = table[0], table[2]
        y = check_array(y, ensure_2d=False, dtype=None)
        check_consistent_length(X, y)
    check_classification_targets(y)
    multilabel = np.ndim(y) == 2
    if multilabel:
        # An indicator matrix: each column a 0/1 label, as RareNetClassifier.fit takes it.
        if type_of_target(y) != "multilabel-indicator":
            raise ValueError(
                "a 2-D y must be a multi-label indicator matrix (0/1, at least two columns)"
            )
        codes, classes, are_codes = np.asarray(y, dtype=np.float64), np.array([0, 1]), False
    else:
        codes, classes, are_codes = RareNetClassifier._encode(y)
    probe = estimator.__class__(**estimator.get_params(deep=False))
    probe._labels_are_codes = are_codes
    options = probe._engine_options(classes, multilabel=multilabel)
    engine = _columns.engine_columns(columns, _label_texts(classes) if are_codes else [])
    return X, codes, classes, are_codes, options, names, engine


def _cv_options(n_splits, shuffle, random_state, jobs):
    return {
        "n_splits": _number_text(n_splits),
        "shuffle": _number_text(bool(shuffle)),
        "random_state": _number_text(random_state),
        "jobs": _number_text(jobs),
    }


def _relabel(obj, classes):
    """Non-integer labels went to the engine as codes: put the labels back in the keys of the
    per-class objects ("classes", "class_weight", and a multi-class sweep's "per_class" and
    "decision_weights")."""
    if isinstance(obj, list):
        return [_relabel(v, classes) for v in obj]
    if not isinstance(obj, dict):
        return obj
    out = {}
    for key, value in obj.items():
        if key in ("classes", "class_weight", "per_class", "decision_weights") and isinstance(
            value, dict
        ):
            value = {
                (str(classes[int(k)]) if k.isdigit() and int(k) < len(classes) else k): v
                for k, v in value.items()
            }
        out[key] = _relabel(value, classes)
    return out


def cross_validate(X, y, estimator=None, *, n_splits=5, shuffle=True, random_state=42, jobs=0):
    """Stratified k-fold cross-validation of ``estimator``'s settings (default
    RareNetClassifier()), as ``rarenet cv --json``: {"folds": [...], "mean": {...}, "std": {...},
    "seconds": [...]}. Each fold is judged at the estimator's (numeric) threshold; ``jobs``
    threads (0: one per core) give the same result as one."""
    import json

    X, codes, classes, are_codes, options, names, engine = _prepare(X, y, estimator)
    text = _rarenet.cross_validate(
        X, codes, options, _cv_options(n_splits, shuffle, random_state, jobs), names, engine
    )
    result = json.loads(text)
    return _relabel(result, classes) if are_codes else result


def sweep(
    X,
    y,
    estimator=None,
    *,
    ratios=None,
    most=None,
    balanced=None,
    powers=None,
    betas=None,
    gammas=None,
    resamplers=None,
    criterion=None,
    n_splits=5,
    shuffle=True,
    random_state=42,
    jobs=0,
    refit=False,
    networks=None,
    weight_decays=None,
    dropouts=None,
    input_weight_decays=None,
    scales=None,
    embeddings=None,
    budget=None,
    refit_ensemble=None,
    linear=None,
    linear_scales=None,
    linear_learning_rate=None,
    network_learning_rate=None,
    additive=None,
):
    """The class-weight and threshold search of ``rarenet sweep --json``:
    {"criterion", "candidates": [...], "chosen", "reason", "seconds"}. Each candidate weighting
    {majority: 1, minority: ratio} (and capped:MOST, balanced) is cross-validated, crossed with
    the focal-loss ``gammas`` (0: the cross-entropy) and ``resamplers`` ("none", "smote:k=5",
    ...) when given, each fold resampling its own training rows; its threshold is tuned for
    ``criterion`` on its out-of-fold scores. With refit=True the result also holds
    "model": the chosen candidate trained on all rows, a fitted RareNetClassifier.
    networks (hidden-layer tuples, () for none), weight_decays, dropouts, input_weight_decays
    (the first layer's decay), scales (e.g.
    "robust", "quantile-normal") and embeddings ("none", "piecewise:bins=16") are searched as
    well when given, crossed with the weights;
    budget: seconds after which no further fit starts (0: no limit); refit_ensemble: networks
    averaged in the refitted model (default 5; 0: the estimator's ensemble); linear: also try no
    hidden layer (default True), with each scaling of linear_scales (default ("standard",
    "robust"); () for those of scales); linear_learning_rate: the rate of the models without
    hidden layers, annealed by a cosine schedule (default 0.01; 0: the estimator's);
    network_learning_rate: likewise for the models with hidden layers (default 0.005; 0: the
    estimator's rate and schedule); additive: also try no hidden layer on the piecewise-linear
    embedding, a logistic GAM (default False). The default search also scales robustly
    (scales=("robust",)); scales=() keeps the estimator's own scaling. It tries the network
    without and with dropout 0.2 (dropouts=(0, 0.2)); dropouts=() keeps the estimator's own.
    A parameter left at None takes the engine's default (``rarenet options``, docs/OPTIONS.md), as ``rarenet sweep`` does.
    Multi-class targets: ``criterion`` is a macro one ("f1", "balanced-accuracy", "g-mean",
    "mcc"), each candidate's decision weights are tuned instead of a threshold, and the
    candidates are balanced:POWER for each of ``powers`` (default 0, 0.25, 0.5, 0.75, 1),
    effective:BETA for each of ``betas``, capped:MOST for each of ``most`` and balanced.
    Multi-label targets (``y`` an indicator matrix): each candidate tunes one threshold per label
    ("label_thresholds", "per_label") and is judged by the mean over labels; the default
    candidates are capped:MOST for MOST in 0.5, 0.75, 0.9, 0.95, 0.99 (the cap of the per-label
    weight matrix); the refitted model decides each label at its own threshold."""
    import json

    X, codes, classes, are_codes, options, names, engine = _prepare(X, y, estimator)
    given = {
        "ratios": None if ratios is None else ",".join(_number_text(r) for r in ratios),
        "most": None if most is None else ",".join(_number_text(m) for m in most),
        "balanced": None if balanced is None else _number_text(bool(balanced)),
        "powers": None if powers is None else ",".join(_number_text(p) for p in powers),
        "betas": None if betas is None else ",".join(_number_text(b) for b in betas),
        "gammas": None if gammas is None else ",".join(_number_text(g) for g in gammas),
        "resamplers": None if resamplers is None else ",".join(resamplers),
        "criterion": criterion,
        "networks": None
        if networks is None
        else ",".join("x".join(str(int(u)) for u in n) or "none" for n in networks),
        "weight_decays": None
        if weight_decays is None
        else ",".join(_number_text(d) for d in weight_decays),
        "dropouts": None if dropouts is None else ",".join(_number_text(d) for d in dropouts),
        "input_weight_decays": None
        if input_weight_decays is None
        else ",".join(_number_text(d) for d in input_weight_decays),
        "scales": None if scales is None else ",".join(scales),
        "embeddings": None if embeddings is None else ",".join(embeddings),
        "budget": None if budget is None else _number_text(budget),
        "refit_ensemble": None if refit_ensemble is None else str(int(refit_ensemble)),
        "linear": None if linear is None else _number_text(bool(linear)),
        "linear_scales": None if linear_scales is None else ",".join(linear_scales),
        "linear_learning_rate": None
        if linear_learning_rate is None
        else _number_text(linear_learning_rate),
        "network_learning_rate": None
        if network_learning_rate is None
        else _number_text(network_learning_rate),
        "additive": None if additive is None else _number_text(bool(additive)),
    }
    sweep_options = {k: v for k, v in given.items() if v is not None}
    text, model = _rarenet.sweep(
        X,
        codes,
        options,
        sweep_options,
        _cv_options(n_splits, shuffle, random_state, jobs),
        names,
        refit,
        engine,
    )
    result = json.loads(text)
    if are_codes:
        result = _relabel(result, classes)
    if model is not None:
        est = RareNetClassifier._from_model(model)
        if are_codes:
            est._labels_are_codes = True
            est.classes_ = classes
            est._set_fitted_attributes(validation=False)
        result["model"] = est
    return result
