// The facade (model.hpp): training from plain matrices, decisions, evaluation by name, the sweep
// with its refit, and the pair of split files.
#include <gtest/gtest.h>

#include <filesystem>

#include "rarenet/make_classification.hpp"
#include "rarenet/mixed_csv.hpp"
#include "rarenet/model.hpp"
#include "rarenet/preprocess.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using testing::error_message;

ClassificationData imbalanced(std::int64_t n, std::int64_t classes = 2) {
  MakeClassificationParams p;
  p.n_samples = n;
  p.n_features = 4;
  p.n_classes = classes;
  p.n_clusters_per_class = 1;
  if (classes == 2) p.weights = {0.9};
  p.random_state = 3;
  return make_classification(p);
}

TrainOptions small_options() {
  TrainOptions o;
  o.hidden = {8};
  o.train.epochs = 5;
  o.train.seed = 1;
  return o;
}

TEST(Facade, FitOnMatricesEqualsTrainingOnTheSameDataset) {
  const ClassificationData d = imbalanced(300);
  TrainOptions o = small_options();
  o.class_weight = parse_class_weight("balanced");
  const Classifier a = fit(d.X, d.y, o);
  Dataset ds = dataset_from_table(classification_table(d));
  const Classifier b = train_classifier(ds, o);
  EXPECT_EQ(a.predict_proba(d.X), b.predict_proba(d.X));
  EXPECT_EQ(a.classes, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(a.feature_names, (std::vector<std::string>{"x0", "x1", "x2", "x3"}));
  const Labels decided = predict(a, d.X);
  const RowMatrixD proba = a.predict_proba(d.X);
  for (Index i = 0; i < proba.rows(); ++i) EXPECT_EQ(decided[i], proba(i, 1) >= 0.5 ? 1 : 0);
}

TEST(Facade, MultiClassAndMultiLabel) {
  const ClassificationData d = imbalanced(300, 3);
  const Classifier m = fit(d.X, d.y, small_options());
  EXPECT_EQ(m.task, Task::MultiClass);
  EXPECT_EQ(predict(m, d.X).size(), 300u);
  RowMatrixD Y(300, 2);
  for (Index i = 0; i < 300; ++i) {
    Y(i, 0) = d.y[i] == 1;
    Y(i, 1) = d.y[i] == 2;
  }
  const Classifier ml = fit_multilabel(d.X, Y, small_options());
  EXPECT_EQ(ml.task, Task::MultiLabel);
  const RowMatrixD decided = predict_multilabel(ml, d.X);
  EXPECT_EQ(decided.cols(), 2);
  EXPECT_NE(error_message([&] { predict(ml, d.X); }).find("predict_multilabel"), std::string::npos);
  Y(0, 0) = 2;
  EXPECT_NE(error_message([&] { fit_multilabel(d.X, Y, small_options()); }).find("0 or 1"),
            std::string::npos);
}

TEST(Facade, BadMatricesAreInputErrors) {
  ClassificationData d = imbalanced(50);
  Labels short_y(d.y.begin(), d.y.begin() + 10);
  EXPECT_NE(error_message([&] { fit(d.X, short_y, small_options()); }).find("rows"),
            std::string::npos);
  d.X(3, 1) = std::nan("");
  EXPECT_EQ(error_message([&] { fit(d.X, d.y, small_options()); }),
            "X[3, 1]: NaN is not a finite number");
  TrainOptions bad = small_options();
  bad.train.epochs = 0;
  EXPECT_NE(error_message([&] { fit(imbalanced(50).X, imbalanced(50).y, bad); }).find("epochs"),
            std::string::npos);
}

// A table held in memory (a data frame's columns) trains exactly as the same table read from a
// CSV file: the same encoders, the same probabilities.
TEST(Facade, FeaturesInMemoryTrainAsTheSameFile) {
  const std::string csv =
      "colour,size,y\nred,1.5,1\nblue,,0\ngreen,0.5,0\nred,2.5,1\n,0.25,0\nblue,1,0\n"
      "green,3,1\nred,0.75,0\n";
  TableReadOptions read;
  const Table file = parse_table(csv, "t.csv", read);
  DatasetSpec spec;
  spec.allow_missing = true;
  const Dataset from_file = dataset_from_table(file, spec);

  Table features;  // the columns as a data frame holds them: codes into levels, NaN missing
  features.names = {"colour", "size"};
  features.values = file.values.leftCols(2);
  features.categorical = {1, 0};
  features.levels = {file.levels[0], {}};
  const Dataset in_memory = dataset_from_features(features, file.values.rightCols(1), {}, {}, true);
  EXPECT_EQ(in_memory.feature_names, from_file.feature_names);
  EXPECT_EQ(in_memory.categorical, from_file.categorical);

  TrainOptions o = small_options();
  o.preprocess.impute = parse_impute("median");
  const Classifier a = train_model(from_file, o), b = train_model(in_memory, o);
  EXPECT_EQ(a.feature_names, b.feature_names);  // one-hot names: colour_blue, ...
  EXPECT_EQ(predict_table(a, file), predict_table(b, file));

  // Text labels: codes into class names, kept by the model.
  const Dataset named =
      dataset_from_features(features, file.values.rightCols(1), {}, {"no", "yes"}, true);
  EXPECT_EQ(train_model(named, o).class_names, (std::vector<std::string>{"no", "yes"}));

  // Missing cells without imputing, codes outside the levels, unknown class codes: named.
  EXPECT_EQ(error_message([&] { dataset_from_features(features, file.values.rightCols(1)); }),
            "X[1, 'size']: missing value (NaN); set impute to median (or mean, most_frequent, "
            "constant:V) to fill missing numbers and give missing categories their own category");
  Table bad = features;
  bad.values(2, 0) = 7;
  EXPECT_NE(error_message([&] {
              dataset_from_features(bad, file.values.rightCols(1), {}, {}, true);
            }).find("X[2, 'colour']: category code 7"),
            std::string::npos);
  // Scoring checks the codes of an in-memory table too.
  Table scored = file;
  scored.values(3, 0) = 9;
  EXPECT_NE(error_message([&] {
              predict_table(a, scored);
            }).find("category code outside the column's 3 categories"),
            std::string::npos);
  EXPECT_NE(error_message([&] {
              dataset_from_features(features, file.values.rightCols(1), {}, {"only"}, true);
            }).find("y[0]: class code 1"),
            std::string::npos);
}

// The threshold is tuned on out-of-fold scores; with early stopping on validation data, the fold
// models train for the final model's best epoch count instead of needing validation data.
TEST(Facade, AutoThresholdWithEarlyStoppingAndValidation) {
  const ClassificationData d = imbalanced(400);
  const Dataset all = dataset_from_table(classification_table(d));
  std::vector<std::int64_t> tr, va;
  for (Index i = 0; i < 400; ++i) (i % 4 ? tr : va).push_back(i);
  const Dataset train = all.take(tr), validation = all.take(va);
  TrainOptions o = small_options();
  o.train.epochs = 30;
  o.train.early_stopping.patience = 2;
  o.threshold = parse_threshold("auto:f1");
  TrainExtras extras;
  extras.validation = &validation;
  TrainSummary summary;
  const Classifier m = train_model(train, o, extras, &summary);
  ASSERT_TRUE(summary.tuned_threshold.has_value());
  EXPECT_EQ(m.threshold, summary.tuned_threshold->threshold);
  EXPECT_GT(m.history.best_epoch, 0);
}

TEST(Facade, MultiLabelEvaluationMatchesLabelsByName) {
  const ClassificationData d = imbalanced(300, 3);
  Table t;
  t.names = {"x0", "x1", "x2", "x3", "a", "b"};
  t.source = "t.csv";
  t.values.resize(300, 6);
  t.values.leftCols(4) = d.X;
  for (Index i = 0; i < 300; ++i) {
    t.values(i, 4) = d.y[i] == 1;
    t.values(i, 5) = d.y[i] == 2;
  }
  DatasetSpec spec;
  spec.targets = {"a", "b"};
  const Classifier m = train_classifier(dataset_from_table(t, spec), small_options());
  const ModelEvaluation all = evaluate_model(m, t);
  ASSERT_EQ(all.labels, (std::vector<std::string>{"a", "b"}));
  const ModelEvaluation swapped = evaluate_model(m, t, {"b", "a"});
  ASSERT_EQ(swapped.labels, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(swapped.evaluations[0].roc_auc, all.evaluations[1].roc_auc);
  EXPECT_EQ(swapped.evaluations[1].roc_auc, all.evaluations[0].roc_auc);
  EXPECT_NE(error_message([&] {
              evaluate_model(m, t, {"old"});
            }).find("target 'old' is not a label of the model (its labels: a, b)"),
            std::string::npos);
  EXPECT_NE(error_message([&] {
              evaluate_model(m, t, {"a", "a"});
            }).find("named twice"),
            std::string::npos);
}

TEST(Facade, SweepRefitsTheWinnerWithItsThresholdAndCalibration) {
  const ClassificationData d = imbalanced(300);
  const Dataset data = dataset_from_table(classification_table(d));
  SweepOptions s;
  s.ratios = {1, 5};
  s.criterion = parse_criterion("f1");
  s.cv.folds.n_splits = 3;
  TrainOptions base = small_options();
  base.calibrate = Calibration::Prior;
  const SweepOutcome out = sweep_and_refit(data, base, s, true);
  ASSERT_TRUE(out.model.has_value());
  const SweepCandidate& best = out.result.candidates[out.result.chosen];
  EXPECT_EQ(out.model->threshold, best.threshold);
  EXPECT_EQ(out.model->prior_correction, out.model->class_weight_values.front());
  EXPECT_EQ(out.model->options.class_weight.to_string(), best.class_weight.to_string());
  EXPECT_FALSE(sweep_and_refit(data, base, s, false).model.has_value());
}

TEST(Facade, SplitFilesAreWrittenBothOrNeither) {
  testing::TempDir tmp;
  Table t;
  t.names = {"x", "y"};
  t.values = RowMatrixD::Ones(3, 2);
  const std::string a = tmp.file("a.csv"), b = tmp.file("missing-dir/b.csv");
  EXPECT_THROW(write_csv_pair(a, t, b, t), FileError);
  EXPECT_FALSE(std::filesystem::exists(a));
  write_csv_pair(a, take_rows(t, {0}), tmp.file("b.csv"), take_rows(t, {1, 2}));
  EXPECT_EQ(read_csv(a).rows(), 1);
  EXPECT_EQ(read_csv(tmp.file("b.csv")).rows(), 2);
}

}  // namespace
}  // namespace rarenet
