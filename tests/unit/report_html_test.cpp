// The HTML report layer: thinned curves, the page's JSON record and chart data, escaping, size.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <random>
#include <set>

#include "rarenet/curves.hpp"
#include "rarenet/evaluation.hpp"
#include "rarenet/report_html.hpp"
#include "rarenet/report_json.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

// Scores of a noisy binary problem: positives score higher on average.
void noisy_problem(std::size_t n, double prevalence, std::uint32_t seed, Labels& y,
                   RowMatrixD& proba) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> g(0, 1);
  y.resize(n);
  proba.resize(static_cast<Index>(n), 2);
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = u(gen) < prevalence ? 1 : 0;
    const double p = 1 / (1 + std::exp(-(g(gen) + (y[i] ? 1.5 : -1.5))));
    proba(static_cast<Index>(i), 1) = p;
    proba(static_cast<Index>(i), 0) = 1 - p;
  }
}

std::vector<double> positive_scores(const RowMatrixD& proba) {
  std::vector<double> p(static_cast<std::size_t>(proba.rows()));
  for (Index i = 0; i < proba.rows(); ++i) p[static_cast<std::size_t>(i)] = proba(i, 1);
  return p;
}

// The text of <script type="application/json" id="ID"> ... </script>.
std::string script_text(const std::string& page, const std::string& id) {
  const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
  const auto a = page.find(open);
  if (a == std::string::npos) return "";
  const auto b = page.find("</script>", a);
  return page.substr(a + open.size(), b - a - open.size());
}

// Distance from point p to the segment a-b in the plane.
double to_segment(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
  const double t = l2 > 0 ? std::clamp(((px - ax) * dx + (py - ay) * dy) / l2, 0.0, 1.0) : 0.0;
  return std::hypot(px - (ax + t * dx), py - (ay + t * dy));
}

TEST(ThinPolyline, KeepsEndsAndCornersDropsCollinearPointsWithinTheTolerance) {
  std::vector<double> x, y;
  for (int i = 0; i <= 100; ++i) {  // a straight line, then a corner, then another line
    x.push_back(i / 100.0);
    y.push_back(i <= 50 ? i / 100.0 : 0.5);
  }
  const auto keep = thin_polyline({&x, &y}, 1e-9);
  EXPECT_EQ(keep, (std::vector<std::size_t>{0, 50, 100}));

  // A noisy curve: every dropped point lies within the tolerance of the kept polyline.
  std::mt19937 gen(1);
  std::uniform_real_distribution<double> u(-0.01, 0.01);
  std::vector<double> nx, ny;
  for (int i = 0; i < 2000; ++i) {
    nx.push_back(i / 1999.0);
    ny.push_back(std::sqrt(i / 1999.0) + u(gen));
  }
  const double tol = 0.005;
  const auto k = thin_polyline({&nx, &ny}, tol);
  EXPECT_LT(k.size(), nx.size() / 2);
  EXPECT_EQ(k.front(), 0u);
  EXPECT_EQ(k.back(), nx.size() - 1);
  for (std::size_t s = 0; s + 1 < k.size(); ++s)
    for (std::size_t i = k[s] + 1; i < k[s + 1]; ++i)
      ASSERT_LE(to_segment(nx[i], ny[i], nx[k[s]], ny[k[s]], nx[k[s + 1]], ny[k[s + 1]]), tol);
  EXPECT_EQ(thin_polyline({&nx, &ny}, tol), k);  // deterministic
}

TEST(EvaluationCurves, AreTheMetricsLayersCurvesThinned) {
  Labels y;
  RowMatrixD proba;
  noisy_problem(20000, 0.05, 3, y, proba);
  const std::vector<double> p = positive_scores(proba);
  CurveOptions exact;
  exact.tolerance = 0;
  exact.max_points = 0;
  const EvaluationCurves full = evaluation_curves(y, proba, {0, 1}, exact);
  ASSERT_EQ(full.classes.size(), 1u);
  const Curve roc = roc_curve(y, p, 1), pr = precision_recall_curve(y, p, 1);
  // Tolerance 0 drops only points exactly on a segment: the curve keeps its shape exactly.
  EXPECT_LE(full.classes[0].roc.x.size(), roc.x.size());
  EXPECT_EQ(full.classes[0].roc.x.front(), roc.x.front());
  EXPECT_EQ(full.classes[0].roc.y.back(), roc.y.back());

  const EvaluationCurves thin = evaluation_curves(y, proba, {0, 1});
  const ClassCurves& c = thin.classes[0];
  EXPECT_LE(c.roc.x.size(), 400u);
  EXPECT_LE(c.pr.x.size(), 400u);
  EXPECT_LE(c.by_threshold.threshold.size(), 400u);
  // Every kept point is a point of the metrics layer's curve, with its threshold.
  for (std::size_t i = 0; i < c.roc.x.size(); ++i) {
    const auto it = std::find(roc.thresholds.begin(), roc.thresholds.end(), c.roc.thresholds[i]);
    ASSERT_NE(it, roc.thresholds.end());
    const auto j = static_cast<std::size_t>(it - roc.thresholds.begin());
    EXPECT_EQ(c.roc.x[i], roc.x[j]);
    EXPECT_EQ(c.roc.y[i], roc.y[j]);
  }
  for (std::size_t i = 0; i < c.pr.thresholds.size(); ++i) {
    const auto it = std::find(pr.thresholds.begin(), pr.thresholds.end(), c.pr.thresholds[i]);
    ASSERT_NE(it, pr.thresholds.end());
    const auto j = static_cast<std::size_t>(it - pr.thresholds.begin());
    EXPECT_EQ(c.pr.x[i], pr.x[j]);
    EXPECT_EQ(c.pr.y[i], pr.y[j]);
  }
  EXPECT_EQ(c.pr.x.back(), 0.0);
  EXPECT_EQ(c.pr.y.back(), 1.0);
  // Precision / recall / F1 at a kept threshold are those of predicting score >= threshold.
  const std::size_t mid = c.by_threshold.threshold.size() / 2;
  const double t = c.by_threshold.threshold[mid];
  double tp = 0, fp = 0, pos = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    pos += y[i] == 1;
    if (p[i] >= t) (y[i] == 1 ? tp : fp) += 1;
  }
  EXPECT_DOUBLE_EQ(c.by_threshold.precision[mid], tp / (tp + fp));
  EXPECT_DOUBLE_EQ(c.by_threshold.recall[mid], tp / pos);
  // Histograms count every row once; prevalence is the share of positives.
  std::int64_t hp = 0, hr = 0;
  for (auto v : c.hist_positive) hp += v;
  for (auto v : c.hist_rest) hr += v;
  EXPECT_EQ(hp, c.positives);
  EXPECT_EQ(hp + hr, static_cast<std::int64_t>(y.size()));
  EXPECT_DOUBLE_EQ(c.prevalence, pos / static_cast<double>(y.size()));
}

TEST(ReliabilityCurve, BinsAsScikitLearnsCalibrationCurve) {
  // scikit-learn 1.2: calibration_curve([0,0,1,1,1,0], [0.05,0.1,0.15,0.85,0.9,0.95], n_bins=10)
  // = ([0, 1, 1, 0], [0.075, 0.15, 0.875, 0.95]): p = 0.1 and 0.9 fall in the bin below the edge
  // (searchsorted on the inner edges, side left).
  const Labels y{0, 0, 1, 1, 1, 0};
  const std::vector<double> p{0.05, 0.1, 0.15, 0.85, 0.9, 0.95};
  const ReliabilityCurve r = reliability_curve(y, p, 1, 10);
  EXPECT_EQ(r.count, (std::vector<std::int64_t>{2, 1, 2, 1}));
  EXPECT_EQ(r.fraction_positive, (std::vector<double>{0, 1, 1, 0}));
  ASSERT_EQ(r.mean_predicted.size(), 4u);
  EXPECT_DOUBLE_EQ(r.mean_predicted[0], 0.075);
  EXPECT_DOUBLE_EQ(r.mean_predicted[1], 0.15);
  EXPECT_DOUBLE_EQ(r.mean_predicted[2], 0.875);
  EXPECT_DOUBLE_EQ(r.mean_predicted[3], 0.95);
  EXPECT_NE(testing::error_message([&] {
              reliability_curve(y, {0, 0, 0, 0, 0, 1.5}, 1);
            }).find("outside [0, 1]"),
            std::string::npos);
}

TEST(JsonForScript, CannotEndTheScriptElementAndReadsBack) {
  const json j = {{"name", "</script><script>alert(1)</script> & \xe2\x80\xa8 <!--"}};
  const std::string s = json_for_script(j);
  EXPECT_EQ(s.find('<'), std::string::npos);
  EXPECT_EQ(s.find('>'), std::string::npos);
  EXPECT_EQ(s.find("\xe2\x80\xa8"), std::string::npos);
  EXPECT_EQ(json::parse(s), j);
}

class ReportPage : public ::testing::Test {
 protected:
  void SetUp() override {
    noisy_problem(5000, 0.04, 7, y_, proba_);
    e_ = evaluate_predictions(y_, proba_, {0, 1}, 0.3);
    run_.command = "rarenet evaluate m.json '</script><script>alert(1)</script>.csv'";
    run_.data_file = "<b>data</b> & \"quotes\".csv";
    run_.options = {{"--threshold", "0.3"}};
    run_.date = "2025-01-01T00:00:00Z";
  }
  Labels y_;
  RowMatrixD proba_;
  Evaluation e_;
  RunHeader run_;
};

TEST_F(ReportPage, RecordHoldsTheJsonResultAndTheRun) {
  const std::string page = evaluation_report_html(run_, e_);
  const json record = json::parse(script_text(page, "rarenet-record"));
  EXPECT_EQ(record["kind"], "evaluate");
  EXPECT_EQ(record["result"], evaluation_to_json(e_));  // the figures of `evaluate --json`
  EXPECT_EQ(record["run"]["command"], run_.command);
  EXPECT_EQ(record["run"]["data_file"], run_.data_file);
  EXPECT_EQ(record["run"]["version"], rarenet_version());
  // Rows per class come from the evaluation when the header has none.
  EXPECT_EQ(record["run"]["rows_per_class"]["1"], e_.actual_positives);
}

TEST_F(ReportPage, ChartDataAreTheEvaluationsCurves) {
  const std::string page = evaluation_report_html(run_, e_);
  const json charts = json::parse(script_text(page, "rarenet-charts"));
  ASSERT_EQ(charts.size(), 5u);  // ROC, PR, scores, threshold, reliability
  const ClassCurves& c = e_.curves.classes.at(0);
  const json roc = charts.at("chart-1");
  EXPECT_NE(roc["title"].get<std::string>().find("ROC"), std::string::npos);
  const json& series = roc["layer"][1]["data"]["values"][0];
  ASSERT_EQ(series["fpr"].size(), c.roc.x.size());
  for (std::size_t i = 0; i < c.roc.x.size(); ++i) {
    EXPECT_NEAR(series["fpr"][i].get<double>(), c.roc.x[i], 1e-6 * std::max(1.0, c.roc.x[i]));
    EXPECT_NEAR(series["tpr"][i].get<double>(), c.roc.y[i], 1e-6);
  }
  // The chance line, the operating point at the threshold, and the AUC in the legend.
  EXPECT_EQ(roc["layer"][0]["data"]["values"][1]["fpr"], 1);
  const auto& m = e_.confusion.counts;
  const double recall = static_cast<double>(m(1, 1)) / static_cast<double>(m(1, 0) + m(1, 1));
  EXPECT_DOUBLE_EQ(roc["layer"][2]["data"]["values"][0]["tpr"].get<double>(), recall);
  char auc[32];
  std::snprintf(auc, sizeof auc, "AUC %.3f", e_.roc_auc);
  EXPECT_NE(series["series"].get<std::string>().find(auc), std::string::npos);
  // The PR chart's baseline is the prevalence; the threshold charts mark 0.3.
  const json pr = charts.at("chart-2");
  EXPECT_DOUBLE_EQ(pr["layer"][0]["data"]["values"][0]["prevalence"].get<double>(), c.prevalence);
  EXPECT_DOUBLE_EQ(charts.at("chart-4")["layer"][1]["data"]["values"][0]["threshold"].get<double>(),
                   0.3);
  // The confusion matrix table shows the counts.
  EXPECT_NE(page.find(">" + std::to_string(m(1, 1)) + "<span class=\"sub\">"), std::string::npos);
}

TEST_F(ReportPage, EveryStringIsEscapedForWhereItGoes) {
  const std::string page = evaluation_report_html(run_, e_);
  // Exactly the page's own script elements end: the command's "</script>" cannot end one.
  std::size_t ends = 0;
  for (auto at = page.find("</script"); at != std::string::npos; at = page.find("</script", at + 1))
    ++ends;
  EXPECT_EQ(ends, 6u);  // record, charts, vega, vega-lite, vega-embed, the renderer
  EXPECT_EQ(page.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(page.find("<b>data</b>"), std::string::npos);
  // mstch escapes '/' too, which is harmless.
  EXPECT_NE(page.find("&lt;b&gt;data&lt;&#x2F;b&gt; &amp; &quot;quotes&quot;.csv"),
            std::string::npos);
  // The page makes no network request: a policy forbids any, and nothing points outside.
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(page.find("sourceMappingURL"), std::string::npos);
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
}

TEST_F(ReportPage, PriorCorrectionAddsTheUncorrectedReliabilityCurve) {
  Classifier model;
  model.classes = {0, 1};
  model.prior_correction = {1.0, 4.0};
  const RowMatrixD corrected = apply_prior_correction(proba_, Task::Binary, model.prior_correction);
  const Evaluation e = evaluate_predictions(y_, corrected, {0, 1}, 0.3);
  const json charts = json::parse(
      script_text(evaluation_report_html(run_, e, &model, &y_, &corrected), "rarenet-charts"));
  const json& rel = charts.at("chart-5")["layer"][1]["data"]["values"];
  std::set<std::string> series;
  for (const auto& r : rel) series.insert(r["series"].get<std::string>());
  EXPECT_EQ(series, (std::set<std::string>{"before prior correction", "after prior correction"}));
  // "before" is the reliability of the probabilities the model gave before the correction.
  const ReliabilityCurve before = reliability_curve(y_, positive_scores(proba_), 1);
  std::size_t k = 0;
  for (const auto& r : rel)
    if (r["series"] == "before prior correction") {
      EXPECT_NEAR(r["predicted"].get<double>(), before.mean_predicted.at(k), 1e-12);
      EXPECT_EQ(r["rows"].get<std::int64_t>(), before.count.at(k));
      ++k;
    }
  EXPECT_EQ(k, before.count.size());
}

TEST(ReportPageSize, AMillionScoredRowsMakeASmallPageQuickly) {
  Labels y;
  RowMatrixD proba;
  noisy_problem(1000000, 0.01, 11, y, proba);
  const auto t0 = std::chrono::steady_clock::now();
  const Evaluation e = evaluate_predictions(y, proba, {0, 1}, 0.5);
  const auto t1 = std::chrono::steady_clock::now();
  RunHeader run;
  run.command = "rarenet evaluate";
  const std::string page = evaluation_report_html(run, e);
  const auto t2 = std::chrono::steady_clock::now();
  const double evaluate_s = std::chrono::duration<double>(t1 - t0).count();
  const double page_s = std::chrono::duration<double>(t2 - t1).count();
  std::printf("1,000,000 rows: evaluate_predictions (with curves) %.3f s, page %.3f s, %zu bytes\n",
              evaluate_s, page_s, page.size());
  EXPECT_LT(page.size(), 2u * 1000 * 1000);
  EXPECT_LT(page_s, 1.0);
}

}  // namespace
}  // namespace rarenet
