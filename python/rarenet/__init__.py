"""rarenet: neural-network classifiers for imbalanced data, on rarenet's C++ engine.

    >>> from rarenet import RareNetClassifier
    >>> clf = RareNetClassifier(class_weight="balanced", threshold="auto:f1", random_state=0)
    >>> clf.fit(X_train, y_train).predict(X_test)

RareNetClassifier is a scikit-learn estimator (Pipeline, GridSearchCV, cross_validate, clone,
pickle) that trains with Keras's semantics and reads and writes the ``rarenet`` program's model
files (``save`` / ``rarenet.load``). ``rarenet.cross_validate`` and ``rarenet.sweep`` return the
dictionaries ``rarenet cv --json`` and ``rarenet sweep --json`` print.

Errors from the engine keep its message and are raised as the exceptions scikit-learn users
expect: ``rarenet.ConfigError`` (bad parameter), ``rarenet.InputError`` (unusable data) and
``rarenet.FormatError`` (not a model file) are ``ValueError`` subclasses, ``rarenet.FileError``
an ``OSError`` subclass. A network to distrust (its output the same for every training row)
raises ``rarenet.TrainingWarning``, a scikit-learn ``ConvergenceWarning``, from ``fit``.
"""

from ._rarenet import ConfigError, FileError, FormatError, InputError
from .estimator import RareNetClassifier, TrainingWarning, load
from .selection import cross_validate, sweep

__version__ = "0.1.0"

__all__ = [
    "RareNetClassifier",
    "TrainingWarning",
    "load",
    "cross_validate",
    "sweep",
    "ConfigError",
    "InputError",
    "FileError",
    "FormatError",
]
