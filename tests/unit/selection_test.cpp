// Criteria, threshold tuning and prior correction on scores whose answer is known.
#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <set>

#include "rarenet/classifier.hpp"
#include "rarenet/error.hpp"
#include "rarenet/metrics.hpp"
#include "rarenet/random.hpp"
#include "rarenet/selection.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

TEST(Criterion, ParsesEveryNameAndRejectsOthersListingThem) {
  for (const char* s : {"break-even", "f1", "fbeta:2", "balanced-accuracy", "g-mean", "mcc",
                        "average-precision", "recall-at-precision:0.8", "cost:10,1"})
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
    add(1, 0.95, 6), add(1, 0.6, 2), add(1, 0.3, 2), add(0, 0.7, 2), add(0, 0.5, 8),
        add(0, 0.1, 80);
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

Labels predict(const std::vector<double>& p, double threshold, std::int64_t neg = 0,
               std::int64_t pos = 1) {
  Labels out;
  for (double v : p) out.push_back(v >= threshold ? pos : neg);
  return out;
}

// Scores at ten levels 0.95, 0.85, ..., 0.05 with these positives and negatives at each level
// (13 positives, 83 negatives). Built so that eight criteria choose eight different thresholds:
//   level      0.95  0.85  0.75  0.65  0.55  0.45  0.35  0.25  0.15  0.05
//   tp (cum)      2     4     4     5     7     8     8     9    10    13
//   fp (cum)      0     4    12    16    18    26    34    35    43    83
struct Distinct {
  Labels y;
  std::vector<double> p;
  std::vector<double> levels = {0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25, 0.15, 0.05};
  explicit Distinct(std::int64_t neg = 0, std::int64_t pos = 1) {
    const int n_pos[10] = {2, 2, 0, 1, 2, 1, 0, 1, 1, 3};
    const int n_neg[10] = {0, 4, 8, 4, 2, 8, 8, 1, 8, 40};
    for (int l = 0; l < 10; ++l) {
      for (int i = 0; i < n_neg[l]; ++i) y.push_back(neg), p.push_back(levels[l]);
      for (int i = 0; i < n_pos[l]; ++i) y.push_back(pos), p.push_back(levels[l]);
    }
  }
};

// criterion -> the threshold it must choose on Distinct.
const std::vector<std::pair<const char*, double>> kDistinctAnswers = {
    {"mcc", 0.95},                      // 0.369 (0.85: 0.321)
    {"f1", 0.85},                       // 8/21 = 0.381 (0.55: 0.368)
    {"break-even", 0.75},               // 16 predicted for 13 actual (0.85: 8)
    {"balanced-accuracy", 0.55},        // 0.661 (0.45: 0.651)
    {"g-mean", 0.45},                   // 0.6501 (0.55: 0.6494)
    {"recall-at-precision:0.2", 0.25},  // recall 9/13 at precision 9/44 (0.15: 10/53 < 0.2)
    {"fbeta:2", 0.15},                  // 0.476 (0.25: 0.469)
    {"cost:20,1", 0.05},                // 83 false alarms beat 20 per missed positive
};

TEST(TuneThreshold, EightCriteriaChooseEightDifferentThresholds) {
  const Distinct d;
  std::set<double> chosen;
  for (const auto& [name, want] : kDistinctAnswers) {
    const Criterion c = parse_criterion(name);
    const ThresholdChoice t = tune_threshold(d.y, d.p, c);
    EXPECT_EQ(t.threshold, want) << name;
    chosen.insert(t.threshold);
    EXPECT_EQ(t.actual_positives, 13);
    // The chosen level is strictly the best of all (break-even: by its own key).
    for (double level : d.levels) {
      if (level == want) continue;
      if (c.kind == Criterion::Kind::BreakEven) {
        const auto pred = predict(d.p, level);
        const auto n_pred = std::count(pred.begin(), pred.end(), 1);
        EXPECT_GT(std::abs(n_pred - 13), std::abs(t.predicted_positives - 13)) << level;
      } else {
        EXPECT_LT(criterion_value(c, d.y, d.p, level), t.value) << name << " at " << level;
      }
    }
  }
  EXPECT_EQ(chosen.size(), kDistinctAnswers.size());
  // Average precision compares candidates without a threshold; its threshold is F1's.
  const ThresholdChoice ap = tune_threshold(d.y, d.p, parse_criterion("average-precision"));
  EXPECT_EQ(ap.threshold, 0.85);
  EXPECT_NEAR(ap.value, average_precision_score(d.y, d.p), 1e-15);
}

TEST(TuneThreshold, ValuesEqualTheMetricsFunctionsAtTheChosenThreshold) {
  const Distinct d;
  for (const auto& [name, want] : kDistinctAnswers) {
    const Criterion c = parse_criterion(name);
    const ThresholdChoice t = tune_threshold(d.y, d.p, c);
    const Labels pred = predict(d.p, t.threshold);
    const ClassificationReport r = classification_report(d.y, pred, {0, 1});
    const ClassScores& pos = r.per_class[1];
    EXPECT_NEAR(t.precision, pos.precision, 1e-15) << name;
    EXPECT_NEAR(t.recall, pos.recall, 1e-15) << name;
    EXPECT_EQ(t.predicted_positives, std::count(pred.begin(), pred.end(), 1)) << name;
    double expected = 0;
    switch (c.kind) {
      case Criterion::Kind::FBeta: {
        const double b2 = c.beta * c.beta;
        expected = (1 + b2) * pos.precision * pos.recall / (b2 * pos.precision + pos.recall);
        break;
      }
      case Criterion::Kind::BreakEven:
        expected = pos.f1;
        break;
      case Criterion::Kind::BalancedAccuracy:
        expected = balanced_accuracy_score(d.y, pred);
        break;
      case Criterion::Kind::GMean:
        expected = geometric_mean_score(d.y, pred);
        break;
      case Criterion::Kind::Mcc:
        expected = matthews_corrcoef(d.y, pred);
        break;
      case Criterion::Kind::RecallAtPrecision:
        EXPECT_GE(pos.precision, c.min_precision);
        expected = pos.recall;
        break;
      case Criterion::Kind::Cost: {
        const ConfusionMatrix cm = confusion_matrix(d.y, pred, {0, 1});
        expected = -(c.cost_fn * static_cast<double>(cm.counts(1, 0)) +
                     c.cost_fp * static_cast<double>(cm.counts(0, 1))) /
                   static_cast<double>(d.y.size());
        break;
      }
      default:
        FAIL() << name;
    }
    EXPECT_NEAR(t.value, expected, 1e-12) << name;
    EXPECT_NEAR(criterion_value(c, d.y, d.p, t.threshold), expected, 1e-12) << name;
    if (c.kind == Criterion::Kind::FBeta && c.beta == 1.0) {
      EXPECT_NEAR(t.value, pos.f1, 1e-15);
    }
  }
}

TEST(TuneThreshold, AnyTwoLabelsTheLargerIsPositive) {
  const Distinct d01, d(-4, 9);
  for (const auto& [name, want] : kDistinctAnswers) {
    const ThresholdChoice a = tune_threshold(d01.y, d01.p, parse_criterion(name));
    const ThresholdChoice b = tune_threshold(d.y, d.p, parse_criterion(name));
    EXPECT_EQ(b.threshold, want) << name;
    EXPECT_EQ(b.value, a.value) << name;
  }
  // Swapping which label is larger swaps the roles: now the 83 "negatives" are the positives.
  const Distinct swapped(9, -4);
  EXPECT_EQ(tune_threshold(swapped.y, swapped.p, parse_criterion("f1")).actual_positives, 83);
}

TEST(TuneThreshold, AgreesWithBruteForceOnRandomScoresWithTies) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  for (int rep = 0; rep < 5; ++rep) {
    Labels y;
    std::vector<double> p;
    for (int i = 0; i < 400; ++i) {
      const int label = u(rng) < 0.08 ? 1 : 0;
      // Scores on a grid of 0.02 (many ties), higher for positives on average.
      const double s = std::min(1.0, std::floor((0.6 * u(rng) + 0.35 * label) * 50) / 50);
      y.push_back(label);
      p.push_back(s);
    }
    std::set<double> thresholds(p.begin(), p.end());
    thresholds.insert(std::nextafter(*thresholds.rbegin(), 2.0));
    for (const char* name : {"f1", "fbeta:0.5", "fbeta:3", "balanced-accuracy", "g-mean", "mcc",
                             "recall-at-precision:0.3", "cost:12,1", "cost:1,1"}) {
      const Criterion c = parse_criterion(name);
      const ThresholdChoice t = tune_threshold(y, p, c);
      double best = -1e300;
      for (double th : thresholds) best = std::max(best, criterion_value(c, y, p, th));
      EXPECT_EQ(t.value, best) << name << " rep " << rep;
      EXPECT_EQ(criterion_value(c, y, p, t.threshold), t.value) << name;
      // Among equally good thresholds the one closest to 0.5 is taken (recall-at-precision:
      // after the higher precision).
      if (c.kind != Criterion::Kind::RecallAtPrecision)
        for (double th : thresholds)
          if (criterion_value(c, y, p, th) == best) {
            EXPECT_LE(std::abs(t.threshold - 0.5), std::abs(th - 0.5)) << name;
          }
    }
    // Break-even: the predicted count is as close to the actual count as any threshold gets.
    const ThresholdChoice be = tune_threshold(y, p, parse_criterion("break-even"));
    for (double th : thresholds) {
      const auto pred = predict(p, th);
      EXPECT_LE(std::abs(be.predicted_positives - be.actual_positives),
                std::abs(std::count(pred.begin(), pred.end(), 1) - be.actual_positives));
    }
  }
}

TEST(TuneThreshold, TiesGoToTheThresholdClosestToHalfThenTheHigher) {
  // cost:1,1 counts errors: one error at 0.8 and at 0.4 -> 0.4, the closer to 0.5.
  const Labels y = {1, 0, 1, 0};
  EXPECT_EQ(tune_threshold(y, {0.8, 0.6, 0.4, 0.2}, parse_criterion("cost:1,1")).threshold, 0.4);
  EXPECT_EQ(tune_threshold(y, {0.9, 0.7, 0.55, 0.2}, parse_criterion("cost:1,1")).threshold, 0.55);
  // One error at 0.75 and at 0.25, equally far from 0.5 -> the higher.
  EXPECT_EQ(tune_threshold(y, {0.75, 0.5, 0.25, 0.125}, parse_criterion("cost:1,1")).threshold,
            0.75);
}

TEST(TuneThreshold, BreakEvenTiesGoToTheBetterF1) {
  // 10 positives: 9 predicted at 0.9 (all right) or 11 at 0.45 (two false alarms). Both miss
  // the count by one; 0.9 has the better F1 (18/19 against 18/21), though 0.45 is nearer 0.5.
  Labels y;
  std::vector<double> p;
  auto add = [&](int label, double score, int n) {
    for (int i = 0; i < n; ++i) y.push_back(label), p.push_back(score);
  };
  add(1, 0.9, 9), add(0, 0.45, 2), add(1, 0.05, 1), add(0, 0.02, 30);
  const ThresholdChoice t = tune_threshold(y, p, parse_criterion("break-even"));
  EXPECT_EQ(t.threshold, 0.9);
  EXPECT_EQ(t.predicted_positives, 9);
  EXPECT_DOUBLE_EQ(t.value, 18.0 / 19);
}

TEST(TuneThreshold, RecallAtPrecisionKeepsTheFewestFalseAlarms) {
  // Recall 4/5 holds at 0.9 (precision 1) and at 0.8 (precision 4/5 = P): lowering the
  // threshold to 0.8 only adds a false alarm, so 0.9 is chosen.
  Labels y = {1, 1, 1, 1, 0, 0, 0, 1};
  std::vector<double> p = {0.9, 0.9, 0.9, 0.9, 0.8, 0.5, 0.5, 0.2};
  for (int i = 0; i < 10; ++i) y.push_back(0), p.push_back(0.1);
  const ThresholdChoice t = tune_threshold(y, p, parse_criterion("recall-at-precision:0.8"));
  EXPECT_EQ(t.threshold, 0.9);
  EXPECT_DOUBLE_EQ(t.value, 0.8);
  EXPECT_DOUBLE_EQ(t.precision, 1.0);
  EXPECT_DOUBLE_EQ(criterion_value(parse_criterion("recall-at-precision:0.8"), y, p, 0.8), 0.8);
  EXPECT_EQ(criterion_value(parse_criterion("recall-at-precision:0.8"), y, p, 0.5), 0.0);
  // Out of reach (the top score is a negative): value 0, the most precise threshold.
  const Labels y2 = {0, 1, 1, 1, 0, 0, 0, 1};
  const std::vector<double> p2 = {0.9, 0.8, 0.8, 0.8, 0.3, 0.3, 0.3, 0.1};
  const ThresholdChoice u = tune_threshold(y2, p2, parse_criterion("recall-at-precision:1"));
  EXPECT_EQ(u.value, 0.0);
  EXPECT_EQ(u.threshold, 0.8);
  EXPECT_DOUBLE_EQ(u.precision, 0.75);
}

TEST(TuneThreshold, CanPredictNoPositivesAtAll) {
  // False alarms cost 1000 and the best positive is outscored by a negative: predict none.
  const Labels y = {0, 1, 0, 0, 1};
  const std::vector<double> p = {0.7, 0.6, 0.3, 0.2, 0.1};
  const ThresholdChoice t = tune_threshold(y, p, parse_criterion("cost:1,1000"));
  EXPECT_GT(t.threshold, 0.7);
  EXPECT_EQ(t.threshold, std::nextafter(0.7, 1.0));
  EXPECT_EQ(t.predicted_positives, 0);
  EXPECT_DOUBLE_EQ(t.value, -2.0 / 5);
}

TEST(TuneThreshold, RejectsWhatItCannotJudge) {
  const Criterion f1 = parse_criterion("f1");
  EXPECT_NE(testing::error_message([&] {
              tune_threshold({1, 1, 1}, {0.2, 0.3, 0.4}, f1);
            }).find("only class 1"),
            std::string::npos);
  EXPECT_NE(testing::error_message([&] {
              tune_threshold({0, 1, 2}, {0.2, 0.3, 0.4}, f1);
            }).find("more than two classes"),
            std::string::npos);
  EXPECT_THROW(tune_threshold({0, 1}, {0.2}, f1), InputError);
  EXPECT_THROW(tune_threshold({}, {}, f1), InputError);
  EXPECT_NE(testing::error_message([&] {
              tune_threshold({0, 1}, {0.2, std::nan("")}, f1);
            }).find("row 1"),
            std::string::npos);
  EXPECT_THROW(criterion_value(f1, {0, 1}, {0.2, INFINITY}, 0.5), InputError);
}

TEST(TuneThreshold, LargeInputsAreOneSortAndOneSweep) {
  // 400,000 rows: an exact search that re-counted per threshold would take minutes.
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  Labels y(400000);
  std::vector<double> p(400000);
  for (std::size_t i = 0; i < y.size(); ++i) {
    y[i] = u(rng) < 0.01;
    p[i] = 0.7 * u(rng) + 0.3 * static_cast<double>(y[i]);
  }
  const ThresholdChoice t = tune_threshold(y, p, parse_criterion("f1"));
  EXPECT_NEAR(criterion_value(parse_criterion("f1"), y, p, t.threshold), t.value, 1e-15);
  EXPECT_GT(t.value, 0.2);
}

TEST(Criterion, ParameterErrorsAndRoundTrip) {
  const std::string unknown = testing::error_message([] { parse_criterion("precision"); });
  for (const char* name : {"break-even", "f1", "fbeta:B", "balanced-accuracy", "g-mean", "mcc",
                           "average-precision", "recall-at-precision:P", "cost:FN,FP"})
    EXPECT_NE(unknown.find(name), std::string::npos) << name;
  EXPECT_NE(unknown.find("'precision'"), std::string::npos);
  EXPECT_NE(testing::error_message([] { parse_criterion("f1:2"); }).find("takes no parameter"),
            std::string::npos);
  EXPECT_NE(testing::error_message([] { parse_criterion("cost"); }).find("missing its parameter"),
            std::string::npos);
  for (const char* bad : {"fbeta:0", "fbeta:-1", "fbeta:x", "fbeta:", "recall-at-precision:0",
                          "recall-at-precision:nan", "cost:0,0", "cost:-1,2", "cost:1,2,3",
                          "cost:1,", "mcc:1", "F1", ""})
    EXPECT_THROW(parse_criterion(bad), ConfigError) << bad;
  for (const char* text : {"fbeta:0.5", "recall-at-precision:0.95", "cost:2.5,0.25", "cost:0,1"}) {
    const Criterion c = parse_criterion(text);
    EXPECT_EQ(to_string(c), text);
    const Criterion again = parse_criterion(to_string(c));
    EXPECT_EQ(again.kind, c.kind);
    EXPECT_EQ(again.beta, c.beta);
    EXPECT_EQ(again.min_precision, c.min_precision);
    EXPECT_EQ(again.cost_fn, c.cost_fn);
    EXPECT_EQ(again.cost_fp, c.cost_fp);
  }
  EXPECT_EQ(to_string(parse_criterion("fbeta:1")), "f1");
}

TEST(ChooseCandidate, AveragePrecisionAndF1PreferDifferentCandidates) {
  // 10 positives in 200 rows, ranked from the top. A: six positives first, four last (best F1
  // 0.75, AP 0.617). B: two positives, then eight alternating with negatives (best F1 0.714,
  // AP 0.691). F1 takes A; average precision takes B, whichever comes first.
  auto ranked = [](const std::string& top) {
    std::pair<Labels, std::vector<double>> r;
    for (std::size_t i = 0; i < 200; ++i) {
      r.first.push_back(i < top.size() ? top[i] == 'p' : 0);
      r.second.push_back(1.0 - static_cast<double>(i) / 200);
    }
    return r;
  };
  const auto a = ranked("pppppp" + std::string(190, 'n') + "pppp");
  const auto b = ranked("pp" + std::string("npnpnpnpnpnpnpnp"));
  for (const char* name : {"f1", "average-precision"}) {
    const Criterion c = parse_criterion(name);
    const double va = tune_threshold(a.first, a.second, c).value;
    const double vb = tune_threshold(b.first, b.second, c).value;
    const std::size_t want = std::string(name) == "f1" ? 0 : 1;
    EXPECT_EQ(choose_candidate(c, {va, vb}), want) << name;
    EXPECT_EQ(choose_candidate(c, {vb, va}), 1 - want) << name;
  }
  EXPECT_NEAR(tune_threshold(a.first, a.second, parse_criterion("f1")).value, 0.75, 1e-15);
  EXPECT_NEAR(tune_threshold(b.first, b.second, parse_criterion("average-precision")).value,
              average_precision_score(b.first, b.second), 1e-15);
  // Cost values are negated costs: the cheaper candidate wins.
  EXPECT_EQ(choose_candidate(parse_criterion("cost:5,1"), {-0.4, -0.1, -0.3}), 1u);
  // NaN never wins.
  EXPECT_EQ(choose_candidate(parse_criterion("mcc"), {std::nan(""), 0.1}), 1u);
  EXPECT_EQ(choose_candidate(parse_criterion("mcc"), {0.1, std::nan(""), 0.1}), 0u);
}

TEST(PriorCorrection, ExactOnAnalyticWeightedPosteriors) {
  // x ~ U(0, 1), P(y = 1 | x) = 0.005 + 0.4 x^3. A model fitted with class weights w estimates
  // the weighted posterior w1 p / (w1 p + w0 (1 - p)); correction must give p back.
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> u(0, 1);
  const int n = 200000;
  const std::vector<double> w = {0.51, 24.5};
  RowMatrixD weighted(n, 2);
  std::vector<double> truth(n);
  Labels y(n);
  for (int i = 0; i < n; ++i) {
    const double x = u(rng), p = 0.005 + 0.4 * x * x * x;
    truth[i] = p;
    y[i] = u(rng) < p;
    const double q = w[1] * p / (w[1] * p + w[0] * (1 - p));
    weighted.row(i) << 1 - q, q;
  }
  const RowMatrixD corrected = prior_correct(weighted, w);
  for (int i = 0; i < n; ++i) {
    ASSERT_NEAR(corrected(i, 1), truth[i], 1e-12) << i;
    ASSERT_NEAR(corrected(i, 0) + corrected(i, 1), 1.0, 1e-15);
  }
  // Monte-Carlo calibration: in ten bins of predicted probability, the mean prediction matches
  // the observed rate (within 4 standard errors); the weighted probabilities do not.
  const double edges[11] = {0, 0.01, 0.02, 0.04, 0.07, 0.1, 0.15, 0.2, 0.27, 0.34, 1};
  int off_before = 0;
  for (int b = 0; b < 10; ++b) {
    double count = 0, predicted = 0, observed = 0, raw = 0;
    for (int i = 0; i < n; ++i)
      if (corrected(i, 1) >= edges[b] && corrected(i, 1) < edges[b + 1])
        count += 1, predicted += corrected(i, 1), observed += y[i], raw += weighted(i, 1);
    ASSERT_GT(count, 1000) << "bin " << b;
    predicted /= count, observed /= count, raw /= count;
    const double se = std::sqrt(predicted * (1 - predicted) / count);
    EXPECT_NEAR(observed, predicted, 4 * se + 1e-3) << "bin " << b;
    off_before += std::abs(raw - observed) > 10 * se;
  }
  EXPECT_EQ(off_before, 10);
}

TEST(PriorCorrection, MultiClassAndEdgeCases) {
  // Three classes: correction inverts w_c p_c / sum_k w_k p_k for any weights.
  const std::vector<double> w = {0.4, 3.0, 11.0};
  const RowMatrixD truth = (RowMatrixD(3, 3) << 0.9, 0.08, 0.02, 0.2, 0.3, 0.5, 1, 0, 0).finished();
  RowMatrixD weighted(3, 3);
  for (Index i = 0; i < 3; ++i) {
    double z = 0;
    for (Index c = 0; c < 3; ++c) z += w[c] * truth(i, c);
    for (Index c = 0; c < 3; ++c) weighted(i, c) = w[c] * truth(i, c) / z;
  }
  EXPECT_LT((prior_correct(weighted, w) - truth).cwiseAbs().maxCoeff(), 1e-15);
  // Equal weights change nothing; a row of zeros stays zeros.
  EXPECT_LT((prior_correct(truth, {2, 2, 2}) - truth).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_EQ(prior_correct(RowMatrixD::Zero(1, 2), {1, 5}), RowMatrixD::Zero(1, 2));
  EXPECT_THROW(prior_correct(truth, {1, 2}), InputError);
  EXPECT_THROW(prior_correct(truth, {1, 0, 2}), InputError);
  EXPECT_THROW(prior_correct(truth, {1, -1, 2}), InputError);
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
  for (int i = 0; i < n; ++i)
    observed += y[i], mean_raw += raw(i, 1), mean_corrected += corrected(i, 1);
  observed /= n, mean_raw /= n, mean_corrected /= n;
  EXPECT_GT(mean_raw, 2 * observed);                       // weighted: far too many positives
  EXPECT_NEAR(mean_corrected, observed, 0.15 * observed);  // corrected: calibrated
  EXPECT_LT(log_loss(y, corrected, {0, 1}), log_loss(y, raw, {0, 1}));
}

}  // namespace
}  // namespace rarenet
