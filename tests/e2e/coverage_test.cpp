// What the other suites left untested: the model sweep writes, the weight search's candidate
// order and choice, early stopping on validation ROC AUC, the auto threshold's folds, training
// from standard input, multi-label prior correction, and specificity / G-mean against
// imbalanced-learn.
#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rarenet/csv.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/metrics.hpp"
#include "rarenet/random.hpp"
#include "rarenet/sweep.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
using testing::rarenet;
using testing::read_text;
using testing::TempDir;
using testing::write_text;

std::string q(const std::string& s) {
  return "'" + s + "'";
}

const std::string kPima = testing::kSourceDir + "/data/pima.csv";
// A small network and few epochs: these tests check wiring, not accuracy.
const std::string kSmall = " --hidden 8 --epochs 5 ";

json parse_json(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    ADD_FAILURE() << "not JSON (" << e.what() << "):\n" << text;
    return nullptr;
  }
}

json read_json(const std::string& path) {
  return parse_json(read_text(path));
}

// The flat list of a sweep candidate's class weights in class order ({"0": w0, "1": w1}).
std::vector<double> weights_of(const json& candidate) {
  std::vector<double> w;
  for (const auto& [cls, value] : candidate.at("class_weight").items()) w.push_back(value);
  return w;
}

TEST(SweepOutput, ModelFileLoadsAndStoresTheChosenThreshold) {
  TempDir tmp;
  const std::string model = tmp.file("model.json");
  const auto r = rarenet("sweep " + q(kPima) + kSmall +
                         "--ratios 1,3 --balanced --most 0.7 --n-splits 3 --json -o " + q(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(std::filesystem::exists(model));
  const json s = parse_json(r.out);
  const std::size_t chosen = s.at("chosen");
  ASSERT_LT(chosen, s.at("candidates").size());
  const json m = read_json(model);
  EXPECT_EQ(m.at("threshold").get<double>(),
            s.at("candidates")[chosen].at("threshold").get<double>());
  EXPECT_EQ(m.at("class_weight").at("spec"), s.at("candidates")[chosen].at("strategy"));

  const auto e = rarenet("evaluate " + q(model) + " " + q(kPima) + " --json");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const json ev = parse_json(e.out);
  EXPECT_EQ(ev.at("threshold").get<double>(), m.at("threshold").get<double>());
  EXPECT_EQ(ev.at("actual_positives"), 268);  // pima's diabetic rows
}

TEST(SweepOutput, PriorCalibrationStoresTheChosenClassWeights) {
  TempDir tmp;
  const std::string model = tmp.file("model.json");
  // No unit-weight candidate: whichever wins, the correction is not the identity.
  const auto r =
      rarenet("sweep " + q(kPima) + kSmall +
              "--ratios 2,4 --balanced --n-splits 3 --calibrate prior --json -o " + q(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json s = parse_json(r.out);
  const json& chosen = s.at("candidates")[s.at("chosen").get<std::size_t>()];
  const std::vector<double> weights = weights_of(chosen);
  ASSERT_EQ(weights.size(), 2u);
  EXPECT_NE(weights[0], weights[1]);
  const json m = read_json(model);
  EXPECT_EQ(m.at("prior_correction").get<std::vector<double>>(), weights);
  EXPECT_EQ(m.at("threshold").get<double>(), chosen.at("threshold").get<double>());
}

Dataset generated(std::uint32_t seed, std::int64_t n = 400) {
  MakeClassificationParams p;
  p.n_samples = n, p.n_features = 5, p.n_informative = 3, p.random_state = seed;
  p.weights = {0.85};
  return testing::dataset_of(make_classification(p));
}

TEST(SweepLibrary, CandidatesComeInOrderAndTheBestCriterionWins) {
  const Dataset d = generated(5);
  TrainOptions base;
  base.hidden = {8};
  base.train.epochs = 5;
  SweepOptions s = testing::weight_search_only();
  s.include_balanced = true;
  s.ratios = {1, 4};
  s.most = {0.6, 0.8};
  s.criterion = parse_criterion("balanced-accuracy");
  s.cv.folds = StratifiedKFoldParams{3, true, 0};
  const SweepResult result = sweep(d, base, s);
  ASSERT_EQ(result.candidates.size(), 5u);
  const std::vector<std::string> expected = {"balanced", "0:1,1:1", "0:1,1:4", "capped:0.6",
                                             "capped:0.8"};
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(result.candidates[i].class_weight.to_string(), expected[i]) << "candidate " << i;
  // The chosen one: the first with the highest pooled out-of-fold value.
  std::size_t best = 0;
  for (std::size_t i = 1; i < result.candidates.size(); ++i)
    if (result.candidates[i].criterion_value > result.candidates[best].criterion_value) best = i;
  EXPECT_EQ(result.chosen, best);
  for (const auto& c : result.candidates) {
    EXPECT_GE(c.threshold, 0.0);
    EXPECT_LE(c.threshold, 1.0);
  }
}

class Validation : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto r =
        rarenet("split " + q(kPima) + " --test-size 0.3 --stratify --random-state 1 --train-out " +
                q(train_) + " --test-out " + q(val_));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TempDir tmp_;
  std::string train_ = tmp_.file("train.csv"), val_ = tmp_.file("val.csv");
};

TEST_F(Validation, EarlyStoppingOnRocAucKeepsTheBestEpoch) {
  const std::string model = tmp_.file("m.json"), last = tmp_.file("last.json");
  const std::string args = "train " + q(train_) + " --validation " + q(val_) +
                           " --hidden 16 --early-stopping 2 --monitor val_roc_auc --epochs 200 ";
  const auto r = rarenet(args + "--json -o " + q(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json s = parse_json(r.out);
  EXPECT_TRUE(s.at("stopped_early").get<bool>());
  const json& epochs = s.at("epochs");
  ASSERT_GT(epochs.size(), 2u);
  EXPECT_LT(epochs.size(), 200u);
  // Keras counts an improvement only when strictly better: the first epoch reaching the maximum.
  std::size_t best = 0;
  for (std::size_t i = 1; i < epochs.size(); ++i)
    if (epochs[i].at("val_roc_auc").get<double>() > epochs[best].at("val_roc_auc").get<double>())
      best = i;
  EXPECT_EQ(s.at("best_epoch").get<std::size_t>(), epochs[best].at("epoch").get<std::size_t>());
  EXPECT_LT(best + 1, epochs.size());  // it stopped after the best, not at it

  const auto n = rarenet(args + "--no-restore-best-weights -o " + q(last));
  ASSERT_EQ(n.exit_code, 0) << n.err;
  const auto pa = rarenet("predict " + q(model) + " " + q(val_) + " -o -");
  const auto pb = rarenet("predict " + q(last) + " " + q(val_) + " -o -");
  ASSERT_EQ(pa.exit_code, 0) << pa.err;
  ASSERT_EQ(pb.exit_code, 0) << pb.err;
  EXPECT_NE(pa.out, pb.out);  // the last epoch's weights are not the best epoch's
}

TEST_F(Validation, EveryEpochReportsValidationLossAndRocAuc) {
  const auto r = rarenet("train " + q(train_) + " --validation " + q(val_) + kSmall + "--json -o " +
                         q(tmp_.file("m.json")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json s = parse_json(r.out);
  const json& epochs = s.at("epochs");
  ASSERT_EQ(epochs.size(), 5u);
  double previous_loss = -1;
  for (std::size_t i = 0; i < epochs.size(); ++i) {
    const double loss = epochs[i].at("val_loss"), auc = epochs[i].at("val_roc_auc");
    EXPECT_EQ(epochs[i].at("epoch"), i + 1);
    EXPECT_GT(loss, 0.1) << "epoch " << i + 1;
    EXPECT_LT(loss, 2.0) << "epoch " << i + 1;
    EXPECT_GT(auc, 0.0) << "epoch " << i + 1;
    EXPECT_LE(auc, 1.0) << "epoch " << i + 1;
    EXPECT_NE(loss, previous_loss);  // a fresh figure each epoch
    previous_loss = loss;
  }
}

TEST(AutoThreshold, FoldCountChangesTheThresholdAndOneFoldIsRefused) {
  TempDir tmp;
  std::vector<double> thresholds;
  for (const int folds : {3, 5}) {
    const auto r = rarenet("train " + q(kPima) +
                           " --hidden 8 --epochs 10 --threshold auto:f1 --threshold-folds " +
                           std::to_string(folds) + " --json -o " + q(tmp.file("m.json")));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const double t = parse_json(r.out).at("threshold");
    EXPECT_GE(t, 0.0);
    EXPECT_LE(t, 1.0);
    EXPECT_EQ(read_json(tmp.file("m.json")).at("threshold").get<double>(), t);
    thresholds.push_back(t);
  }
  EXPECT_NE(thresholds[0], thresholds[1]);  // different out-of-fold scores
  const auto bad = rarenet("train " + q(kPima) + " --threshold auto:f1 --threshold-folds 1 -o " +
                           q(tmp.file("bad.json")));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--threshold-folds"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(tmp.file("bad.json")));
}

TEST(StandardInput, TrainingFromStdinWritesTheSameModelAsFromTheFile) {
  TempDir tmp;
  const std::string from_file = tmp.file("file.json"), from_stdin = tmp.file("stdin.json");
  auto r = rarenet("train " + q(kPima) + kSmall + "--target y --seed 7 -o " + q(from_file));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = rarenet("train -" + kSmall + "--target y --seed 7 -o " + q(from_stdin), read_text(kPima));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string a = read_text(from_file);
  EXPECT_GT(a.size(), 100u);
  EXPECT_EQ(a, read_text(from_stdin));  // same data, same seed: the same bytes
}

TEST(MultiLabel, PriorCorrectionHoldsEachLabelsBalancedWeights) {
  TempDir tmp;
  const std::string data = tmp.file("data.csv"), model = tmp.file("m.json");
  const std::string base = tmp.file("base.csv");
  auto r = rarenet(
      "make-classification --n-samples 600 --n-features 5 --weights 0.85 --random-state 11 -o " +
      q(base));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A second label: x0 above 1, rarer than the first; each line of the file gains its cell.
  const Table t = read_csv(base);
  std::istringstream lines(read_text(base));
  std::string line, csv;
  std::getline(lines, line);
  csv = line + ",z\n";
  std::array<std::array<double, 2>, 2> counts{};
  for (Index i = 0; i < t.rows(); ++i) {
    ASSERT_TRUE(std::getline(lines, line));
    const int y = static_cast<int>(t.values(i, 5)), z = t.values(i, 0) > 1.0 ? 1 : 0;
    ++counts[0][y], ++counts[1][z];
    csv += line + "," + std::to_string(z) + "\n";
  }
  write_text(data, csv);
  ASSERT_GT(counts[1][1], 10);
  r = rarenet("train " + q(data) + " --target y,z" + kSmall +
              "--class-weight balanced --calibrate prior -o " + q(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json m = read_json(model);
  const auto correction = m.at("prior_correction").get<std::vector<double>>();
  ASSERT_EQ(correction.size(), 4u);  // 2 classes x 2 labels
  const auto per_label = m.at("class_weight").at("values").get<std::vector<std::vector<double>>>();
  ASSERT_EQ(per_label.size(), 2u);
  for (std::size_t l = 0; l < 2; ++l)
    for (std::size_t c = 0; c < 2; ++c) {
      // scikit-learn's balanced weight: n_samples / (n_classes * count)
      const double balanced = 600.0 / (2.0 * counts[l][c]);
      EXPECT_NEAR(correction[2 * l + c], balanced, 1e-12) << "label " << l << ", class " << c;
      EXPECT_EQ(correction[2 * l + c], per_label[l][c]) << "label " << l << ", class " << c;
    }
}

TEST(ImbalancedLearn, SpecificityAndGeometricMeanMatch) {
  RARENET_REQUIRE_PYTHON("imblearn", "python3-imblearn");
  RandomState rng(21);
  json requests = json::array();
  std::vector<std::pair<Labels, Labels>> cases;
  for (int k = 0; k < 12; ++k) {
    const int n = 5 + 7 * k;
    const double rare = 0.05 + 0.04 * k, hit = 0.3 + 0.05 * k;
    Labels y_true(n), y_pred(n);
    for (int i = 0; i < n; ++i) {
      y_true[i] = rng.random_sample() < rare ? 1 : 0;
      y_pred[i] = rng.random_sample() < hit ? y_true[i] : 1 - y_true[i];
    }
    y_true[0] = 0, y_true[1] = 1;  // both classes present
    cases.emplace_back(y_true, y_pred);
    requests.push_back({{"y_true", y_true}, {"y_pred", y_pred}});
  }
  const json replies = testing::ask_oracle("imblearn_metrics.py", requests);
  ASSERT_TRUE(replies.is_array());
  ASSERT_EQ(replies.size(), cases.size());
  TempDir tmp;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const auto& [y_true, y_pred] = cases[k];
    const double spec = replies[k].at("specificity"), gmean = replies[k].at("g_mean");
    EXPECT_NEAR(specificity_score(y_true, y_pred, {0, 1}), spec, 1e-12) << "case " << k;
    EXPECT_NEAR(geometric_mean_score(y_true, y_pred), gmean, 1e-12) << "case " << k;
    // The metrics command: scores 0.2 / 0.8 put each row on the predicted side of 0.5.
    std::string csv = "y,s\n";
    for (std::size_t i = 0; i < y_true.size(); ++i)
      csv += std::to_string(y_true[i]) + (y_pred[i] == 1 ? ",0.8\n" : ",0.2\n");
    const auto r = rarenet("metrics - --score s --json", csv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json m = parse_json(r.out);
    EXPECT_NEAR(m.at("specificity").get<double>(), spec, 1e-12) << "case " << k;
    EXPECT_NEAR(m.at("g_mean").get<double>(), gmean, 1e-12) << "case " << k;
  }
}

}  // namespace
}  // namespace rarenet
