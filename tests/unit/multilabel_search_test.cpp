// Multi-label search: folds stratified by each row's rarest label, a threshold tuned per label,
// the sweep over the cap of the per-label weight matrix, and the thresholds stored in the model
// and applied by predict and evaluate. Each is what the explicit calls give, bit for bit.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rarenet/classifier.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/error.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/model.hpp"
#include "rarenet/selection.hpp"
#include "rarenet/sweep.hpp"
#include "rarenet/workflow_report.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

// Four labels of different rarity (word-count documents, scikit-learn's generator).
Dataset documents(std::int64_t n = 500) {
  MakeMultilabelParams p;
  p.n_samples = n, p.n_features = 12, p.n_classes = 4, p.n_labels = 1, p.length = 30;
  p.random_state = 7;
  const MultilabelData g = make_multilabel_classification(p);
  Dataset d;
  d.X = g.X;
  d.Y = g.Y;
  for (Index j = 0; j < d.X.cols(); ++j) d.feature_names.push_back("x" + std::to_string(j));
  for (Index j = 0; j < d.Y.cols(); ++j) d.target_names.push_back("y" + std::to_string(j));
  d.source = "documents";
  return d;
}

TrainOptions small_options() {
  TrainOptions o;
  o.hidden = {8};
  o.train.epochs = 8;
  o.train.batch_size = 32;
  return o;
}

TEST(MultilabelFolds, StratifyEachRowByItsRarestLabel) {
  RowMatrixD Y(12, 3);
  // Label 2 is the rarest (2 rows), label 0 the most common.
  Y << 1, 0, 0,  //
      1, 1, 0,   // rarest: 1
      1, 0, 1,   // rarest: 2
      0, 1, 1,   // rarest: 2
      1, 0, 0,   //
      0, 0, 0,   // none
      1, 1, 0,   //
      0, 1, 0,   //
      1, 0, 0,   //
      0, 0, 0,   //
      1, 0, 0,   //
      0, 1, 0;
  const StratifiedKFoldParams params{2, true, 3};
  Labels strata = {0, 1, 2, 2, 0, -1, 1, 1, 0, -1, 0, 1};
  EXPECT_EQ(multilabel_kfold_test_folds(Y, params), stratified_kfold_test_folds(strata, params));

  // On a real table every label's 1s are spread over the folds (each fold holds some of each).
  const Dataset d = documents();
  const auto folds = multilabel_kfold_test_folds(d.Y, {5, true, 0});
  for (Index j = 0; j < d.Y.cols(); ++j) {
    std::vector<int> per_fold(5, 0);
    for (Index i = 0; i < d.Y.rows(); ++i) per_fold[folds[i]] += d.Y(i, j) == 1;
    const auto [lo, hi] = std::minmax_element(per_fold.begin(), per_fold.end());
    EXPECT_GT(*lo, 0) << "label " << j;
    EXPECT_LE(*hi - *lo, std::max(3, *hi / 3)) << "label " << j;
  }
}

TEST(LabelThresholds, EachLabelIsTunedAsItsOwnBinaryTarget) {
  const Dataset d = documents(300);
  RowMatrixD proba(d.Y.rows(), d.Y.cols());
  for (Index i = 0; i < proba.rows(); ++i)
    for (Index j = 0; j < proba.cols(); ++j)
      proba(i, j) =
          0.3 * d.Y(i, j) + 0.7 * std::fmod(0.61803 * static_cast<double>(i * 7 + j), 1.0);
  const Criterion f1 = parse_criterion("f1");
  const auto choices = tune_label_thresholds(d.Y, proba, f1, d.target_names);
  ASSERT_EQ(choices.size(), 4u);
  for (Index j = 0; j < d.Y.cols(); ++j) {
    Labels y;
    std::vector<double> p;
    for (Index i = 0; i < d.Y.rows(); ++i) {
      y.push_back(static_cast<std::int64_t>(d.Y(i, j)));
      p.push_back(proba(i, j));
    }
    const ThresholdChoice one = tune_threshold(y, p, f1);
    EXPECT_EQ(choices[j].threshold, one.threshold);
    EXPECT_EQ(choices[j].value, one.value);
  }
  RowMatrixD constant = d.Y;
  constant.col(2).setZero();
  try {
    tune_label_thresholds(constant, proba, f1, d.target_names);
    FAIL() << "a label of one value was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("label 'y2' is 0 in all 300 rows"), std::string::npos)
        << e.what();
  }
}

TEST(MultilabelSweep, EveryCandidateEqualsItsOwnOutOfFoldThresholds) {
  const Dataset d = documents();
  SweepOptions s = testing::weight_search_only();
  s.criterion = parse_criterion("f1");
  s.cv.folds = StratifiedKFoldParams{3, true, 0};
  const SweepOutcome out = sweep_and_refit(d, small_options(), s, true);
  const SweepResult& r = out.result;
  ASSERT_TRUE(r.multilabel);
  EXPECT_EQ(r.label_names, d.target_names);
  // The default search: the cap of the per-label weight matrix.
  ASSERT_EQ(r.candidates.size(), kMultilabelMost.size());
  const auto folds = multilabel_kfold_test_folds(d.Y, s.cv.folds);
  for (std::size_t c = 0; c < r.candidates.size(); ++c) {
    const SweepCandidate& cand = r.candidates[c];
    EXPECT_EQ(cand.class_weight.kind, ClassWeightSpec::Kind::Capped);
    EXPECT_EQ(cand.class_weight.most, kMultilabelMost[c]);
    TrainOptions o = small_options();
    o.class_weight = cand.class_weight;
    const RowMatrixD oof = out_of_fold_proba(d, o, folds, 3, 1);
    const auto choices = tune_label_thresholds(d.Y, oof, s.criterion, d.target_names);
    ASSERT_EQ(cand.label_thresholds.size(), 4u);
    double mean = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      EXPECT_EQ(cand.label_thresholds[j], choices[j].threshold) << c << " " << j;
      EXPECT_EQ(cand.label_values[j], choices[j].value) << c << " " << j;
      mean += choices[j].value / 4;
    }
    EXPECT_DOUBLE_EQ(cand.criterion_value, mean);
    // Per label the weights label_class_weights gives on all rows.
    const RowMatrixD w = label_class_weights(cand.class_weight, d.Y);
    for (Index j = 0; j < 4; ++j) {
      EXPECT_EQ(cand.weights[2 * j], w(j, 0));
      EXPECT_EQ(cand.weights[2 * j + 1], w(j, 1));
    }
    EXPECT_EQ(cand.fold_criterion.size(), 3u);
  }
  // capped:0.5 is no weighting at all.
  EXPECT_EQ(r.candidates[0].weights, std::vector<double>(8, 1.0));
  const SweepCandidate& best = r.candidates[r.chosen];
  for (const SweepCandidate& c : r.candidates) EXPECT_LE(c.criterion_value, best.criterion_value);
  // The refitted model stores the winner's thresholds, and predict applies them label by label.
  ASSERT_TRUE(out.model.has_value());
  EXPECT_EQ(out.model->label_thresholds, best.label_thresholds);
  const RowMatrixD proba = out.model->predict_proba(d.X);
  const RowMatrixD decided = decide_multilabel(*out.model, proba);
  for (Index i = 0; i < proba.rows(); ++i)
    for (Index j = 0; j < proba.cols(); ++j)
      ASSERT_EQ(decided(i, j), proba(i, j) >= best.label_thresholds[j] ? 1.0 : 0.0);
  // The reports carry every label.
  const json j = sweep_to_json(r);
  EXPECT_TRUE(j.at("multilabel").get<bool>());
  EXPECT_EQ(j.at("candidates")[r.chosen].at("per_label").size(), 4u);
  const std::string text = format_sweep(r);
  EXPECT_NE(text.find("per label, chosen candidate"), std::string::npos) << text;
  EXPECT_NE(text.find("mean f1 over 4 labels"), std::string::npos) << text;
}

TEST(MultilabelThresholdAuto, TrainTunesOneThresholdPerLabelOnOutOfFoldScores) {
  const Dataset d = documents();
  TrainOptions o = small_options();
  o.class_weight = parse_class_weight("capped:0.9");
  o.threshold.tune = parse_criterion("break-even");
  TrainSummary summary;
  const Classifier m = train_model(d, o, {}, &summary);
  TrainOptions fold_options = o;
  fold_options.threshold.tune.reset();
  const auto folds = multilabel_kfold_test_folds(d.Y, {o.threshold_folds, true, o.train.seed});
  const RowMatrixD oof = out_of_fold_proba(d, fold_options, folds, o.threshold_folds, 1);
  const auto choices = tune_label_thresholds(d.Y, oof, *o.threshold.tune, d.target_names);
  ASSERT_EQ(m.label_thresholds.size(), 4u);
  ASSERT_EQ(summary.tuned_label_thresholds.size(), 4u);
  for (std::size_t j = 0; j < 4; ++j) {
    EXPECT_EQ(m.label_thresholds[j], choices[j].threshold);
    EXPECT_EQ(summary.tuned_label_thresholds[j].value, choices[j].value);
  }
}

TEST(MultilabelThresholds, ModelFileKeepsAndChecksThem) {
  const Dataset d = documents(200);
  Classifier m = train_classifier(d, small_options());
  m.label_thresholds = {0.2, 0.3, 0.4, 0.55};
  testing::TempDir tmp;
  save_model(tmp.file("m.json"), m);
  json file = json::parse(testing::read_text(tmp.file("m.json")));
  EXPECT_EQ(file.at("version"), 4);
  EXPECT_EQ(load_model(tmp.file("m.json")).label_thresholds, m.label_thresholds);
  const auto error_of = [&](const std::function<void(json&)>& edit) {
    json bad = file;
    edit(bad);
    testing::write_text(tmp.file("bad.json"), bad.dump());
    try {
      load_model(tmp.file("bad.json"));
    } catch (const FormatError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(error_of([](json& f) {
              f["label_thresholds"] = {0.5, 0.5};
            }).find("\"label_thresholds\": 2 thresholds, expected 4 (one per label)"),
            std::string::npos);
  EXPECT_NE(error_of([](json& f) {
              f["label_thresholds"][1] = 1.5;
            }).find("\"label_thresholds[1]\": expected a number in [0, 1]"),
            std::string::npos);
  // Without per-label thresholds the file stays version 3 and every label uses "threshold".
  m.label_thresholds.clear();
  save_model(tmp.file("v3.json"), m);
  EXPECT_EQ(json::parse(testing::read_text(tmp.file("v3.json"))).at("version"), 3);
}

}  // namespace
}  // namespace rarenet
