// Metrics against scikit-learn itself (tests/oracle/sklearn_metrics.py, run live): every figure
// to 1e-12 (relative, or absolute below 1) and the classification_report text identical.
// Cases: scores with many ties, sample weights (some zero), nothing / everything predicted
// positive, one class only in y_true, labels other than 0/1, random sizes, 3-, 4- and 10-class
// problems with non-contiguous labels, label sets that differ from the labels present, target
// names, and multi-label reports.
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

void expect_scores(const ClassScores& got, const json& want, const std::string& what) {
  expect_close(got.precision, want["precision"].get<double>(), what + " precision");
  expect_close(got.recall, want["recall"].get<double>(), what + " recall");
  expect_close(got.f1, want["f1-score"].get<double>(), what + " f1");
  EXPECT_EQ(got.support, want["support"].get<std::int64_t>()) << what << " support";
}

// The numbers of classification_report(output_dict=True), row by row.
void expect_report(const ClassificationReport& r, const json& want) {
  ASSERT_EQ(r.per_class.size(), r.classes.size());
  for (std::size_t k = 0; k < r.classes.size(); ++k) {
    const std::string key = std::to_string(r.classes[k]);
    ASSERT_TRUE(want.contains(key)) << key;
    expect_scores(r.per_class[k], want[key], "class " + key);
  }
  expect_scores(r.macro_avg, want["macro avg"], "macro avg");
  expect_scores(r.weighted_avg, want["weighted avg"], "weighted avg");
  EXPECT_EQ(r.micro_is_accuracy, want.contains("accuracy"));
  if (r.micro_is_accuracy) {
    expect_close(r.accuracy, want["accuracy"].get<double>(), "accuracy");
    expect_close(r.micro_avg.precision, want["accuracy"].get<double>(), "micro precision");
  } else {
    expect_scores(r.micro_avg, want["micro avg"], "micro avg");
  }
}

void expect_texts(const ClassificationReport& r, const json& want,
                  const std::vector<std::string>& names = {}) {
  for (const auto& [digits, text] : want.items())
    EXPECT_EQ(format_classification_report(r, std::stoi(digits), names), text.get<std::string>())
        << "digits " << digits;
}

void expect_confusion(const ConfusionMatrix& cm, const json& want) {
  ASSERT_EQ(static_cast<std::size_t>(cm.counts.rows()), want.size());
  for (Index i = 0; i < cm.counts.rows(); ++i)
    for (Index j = 0; j < cm.counts.cols(); ++j)
      EXPECT_EQ(cm.counts(i, j), want[i][j].get<std::int64_t>()) << i << "," << j;
}

json matrix_json(const RowMatrixD& m) {
  json out = json::array();
  for (Index i = 0; i < m.rows(); ++i)
    out.push_back(std::vector<double>(m.row(i).data(), m.row(i).data() + m.cols()));
  return out;
}

struct BinaryCase {
  std::string name;
  Labels y_true;
  std::vector<double> scores;
  std::vector<double> weight;
  double threshold = 0.5;
  std::vector<std::int64_t> classes{0, 1};
};

// Scores rounded to `decimals` create many ties, the hard part of ROC and PR curves. Weighted
// cases give every tenth sample weight 0 (scikit-learn drops those before building curves).
BinaryCase make_case(std::string name, std::uint32_t seed, int n, double positive_rate,
                     int decimals, bool weighted, double threshold = 0.5,
                     std::vector<std::int64_t> classes = {0, 1}) {
  RandomState rng(seed);
  BinaryCase c{std::move(name), {}, {}, {}, threshold, classes};
  const double scale = std::pow(10.0, decimals);
  for (int i = 0; i < n; ++i) {
    const bool pos = rng.random_sample() < positive_rate;
    c.y_true.push_back(pos ? classes[1] : classes[0]);
    double s = std::clamp(0.5 * rng.random_sample() + (pos ? 0.35 : 0.1), 0.0, 1.0);
    c.scores.push_back(std::round(s * scale) / scale);
    if (weighted) c.weight.push_back(i % 10 == 3 ? 0.0 : 0.5 + 2 * rng.random_sample());
  }
  return c;
}

std::vector<std::int64_t> present_labels(const Labels& a, const Labels& b) {
  std::vector<std::int64_t> u(a.begin(), a.end());
  u.insert(u.end(), b.begin(), b.end());
  std::sort(u.begin(), u.end());
  u.erase(std::unique(u.begin(), u.end()), u.end());
  return u;
}

RowMatrixD binary_proba(const std::vector<double>& scores) {
  RowMatrixD proba(static_cast<Index>(scores.size()), 2);
  for (std::size_t i = 0; i < scores.size(); ++i)
    proba.row(static_cast<Index>(i)) << 1 - scores[i], scores[i];
  return proba;
}

void check_binary_case(const BinaryCase& c, const json& want) {
  SCOPED_TRACE(c.name);
  const std::int64_t pos = c.classes[1];
  if (want.contains("roc_curve")) {
    const Curve roc = roc_curve(c.y_true, c.scores, pos, c.weight);
    expect_close(roc.x, want["roc_curve"]["fpr"], "fpr");
    expect_close(roc.y, want["roc_curve"]["tpr"], "tpr");
    expect_close(roc.thresholds, want["roc_curve"]["thresholds"], "roc thresholds");
    expect_close(roc_auc_score(c.y_true, c.scores, pos, c.weight), want["roc_auc"].get<double>(),
                 "roc_auc");
  } else {
    ASSERT_TRUE(want.contains("roc_auc_error"));
    EXPECT_EQ(testing::error_message([&] { roc_auc_score(c.y_true, c.scores, pos); }),
              want["roc_auc_error"].get<std::string>());
  }
  const Curve pr = precision_recall_curve(c.y_true, c.scores, pos, c.weight);
  expect_close(pr.y, want["pr_curve"]["precision"], "precision curve");
  expect_close(pr.x, want["pr_curve"]["recall"], "recall curve");
  expect_close(pr.thresholds, want["pr_curve"]["thresholds"], "pr thresholds");
  expect_close(average_precision_score(c.y_true, c.scores, pos, c.weight),
               want["average_precision"].get<double>(), "average_precision");

  const RowMatrixD proba = binary_proba(c.scores);
  const Labels y_pred = predict_labels(proba, c.classes, c.threshold);
  const Evaluation e = evaluate_predictions(c.y_true, proba, c.classes, c.threshold);
  expect_close(e.balanced_accuracy, want["balanced_accuracy"].get<double>(), "balanced accuracy");
  expect_close(e.mcc, want["mcc"].get<double>(), "mcc");
  expect_close(e.g_mean, want["g_mean"].get<double>(), "g_mean");
  expect_close(e.specificity, want["specificity"].get<double>(), "specificity");
  expect_close(e.log_loss, want["log_loss"].get<double>(), "log loss");
  expect_close(e.brier, want["brier"].get<double>(), "brier");
  if (want.contains("roc_auc")) {
    expect_close(
        e.roc_auc,
        c.weight.empty() ? want["roc_auc"].get<double>() : roc_auc_score(c.y_true, c.scores, pos),
        "evaluation roc_auc");
  } else {
    EXPECT_EQ(e.roc_auc, 0.0);
    EXPECT_EQ(e.average_precision, 0.0);
    ASSERT_FALSE(e.warnings.empty());
    EXPECT_EQ(e.warnings.back().rfind("roc_auc undefined: only one class present in y_true", 0),
              0u);
  }
  expect_report(e.report, want["report"]);
  expect_confusion(e.confusion, want["confusion_matrix"]);
  expect_texts(e.report, want["report_text"]);
  EXPECT_EQ(
      e.report.zero_division,
      std::any_of(e.report.per_class.begin(), e.report.per_class.end(),
                  [](const ClassScores& s) { return s.support == 0; }) ||
          std::none_of(y_pred.begin(), y_pred.end(), [&](auto v) { return v == pos; }) ||
          std::none_of(y_pred.begin(), y_pred.end(), [&](auto v) { return v == c.classes[0]; }));
  if (!c.weight.empty()) {
    const json& w = want["weighted"];
    expect_close(balanced_accuracy_score(c.y_true, y_pred, c.weight),
                 w["balanced_accuracy"].get<double>(), "weighted balanced accuracy");
    expect_close(matthews_corrcoef(c.y_true, y_pred, c.weight), w["mcc"].get<double>(),
                 "weighted mcc");
    expect_close(log_loss(c.y_true, proba, c.classes, c.weight), w["log_loss"].get<double>(),
                 "weighted log loss");
    expect_close(brier_score_loss(c.y_true, c.scores, pos, c.weight), w["brier"].get<double>(),
                 "weighted brier");
  }
}

TEST(MetricsConformance, BinaryFiguresCurvesAndReportEqualScikitLearn) {
  RARENET_REQUIRE_PYTHON("sklearn,scipy", "python3-sklearn");
  std::vector<BinaryCase> cases = {
      make_case("ties", 1, 500, 0.1, 1, false),
      make_case("many ties", 2, 2000, 0.02, 2, false, 0.3),
      make_case("weighted ties", 3, 800, 0.2, 2, true),
      make_case("continuous", 4, 1000, 0.05, 12, false, 0.42),
      make_case("nothing predicted positive", 5, 300, 0.1, 2, false, 0.99),
      make_case("everything predicted positive", 6, 300, 0.1, 2, true, 0.0),
      make_case("labels -3 and 9", 7, 700, 0.15, 2, true, 0.4, {-3, 9}),
      make_case("no positive in y_true", 8, 200, 0.0, 1, false, 0.3),
      make_case("no negative in y_true", 9, 150, 1.0, 1, false),
      make_case("tiny", 10, 3, 0.5, 1, false),
  };
  // Perfect separation: every positive scores above every negative.
  BinaryCase perfect = make_case("perfect", 11, 400, 0.1, 2, false);
  for (std::size_t i = 0; i < perfect.scores.size(); ++i)
    perfect.scores[i] =
        perfect.y_true[i] == 1 ? 0.6 + perfect.scores[i] / 3 : perfect.scores[i] / 3;
  cases.push_back(perfect);
  // Random sizes, positive rates, numbers of distinct scores and thresholds.
  RandomState rng(2024);
  for (int k = 0; k < 12; ++k) {
    const int n = static_cast<int>(rng.randint(2, 3000));
    cases.push_back(make_case("random " + std::to_string(k) + " (n=" + std::to_string(n) + ")",
                              static_cast<std::uint32_t>(100 + k), n,
                              0.01 + 0.5 * rng.random_sample(), static_cast<int>(rng.randint(1, 5)),
                              k % 2 == 1, 0.1 + 0.8 * rng.random_sample()));
  }
  json request = {{"cases", json::array()}};
  for (const BinaryCase& c : cases) {
    const Labels y_pred = predict_labels(binary_proba(c.scores), c.classes, c.threshold);
    json r = {{"y_true", c.y_true},
              {"y_pred", y_pred},
              {"scores", c.scores},
              {"classes", c.classes},
              {"digits", {2, 3, 4}}};
    r["sample_weight"] = c.weight.empty() ? json(nullptr) : json(c.weight);
    request["cases"].push_back(r);
  }
  const json want = testing::ask_oracle("sklearn_metrics.py", request);
  ASSERT_EQ(want.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) check_binary_case(cases[i], want[i]);
}

struct MultiCase {
  std::vector<std::int64_t> classes;
  int n;
  std::uint32_t seed;
  bool weighted;
};

TEST(MetricsConformance, MultiClassWithNonContiguousLabels) {
  RARENET_REQUIRE_PYTHON("sklearn,scipy", "python3-sklearn");
  std::vector<MultiCase> specs = {
      {{1, 3, 7}, 600, 3, false},
      {{0, 2, 5, 1000}, 600, 4, true},
      // Ten classes: numpy's 8-way pairwise sums take over in the averages.
      {{0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, 1500, 10, true},
  };
  RandomState sizes(77);
  for (std::uint32_t k = 0; k < 4; ++k)
    specs.push_back(
        {{-1, 4, 5, 9, 11}, static_cast<int>(sizes.randint(20, 2500)), 20 + k, k % 2 == 1});
  json request = {{"cases", json::array()}};
  std::vector<Labels> ys;
  std::vector<RowMatrixD> probas;
  std::vector<std::vector<double>> weights;
  for (const MultiCase& m : specs) {
    RandomState rng(m.seed);
    const Index k = static_cast<Index>(m.classes.size());
    Labels y(m.n);
    RowMatrixD proba(m.n, k);
    std::vector<double> w;
    for (int i = 0; i < m.n; ++i) {
      // Rare classes: class j drawn with probability falling with j; 2-decimal scores tie a lot.
      // The first k samples hold one of each, so that every class occurs.
      Index c = 0;
      while (c + 1 < k && rng.random_sample() < 0.5) ++c;
      if (i < k) c = i;
      y[i] = m.classes[c];
      double sum = 0;
      for (Index j = 0; j < k; ++j)
        sum += (proba(i, j) =
                    std::round(100 * (rng.random_sample() + (j == c ? 0.6 : 0.0))) / 100 + 0.01);
      proba.row(i) /= sum;
      if (m.weighted) w.push_back(0.1 + rng.random_sample());
    }
    const Labels y_pred = predict_labels(proba, m.classes);
    json r = {{"y_true", y},
              {"y_pred", y_pred},
              {"proba", matrix_json(proba)},
              {"classes", m.classes},
              {"digits", {2, 5}}};
    r["sample_weight"] = w.empty() ? json(nullptr) : json(w);
    request["cases"].push_back(r);
    ys.push_back(y);
    probas.push_back(proba);
    weights.push_back(w);
  }
  const json want_all = testing::ask_oracle("sklearn_metrics.py", request);
  ASSERT_EQ(want_all.size(), specs.size());
  for (std::size_t t = 0; t < specs.size(); ++t) {
    SCOPED_TRACE(::testing::Message() << specs[t].classes.size() << " classes, n=" << specs[t].n);
    const json& want = want_all[t];
    const std::vector<std::int64_t>& classes = specs[t].classes;
    const Evaluation e = evaluate_predictions(ys[t], probas[t], classes);
    const Labels y_pred = predict_labels(probas[t], classes);
    expect_close(e.roc_auc, want["roc_auc_macro"].get<double>(), "ovr macro");
    expect_close(e.roc_auc_weighted, want["roc_auc_weighted"].get<double>(), "ovr weighted");
    expect_close(e.average_precision, want["average_precision_macro"].get<double>(), "ap macro");
    expect_close(e.log_loss, want["log_loss"].get<double>(), "log loss");
    expect_close(e.balanced_accuracy, want["balanced_accuracy"].get<double>(), "balanced accuracy");
    expect_close(e.mcc, want["mcc"].get<double>(), "mcc");
    expect_close(e.g_mean, want["g_mean"].get<double>(), "g_mean");
    expect_close(e.specificity, want["specificity"].get<double>(), "specificity");
    expect_report(e.report, want["report"]);
    expect_confusion(e.confusion, want["confusion_matrix"]);
    expect_texts(e.report, want["report_text"]);
    if (!weights[t].empty()) {
      const json& w = want["weighted"];
      expect_close(balanced_accuracy_score(ys[t], y_pred, weights[t]),
                   w["balanced_accuracy"].get<double>(), "weighted balanced accuracy");
      expect_close(matthews_corrcoef(ys[t], y_pred, weights[t]), w["mcc"].get<double>(),
                   "weighted mcc");
      expect_close(log_loss(ys[t], probas[t], classes, weights[t]), w["log_loss"].get<double>(),
                   "weighted log loss");
    }
  }
}

TEST(MetricsConformance, ReportsForGivenLabelSetsAndTargetNames) {
  RARENET_REQUIRE_PYTHON("sklearn,scipy", "python3-sklearn");
  struct ReportCase {
    std::string name;
    Labels y_true, y_pred;
    std::vector<std::int64_t> classes;  // empty: the labels present
    std::vector<std::string> target_names;
  };
  RandomState rng(5);
  Labels y3, p3;
  for (int i = 0; i < 300; ++i) {
    y3.push_back(rng.randint(0, 3));
    p3.push_back(rng.random_sample() < 0.7 ? y3.back() : rng.randint(0, 3));
  }
  const std::vector<ReportCase> cases = {
      // A label nobody has: scikit-learn prints "micro avg" instead of "accuracy".
      {"absent label", y3, p3, {0, 1, 2, 3}, {}},
      // A label left out: micro average over the others.
      {"label left out", y3, p3, {0, 2}, {}},
      {"labels in another order", y3, p3, {2, 0, 1}, {}},
      {"labels present", y3, p3, {}, {}},
      {"one class everywhere", Labels(40, 1), Labels(40, 1), {}, {}},
      {"all predicted one class", y3, Labels(300, 2), {}, {}},
      // Names wider than "weighted avg", counted in characters (not UTF-8 bytes).
      {"target names", y3, p3, {0, 1, 2}, {"négatif", "positif très rare", "ü"}},
  };
  json request = {{"cases", json::array()}};
  for (const ReportCase& c : cases) {
    json r = {
        {"y_true", c.y_true},
        {"y_pred", c.y_pred},
        {"classes", c.classes.empty() ? json(present_labels(c.y_true, c.y_pred)) : json(c.classes)},
        {"labels_given", !c.classes.empty()},
        {"digits", {0, 1, 2, 4, 13}}};
    if (!c.target_names.empty()) r["target_names"] = c.target_names;
    request["cases"].push_back(r);
  }
  const json want = testing::ask_oracle("sklearn_metrics.py", request);
  ASSERT_EQ(want.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].name);
    const ClassificationReport r =
        classification_report(cases[i].y_true, cases[i].y_pred, cases[i].classes);
    if (cases[i].target_names.empty()) expect_report(r, want[i]["report"]);
    expect_texts(r, want[i]["report_text"], cases[i].target_names);
    expect_confusion(confusion_matrix(cases[i].y_true, cases[i].y_pred, cases[i].classes),
                     want[i]["confusion_matrix"]);
    expect_close(balanced_accuracy_score(cases[i].y_true, cases[i].y_pred),
                 want[i]["balanced_accuracy"].get<double>(), "balanced accuracy");
    expect_close(matthews_corrcoef(cases[i].y_true, cases[i].y_pred), want[i]["mcc"].get<double>(),
                 "mcc");
    expect_close(geometric_mean_score(cases[i].y_true, cases[i].y_pred),
                 want[i]["g_mean"].get<double>(), "g_mean");
  }
}

TEST(MetricsConformance, MultiLabelReportsLabelByLabel) {
  RARENET_REQUIRE_PYTHON("sklearn,scipy", "python3-sklearn");
  RandomState rng(9);
  const Index n = 400, labels = 4;
  RowMatrixD Y(n, labels), P(n, labels);
  const double rate[labels] = {0.5, 0.1, 0.02, 0.0};  // the last label never occurs
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < labels; ++j) {
      Y(i, j) = rng.random_sample() < rate[j] ? 1 : 0;
      P(i, j) = rng.random_sample() < 0.8 ? Y(i, j) : 1 - Y(i, j);
    }
  P.col(2).setZero();  // a label never predicted
  const json want = testing::ask_oracle(
      "sklearn_metrics.py",
      {{"y_true", Labels{0, 1}},
       {"y_pred", Labels{0, 1}},
       {"classes", {0, 1}},
       {"digits", {2, 3}},
       {"multilabel", {{"y_true", matrix_json(Y)}, {"y_pred", matrix_json(P)}}}});
  const std::vector<ClassificationReport> reports = multilabel_classification_reports(Y, P);
  ASSERT_EQ(reports.size(), static_cast<std::size_t>(labels));
  for (Index j = 0; j < labels; ++j) {
    SCOPED_TRACE("label " + std::to_string(j));
    const json& w = want["multilabel"]["per_label"][j];
    expect_report(reports[j], w["report"]);
    expect_texts(reports[j], w["report_text"]);
    // Row j of scikit-learn's multi-label report is the positive row of label j's report.
    expect_scores(reports[j].per_class[1], want["multilabel"]["report"][std::to_string(j)],
                  "multi-label row");
  }
}

}  // namespace
}  // namespace rarenet
