"""RareNetClassifier: the scikit-learn face of rarenet's C++ classifier.

The Python side only converts: parameters become the engine's declared options (the names of
``rarenet options`` / docs/OPTIONS.md) as text, arrays are handed over without a Python loop, and
labels of any type are encoded as scikit-learn's LabelEncoder encodes them. Every decision
(class weights, threshold tuning, calibration, the predicted labels) is taken by the engine.
"""

import numbers
import os
import sys
import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state, column_or_1d
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import (
    _check_sample_weight,
    check_array,
    check_consistent_length,
    check_is_fitted,
)

from . import _columns, _rarenet

# Parameter -> engine option, where the names differ (scikit-learn's name, the engine's name).
_OPTION_NAMES = {
    "hidden_layer_sizes": "hidden",
    "kernel_initializer": "initializer",
    "random_state": "seed",
    "n_jobs": "threads",
}
# Parameters that are not engine options of TrainOptions.
_PYTHON_ONLY = {"validation_fraction", "verbose"}

_FLOAT_DTYPES = (np.float64, np.float32)


def _threads(n_jobs):
    """joblib's n_jobs as the engine's thread count (0: one per core)."""
    if n_jobs is None or n_jobs == -1:
        return 0
    if not isinstance(n_jobs, numbers.Integral) or isinstance(n_jobs, bool) or n_jobs == 0:
        raise ValueError(f"n_jobs must be None or a non-zero integer, got {n_jobs!r}")
    if n_jobs < 0:  # -2: all cores but one, ...
        return max(1, (os.cpu_count() or 1) + 1 + int(n_jobs))
    return int(n_jobs)


class TrainingWarning(ConvergenceWarning):
    """A trained network to distrust, e.g. one whose output is the same for every training row
    (a ConvergenceWarning, so scikit-learn's filters and GridSearchCV treat it like MLPClassifier's
    warning)."""


def _number_text(value):
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return str(value)


def _seed(random_state):
    """An int is the engine's seed as it is (the CLI's --seed); None or a RandomState draws one."""
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return int(random_state)
    return int(check_random_state(random_state).randint(0, 2**32 - 1, dtype=np.int64))


class RareNetClassifier(ClassifierMixin, BaseEstimator):
    """A feed-forward network for imbalanced classification, trained by rarenet's C++ engine.

    Binary, multi-class (softmax) and multi-label (0/1 indicator ``y``, one sigmoid per label)
    targets; labels of any type scikit-learn accepts. Training follows Keras: Glorot-uniform
    kernels, Adam with Keras's defaults, class weights as per-sample weights, the loss summed over
    the batch and divided by its size.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(64, 64)
        Units of each hidden Dense layer; () for none.
    activation : {"relu", "leaky_relu", "tanh", "sigmoid", "linear"}, default="relu"
    epochs : int, default=50
    batch_size : int, default=32
    batch_sampler : {"shuffle", "stratified", "balanced"}, default="shuffle"
        Rows of each epoch: a fresh shuffle (Keras), batches holding each class in its overall
        proportion, or a fresh under-sample of every class to the rarest one's count each epoch.
    optimizer : {"adam", "sgd"}, default="adam"
    learning_rate : float, default=0.001
    weight_decay : float, default=0.0
        L2 penalty on the kernels, a term of the loss (Keras's kernel_regularizer=l2).
    input_weight_decay : float, default=0.0
        The same penalty on the first layer's kernel only, added to ``weight_decay`` there: it
        pulls the weights of rarely active inputs, such as one-hot columns, to zero.
    dropout : float or tuple of float, default=0.0
        Keras's Dropout after the hidden layers (training only, kept units scaled by
        1 / (1 - rate)): one rate for every hidden layer, or one per hidden layer.
    lr_schedule : {"constant", "cosine", "step", "exponential"}, default="constant"
        The learning rate per epoch, as torch.optim.lr_scheduler steps it.
    lr_warmup : int, default=0
        Epochs of linear warmup before the schedule.
    ensemble : int, default=1
        Networks trained with seeds random_state, random_state + 1, ... whose probabilities
        are averaged.
    lr_step_size : int, default=10
    lr_gamma : float, default=0.1
        Decay of the step (every ``lr_step_size`` epochs) and exponential (every epoch) schedules.
    class_weight : None, str or dict, default=None
        "balanced", "balanced:POWER" (the balanced weights raised to POWER in [0, 1]),
        "capped:MOST" or "effective:BETA"; a dict maps every class label to its weight (e.g.
        ``{0: 1, 1: 200}``).
    threshold : float or "auto:CRITERION", default=0.5
        Decision threshold of binary and multi-label models; "auto:f1" (any criterion of
        ``rarenet sweep``) tunes it on out-of-fold scores of the training rows (multi-label: one
        threshold per label, ``label_thresholds_``, on folds stratified by each row's rarest
        label). Multi-class
        targets: "auto:f1" (macro F1), "auto:balanced-accuracy", "auto:g-mean" or "auto:mcc"
        tunes a weight per class on the out-of-fold probabilities (``decision_weights_``).
    calibrate : None or "prior", default=None
        "prior" divides the class weights back out of the probabilities.
    standardize : bool, default=True
        Scale the features as ``scale`` says (fitted on the training rows).
    scale : {"standard", "robust", "robust-clip", "robust-auto", "quantile-uniform", \
"quantile-normal"}, default="standard"
        scikit-learn's StandardScaler, RobustScaler or QuantileTransformer (uniform or normal
        output), with the same numbers; "robust-clip" is RobustScaler followed by RealMLP's
        smooth clipping z / sqrt(1 + (z / 3)^2), which tames heavy tails; "robust-auto" is
        "robust-clip" when a feature of the training rows reaches 20 interquartile ranges from
        its median, "robust" otherwise.
    n_quantiles : int, default=1000
    quantile_subsample : int, default=100000
    embedding : None or str, default=None
        Numeric feature embedding after the scaling: "piecewise" or "piecewise:bins=B" turns
        each feature into B piecewise-linear inputs over bins cut at its training quantiles
        (Gorishniy et al., 2022); None: off.
    early_stopping : int, default=0
        Patience in epochs (0: off); watches ``monitor``.
    validation_fraction : float or None, default=None
        Rows held out (stratified, seeded by ``random_state``) and judged after every epoch;
        their figures go to ``history_`` and may drive early stopping.
    random_state : int, RandomState or None, default=None
        Seed of initialisation and shuffling; an int is the CLI's ``--seed``.
    verbose : int, default=0
        1: one line per epoch on standard output.
    monitor : {"val_loss", "val_roc_auc", "loss"}, default="val_loss"
    restore_best_weights : bool, default=True
    momentum : float, default=0.0
    nesterov : bool, default=False
    kernel_initializer : {"glorot_uniform", "he_uniform", "he_normal"}, default="glorot_uniform"
    loss : "crossentropy" or "focal:gamma=G,alpha=A", default="crossentropy"
        The focal loss (Lin et al.) down-weighs well-classified rows by (1 - p_t)^gamma; alpha
        (sigmoid outputs only: binary and multi-label targets) weighs the positive class.
    loss_reduction : {"sum-over-batch-size", "weighted-mean"}, default="sum-over-batch-size"
    resample : None or str, default=None
        Resample the training rows after scaling ("smote:k=5", "random-under", ...).
    threshold_folds : int, default=5
        Folds of the out-of-fold scores that tune an "auto:..." threshold.
    impute : None or {"median", "mean", "most_frequent", "constant:V"}, default=None
        Fill missing numbers (NaN, None, pd.NA) with the training rows' statistic, as
        scikit-learn's SimpleImputer; missing categories become a category of their own. None:
        a missing cell is an error.
    add_indicator : bool, default=False
        Add a 0/1 column per numeric column that had missing cells in training.
    min_frequency : float, default=0
        Group categories seen in fewer training rows (a count >= 1, or a fraction in (0, 1))
        into one infrequent category, as OneHotEncoder(min_frequency).
    max_categories : int, default=0
        At most this many one-hot columns per categorical column (0: no limit).
    n_jobs : int or None, default=None
        Threads for one training (the engine's ``threads``): None or -1 for one per core, -2 for
        all but one (as joblib counts), k for k. The model does not depend on it: the same seed
        gives the same bytes with any count.

    X may be a numeric array, or a pandas DataFrame (or an object array) with text, category or
    boolean columns and missing cells: text and category columns are one-hot encoded by the engine
    as it encodes a CSV file's text columns (categories stored by their text, so a saved model
    reads the same columns from a file), numbers imputed when ``impute`` is set. Predict on a
    DataFrame with the same columns; categories unseen in training encode as all zeros.

    Attributes
    ----------
    classes_ : ndarray of labels (multi-label: the label indices 0 .. n_labels - 1)
    n_features_in_ : int
    feature_names_in_ : ndarray of str (only when fitted on a DataFrame with string columns)
    class_weight_ : dict {label: weight} the loss saw; multi-label: ndarray (n_labels, 2) of the
        (negative, positive) weights of each label
    threshold_ : float, the decision threshold (tuned when ``threshold`` is "auto:...")
    decision_weights_ : None or ndarray (n_classes,), a multi-class model's tuned decision rule:
        ``predict`` gives the class with the largest ``decision_weights_ * predict_proba``
    label_thresholds_ : None or ndarray (n_labels,), a multi-label model's threshold per label
        (``threshold="auto:..."`` or ``rarenet.sweep``); ``predict`` sets label j where its
        probability is at least ``label_thresholds_[j]``
    history_ : dict of per-epoch lists: "loss", "seconds", and with validation rows "val_loss",
        "val_roc_auc", "val_minority_recall"
    n_iter_ : int, epochs run; best_epoch_ : int, the epoch whose weights the network holds
    training_warnings_ : list of str, what to know before trusting the model (also raised as
        ``TrainingWarning`` by ``fit``); empty when nothing is amiss
    model_ : the engine's model (what ``save`` writes)
    """

    def __init__(
        self,
        hidden_layer_sizes=(64, 64),
        activation="relu",
        epochs=50,
        batch_size=32,
        batch_sampler="shuffle",
        optimizer="adam",
        learning_rate=0.001,
        weight_decay=0.0,
        input_weight_decay=0.0,
        dropout=0.0,
        lr_schedule="constant",
        lr_warmup=0,
        lr_step_size=10,
        lr_gamma=0.1,
        ensemble=1,
        class_weight=None,
        threshold=0.5,
        calibrate=None,
        standardize=True,
        scale="standard",
        n_quantiles=1000,
        quantile_subsample=100000,
        embedding=None,
        early_stopping=0,
        validation_fraction=None,
        random_state=None,
        verbose=0,
        monitor="val_loss",
        restore_best_weights=True,
        momentum=0.0,
        nesterov=False,
        kernel_initializer="glorot_uniform",
        loss="crossentropy",
        loss_reduction="sum-over-batch-size",
        resample=None,
        threshold_folds=5,
        impute=None,
        add_indicator=False,
        min_frequency=0,
        max_categories=0,
        n_jobs=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.epochs = epochs
        self.batch_size = batch_size
        self.batch_sampler = batch_sampler
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.input_weight_decay = input_weight_decay
        self.dropout = dropout
        self.lr_schedule = lr_schedule
        self.lr_warmup = lr_warmup
        self.lr_step_size = lr_step_size
        self.lr_gamma = lr_gamma
        self.ensemble = ensemble
        self.class_weight = class_weight
        self.threshold = threshold
        self.calibrate = calibrate
        self.standardize = standardize
        self.scale = scale
        self.n_quantiles = n_quantiles
        self.quantile_subsample = quantile_subsample
        self.embedding = embedding
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.random_state = random_state
        self.verbose = verbose
        self.monitor = monitor
        self.restore_best_weights = restore_best_weights
        self.momentum = momentum
        self.nesterov = nesterov
        self.kernel_initializer = kernel_initializer
        self.loss = loss
        self.loss_reduction = loss_reduction
        self.resample = resample
        self.threshold_folds = threshold_folds
        self.impute = impute
        self.add_indicator = add_indicator
        self.min_frequency = min_frequency
        self.max_categories = max_categories
        self.n_jobs = n_jobs

    # ------------------------------------------------------------------ parameters -> options

    def _engine_options(self, classes=None, multilabel=False):
        """{engine option name: text}; `classes` (the labels as fitted, in code order) turns a
        class_weight dict keyed by labels into the engine's CLASS:WEIGHT text."""
        options = {}
        for name, value in self.get_params(deep=False).items():
            if name in _PYTHON_ONLY:
                continue
            key = _OPTION_NAMES.get(name, name)
            if name == "hidden_layer_sizes":
                sizes = (value,) if isinstance(value, numbers.Integral) else tuple(value)
                text = ",".join(_number_text(v) for v in sizes)
            elif name == "dropout":
                rates = (value,) if isinstance(value, numbers.Real) else tuple(value)
                text = ",".join(_number_text(v) for v in rates)
            elif name == "random_state":
                text = str(_seed(value))
            elif name == "n_jobs":
                text = str(_threads(value))
            elif (name in ("class_weight", "calibrate", "resample", "impute", "embedding")
                  and value is None):
                text = "none"
            elif name == "class_weight" and isinstance(value, dict):
                text = self._class_weight_text(value, classes, multilabel)
            elif isinstance(value, str):
                text = value
            else:
                text = _number_text(value)
            options[key] = text
        return options

    def _class_weight_text(self, weights, classes, multilabel):
        """{label: weight} as the engine's CLASS:WEIGHT,... text, labels written as the engine
        sees them (see _encode). A label that is not a class is a ValueError."""
        parts = []
        for label, weight in weights.items():
            if multilabel or not self._labels_are_codes:
                known = isinstance(label, numbers.Integral) and not isinstance(label, bool)
                # Integer labels: the engine names a key that is not a class itself.
                if multilabel or known:
                    code = int(label) if known else None
                else:
                    code = None
            else:
                matches = [i for i, c in enumerate(classes) if c == label]
                code = matches[0] if matches else None
            if code is None:
                raise ValueError(
                    f"class_weight: the label {label!r} is not one of the classes "
                    f"{list(classes)}"
                )
            parts.append(f"{code}:{_number_text(weight)}")
        return ",".join(parts)

    # ------------------------------------------------------------------ data

    @staticmethod
    def _encode(y):
        """Integer labels go to the engine as they are (the model file keeps them); any other
        labels as their index in np.unique(y), as LabelEncoder codes them."""
        if y.dtype.kind in "iu":
            return y.astype(np.int64), np.unique(y), False
        classes, codes = np.unique(y, return_inverse=True)
        return codes.astype(np.int64), classes, True

    def _check_X(self, X, reset):
        return self._validate_data(
            X,
            reset=reset,
            accept_sparse=False,
            dtype=list(_FLOAT_DTYPES),
            order=None,
            force_all_finite=False,  # the engine says which value is not finite
        )

    def _feature_names(self):
        names = getattr(self, "feature_names_in_", None)
        return [] if names is None else [str(n) for n in names]

    def _table_input(self, X):
        """(values, names, columns) for a model that reads tables (text columns or imputing):
        the engine matches the columns by name and the categories by their text."""
        table = _columns.columns_of(X)
        self._check_feature_names(X, reset=False)
        if table is None:
            X = self._check_X(X, reset=False)
            return np.asarray(X, dtype=np.float64), self._feature_names(), None
        self._check_n_features(X, reset=False)
        values, names, columns = table
        return values, (names or self._feature_names()), columns

    # ------------------------------------------------------------------ fit / predict

    def fit(self, X, y, sample_weight=None):
        """Train on X (n_samples, n_features) and y: labels (n_samples) or a multi-label 0/1
        indicator matrix (n_samples, n_labels); sample_weight multiplies the class weights."""
        table = _columns.columns_of(X)
        if table is None:
            X, y = self._validate_data(
                X,
                y,
                accept_sparse=False,
                dtype=list(_FLOAT_DTYPES),
                order=None,
                force_all_finite=False,
                multi_output=True,
            )
            columns = None
        else:  # text / category columns: the engine encodes them
            self._check_n_features(X, reset=True)
            self._check_feature_names(X, reset=True)
            X, columns = table[0], table[2]
            y = check_array(y, ensure_2d=False, dtype=None, force_all_finite=True)
            check_consistent_length(X, y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        multilabel = y.ndim == 2
        if multilabel:
            if type_of_target(y) != "multilabel-indicator":
                raise ValueError(
                    "a 2-D y must be a multi-label indicator matrix of 0 and 1 "
                    f"(type of target: {type_of_target(y)})"
                )
            Y = np.asarray(y, dtype=np.float64)
            classes = np.arange(y.shape[1])
            self._labels_are_codes = False
        else:
            if y.dtype.kind not in "iu":  # integer labels are class labels already
                check_classification_targets(y)
            codes, classes, self._labels_are_codes = self._encode(y)
            Y = codes.astype(np.float64).reshape(-1, 1)
        options = self._engine_options(classes, multilabel)
        sw = None
        if sample_weight is not None:
            sw = _check_sample_weight(sample_weight, X, dtype=np.float64).reshape(-1, 1)
        fraction = None
        if self.validation_fraction is not None:
            fraction = float(self.validation_fraction)
        on_epoch = self._print_epoch if self.verbose else None
        class_names = [] if multilabel or not self._labels_are_codes else _label_texts(classes)
        self.model_ = _rarenet.fit(
            X,
            Y,
            options,
            sample_weight=sw,
            feature_names=self._feature_names(),
            multilabel=multilabel,
            validation_fraction=fraction,
            on_epoch=on_epoch,
            columns=_columns.engine_columns(columns, class_names),
        )
        self.classes_ = classes
        self._set_fitted_attributes(validation=fraction is not None)
        for text in self.training_warnings_:
            warnings.warn(text, TrainingWarning, stacklevel=2)
        return self

    def _print_epoch(self, record):
        line = f"Epoch {record['epoch']}/{self.epochs} - loss: {record['loss']:.4f}"
        if self.validation_fraction is not None:
            line += (
                f" - val_loss: {record['val_loss']:.4f}"
                f" - val_roc_auc: {record['val_roc_auc']:.4f}"
            )
        print(line + f" - {record['seconds']:.3f}s", file=sys.stdout, flush=True)

    def _set_fitted_attributes(self, validation):
        model = self.model_
        self.threshold_ = float(model.threshold)
        rule = model.decision_weights
        self.decision_weights_ = np.asarray(rule, dtype=np.float64) if len(rule) else None
        per_label = model.label_thresholds
        self.label_thresholds_ = np.asarray(per_label, dtype=np.float64) if len(per_label) else None
        weights = model.class_weight_values
        if model.task == "multilabel":
            self.class_weight_ = np.asarray(weights, dtype=np.float64)
        else:
            self.class_weight_ = {
                (c.item() if hasattr(c, "item") else c): float(w)
                for c, w in zip(self.classes_, weights[0])
            }
        history = model.history
        keys = ["loss", "seconds"]
        if validation:
            keys += ["val_loss", "val_roc_auc", "val_minority_recall"]
        self.history_ = {k: [r[k] for r in history] for k in keys}
        self.n_iter_ = len(history)
        self.best_epoch_ = int(model.best_epoch)
        self.training_warnings_ = list(model.warnings)

    def predict_proba(self, X):
        """(n_samples, n_classes) probabilities (multi-label: (n_samples, n_labels), each the
        probability of that label being 1)."""
        check_is_fitted(self, "model_")
        if self.model_.reads_tables:
            values, names, columns = self._table_input(X)
            proba, _ = self.model_.predict_proba_columns(
                values, names, _columns.engine_columns(columns)
            )
            return proba
        return self.model_.predict_proba(self._check_X(X, reset=False))

    def predict(self, X):
        """The engine's decisions: binary at ``threshold_``, multi-class by the largest
        probability (times ``decision_weights_`` when tuned), multi-label per label at
        ``label_thresholds_`` when tuned, else ``threshold_`` (a 0/1 matrix)."""
        check_is_fitted(self, "model_")
        if self.model_.reads_tables:
            values, names, columns = self._table_input(X)
            decided = self.model_.predict_columns(values, names, _columns.engine_columns(columns))
        else:
            decided = self.model_.predict(self._check_X(X, reset=False))
        if self.model_.task == "multilabel":
            return decided.astype(np.int64)
        if self._labels_are_codes:
            return self.classes_[decided]
        return decided.astype(self.classes_.dtype, copy=False)

    def predict_log_proba(self, X):
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def decision_function(self, X):
        """Scores whose sign is the decision. Binary: log-odds of classes_[1] minus the log-odds
        of the threshold (n_samples); multi-label: the same per label; multi-class: the log
        probabilities (the largest is the decision)."""
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.model_.task == "multiclass":
                return np.log(proba)
            t = self.threshold_
            if self.model_.task == "multilabel" and self.label_thresholds_ is not None:
                t = self.label_thresholds_  # one per label, broadcast over the columns
            p = proba[:, 1] if self.model_.task == "binary" else proba
            return (np.log(p) - np.log1p(-p)) - (np.log(t) - np.log1p(-t))

    # ------------------------------------------------------------------ model files, pickling

    def save(self, path):
        """Write the model file ``rarenet predict`` / ``rarenet evaluate`` read."""
        check_is_fitted(self, "model_")
        self.model_.save(os.fspath(path))

    @classmethod
    def _from_model(cls, model):
        params = _params_from_options(model.options)
        est = cls(**params)
        est.model_ = model
        est._labels_are_codes = False
        if model.task == "multilabel":
            est.classes_ = np.arange(len(model.target_names))
        elif model.class_names:  # text labels, as the file stores them
            est.classes_ = np.asarray(model.class_names, dtype=object)
            est._labels_are_codes = True
        else:
            est.classes_ = np.asarray(model.classes, dtype=np.int64)
        names = list(model.input_names)
        est.n_features_in_ = len(names)
        if names != [f"x{j}" for j in range(len(names))]:
            est.feature_names_in_ = np.asarray(names, dtype=object)
        est._set_fitted_attributes(validation=False)
        return est

    def _more_tags(self):
        return {
            "multilabel": True,
            "_xfail_checks": {
                "check_sample_weights_invariance": (
                    "Keras's loss divides by the batch size, not by the sum of the weights: "
                    "rows of weight 0 still count in their batch, so they are not the same as "
                    "removing the rows (weights of 1 are the same as none: tested)"
                ),
                "check_methods_subset_invariance": (
                    "the network computes in float32 on blocks of rows; a row's probability "
                    "may differ in its last bit (about 1e-7) with the number of rows predicted "
                    "together, which decision_function's log-odds magnify past the check's 1e-7 "
                    "tolerance"
                ),
            },
        }


def _label_texts(classes):
    """The text the model file keeps for each class (non-integer labels)."""
    return [c.decode("utf-8") if isinstance(c, bytes) else str(c) for c in classes]


def _params_from_options(options):
    """RareNetClassifier's parameters from a model's stored training options."""

    def number(text):
        value = float(text)
        return int(value) if value.is_integer() and "." not in text and "e" not in text else value

    params = {}
    hidden = options["hidden"]
    params["hidden_layer_sizes"] = tuple(int(v) for v in hidden.split(",") if v)
    for name in ("activation", "optimizer", "monitor", "loss", "loss_reduction", "lr_schedule", "scale", "batch_sampler"):
        params[name] = options[name]
    params["kernel_initializer"] = options["initializer"]
    for name in ("epochs", "batch_size", "early_stopping", "threshold_folds", "lr_warmup",
                 "lr_step_size", "n_quantiles", "quantile_subsample", "ensemble"):
        params[name] = int(options[name])
    params["random_state"] = int(options["seed"])
    for name in ("learning_rate", "weight_decay", "momentum", "lr_gamma"):
        params[name] = float(options[name])
    # Absent from files written before the option.
    params["input_weight_decay"] = float(options.get("input_weight_decay", 0))
    rates = tuple(float(v) for v in options["dropout"].split(","))
    params["dropout"] = rates[0] if len(rates) == 1 else rates
    for name in ("standardize", "nesterov", "restore_best_weights"):
        params[name] = options[name] == "true"
    for name in ("calibrate", "resample", "impute"):
        params[name] = None if options[name] == "none" else options[name]
    embedding = options.get("embedding", "none")  # absent from files without one
    params["embedding"] = None if embedding == "none" else embedding
    params["add_indicator"] = options["add_indicator"] == "true"
    params["min_frequency"] = number(options["min_frequency"])
    params["max_categories"] = int(options["max_categories"])
    cw = options["class_weight"]
    if cw == "none":
        params["class_weight"] = None
    elif ":" in cw and not cw.startswith(("capped:", "effective:", "balanced:")):
        params["class_weight"] = {
            int(k): number(w) for k, w in (part.split(":") for part in cw.split(","))
        }
    else:
        params["class_weight"] = cw
    threshold = options["threshold"]
    params["threshold"] = threshold if threshold.startswith("auto:") else float(threshold)
    return params


def load(path):
    """A RareNetClassifier from a model file written by ``rarenet train`` or ``save``: fitted,
    with its parameters as the file records them."""
    return RareNetClassifier._from_model(_rarenet.Model.load(os.fspath(path)))
