// Criteria, threshold tuning and prior correction on scores whose answer is known.
#include <cmath>

#include "rarenet/classifier.hpp"
#include "rarenet/error.hpp"
#include "rarenet/metrics.hpp"
#include "rarenet/random.hpp"
#include "rarenet/selection.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

TEST(Criterion, ParsesEveryNameAndRejectsOthersListingThem) {
  for (const char* s : {"break-even", "f1", "fbeta:2", "balanced-accuracy", "g-mean", "mcc", "average-precision",
                        "recall-at-precision:0.8", "cost:10,1"})
    EXPECT_EQ(to_string(parse_criterion(s)), s);
  try {
    parse_criterion("accuracy");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("valid criteria: break-even, f1"), std::string::npos);
  }
  EXPECT_THROW(parse_criterion("fbeta"), ConfigError);
  EXPECT_THROW(parse_criterion("cost:1"), ConfigError);
  EXPECT_THROW(parse_criterion("recall-at-precision:1.5"), ConfigError);
}

// 10 positives and 90 negatives. Positives score 0.95 (x6), 0.6 (x2), 0.3 (x2); negatives score
// 0.7 (x2), 0.5 (x8), 0.1 (x80).
struct Scores {
  Labels y;
  std::vector<double> p;
  Scores() {
    auto add = [&](int label, double score, int n) {
      for (int i = 0; i < n; ++i) y.push_back(label), p.push_back(score);
    };
    add(1, 0.95, 6), add(1, 0.6, 2), add(1, 0.3, 2), add(0, 0.7, 2), add(0, 0.5, 8), add(0, 0.1, 80);
  }
};

TEST(TuneThreshold, EachCriterionPicksItsOwnThreshold) {
  const Scores s;
  // break-even: predicted positives closest to the 10 actual -> threshold 0.6 (6 + 2 + 2 = 10).
  EXPECT_DOUBLE_EQ(tune_threshold(s.y, s.p, parse_criterion("break-even")).threshold, 0.6);
  // F1: at 0.95 -> 6/6, 6/10 -> 0.75; at 0.7 -> 0.667; at 0.6 -> 0.8; at 0.5 -> 8/18 -> 0.571.
  const ThresholdChoice f1 = tune_threshold(s.y, s.p, parse_criterion("f1"));
  EXPECT_DOUBLE_EQ(f1.threshold, 0.6);
  EXPECT_DOUBLE_EQ(f1.value, 0.8);
  // Recall matters 4x: taking everything at 0.3 (recall 1, precision 10/20) beats 0.6.
  EXPECT_DOUBLE_EQ(tune_threshold(s.y, s.p, parse_criterion("fbeta:2")).threshold, 0.3);
  // Precision 1 is reached only at 0.95.
  const ThresholdChoice rp = tune_threshold(s.y, s.p, parse_criterion("recall-at-precision:1"));
  EXPECT_DOUBLE_EQ(rp.threshold, 0.95);
  EXPECT_DOUBLE_EQ(rp.value, 0.6);
  // Missing a positive costs 100, a false alarm 1: catch all 10 at 0.3 (10 false alarms).
  EXPECT_DOUBLE_EQ(tune_threshold(s.y, s.p, parse_criterion("cost:100,1")).threshold, 0.3);
  // False alarms cost 100: only the sure ones.
  EXPECT_DOUBLE_EQ(tune_threshold(s.y, s.p, parse_criterion("cost:1,100")).threshold, 0.95);
  // Balanced accuracy: at 0.3 -> (1 + 80/90) / 2 = 0.944, the best.
  EXPECT_DOUBLE_EQ(tune_threshold(s.y, s.p, parse_criterion("balanced-accuracy")).threshold, 0.3);
  // Values agree with the metrics functions at the chosen threshold.
  const ThresholdChoice ba = tune_threshold(s.y, s.p, parse_criterion("balanced-accuracy"));
  Labels pred;
  for (double v : s.p) pred.push_back(v >= ba.threshold ? 1 : 0);
  EXPECT_NEAR(ba.value, balanced_accuracy_score(s.y, pred), 1e-15);
  const ThresholdChoice mcc = tune_threshold(s.y, s.p, parse_criterion("mcc"));
  pred.clear();
  for (double v : s.p) pred.push_back(v >= mcc.threshold ? 1 : 0);
  EXPECT_NEAR(mcc.value, matthews_corrcoef(s.y, pred), 1e-12);
  EXPECT_NEAR(tune_threshold(s.y, s.p, parse_criterion("average-precision")).value,
              average_precision_score(s.y, s.p), 1e-15);
}

TEST(ChooseCandidate, HighestValueWinsAndTiesGoToTheEarliest) {
  const Criterion c = parse_criterion("f1");
  EXPECT_EQ(choose_candidate(c, {0.2, 0.7, 0.5}), 1u);
  EXPECT_EQ(choose_candidate(c, {0.7, 0.7, 0.5}), 0u);
  EXPECT_THROW(choose_candidate(c, {}), ConfigError);
}

TEST(PriorCorrection, RestoresTheTrueProbabilitiesExactly) {
  // A model trained with weights w over-states class c as w_c p_c / sum_k w_k p_k.
  const std::vector<double> w = {0.6, 25.0};
  RowMatrixD weighted(50, 2), truth(50, 2);
  for (int i = 0; i < 50; ++i) {
    const double p = 0.001 + 0.998 * i / 49.0;
    truth.row(i) << 1 - p, p;
    const double z = w[0] * (1 - p) + w[1] * p;
    weighted.row(i) << w[0] * (1 - p) / z, w[1] * p / z;
  }
  const RowMatrixD corrected = prior_correct(weighted, w);
  EXPECT_LT((corrected - truth).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(PriorCorrection, MakesAWeightedModelCalibratedAgain) {
  // Known truth: P(y = 1 | x) = sigmoid(3x - 4), x ~ N(0, 1): about 5 % positives.
  RandomState rng(1);
  const int n = 20000;
  Dataset d;
  d.X.resize(n, 1);
  d.Y.resize(n, 1);
  d.feature_names = {"x"};
  d.target_names = {"y"};
  for (int i = 0; i < n; ++i) {
    const double x = rng.standard_normal();
    d.X(i, 0) = x;
    d.Y(i, 0) = rng.random_sample() < 1 / (1 + std::exp(-(3 * x - 4))) ? 1 : 0;
  }
  TrainOptions o;
  o.hidden = {};  // logistic regression: the model family holds the truth
  o.class_weight = parse_class_weight("0:1,1:10");
  o.train.epochs = 20;
  o.train.batch_size = 64;
  o.train.optimizer.learning_rate = 0.01f;
  Classifier model = train_classifier(d, o);
  const Labels y = d.labels();
  const RowMatrixD raw = model.predict_proba(d.X);
  model.prior_correction = model.class_weight_values.front();
  const RowMatrixD corrected = model.predict_proba(d.X);
  double observed = 0, mean_raw = 0, mean_corrected = 0;
  for (int i = 0; i < n; ++i) observed += y[i], mean_raw += raw(i, 1), mean_corrected += corrected(i, 1);
  observed /= n, mean_raw /= n, mean_corrected /= n;
  EXPECT_GT(mean_raw, 2 * observed);                      // weighted: far too many positives
  EXPECT_NEAR(mean_corrected, observed, 0.15 * observed);  // corrected: calibrated
  EXPECT_LT(log_loss(y, corrected, {0, 1}), log_loss(y, raw, {0, 1}));
}

}  // namespace
}  // namespace rarenet
