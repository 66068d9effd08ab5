// Metrics against scikit-learn itself: every figure to 1e-12 and the report text identical.
#include <nlohmann/json.hpp>

#include "rarenet/evaluation.hpp"
#include "rarenet/metrics.hpp"
#include "rarenet/random.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

void expect_close(double got, double want, const std::string& what) {
  EXPECT_NEAR(got, want, 1e-12 * std::max(1.0, std::fabs(want))) << what;
}

void expect_close(const std::vector<double>& got, const json& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i)
    expect_close(got[i], want[i].get<double>(), what + "[" + std::to_string(i) + "]");
}

struct BinaryCase {
  std::string name;
  Labels y_true;
  std::vector<double> scores;
  std::vector<double> weight;
  double threshold = 0.5;
};

// Scores rounded to `decimals` create many ties, the hard part of ROC and PR curves.
BinaryCase make_case(std::string name, std::uint32_t seed, int n, double positive_rate,
                     int decimals, bool weighted, double threshold = 0.5) {
  RandomState rng(seed);
  BinaryCase c{std::move(name), {}, {}, {}, threshold};
  const double scale = std::pow(10.0, decimals);
  for (int i = 0; i < n; ++i) {
    const bool pos = rng.random_sample() < positive_rate;
    c.y_true.push_back(pos ? 1 : 0);
    double s = std::clamp(0.5 * rng.random_sample() + (pos ? 0.35 : 0.1), 0.0, 1.0);
    c.scores.push_back(std::round(s * scale) / scale);
    if (weighted) c.weight.push_back(0.5 + 2 * rng.random_sample());
  }
  return c;
}

TEST(MetricsConformance, BinaryFiguresCurvesAndReportEqualScikitLearn) {
  RARENET_REQUIRE_PYTHON("sklearn", "python3-sklearn");
  std::vector<BinaryCase> cases = {
      make_case("ties", 1, 500, 0.1, 1, false),
      make_case("many ties", 2, 2000, 0.02, 2, false, 0.3),
      make_case("weighted ties", 3, 800, 0.2, 2, true),
      make_case("continuous", 4, 1000, 0.05, 12, false, 0.42),
  };
  // All-one-class predictions: every score below the threshold.
  BinaryCase none = make_case("nothing predicted positive", 5, 300, 0.1, 2, false, 0.99);
  cases.push_back(none);
  for (const BinaryCase& c : cases) {
    SCOPED_TRACE(c.name);
    RowMatrixD proba(static_cast<Index>(c.scores.size()), 2);
    for (std::size_t i = 0; i < c.scores.size(); ++i)
      proba.row(static_cast<Index>(i)) << 1 - c.scores[i], c.scores[i];
    const Labels y_pred = predict_labels(proba, {0, 1}, c.threshold);
    json request = {{"y_true", c.y_true},
                    {"y_pred", y_pred},
                    {"scores", c.scores},
                    {"classes", {0, 1}},
                    {"digits", {2, 3, 4}}};
    request["sample_weight"] = c.weight.empty() ? json(nullptr) : json(c.weight);
    const json want = testing::ask_oracle("sklearn_metrics.py", request);

    const Curve roc = roc_curve(c.y_true, c.scores, 1, c.weight);
    expect_close(roc.x, want["roc_curve"]["fpr"], "fpr");
    expect_close(roc.y, want["roc_curve"]["tpr"], "tpr");
    expect_close(roc.thresholds, want["roc_curve"]["thresholds"], "roc thresholds");
    expect_close(roc_auc_score(c.y_true, c.scores, 1, c.weight), want["roc_auc"].get<double>(),
                 "roc_auc");
    const Curve pr = precision_recall_curve(c.y_true, c.scores, 1, c.weight);
    expect_close(pr.y, want["pr_curve"]["precision"], "precision curve");
    expect_close(pr.x, want["pr_curve"]["recall"], "recall curve");
    expect_close(pr.thresholds, want["pr_curve"]["thresholds"], "pr thresholds");
    expect_close(average_precision_score(c.y_true, c.scores, 1, c.weight),
                 want["average_precision"].get<double>(), "average_precision");

    const Evaluation e = evaluate_predictions(c.y_true, proba, {0, 1}, c.threshold);
    expect_close(e.balanced_accuracy, want["balanced_accuracy"].get<double>(), "balanced accuracy");
    expect_close(e.mcc, want["mcc"].get<double>(), "mcc");
    expect_close(e.log_loss, want["log_loss"].get<double>(), "log loss");
    expect_close(e.brier, want["brier"].get<double>(), "brier");
    expect_close(e.report.accuracy, want["accuracy"].get<double>(), "accuracy");
    for (int k = 0; k < 2; ++k) {
      const json& w = want["report"][std::to_string(k)];
      expect_close(e.report.per_class[k].precision, w["precision"].get<double>(), "precision");
      expect_close(e.report.per_class[k].recall, w["recall"].get<double>(), "recall");
      expect_close(e.report.per_class[k].f1, w["f1-score"].get<double>(), "f1");
      EXPECT_EQ(e.report.per_class[k].support, w["support"].get<std::int64_t>());
    }
    expect_close(e.report.macro_avg.f1, want["report"]["macro avg"]["f1-score"].get<double>(),
                 "macro f1");
    expect_close(e.report.weighted_avg.precision,
                 want["report"]["weighted avg"]["precision"].get<double>(), "weighted precision");
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        EXPECT_EQ(e.confusion.counts(i, j), want["confusion_matrix"][i][j].get<std::int64_t>());
    for (int digits : {2, 3, 4})
      EXPECT_EQ(format_classification_report(e.report, digits),
                want["report_text"][std::to_string(digits)].get<std::string>())
          << "digits " << digits;
  }
}

TEST(MetricsConformance, MultiClassWithNonContiguousLabels) {
  RARENET_REQUIRE_PYTHON("sklearn", "python3-sklearn");
  for (const std::vector<std::int64_t>& classes :
       {std::vector<std::int64_t>{1, 3, 7}, std::vector<std::int64_t>{0, 2, 5, 1000}}) {
    RandomState rng(static_cast<std::uint32_t>(classes.size()));
    const int n = 600;
    const Index k = static_cast<Index>(classes.size());
    Labels y(n);
    RowMatrixD proba(n, k);
    for (int i = 0; i < n; ++i) {
      const auto c = static_cast<Index>(rng.randint(0, k));
      y[i] = classes[c];
      double sum = 0;
      for (Index j = 0; j < k; ++j)
        sum += (proba(i, j) =
                    std::round(100 * (rng.random_sample() + (j == c ? 0.6 : 0.0))) / 100 + 0.01);
      proba.row(i) /= sum;
    }
    json jp = json::array();
    for (int i = 0; i < n; ++i)
      jp.push_back(std::vector<double>(proba.row(i).data(), proba.row(i).data() + k));
    const Labels y_pred = predict_labels(proba, classes);
    const json want = testing::ask_oracle("sklearn_metrics.py", {{"y_true", y},
                                                                 {"y_pred", y_pred},
                                                                 {"proba", jp},
                                                                 {"classes", classes},
                                                                 {"digits", {2, 5}}});
    const Evaluation e = evaluate_predictions(y, proba, classes);
    expect_close(e.roc_auc, want["roc_auc_macro"].get<double>(), "ovr macro");
    expect_close(e.roc_auc_weighted, want["roc_auc_weighted"].get<double>(), "ovr weighted");
    expect_close(e.log_loss, want["log_loss"].get<double>(), "log loss");
    expect_close(e.balanced_accuracy, want["balanced_accuracy"].get<double>(), "balanced accuracy");
    expect_close(e.mcc, want["mcc"].get<double>(), "mcc");
    EXPECT_EQ(format_classification_report(e.report, 2),
              want["report_text"]["2"].get<std::string>());
    EXPECT_EQ(format_classification_report(e.report, 5),
              want["report_text"]["5"].get<std::string>());
  }
}

TEST(MetricsConformance, ZeroDivisionReportsZeroWithAWarning) {
  RARENET_REQUIRE_PYTHON("sklearn", "python3-sklearn");
  const Labels y_true = {0, 0, 0, 1, 1, 0, 0, 0};
  const Labels y_pred(8, 0);
  const json want = testing::ask_oracle("sklearn_metrics.py",
                                        {{"y_true", y_true},
                                         {"y_pred", y_pred},
                                         {"classes", {0, 1}},
                                         {"scores", {0.1, 0.2, 0.1, 0.4, 0.3, 0.2, 0.1, 0.1}},
                                         {"digits", {2}}});
  const ClassificationReport r = classification_report(y_true, y_pred, {0, 1});
  EXPECT_TRUE(r.zero_division);
  EXPECT_EQ(r.per_class[1].precision, 0.0);
  EXPECT_EQ(format_classification_report(r, 2), want["report_text"]["2"].get<std::string>());
}

}  // namespace
}  // namespace rarenet
