// _rarenet: the compiled half of the Python package (python/rarenet/ is the other half).
//
// A thin conversion layer over the library's facade (rarenet/model.hpp): numpy arrays in,
// numpy arrays and plain Python values out. Every decision (options, class weights, threshold
// tuning, calibration, labels) is the library's; nothing here loops over rows in Python.
//   fit(X, Y, options, ...)      X (n_samples, n_features) float32 / float64, any strides;
//                                Y (n_samples, 1) integer labels or (n_samples, n_labels) 0/1;
//                                options {name: text} as TrainOptions declares them
//   Model                        a trained Classifier: predict_proba / predict in row chunks,
//                                save / load in the CLI's model-file format, pickled as those bytes
//   cross_validate / sweep       the CLI's JSON objects, as text
// The GIL is released while training and predicting; the training progress callback takes it
// back once per epoch to check for signals, so Ctrl-C (KeyboardInterrupt) stops a fit.
// Errors: rarenet's ConfigError / InputError / FormatError become ValueError subclasses,
// FileError an OSError subclass, with the library's message.
#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "rarenet/rarenet.hpp"

namespace py = pybind11;
using namespace rarenet;

namespace {

// How the Python layer describes X's columns: empty `categorical` for a numeric matrix; else per
// column 1 when X holds codes into levels[j] (a data frame's text or category column).
struct Columns {
  std::vector<std::uint8_t> categorical;
  std::vector<std::vector<std::string>> levels;
  std::vector<std::string> class_names;  // text labels: y holds codes into these
};

// Thrown from the progress callback to unwind a fit; the Python error (KeyboardInterrupt, or what
// a verbose print raised) stays set and is raised once the GIL is back.
struct FitInterrupted {};

// Rows per chunk when predicting: a multiple of the network's block of 1024 rows, small enough
// that the converted copy stays in cache-friendly, bounded memory.
constexpr Index kChunkRows = 64 * 1024;

std::string value_text(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "inf" : "-inf";
}

struct ArrayView {
  const char* data = nullptr;
  Index rows = 0, cols = 0;
  py::ssize_t row_stride = 0, col_stride = 0;
  bool is_float = false;  // float32; else float64
};

// A 2-D float32 / float64 array as it lies in memory (no copy). The Python layer hands over only
// such arrays; anything else is a TypeError here.
ArrayView view_of(const py::array& a, const char* what) {
  if (a.ndim() != 2)
    throw py::type_error(std::string(what) + " must be a 2-D array, got " +
                         std::to_string(a.ndim()) + " dimension(s)");
  ArrayView v;
  if (py::isinstance<py::array_t<float>>(a))
    v.is_float = true;
  else if (!py::isinstance<py::array_t<double>>(a))
    throw py::type_error(std::string(what) + " must hold float32 or float64 values");
  v.data = static_cast<const char*>(a.data());
  v.rows = a.shape(0);
  v.cols = a.shape(1);
  v.row_stride = a.strides(0);
  v.col_stride = a.strides(1);
  return v;
}

template <class T>
void copy_rows_as(const ArrayView& v, Index first, Index count, RowMatrixD& out) {
  for (Index i = 0; i < count; ++i) {
    const char* row = v.data + (first + i) * v.row_stride;
    double* dst = out.data() + i * v.cols;
    if (v.col_stride == static_cast<py::ssize_t>(sizeof(T))) {
      const T* src = reinterpret_cast<const T*>(row);
      for (Index j = 0; j < v.cols; ++j) dst[j] = static_cast<double>(src[j]);
    } else {
      for (Index j = 0; j < v.cols; ++j)
        dst[j] = static_cast<double>(*reinterpret_cast<const T*>(row + j * v.col_stride));
    }
  }
}

// Rows [first, first + count) as doubles. check_finite: InputError naming the first value that is
// not finite, in the words of the facade's own check.
void copy_rows(const ArrayView& v, Index first, Index count, RowMatrixD& out, bool check_finite) {
  out.resize(count, v.cols);
  if (v.is_float)
    copy_rows_as<float>(v, first, count, out);
  else
    copy_rows_as<double>(v, first, count, out);
  if (check_finite && !out.allFinite()) {
    for (Index i = 0; i < count; ++i)
      for (Index j = 0; j < v.cols; ++j)
        if (!std::isfinite(out(i, j)))
          throw InputError("X[" + std::to_string(first + i) + ", " + std::to_string(j) +
                           "]: " + value_text(out(i, j)) + " is not a finite number");
  }
}

RowMatrixD to_matrix(const py::array& a, const char* what) {
  const ArrayView v = view_of(a, what);
  RowMatrixD out;
  copy_rows(v, 0, v.rows, out, false);
  return out;
}

// Sets each option by its declared name. A message that does not name the option (a value's
// own grammar, e.g. a criterion) gets it in front, as the CLI puts the flag in front.
template <class Options>
void set_options(Options& o, const std::map<std::string, std::string>& values) {
  for (const auto& [name, text] : values) {
    try {
      set_option(o, name, text);
    } catch (const ConfigError& e) {
      const std::string message = e.what();
      if (message.rfind(name, 0) == 0) throw;
      throw ConfigError(name + ": " + message);
    }
  }
}

TrainOptions options_from(const std::map<std::string, std::string>& values) {
  TrainOptions o;
  set_options(o, values);
  return o;
}

template <class Options>
std::map<std::string, std::string> options_to_map(Options o) {
  std::map<std::string, std::string> out;
  for_each_option(o, [&](auto&& decl) { out[std::string(decl.info.name)] = option_text(decl); });
  return out;
}

template <class Options>
Options declared_from(const std::map<std::string, std::string>& values) {
  Options o;
  set_options(o, values);
  return o;
}

std::size_t n_outputs(const Classifier& m) {
  if (m.task == Task::MultiLabel) return m.target_names.size();
  return m.classes.size();
}

void check_width(const Classifier& m, const ArrayView& v) {
  if (v.cols != static_cast<Index>(m.feature_names.size()))
    throw InputError("X has " + std::to_string(v.cols) + " features, but the model expects " +
                     std::to_string(m.feature_names.size()));
}

// predict_proba over row chunks: the conversion of a chunk never holds the whole input twice.
RowMatrixD predict_proba_chunked(const Classifier& m, const py::array& X) {
  const ArrayView v = view_of(X, "X");
  check_width(m, v);
  RowMatrixD out(v.rows, static_cast<Index>(n_outputs(m)));
  py::gil_scoped_release release;
  RowMatrixD chunk;
  for (Index first = 0; first < v.rows; first += kChunkRows) {
    const Index count = std::min(kChunkRows, v.rows - first);
    copy_rows(v, first, count, chunk, true);
    out.middleRows(first, count) = m.predict_proba(chunk);
  }
  return out;
}

// Decisions, the library's: binary / multi-class labels (n_samples) or multi-label 0/1 columns.
py::object predict_chunked(const Classifier& m, const py::array& X) {
  const ArrayView v = view_of(X, "X");
  check_width(m, v);
  if (m.task == Task::MultiLabel) {
    RowMatrixD out(v.rows, static_cast<Index>(n_outputs(m)));
    {
      py::gil_scoped_release release;
      RowMatrixD chunk;
      for (Index first = 0; first < v.rows; first += kChunkRows) {
        const Index count = std::min(kChunkRows, v.rows - first);
        copy_rows(v, first, count, chunk, true);
        out.middleRows(first, count) = predict_multilabel(m, chunk);
      }
    }
    return py::cast(std::move(out));
  }
  py::array_t<std::int64_t> labels(v.rows);
  std::int64_t* dst = labels.mutable_data();
  {
    py::gil_scoped_release release;
    RowMatrixD chunk;
    for (Index first = 0; first < v.rows; first += kChunkRows) {
      const Index count = std::min(kChunkRows, v.rows - first);
      copy_rows(v, first, count, chunk, true);
      const Labels part = predict(m, chunk);
      std::copy(part.begin(), part.end(), dst + first);
    }
  }
  return labels;
}

// A data frame's columns (numbers, NaN missing, category codes into levels) as the table
// predict_table reads: columns matched to the model's inputs by name, categories by their text.
Table table_of(const Classifier& m, const py::array& X, std::vector<std::string> names,
               const Columns& columns) {
  Table t;
  t.source = "X";
  t.values = to_matrix(X, "X");
  if (names.empty()) {
    names = m.input_names();  // an array: its columns are the model's inputs, in order
    if (static_cast<Index>(names.size()) != t.values.cols())
      throw InputError("X has " + std::to_string(t.values.cols()) +
                       " features, but the model expects " + std::to_string(names.size()));
  }
  if (static_cast<Index>(names.size()) != t.values.cols())
    throw InputError(std::to_string(names.size()) + " column names for " +
                     std::to_string(t.values.cols()) + " columns of X");
  t.names = std::move(names);
  t.categorical = columns.categorical;
  t.levels = columns.levels;
  if (t.categorical.empty()) {  // a numeric matrix
    t.categorical.assign(static_cast<std::size_t>(t.cols()), 0);
    t.levels.assign(static_cast<std::size_t>(t.cols()), {});
  }
  if (t.levels.size() != t.categorical.size())
    throw InputError("X: the column kinds and levels must be given for each column");
  return t;
}

// Probabilities, and the number of cells whose category training never saw.
std::pair<RowMatrixD, std::int64_t> predict_proba_columns(const Classifier& m, const py::array& X,
                                                          const std::vector<std::string>& names,
                                                          const Columns& columns) {
  const Table t = table_of(m, X, names, columns);
  py::gil_scoped_release release;
  std::int64_t unknown = 0;
  RowMatrixD proba = predict_table(m, t, &unknown);
  return {std::move(proba), unknown};
}

py::object decide_columns(const Classifier& m, const py::array& X,
                          const std::vector<std::string>& names, const Columns& columns) {
  const RowMatrixD proba = predict_proba_columns(m, X, names, columns).first;
  if (m.task == Task::MultiLabel) return py::cast(decide_multilabel(m, proba));
  const Labels labels = decide(m, proba);
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(labels.size()));
  std::copy(labels.begin(), labels.end(), out.mutable_data());
  return out;
}

// The model file's bytes, through the library's own writer and reader (a private temporary file).
std::string temp_path() {
  std::string dir = std::filesystem::temp_directory_path().string();
  std::string pattern = dir + "/rarenet-model-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  const int fd = mkstemp(buf.data());
  if (fd < 0) throw FileError(dir + ": cannot create a temporary file");
  close(fd);
  return std::string(buf.data());
}

py::bytes model_bytes(const Classifier& m) {
  const std::string path = temp_path();
  std::string text;
  try {
    save_model(path, m);
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  } catch (...) {
    std::filesystem::remove(path);
    throw;
  }
  std::filesystem::remove(path);
  return py::bytes(text);
}

Classifier model_from_bytes(const std::string& bytes) {
  const std::string path = temp_path();
  try {
    {
      std::ofstream out(path, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!out) throw FileError(path + ": cannot write a temporary file");
    }
    Classifier m = load_model(path);
    std::filesystem::remove(path);
    return m;
  } catch (const FormatError& e) {
    std::filesystem::remove(path);
    std::string message = e.what();
    if (message.rfind(path, 0) == 0) message = "model bytes" + message.substr(path.size());
    throw FormatError(message);
  } catch (...) {
    std::filesystem::remove(path);
    throw;
  }
}

py::dict epoch_dict(const EpochRecord& r) {
  py::dict d;
  d["epoch"] = r.epoch;
  d["loss"] = r.loss;
  d["val_loss"] = r.val_loss;
  d["val_roc_auc"] = r.val_roc_auc;
  d["val_minority_recall"] = r.val_minority_recall;
  d["seconds"] = r.seconds;
  return d;
}

struct FitArgs {
  std::optional<double> validation_fraction;
  py::object on_epoch;  // None, or called with each epoch's record (dict)
};

VectorD weights_of(const std::optional<py::array>& sw) {
  if (!sw) return {};
  const RowMatrixD wm = to_matrix(*sw, "sample_weight");
  return Eigen::Map<const VectorD>(wm.data(), wm.size());
}

// The facade's Dataset. Missing cells (NaN) are accepted when the options impute, as the CLI
// reads a file; a plain numeric matrix with no NaN takes the same path as dataset_from_matrices.
Dataset dataset_of(const py::array& X, const py::array& Y, const std::optional<py::array>& sw,
                   const std::vector<std::string>& feature_names, const Columns& columns,
                   const TrainOptions& options) {
  Table features;
  features.source = "X";
  features.values = to_matrix(X, "X");
  features.names = feature_names;
  if (features.names.empty())
    for (Index j = 0; j < features.values.cols(); ++j)
      features.names.push_back("x" + std::to_string(j));
  features.categorical = columns.categorical;
  features.levels = columns.levels;
  const bool impute = options.preprocess.impute.strategy != ImputeSpec::Strategy::None;
  return dataset_from_features(std::move(features), to_matrix(Y, "y"), weights_of(sw),
                               columns.class_names, impute);
}

Classifier fit_model(const py::array& X, const py::array& Y,
                     const std::map<std::string, std::string>& option_values,
                     const std::optional<py::array>& sample_weight,
                     const std::vector<std::string>& feature_names, bool multilabel,
                     const Columns& columns, const FitArgs& args) {
  const TrainOptions options = options_from(option_values);
  Dataset all = dataset_of(X, Y, sample_weight, feature_names, columns, options);
  if (multilabel) {
    if (all.n_targets() < 2)
      throw InputError("a multi-label y needs at least two label columns, got " +
                       std::to_string(all.n_targets()));
    for (Index i = 0; i < all.Y.rows(); ++i)
      for (Index j = 0; j < all.Y.cols(); ++j)
        if (all.Y(i, j) != 0 && all.Y(i, j) != 1)
          throw InputError("y[" + std::to_string(i) + ", " + std::to_string(j) +
                           "] must be 0 or 1 in a multi-label indicator matrix");
  }
  // validation_fraction: scikit-learn's (stratified, for a single target) train_test_split with
  // the training seed, as MLPClassifier(early_stopping=True) holds rows out.
  Dataset train, validation;
  const bool validate = args.validation_fraction.has_value();
  if (validate) {
    TrainTestSplitParams split;
    split.test_size = SplitSize::fraction(*args.validation_fraction);
    split.random_state = options.train.seed;
    Labels y;
    if (!multilabel) {
      y = all.labels();
      split.stratify = &y;
    }
    const TrainTestIndices parts = train_test_split(all.n_samples(), split);
    train = all.take(parts.train);
    validation = all.take(parts.test);
  }
  TrainExtras extras;
  extras.validation = validate ? &validation : nullptr;
  const bool report = !args.on_epoch.is_none();
  extras.progress = [&](const EpochRecord& r) {
    py::gil_scoped_acquire acquire;
    if (PyErr_CheckSignals() != 0) throw FitInterrupted{};
    if (report) {
      try {
        args.on_epoch(epoch_dict(r));
      } catch (py::error_already_set& e) {
        e.restore();
        throw FitInterrupted{};
      }
    }
  };
  Classifier model;
  try {
    py::gil_scoped_release release;
    model = train_model(validate ? train : all, options, extras);
  } catch (const FitInterrupted&) {
    throw py::error_already_set();
  }
  return model;
}

Labels labels_of(const py::array& y) {
  const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> a(y);
  if (a.ndim() != 1) throw py::type_error("y must be a 1-D array of integer labels");
  return Labels(a.data(), a.data() + a.size());
}

Dataset labelled_dataset(const py::array& X, const py::array& y,
                         const std::vector<std::string>& feature_names, const Columns& columns,
                         const TrainOptions& options) {
  // A multi-label indicator matrix (the package checked it): the label columns as they are.
  if (y.ndim() == 2) return dataset_of(X, y, std::nullopt, feature_names, columns, options);
  const Labels labels = labels_of(y);
  py::array_t<double> Y({static_cast<py::ssize_t>(labels.size()), py::ssize_t{1}});
  for (std::size_t i = 0; i < labels.size(); ++i)
    Y.mutable_at(static_cast<py::ssize_t>(i), 0) = static_cast<double>(labels[i]);
  return dataset_of(X, Y, std::nullopt, feature_names, columns, options);
}

std::string cross_validate_json(const py::array& X, const py::array& y,
                                const std::map<std::string, std::string>& train_values,
                                const std::map<std::string, std::string>& cv_values,
                                const std::vector<std::string>& feature_names,
                                const Columns& columns) {
  const TrainOptions options = options_from(train_values);
  const CvOptions cv = declared_from<CvOptions>(cv_values);
  const Dataset data = labelled_dataset(X, y, feature_names, columns, options);
  py::gil_scoped_release release;
  TrainOptions checked = options;
  validate_options(checked);
  const CvResult result = cross_validate(data, options, cv);
  return cv_to_json(result, minority_class(data.labels())).dump();
}

std::pair<std::string, std::optional<Classifier>> sweep_json(
    const py::array& X, const py::array& y, const std::map<std::string, std::string>& train_values,
    const std::map<std::string, std::string>& sweep_values,
    const std::map<std::string, std::string>& cv_values,
    const std::vector<std::string>& feature_names, bool refit, const Columns& columns) {
  const TrainOptions options = options_from(train_values);
  SweepOptions sweep = declared_from<SweepOptions>(sweep_values);
  sweep.cv = declared_from<CvOptions>(cv_values);
  const Dataset data = labelled_dataset(X, y, feature_names, columns, options);
  py::gil_scoped_release release;
  SweepOutcome out = sweep_and_refit(data, options, sweep, refit);
  nlohmann::json j = sweep_to_json(out.result);
  return {j.dump(), std::move(out.model)};
}

}  // namespace

PYBIND11_MODULE(_rarenet, m) {
  m.doc() = "rarenet's C++ engine (use the rarenet package, not this module)";

  py::class_<Columns>(m, "Columns")
      .def(py::init<>())
      .def(py::init([](std::vector<bool> categorical, std::vector<std::vector<std::string>> levels,
                       std::vector<std::string> class_names) {
             Columns c;
             c.categorical.assign(categorical.begin(), categorical.end());
             c.levels = std::move(levels);
             c.class_names = std::move(class_names);
             return c;
           }),
           py::arg("categorical"), py::arg("levels"), py::arg("class_names"));

  // Python exception types a scikit-learn user expects, each keeping the library's kind.
  static py::exception<ConfigError> config_error(m, "ConfigError", PyExc_ValueError);
  static py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
  static py::exception<FormatError> format_error(m, "FormatError", PyExc_ValueError);
  static py::exception<FileError> file_error(m, "FileError", PyExc_OSError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ConfigError& e) {
      PyErr_SetString(config_error.ptr(), e.what());
    } catch (const InputError& e) {
      PyErr_SetString(input_error.ptr(), e.what());
    } catch (const FormatError& e) {
      PyErr_SetString(format_error.ptr(), e.what());
    } catch (const FileError& e) {
      PyErr_SetString(file_error.ptr(), e.what());
    } catch (const Error& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });

  py::class_<Classifier>(m, "Model")
      .def_property_readonly("task", [](const Classifier& c) { return to_string(c.task); })
      .def_property_readonly("classes", [](const Classifier& c) { return c.classes; })
      .def_property_readonly("feature_names", [](const Classifier& c) { return c.feature_names; })
      .def_property_readonly("input_names", [](const Classifier& c) { return c.input_names(); })
      .def_property_readonly("input_categorical",
                             [](const Classifier& c) {
                               std::vector<bool> out;
                               for (std::size_t j = 0; j < c.input_names().size(); ++j)
                                 out.push_back(c.input_is_categorical(j));
                               return out;
                             })
      .def_property_readonly("reads_tables",
                             [](const Classifier& c) { return c.preprocessor.fitted(); })
      .def_property_readonly("class_names", [](const Classifier& c) { return c.class_names; })
      .def_property_readonly("target_names", [](const Classifier& c) { return c.target_names; })
      .def_property_readonly("threshold", [](const Classifier& c) { return c.threshold; })
      .def_property_readonly("class_weight_values",
                             [](const Classifier& c) { return c.class_weight_values; })
      .def_property_readonly("prior_correction",
                             [](const Classifier& c) { return c.prior_correction; })
      .def_property_readonly("decision_weights",
                             [](const Classifier& c) { return c.decision_weights; })
      .def_property_readonly("label_thresholds",
                             [](const Classifier& c) { return c.label_thresholds; })
      .def_property_readonly("history",
                             [](const Classifier& c) {
                               py::list out;
                               for (const EpochRecord& r : c.history.epochs)
                                 out.append(epoch_dict(r));
                               return out;
                             })
      .def_property_readonly("best_epoch", [](const Classifier& c) { return c.history.best_epoch; })
      .def_property_readonly("warnings", &training_warnings,
                             "what to know before trusting the model, one sentence each")
      .def_property_readonly("stopped_early",
                             [](const Classifier& c) { return c.history.stopped_early; })
      .def_property_readonly("options",
                             [](const Classifier& c) { return options_to_map(c.options); })
      .def("predict_proba", &predict_proba_chunked, py::arg("X"),
           "(n_samples, n_outputs) probabilities; X float32 / float64, any layout")
      .def("predict", &predict_chunked, py::arg("X"),
           "the model's decisions: labels (n_samples), or 0/1 (n_samples, n_labels)")
      .def("predict_proba_columns", &predict_proba_columns, py::arg("X"), py::arg("names"),
           py::arg("columns"),
           "(probabilities, unknown category cells) of a data frame's columns, matched by name")
      .def("predict_columns", &decide_columns, py::arg("X"), py::arg("names"), py::arg("columns"),
           "the model's decisions for a data frame's columns")
      .def("save", [](const Classifier& c, const std::string& path) { save_model(path, c); })
      .def("to_bytes", &model_bytes)
      .def_static("load", [](const std::string& path) { return load_model(path); })
      .def_static("from_bytes", [](const py::bytes& b) { return model_from_bytes(std::string(b)); })
      .def(py::pickle([](const Classifier& c) { return model_bytes(c); },
                      [](const py::bytes& b) { return model_from_bytes(std::string(b)); }));

  m.def(
      "fit",
      [](const py::array& X, const py::array& Y, const std::map<std::string, std::string>& options,
         const std::optional<py::array>& sample_weight,
         const std::vector<std::string>& feature_names, bool multilabel,
         std::optional<double> validation_fraction, const py::object& on_epoch,
         const Columns& columns) {
        FitArgs args{validation_fraction, on_epoch};
        return fit_model(X, Y, options, sample_weight, feature_names, multilabel, columns, args);
      },
      py::arg("X"), py::arg("Y"), py::arg("options"), py::arg("sample_weight") = py::none(),
      py::arg("feature_names") = std::vector<std::string>{}, py::arg("multilabel") = false,
      py::arg("validation_fraction") = py::none(), py::arg("on_epoch") = py::none(),
      py::arg("columns") = Columns{},
      "Trains a model. Y: (n, 1) integer labels or (n, n_labels) 0/1 (multilabel=True); "
      "options: {name: text} as TrainOptions declares them.");
  m.def("cross_validate", &cross_validate_json, py::arg("X"), py::arg("y"), py::arg("options"),
        py::arg("cv_options"), py::arg("feature_names") = std::vector<std::string>{},
        py::arg("columns") = Columns{});
  m.def("sweep", &sweep_json, py::arg("X"), py::arg("y"), py::arg("options"),
        py::arg("sweep_options"), py::arg("cv_options"),
        py::arg("feature_names") = std::vector<std::string>{}, py::arg("refit") = true,
        py::arg("columns") = Columns{});
  // For bench/python_bench.py: the library's predict_proba on a matrix already in C++ memory,
  // timed in C++ (the best of `repeats`), to measure what the binding adds.
  m.def(
      "_time_predict_proba",
      [](const Classifier& model, const py::array& X, int repeats) {
        const RowMatrixD Xm = to_matrix(X, "X");
        py::gil_scoped_release release;
        double best = 1e300;
        for (int r = 0; r < repeats; ++r) {
          const auto start = std::chrono::steady_clock::now();
          const RowMatrixD proba = model.predict_proba(Xm);
          const double s =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          if (proba.rows() != Xm.rows()) throw InputError("unexpected output");
          best = std::min(best, s);
        }
        return best;
      },
      py::arg("model"), py::arg("X"), py::arg("repeats") = 3);
  m.def("default_options", [] { return options_to_map(TrainOptions{}); });
  m.def("default_sweep_options", [] { return options_to_map(SweepOptions{}); });
  m.def("default_cv_options", [] { return options_to_map(CvOptions{}); });
}
