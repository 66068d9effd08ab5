// Mixed tables through training: the preprocessing is fitted on each fold's training rows only,
// so a category or a median that only a held-out fold holds never reaches training; the model
// file keeps the preprocessing and the class names.
#include <cmath>

#include "rarenet/cross_validation.hpp"
#include "rarenet/mixed_csv.hpp"
#include "rarenet/random.hpp"
#include "rarenet/split.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

// 120 rows; the rows of test fold 2 alone hold the category "leak" and values of x near 1000.
struct Fixture {
  Dataset data;
  std::vector<int> folds;
};

Fixture make() {
  RandomState rng(5);
  Labels y;
  for (int i = 0; i < 120; ++i) y.push_back(i % 4 == 0);
  Fixture f;
  f.folds = stratified_kfold_test_folds(y, {4, true, 7});
  std::string csv = "x,home,Status\n";
  for (int i = 0; i < 120; ++i) {
    const bool held = f.folds[static_cast<std::size_t>(i)] == 2;
    csv += (i % 9 == 0 ? std::string("NA") : std::to_string(held ? 1000 + i : rng.normal(0, 1))) +
           "," + (held && i % 2 ? "leak" : (i % 3 ? "rent" : "own")) + "," +
           (y[static_cast<std::size_t>(i)] ? "bad" : "good") + "\n";
  }
  DatasetSpec spec;
  spec.targets = {"Status"};
  spec.allow_missing = true;
  f.data = dataset_from_table(parse_table(csv, "leak.csv"), spec);
  return f;
}

TEST(MixedPipeline, HeldOutCategoriesAndMediansNeverReachTraining) {
  const Fixture f = make();
  TrainOptions o;
  o.hidden = {4};
  o.train.epochs = 2;
  o.preprocess.impute = parse_impute("median");
  const auto classes = unique_labels(f.data.labels());
  for (int fold = 0; fold < 4; ++fold) {
    SCOPED_TRACE("fold " + std::to_string(fold));
    std::vector<std::int64_t> train_rows, test_rows;
    std::vector<double> xs;
    for (std::size_t i = 0; i < f.folds.size(); ++i) {
      (f.folds[i] == fold ? test_rows : train_rows).push_back(static_cast<std::int64_t>(i));
      if (f.folds[i] != fold && !std::isnan(f.data.X(static_cast<Index>(i), 0)))
        xs.push_back(f.data.X(static_cast<Index>(i), 0));
    }
    // What fit_fold does: train on the rows outside the fold.
    const Classifier model = train_classifier(f.data.take(train_rows), o);
    const auto& cats = model.preprocessor.encoder.columns.at(0).categories;
    const bool has_leak = std::find(cats.begin(), cats.end(), "leak") != cats.end();
    EXPECT_EQ(has_leak, fold != 2);
    std::sort(xs.begin(), xs.end());
    const std::size_t h = xs.size() / 2;
    const double median = xs.size() % 2 ? xs[h] : (xs[h - 1] + xs[h]) / 2;
    EXPECT_EQ(model.preprocessor.imputer.statistics.at(0), median);
    if (fold == 2) {
      EXPECT_LT(median, 100);  // the held-out values near 1000 stay out
    }
    // fit_fold trains exactly this model: the same probabilities for the held-out rows.
    const FoldFit fit = fit_fold(f.data, o, f.folds, fold, classes);
    EXPECT_EQ(fit.test_rows, test_rows);
    EXPECT_EQ(fit.proba, model.predict_proba(f.data.take(test_rows)));
    TransformReport report;
    model.predict_proba(f.data.take(test_rows), &report);
    EXPECT_EQ(report.unknown_cells > 0, fold == 2);
  }
}

TEST(MixedPipeline, TheModelFileKeepsPreprocessingAndClassNames) {
  const Fixture f = make();
  TrainOptions o;
  o.hidden = {4};
  o.train.epochs = 2;
  o.preprocess.impute = parse_impute("mean");
  o.preprocess.add_indicator = true;
  const Classifier model = train_classifier(f.data, o);
  testing::TempDir tmp;
  save_model(tmp.file("m.json"), model);
  const Classifier back = load_model(tmp.file("m.json"));
  EXPECT_EQ(back.class_names, (std::vector<std::string>{"good", "bad"}));
  EXPECT_EQ(back.input_names(), (std::vector<std::string>{"x", "home"}));
  EXPECT_EQ(back.feature_names, model.feature_names);
  EXPECT_EQ(back.predict_proba(f.data), model.predict_proba(f.data));
  // A file with the columns reordered, an extra one, and other category codes.
  const Table t =
      parse_table("extra,home,x\n1,leak,2\n2,own,NA\n", "p.csv", model_read_options(back, {"NA"}));
  const Dataset d = model_input(back, t);
  EXPECT_EQ(d.levels[1], (std::vector<std::string>{"leak", "own"}));
  EXPECT_EQ(back.predict_proba(d).rows(), 2);
  EXPECT_NE(testing::error_message([&] {
              model_input(back, parse_table("home\nown\n", "q.csv", model_read_options(back, {})));
            }).find("q.csv: missing column(s) 'x' that the model was trained on"),
            std::string::npos);
}

}  // namespace
}  // namespace rarenet
