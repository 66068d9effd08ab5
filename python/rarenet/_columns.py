"""Data frames and object arrays as the engine reads tables: a float64 matrix holding numbers
(NaN for a missing cell) and, for text / category columns, the code of each cell's text.

The engine then treats them as it treats a CSV file's columns (rarenet.hpp: mixed tables): text
columns are one-hot encoded, missing cells imputed when ``impute`` is set, the categories stored
in the model by their text.
"""
import numbers

import numpy as np

from . import _rarenet


def _is_frame(X):
    return hasattr(X, "dtypes") and hasattr(X, "columns") and hasattr(X, "iloc")


def _numeric_kind(dtype):
    """True for columns the engine reads as numbers: integers, floats and booleans (as 0 / 1),
    including pandas' nullable Int64 / Float64 / boolean."""
    if getattr(dtype, "name", "") == "category":
        return False
    kind = getattr(dtype, "kind", "O")
    return kind in "biuf"


def _missing(value):
    if value is None:
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return value != value  # NaN
    return type(value).__name__ in ("NAType", "NaTType")


def _factorize(column):
    """(codes float64 with NaN for missing cells, the text of each code) in order of first
    appearance, as the CSV reader numbers categories."""
    try:
        import pandas as pd
    except ImportError:  # plain object arrays without pandas
        pd = None
    if pd is not None:
        codes, uniques = pd.factorize(pd.Series(np.asarray(column, dtype=object)), sort=False)
        values = codes.astype(np.float64)
        values[codes < 0] = np.nan
        return values, [_text(u) for u in uniques]
    index, levels = {}, []
    values = np.empty(len(column), dtype=np.float64)
    for i, cell in enumerate(column):
        if _missing(cell):
            values[i] = np.nan
            continue
        text = _text(cell)
        code = index.get(text)
        if code is None:
            code = index[text] = len(levels)
            levels.append(text)
        values[i] = code
    return values, levels


def _text(value):
    """A category's text as a CSV file would hold it: 3 rather than 3.0 for integral floats."""
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8")
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _as_numbers(column, name):
    if hasattr(column, "to_numpy"):
        try:
            return column.to_numpy(dtype=np.float64, na_value=np.nan)
        except TypeError:  # older pandas: no na_value for some dtypes
            return np.asarray(column, dtype=np.float64)
    return np.asarray(column, dtype=np.float64)


def columns_of(X):
    """(values, names, columns) when X holds text or category columns, else None (a numeric
    array or frame goes to the engine as a matrix). names: the frame's column names as text
    (None for arrays); columns: the engine's description of each column."""
    if _is_frame(X):
        if all(_numeric_kind(dtype) for dtype in X.dtypes):
            return None
        names = [str(c) for c in X.columns]
        cells = [X.iloc[:, j] for j in range(X.shape[1])]
        kinds = [_numeric_kind(dtype) for dtype in X.dtypes]
    else:
        if not isinstance(X, np.ndarray) or X.dtype.kind != "O":
            return None
        if X.ndim != 2:
            raise ValueError(f"X must be a 2-D array, got {X.ndim} dimension(s)")
        names = None
        cells = [X[:, j] for j in range(X.shape[1])]
        kinds = [_object_column_is_numeric(c, j) for j, c in enumerate(cells)]
    n = X.shape[0]
    values = np.empty((n, len(cells)), dtype=np.float64)
    categorical, levels = [], []
    for j, (column, numeric) in enumerate(zip(cells, kinds)):
        dtype = getattr(column, "dtype", None)
        if dtype is not None and getattr(dtype, "kind", "") in "mM":
            label = names[j] if names else j
            raise ValueError(
                f"X column {label!r}: {dtype} values are not supported; convert them to "
                "numbers (e.g. days since a date) or to text categories"
            )
        if numeric:
            values[:, j] = _as_numbers(column, names[j] if names else j)
            categorical.append(False)
            levels.append([])
        else:
            values[:, j], column_levels = _factorize(column)
            categorical.append(True)
            levels.append(column_levels)
    return values, names, (categorical, levels)


def _object_column_is_numeric(column, j):
    """An object array's column is numeric when every present cell is a number, text otherwise,
    as the CSV reader types a column by its cells. Cells that are neither are a TypeError."""
    numeric = True
    for i, cell in enumerate(column):
        if _missing(cell) or isinstance(cell, (bool, np.bool_, numbers.Real)):
            continue
        if isinstance(cell, (str, bytes, np.str_, np.bytes_)):
            numeric = False
            continue
        raise TypeError(
            f"X[{i}, {j}]: a {type(cell).__name__}; each cell's argument must be a string or a "
            "number"
        )
    return numeric


def engine_columns(columns, class_names=()):
    categorical, levels = columns if columns is not None else ([], [])
    return _rarenet.Columns(list(categorical), [list(v) for v in levels], list(class_names))
