// The multi-class decision rule: macro criteria equal to the metrics layer's, a coordinate search
// that beats the argmax where it provably can and leaves it alone where it cannot, predictions
// and evaluations that apply it, and the model file that stores and checks it.
#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>

#include "rarenet/class_weights.hpp"
#include "rarenet/classifier.hpp"
#include "rarenet/error.hpp"
#include "rarenet/evaluation.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/metrics.hpp"
#include "rarenet/model.hpp"
#include "rarenet/random.hpp"
#include "rarenet/selection.hpp"
#include "rarenet/sweep.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

const std::vector<std::int64_t> kClasses = {0, 1, 2};

std::vector<Criterion> macro_criteria() {
  return {parse_criterion("f1"), parse_criterion("balanced-accuracy"), parse_criterion("g-mean"),
          parse_criterion("mcc")};
}

// Rows of each class with the given probability row.
void add_rows(Labels& y, std::vector<std::vector<double>>& rows, std::int64_t label, int n,
              std::vector<double> p) {
  for (int i = 0; i < n; ++i) {
    y.push_back(label);
    rows.push_back(p);
  }
}

RowMatrixD matrix(const std::vector<std::vector<double>>& rows) {
  RowMatrixD m(static_cast<Index>(rows.size()), static_cast<Index>(rows.front().size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t c = 0; c < rows[i].size(); ++c)
      m(static_cast<Index>(i), static_cast<Index>(c)) = rows[i][c];
  return m;
}

// The rare class 2 is never the largest probability, but always has 0.4 against class 0's 0.5,
// while rows of classes 0 and 1 give it 0.1: any weight of class 2 in (1.25, 8) separates every
// row, so the tuned rule is perfect and the argmax, which never predicts class 2, is not.
TEST(DecisionRule, BeatsTheArgmaxWhereAWeightSeparatesTheClasses) {
  Labels y;
  std::vector<std::vector<double>> rows;
  add_rows(y, rows, 0, 50, {0.8, 0.1, 0.1});
  add_rows(y, rows, 1, 30, {0.1, 0.8, 0.1});
  add_rows(y, rows, 2, 6, {0.5, 0.1, 0.4});
  const RowMatrixD p = matrix(rows);
  for (const Criterion& c : macro_criteria()) {
    const DecisionRule rule = tune_decision_rule(y, p, kClasses, c);
    EXPECT_EQ(rule.value, 1.0) << to_string(c);
    EXPECT_LT(rule.argmax_value, 1.0) << to_string(c);
    EXPECT_EQ(rule.argmax_value, macro_criterion_value(c, y, p, kClasses)) << to_string(c);
    ASSERT_EQ(rule.weights.size(), 3u);
    EXPECT_GT(rule.weights[2] / rule.weights[0], 1.25) << to_string(c);
    EXPECT_EQ(predict_labels(p, kClasses, 0.5, rule.weights), y) << to_string(c);
    EXPECT_EQ(macro_criterion_value(c, y, p, kClasses, rule.weights), 1.0);
    // Every weight is one of the grid's values, and the search is deterministic.
    for (double w : rule.weights)
      EXPECT_NE(std::find(decision_weight_grid().begin(), decision_weight_grid().end(), w),
                decision_weight_grid().end());
    EXPECT_EQ(tune_decision_rule(y, p, kClasses, c).weights, rule.weights);
  }
}

// The argmax is already perfect: no weight can do better, so the rule stays all ones.
TEST(DecisionRule, IsTheIdentityWhenTheArgmaxIsPerfect) {
  Labels y;
  std::vector<std::vector<double>> rows;
  add_rows(y, rows, 0, 40, {0.6, 0.2, 0.2});
  add_rows(y, rows, 1, 10, {0.3, 0.45, 0.25});
  add_rows(y, rows, 2, 5, {0.3, 0.3, 0.4});
  const RowMatrixD p = matrix(rows);
  for (const Criterion& c : macro_criteria()) {
    const DecisionRule rule = tune_decision_rule(y, p, kClasses, c);
    EXPECT_EQ(rule.weights, std::vector<double>(3, 1.0)) << to_string(c);
    EXPECT_EQ(rule.value, 1.0);
    EXPECT_EQ(rule.rounds, 1);
  }
}

// Every row has the same probabilities: any rule predicts one class for all rows. The argmax
// (first of equal maxima) predicts the largest class 0, which no other single class beats.
TEST(DecisionRule, IsTheIdentityWhenNoWeightingHelps) {
  Labels y;
  std::vector<std::vector<double>> rows;
  add_rows(y, rows, 0, 30, {1.0 / 3, 1.0 / 3, 1.0 / 3});
  add_rows(y, rows, 1, 20, {1.0 / 3, 1.0 / 3, 1.0 / 3});
  add_rows(y, rows, 2, 10, {1.0 / 3, 1.0 / 3, 1.0 / 3});
  const DecisionRule rule = tune_decision_rule(y, matrix(rows), kClasses, parse_criterion("f1"));
  EXPECT_EQ(rule.weights, std::vector<double>(3, 1.0));
  EXPECT_EQ(rule.value, rule.argmax_value);
}

// The macro criteria from the confusion counts equal the metrics layer's scikit-learn figures.
TEST(DecisionRule, MacroCriteriaEqualTheMetrics) {
  RandomState rs(3);
  const Index n = 300;
  RowMatrixD p(n, 4);
  Labels y(static_cast<std::size_t>(n));
  const std::vector<std::int64_t> classes = {0, 1, 2, 3};
  for (Index i = 0; i < n; ++i) {
    double sum = 0;
    for (Index c = 0; c < 4; ++c) sum += (p(i, c) = rs.random_sample() + (c == i % 4 ? 0.4 : 0.0));
    p.row(i) /= sum;
    y[static_cast<std::size_t>(i)] = rs.random_sample() < 0.3 ? 3 : i % 3;
  }
  const std::vector<double> w = {1.0, 1.5, 0.7, 2.0};
  const Labels pred = predict_labels(p, classes, 0.5, w);
  const ClassificationReport r = classification_report(y, pred, classes);
  EXPECT_NEAR(macro_criterion_value(parse_criterion("f1"), y, p, classes, w), r.macro_avg.f1,
              1e-12);
  EXPECT_NEAR(macro_criterion_value(parse_criterion("balanced-accuracy"), y, p, classes, w),
              balanced_accuracy_score(y, pred), 1e-12);
  EXPECT_NEAR(macro_criterion_value(parse_criterion("mcc"), y, p, classes, w),
              matthews_corrcoef(y, pred), 1e-12);
  EXPECT_NEAR(macro_criterion_value(parse_criterion("g-mean"), y, p, classes, w),
              geometric_mean_score(y, pred), 1e-12);
  // The tuned rule is never worse than the argmax.
  for (const Criterion& c : macro_criteria()) {
    const DecisionRule rule = tune_decision_rule(y, p, classes, c);
    EXPECT_GE(rule.value, rule.argmax_value) << to_string(c);
    EXPECT_EQ(rule.value, macro_criterion_value(c, y, p, classes, rule.weights));
  }
}

TEST(DecisionRule, RefusesBinaryCriteriaAndBadInput) {
  Labels y = {0, 1, 2};
  const RowMatrixD p = matrix({{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.1, 0.8}});
  for (const char* c :
       {"break-even", "fbeta:2", "average-precision", "recall-at-precision:0.9", "cost:5,1"})
    EXPECT_THROW(tune_decision_rule(y, p, kClasses, parse_criterion(c)), ConfigError) << c;
  EXPECT_THROW(tune_decision_rule({0, 1}, p, kClasses, parse_criterion("f1")), InputError);
  EXPECT_THROW(tune_decision_rule({0, 1, 7}, p, kClasses, parse_criterion("f1")), InputError);
  RowMatrixD bad = p;
  bad(1, 1) = std::nan("");
  EXPECT_THROW(tune_decision_rule(y, bad, kClasses, parse_criterion("f1")), InputError);
  EXPECT_THROW(predict_labels(p, kClasses, 0.5, {1.0, 1.0}), InputError);
  EXPECT_THROW(predict_labels(p, kClasses, 0.5, {1.0, 0.0, 1.0}), InputError);
}

TEST(BalancedPower, InterpolatesBetweenNoneAndBalanced) {
  const Labels y = {0, 0, 0, 0, 0, 0, 1, 1, 2};
  const auto balanced = compute_class_weight_balanced(kClasses, y);
  EXPECT_EQ(class_weights(parse_class_weight("balanced:1"), kClasses, y), balanced);
  EXPECT_EQ(class_weights(parse_class_weight("balanced:0"), kClasses, y),
            std::vector<double>(3, 1.0));
  const auto half = class_weights(parse_class_weight("balanced:0.5"), kClasses, y);
  for (std::size_t c = 0; c < 3; ++c) EXPECT_DOUBLE_EQ(half[c], std::sqrt(balanced[c]));
  EXPECT_EQ(parse_class_weight("balanced:0.5").to_string(), "balanced:0.5");
  EXPECT_EQ(parse_class_weight("balanced:1").to_string(), "balanced");
  EXPECT_THROW(parse_class_weight("balanced:1.5"), ConfigError);
  EXPECT_THROW(parse_class_weight("balanced:x"), ConfigError);
}

TEST(SweepCandidates, MultiClassDefaultsToBalancedPowers) {
  SweepOptions o;  // the binary ratios are not used for three classes
  const auto specs = sweep_candidates(o, kClasses, 1, true);
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.to_string());
  EXPECT_EQ(names, (std::vector<std::string>{"balanced:0", "balanced:0.25", "balanced:0.5",
                                             "balanced:0.75", "balanced"}));
  o.betas = {0.9, 0.99};
  o.most = {0.6};
  o.include_balanced = true;
  names.clear();
  for (const auto& s : sweep_candidates(o, kClasses, 1, true)) names.push_back(s.to_string());
  EXPECT_EQ(names, (std::vector<std::string>{"balanced", "effective:0.9", "effective:0.99",
                                             "capped:0.6"}));
}

// A three-class dataset, and a model trained on it with a tuned rule.
class MultiClassModel : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeClassificationParams p;
    p.n_samples = 300, p.n_features = 5, p.n_informative = 3, p.n_redundant = 0;
    p.n_classes = 3, p.n_clusters_per_class = 1, p.weights = {0.75, 0.18};
    p.random_state = 4;
    g = make_classification(p);
    options.hidden = {8};
    options.train.epochs = 15;
    options.threshold = parse_threshold("auto:f1");
  }
  ClassificationData g;
  TrainOptions options;
  testing::TempDir tmp;
};

TEST_F(MultiClassModel, AutoCriterionTunesAndStoresTheRule) {
  const Classifier m = fit(g.X, g.y, options);
  ASSERT_EQ(m.decision_weights.size(), 3u);
  EXPECT_EQ(m.threshold, 0.5);
  // predict applies the rule.
  const RowMatrixD proba = m.predict_proba(g.X);
  EXPECT_EQ(predict(m, g.X), predict_labels(proba, m.classes, 0.5, m.decision_weights));
  // The model file keeps it exactly and refuses a corrupt one.
  save_model(tmp.file("m.json"), m);
  const Classifier back = load_model(tmp.file("m.json"));
  EXPECT_EQ(back.decision_weights, m.decision_weights);
  EXPECT_EQ(predict(back, g.X), predict(m, g.X));
  const json j = json::parse(testing::read_text(tmp.file("m.json")));
  EXPECT_EQ(j["version"], 4);
  const auto load_after = [&](const std::function<void(json&)>& edit) -> std::string {
    json bad = j;
    edit(bad);
    testing::write_text(tmp.file("bad.json"), bad.dump());
    try {
      load_model(tmp.file("bad.json"));
    } catch (const FormatError& e) {
      return e.what();
    }
    return "(no FormatError)";
  };
  EXPECT_NE(load_after([](json& b) {
              b["decision_weights"] = {1.0, 2.0};
            }).find("\"decision_weights\": 2 weights, expected 3 (one per class)"),
            std::string::npos);
  EXPECT_NE(load_after([](json& b) {
              b["decision_weights"] = {1.0, 0.0, 2.0};
            }).find("\"decision_weights[1]\": expected a positive finite number"),
            std::string::npos);
  EXPECT_NE(load_after([](json& b) {
              b["decision_weights"] = {1.0, -3.0, 2.0};
            }).find("\"decision_weights[1]\""),
            std::string::npos);
  EXPECT_NE(
      load_after([](json& b) { b["decision_weights"][2] = "x"; }).find("\"decision_weights[2]\""),
      std::string::npos);
  EXPECT_NE(load_after([](json& b) { b["decision_weights"] = 3; }).find("\"decision_weights\""),
            std::string::npos);
  EXPECT_NE(load_after([](json& b) { b["version"] = 6; }).find("newer"), std::string::npos);
}

TEST_F(MultiClassModel, BinaryCriteriaAreRefusedForThreeClasses) {
  options.threshold = parse_threshold("auto:break-even");
  EXPECT_THROW(fit(g.X, g.y, options), ConfigError);
}

TEST_F(MultiClassModel, SweepTunesARulePerCandidateAndTheWinnerKeepsIt) {
  RowMatrixD Y(g.X.rows(), 1);
  for (Index i = 0; i < g.X.rows(); ++i) Y(i, 0) = static_cast<double>(g.y[i]);
  const Dataset d = dataset_from_matrices(g.X, Y);
  SweepOptions so = testing::weight_search_only();
  so.powers = {0, 1};
  so.criterion = parse_criterion("balanced-accuracy");
  so.cv.folds.n_splits = 3;
  TrainOptions base = options;
  base.threshold = Threshold{};
  const SweepOutcome out = sweep_and_refit(d, base, so, true);
  ASSERT_TRUE(out.result.multiclass);
  ASSERT_EQ(out.result.candidates.size(), 2u);
  for (const SweepCandidate& c : out.result.candidates) {
    EXPECT_EQ(c.decision_weights.size(), 3u);
    EXPECT_GE(c.criterion_value, c.argmax_value);
    EXPECT_EQ(c.oof_evaluation.decision_weights, c.decision_weights);
    EXPECT_TRUE(c.figures.mean.count("recall_2"));
    EXPECT_TRUE(c.figures.mean.count("macro_f1"));
  }
  ASSERT_TRUE(out.model.has_value());
  EXPECT_EQ(out.model->decision_weights, out.result.candidates[out.result.chosen].decision_weights);
  so.criterion = parse_criterion("fbeta:2");
  EXPECT_THROW(sweep(d, base, so), ConfigError);
}

}  // namespace
}  // namespace rarenet
