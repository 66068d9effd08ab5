// Metrics on small cases worked out by hand (the scikit-learn documentation's examples among
// them): ties, perfect and all-one-class predictions, zero_division, errors, and the evaluation
// text and JSON.
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "rarenet/error.hpp"
#include "rarenet/evaluation.hpp"
#include "rarenet/metrics.hpp"
#include "rarenet/report_json.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using ::rarenet::testing::error_message;

TEST(ConfusionMatrix, RowsAreTrueColumnsArePredictedInTheGivenOrder) {
  const Labels t = {0, 0, 1, 2, 2, 2}, p = {0, 1, 1, 2, 0, 2};
  const ConfusionMatrix cm = confusion_matrix(t, p);
  EXPECT_EQ(cm.classes, (std::vector<std::int64_t>{0, 1, 2}));
  Eigen::Matrix<std::int64_t, 3, 3, Eigen::RowMajor> want;
  want << 1, 1, 0, 0, 1, 0, 1, 0, 2;
  EXPECT_EQ(cm.counts, want);
  // Classes in a given order; labels outside them are not counted.
  const ConfusionMatrix cm2 = confusion_matrix(t, p, {2, 0});
  Eigen::Matrix<std::int64_t, 2, 2, Eigen::RowMajor> want2;
  want2 << 2, 1, 0, 1;
  EXPECT_EQ(cm2.counts, want2);
  EXPECT_EQ(error_message([&] {
              confusion_matrix(t, p, {5, 6});
            }),
            "confusion_matrix: At least one label specified must be in y_true");
  EXPECT_THROW(confusion_matrix(t, {0, 1}), InputError);
  EXPECT_THROW(confusion_matrix(t, p, {0, 0}), InputError);
}

TEST(ClassificationReport, ScikitLearnDocumentationExampleByteForByte) {
  const Labels t = {0, 1, 2, 2, 2}, p = {0, 0, 2, 2, 1};
  const ClassificationReport r = classification_report(t, p);
  EXPECT_DOUBLE_EQ(r.per_class[0].precision, 0.5);
  EXPECT_DOUBLE_EQ(r.per_class[2].recall, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.per_class[2].f1, 0.8);
  EXPECT_EQ(r.per_class[2].support, 3);
  EXPECT_DOUBLE_EQ(r.accuracy, 0.6);
  EXPECT_DOUBLE_EQ(r.macro_avg.recall, (1.0 + 0.0 + 2.0 / 3.0) / 3.0);
  EXPECT_DOUBLE_EQ(r.weighted_avg.precision, (0.5 + 0 + 3.0) / 5.0);
  // Class 1 is never right, but it is predicted once and occurs once: no division by zero.
  EXPECT_FALSE(r.zero_division);
  EXPECT_EQ(format_classification_report(r, 2, {"class 0", "class 1", "class 2"}),
            "              precision    recall  f1-score   support\n\n"
            "     class 0       0.50      1.00      0.67         1\n"
            "     class 1       0.00      0.00      0.00         1\n"
            "     class 2       1.00      0.67      0.80         3\n\n"
            "    accuracy                           0.60         5\n"
            "   macro avg       0.50      0.56      0.49         5\n"
            "weighted avg       0.70      0.60      0.61         5\n");
}

TEST(ClassificationReport, LabelsNobodyHasGiveAMicroAverageRow) {
  const ClassificationReport r = classification_report({1, 1, 1}, {1, 1, 0}, {1, 2, 3});
  EXPECT_FALSE(r.micro_is_accuracy);
  EXPECT_TRUE(r.zero_division);
  EXPECT_EQ(format_classification_report(r),
            "              precision    recall  f1-score   support\n\n"
            "           1       1.00      0.67      0.80         3\n"
            "           2       0.00      0.00      0.00         0\n"
            "           3       0.00      0.00      0.00         0\n\n"
            "   micro avg       1.00      0.67      0.80         3\n"
            "   macro avg       0.33      0.22      0.27         3\n"
            "weighted avg       1.00      0.67      0.80         3\n");
}

TEST(ClassificationReport, NothingPredictedPositiveIsZeroDivisionReportedAsZero) {
  const ClassificationReport r = classification_report({0, 0, 0, 1, 1}, {0, 0, 0, 0, 0});
  EXPECT_TRUE(r.zero_division);
  EXPECT_EQ(r.per_class[1].precision, 0.0);
  EXPECT_EQ(r.per_class[1].f1, 0.0);
  EXPECT_EQ(format_classification_report(r, 3),
            "              precision    recall  f1-score   support\n\n"
            "           0      0.600     1.000     0.750         3\n"
            "           1      0.000     0.000     0.000         2\n\n"
            "    accuracy                          0.600         5\n"
            "   macro avg      0.300     0.500     0.375         5\n"
            "weighted avg      0.360     0.600     0.450         5\n");
  // Every class predicted and present: no zero division.
  EXPECT_FALSE(classification_report({0, 1, 1}, {0, 1, 0}).zero_division);
}

TEST(ClassificationReport, WidthFollowsTheLongestNameInCharactersAndDigits) {
  const ClassificationReport r = classification_report({0, 1}, {0, 1});
  const std::string text = format_classification_report(r, 2, {"négatif très très long", "p"});
  // 22 characters (25 bytes): every row is right-aligned to 22 characters.
  EXPECT_NE(text.find("\nnégatif très très long       1.00"), std::string::npos) << text;
  EXPECT_NE(text.find("\n                     p       1.00"), std::string::npos) << text;
  // digits wider than "weighted avg" widen the name column too.
  const std::string wide = format_classification_report(r, 14);
  EXPECT_EQ(wide.substr(0, 16), std::string(15, ' ') + " ");
  EXPECT_THROW(format_classification_report(r, 2, {"one"}), ConfigError);
  EXPECT_THROW(format_classification_report(r, -1), ConfigError);
}

TEST(ClassificationReport, PerfectPredictions) {
  const Labels y = {3, 1, 3, 7, 1};
  const ClassificationReport r = classification_report(y, y);
  for (const ClassScores& s : r.per_class) {
    EXPECT_EQ(s.precision, 1.0);
    EXPECT_EQ(s.recall, 1.0);
    EXPECT_EQ(s.f1, 1.0);
  }
  EXPECT_EQ(r.accuracy, 1.0);
  EXPECT_FALSE(r.zero_division);
  EXPECT_EQ(balanced_accuracy_score(y, y), 1.0);
  EXPECT_EQ(matthews_corrcoef(y, y), 1.0);
  EXPECT_EQ(geometric_mean_score(y, y), 1.0);
  EXPECT_EQ(specificity_score(y, y), 1.0);
}

TEST(ClassificationReport, MultiLabelIsOneBinaryReportPerColumn) {
  RowMatrixD Y(4, 2), P(4, 2);
  Y << 1, 0, 0, 0, 1, 1, 0, 0;
  P << 1, 0, 1, 0, 0, 0, 0, 0;
  const auto reports = multilabel_classification_reports(Y, P);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_DOUBLE_EQ(reports[0].per_class[1].precision, 0.5);
  EXPECT_DOUBLE_EQ(reports[0].per_class[1].recall, 0.5);
  EXPECT_EQ(reports[1].per_class[1].support, 1);
  EXPECT_TRUE(reports[1].zero_division);  // label 1 never predicted
  P(0, 0) = 0.5;
  EXPECT_THROW(multilabel_classification_reports(Y, P), InputError);
}

TEST(Curves, RocCurveOfTheScikitLearnExample) {
  const Labels y = {0, 0, 1, 1};
  const std::vector<double> s = {0.1, 0.4, 0.35, 0.8};
  const Curve roc = roc_curve(y, s);
  EXPECT_EQ(roc.x, (std::vector<double>{0, 0, 0.5, 0.5, 1}));
  EXPECT_EQ(roc.y, (std::vector<double>{0, 0.5, 0.5, 1, 1}));
  EXPECT_EQ(roc.thresholds, (std::vector<double>{1.8, 0.8, 0.4, 0.35, 0.1}));
  EXPECT_DOUBLE_EQ(roc_auc_score(y, s), 0.75);
  const Curve pr = precision_recall_curve(y, s);
  EXPECT_EQ(pr.y, (std::vector<double>{0.5, 2.0 / 3.0, 0.5, 1, 1}));
  EXPECT_EQ(pr.x, (std::vector<double>{1, 1, 0.5, 0.5, 0}));
  EXPECT_EQ(pr.thresholds, (std::vector<double>{0.1, 0.35, 0.4, 0.8}));
  // Step sum: 0.5 * 1 + 0.5 * (2/3) = 5/6.
  EXPECT_DOUBLE_EQ(average_precision_score(y, s), 5.0 / 6.0);
}

TEST(Curves, TiedScoresFormOnePoint) {
  // All scores equal: one threshold, the diagonal, AUC 1/2.
  const Labels y = {0, 1, 0, 1, 1};
  const std::vector<double> same(5, 0.5);
  const Curve roc = roc_curve(y, same);
  EXPECT_EQ(roc.x, (std::vector<double>{0, 1}));
  EXPECT_EQ(roc.y, (std::vector<double>{0, 1}));
  EXPECT_EQ(roc.thresholds, (std::vector<double>{1.5, 0.5}));
  EXPECT_DOUBLE_EQ(roc_auc_score(y, same), 0.5);
  EXPECT_DOUBLE_EQ(average_precision_score(y, same), 0.6);
  // A tie across classes counts half: positives {0.8, 0.5}, negatives {0.5, 0.2}:
  // pairs (0.8>0.5, 0.8>0.2, 0.5=0.5, 0.5>0.2) -> (3 + 0.5) / 4.
  EXPECT_DOUBLE_EQ(roc_auc_score({1, 1, 0, 0}, {0.8, 0.5, 0.5, 0.2}), 0.875);
  // Collinear points are dropped: scores 0.9, 0.8, 0.7 all positives lie on one segment.
  const Curve dropped = roc_curve({1, 1, 1, 0}, {0.9, 0.8, 0.7, 0.1});
  EXPECT_EQ(dropped.thresholds, (std::vector<double>{1.9, 0.9, 0.7, 0.1}));
}

TEST(Curves, ZeroWeightSamplesAreIgnoredAndWeightsScaleCounts) {
  const Labels y = {0, 1, 0, 1, 0};
  const std::vector<double> s = {0.2, 0.9, 0.6, 0.4, 0.3};
  const std::vector<double> w = {1, 1, 0, 1, 1};
  const Labels y4 = {0, 1, 1, 0};
  const std::vector<double> s4 = {0.2, 0.9, 0.4, 0.3};
  const Curve with_zero = roc_curve(y, s, 1, w), without = roc_curve(y4, s4);
  EXPECT_EQ(with_zero.thresholds, without.thresholds);
  EXPECT_EQ(with_zero.x, without.x);
  EXPECT_EQ(precision_recall_curve(y, s, 1, w).thresholds,
            precision_recall_curve(y4, s4).thresholds);
  // Weight 2 on a sample counts as the sample twice.
  EXPECT_DOUBLE_EQ(roc_auc_score({0, 1, 1}, {0.5, 0.4, 0.9}, 1, {2, 1, 1}),
                   roc_auc_score({0, 0, 1, 1}, {0.5, 0.5, 0.4, 0.9}));
  EXPECT_DOUBLE_EQ(average_precision_score({0, 1, 1}, {0.5, 0.4, 0.9}, 1, {2, 1, 1}),
                   average_precision_score({0, 0, 1, 1}, {0.5, 0.5, 0.4, 0.9}));
}

TEST(Curves, OneClassAndBadInputsAreInputErrors) {
  EXPECT_EQ(error_message([] {
              roc_auc_score({0, 0, 0}, {0.1, 0.2, 0.3});
            }),
            "Only one class present in y_true. ROC AUC score is not defined in that case.");
  EXPECT_EQ(error_message([] {
              roc_auc_score({1, 1}, {0.1, 0.2});
            }),
            "Only one class present in y_true. ROC AUC score is not defined in that case.");
  EXPECT_THROW(roc_auc_score({0, 1}, {0.1}), InputError);
  EXPECT_THROW(roc_curve({}, {}), InputError);
  EXPECT_THROW(roc_curve({0, 1}, {0.1, std::nan("")}), InputError);
  EXPECT_THROW(roc_curve({0, 1}, {0.1, 0.2}, 1, {1.0}), InputError);
  EXPECT_THROW(average_precision_score({0, 1}, {0.1, 0.2, 0.3}), InputError);
  EXPECT_THROW(accuracy_score({0, 1}, {0}), InputError);
  EXPECT_THROW(brier_score_loss({0, 1}, {0.1, 1.5}), InputError);
  // No positive sample: the tpr is undefined (NaN, as scikit-learn), recall is 1 everywhere.
  EXPECT_TRUE(std::isnan(roc_curve({0, 0}, {0.1, 0.2}).y.back()));
  EXPECT_EQ(precision_recall_curve({0, 0}, {0.1, 0.2}).x, (std::vector<double>{1, 1, 0}));
}

TEST(Curves, OneVsRestAveragesAndChecks) {
  // Class 1 and 3 perfectly ranked, class 7 scores reversed for its two samples.
  const Labels y = {1, 3, 7, 7, 1};
  RowMatrixD p(5, 3);
  p << 0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.1, 0.1, 0.8, 0.7, 0.1, 0.2;
  const double auc1 = roc_auc_score({1, 0, 0, 0, 1}, {0.8, 0.1, 0.3, 0.1, 0.7});
  const double auc3 = roc_auc_score({0, 1, 0, 0, 0}, {0.1, 0.8, 0.3, 0.1, 0.1});
  const double auc7 = roc_auc_score({0, 0, 1, 1, 0}, {0.1, 0.1, 0.4, 0.8, 0.2});
  EXPECT_DOUBLE_EQ(roc_auc_ovr(y, p, {1, 3, 7}, "macro"), (auc1 + auc3 + auc7) / 3);
  EXPECT_DOUBLE_EQ(roc_auc_ovr(y, p, {1, 3, 7}, "weighted"), (2 * auc1 + auc3 + 2 * auc7) / 5);
  EXPECT_THROW(roc_auc_ovr(y, p, {1, 3, 7}, "micro"), ConfigError);
  EXPECT_THROW(roc_auc_ovr(y, p, {3, 1, 7}, "macro"), InputError);
  EXPECT_THROW(roc_auc_ovr({1, 3, 5, 7, 1}, p, {1, 3, 7}, "macro"), InputError);
  p(0, 0) = 0.5;  // row 1 no longer sums to 1
  EXPECT_NE(error_message([&] {
              roc_auc_ovr(y, p, {1, 3, 7}, "macro");
            }).find("sum up to 1.0"),
            std::string::npos);
}

TEST(LabelMetrics, AllPredictionsOneClass) {
  const Labels t = {0, 0, 0, 1}, p = {0, 0, 0, 0};
  EXPECT_DOUBLE_EQ(accuracy_score(t, p), 0.75);
  EXPECT_DOUBLE_EQ(balanced_accuracy_score(t, p), 0.5);
  EXPECT_EQ(matthews_corrcoef(t, p), 0.0);  // undefined: scikit-learn returns 0
  EXPECT_EQ(geometric_mean_score(t, p), 0.0);
  EXPECT_EQ(specificity_score(t, p), 1.0);  // no false alarm
}

TEST(LabelMetrics, HandComputedValues) {
  // scikit-learn's matthews_corrcoef example.
  EXPECT_DOUBLE_EQ(matthews_corrcoef({1, 1, 1, -1}, {1, -1, 1, 1}), -1.0 / 3.0);
  // Binary: sensitivity 1/2, specificity 2/3.
  const Labels t = {0, 0, 0, 1, 1}, p = {0, 1, 0, 1, 0};
  EXPECT_DOUBLE_EQ(specificity_score(t, p), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(geometric_mean_score(t, p), std::sqrt(0.5 * 2.0 / 3.0));
  EXPECT_DOUBLE_EQ(balanced_accuracy_score(t, p), (0.5 + 2.0 / 3.0) / 2);
  // Weighted: a weight of 2 is the sample twice.
  EXPECT_DOUBLE_EQ(balanced_accuracy_score({0, 1, 1}, {0, 1, 0}, {2, 1, 1}),
                   balanced_accuracy_score({0, 0, 1, 1}, {0, 0, 1, 0}));
  EXPECT_DOUBLE_EQ(matthews_corrcoef({0, 1, 1}, {0, 1, 0}, {2, 1, 1}),
                   matthews_corrcoef({0, 0, 1, 1}, {0, 0, 1, 0}));
  // Multi-class specificity: per class TN / (TN + FP), then the mean.
  // y = {0, 1, 2, 2}, pred = {0, 2, 2, 1}: class 0: 3/3, class 1: 2/3, class 2: 1/2.
  EXPECT_DOUBLE_EQ(specificity_score({0, 1, 2, 2}, {0, 2, 2, 1}), (1.0 + 2.0 / 3.0 + 0.5) / 3);
  // A class only predicted has recall 0: the geometric mean is 0 (imbalanced-learn).
  EXPECT_EQ(geometric_mean_score({0, 0, 1}, {0, 2, 1}), 0.0);
  // ... while balanced accuracy leaves it out (scikit-learn).
  EXPECT_DOUBLE_EQ(balanced_accuracy_score({0, 0, 1}, {0, 2, 1}), 0.75);
  EXPECT_DOUBLE_EQ(geometric_mean_score({0, 0, 1, 2}, {0, 1, 1, 2}), std::cbrt(0.5));
}

TEST(ProbabilityLosses, LogLossAndBrierByHand) {
  RowMatrixD p(2, 2);
  p << 0.8, 0.2, 0.3, 0.7;
  EXPECT_DOUBLE_EQ(log_loss({0, 1}, p, {0, 1}), -(std::log(0.8) + std::log(0.7)) / 2);
  EXPECT_DOUBLE_EQ(log_loss({0, 1}, p, {0, 1}, {3, 1}), -(3 * std::log(0.8) + std::log(0.7)) / 4);
  // A zero probability for the true class is clipped to the machine epsilon, not infinite.
  RowMatrixD sure(1, 2);
  sure << 1, 0;
  EXPECT_DOUBLE_EQ(log_loss({1}, sure, {0, 1}), -std::log(std::numeric_limits<double>::epsilon()));
  // Rows are renormalised: (2, 2) is (0.5, 0.5).
  RowMatrixD unnorm(1, 2);
  unnorm << 2, 2;
  EXPECT_DOUBLE_EQ(log_loss({0}, unnorm, {0, 1}), std::log(2.0));
  EXPECT_THROW(log_loss({5}, unnorm, {0, 1}), InputError);
  EXPECT_THROW(log_loss({0}, unnorm, {0}), InputError);
  EXPECT_DOUBLE_EQ(brier_score_loss({0, 1}, {0.2, 0.7}), (0.04 + 0.09) / 2);
  EXPECT_DOUBLE_EQ(brier_score_loss({3, 9}, {0.2, 0.7}, 9), (0.04 + 0.09) / 2);
  EXPECT_DOUBLE_EQ(brier_score_loss({0, 1}, {0.2, 0.7}, 1, {1, 3}), (0.04 + 3 * 0.09) / 4);
}

TEST(Evaluation, ThresholdIsInclusiveAndArgmaxTakesTheFirstMaximum) {
  RowMatrixD p(3, 2);
  p << 0.5, 0.5, 0.7, 0.3, 0.2, 0.8;
  EXPECT_EQ(predict_labels(p, {4, 9}, 0.5), (Labels{9, 4, 9}));
  EXPECT_EQ(predict_labels(p, {4, 9}, 0.8), (Labels{4, 4, 9}));
  RowMatrixD q(2, 3);
  q << 0.4, 0.4, 0.2, 0.1, 0.3, 0.6;
  EXPECT_EQ(predict_labels(q, {1, 3, 7}), (Labels{1, 7}));
  EXPECT_THROW(predict_labels(q, {1, 3}), InputError);
}

TEST(Evaluation, EveryFieldAndTheWarnings) {
  const Labels y = {0, 0, 0, 1, 1};
  RowMatrixD p(5, 2);
  p << 0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8, 0.7, 0.3;
  const Evaluation e = evaluate_predictions(y, p, {0, 1}, 0.5);
  EXPECT_EQ(e.predicted_positives, 1);
  EXPECT_EQ(e.actual_positives, 2);
  EXPECT_DOUBLE_EQ(e.roc_auc, roc_auc_score(y, {0.1, 0.4, 0.35, 0.8, 0.3}));
  EXPECT_DOUBLE_EQ(e.roc_auc_weighted, e.roc_auc);
  EXPECT_DOUBLE_EQ(e.average_precision, average_precision_score(y, {0.1, 0.4, 0.35, 0.8, 0.3}));
  EXPECT_DOUBLE_EQ(e.specificity, 1.0);
  EXPECT_DOUBLE_EQ(e.g_mean, std::sqrt(0.5));
  EXPECT_DOUBLE_EQ(e.brier, (0.01 + 0.16 + 0.35 * 0.35 + 0.04 + 0.49) / 5);
  EXPECT_TRUE(e.warnings.empty());
  // Only negatives in y_true and none predicted positive.
  RowMatrixD low(3, 2);
  low << 0.9, 0.1, 0.8, 0.2, 0.7, 0.3;
  const Evaluation one = evaluate_predictions({0, 0, 0}, low, {0, 1});
  EXPECT_EQ(one.roc_auc, 0.0);
  EXPECT_EQ(one.average_precision, 0.0);
  ASSERT_EQ(one.warnings.size(), 2u);
  EXPECT_EQ(one.warnings[0].rfind("zero_division", 0), 0u);
  EXPECT_EQ(one.warnings[1].rfind("roc_auc undefined: only one class present in y_true", 0), 0u);
  EXPECT_EQ(one.report.per_class.size(), 2u);  // both model classes are reported
  EXPECT_THROW(evaluate_predictions({0, 2, 0}, low, {0, 1}), InputError);
  EXPECT_THROW(evaluate_predictions({0, 1}, low, {0, 1}), InputError);
  low(1, 1) = std::nan("");
  EXPECT_THROW(evaluate_predictions({0, 1, 0}, low, {0, 1}), InputError);
}

TEST(Evaluation, TextHasTheReportTheMatrixAndTheFigures) {
  const Labels y = {0, 0, 0, 1, 1};
  RowMatrixD p(5, 2);
  p << 0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8, 0.7, 0.3;
  const Evaluation e = evaluate_predictions(y, p, {0, 1}, 0.5);
  const std::string text = format_evaluation(e, 3);
  EXPECT_EQ(text.rfind(format_classification_report(e.report, 3), 0), 0u);
  EXPECT_NE(text.find("confusion matrix (rows: true class, columns: predicted class)\n"
                      "               0       1\n"
                      "       0       3       0\n"
                      "       1       1       1\n"),
            std::string::npos)
      << text;
  for (const char* line : {"ROC AUC             0.6667\n", "average precision   0.7500\n",
                           "balanced accuracy   0.7500\n", "MCC                 0.6124\n",
                           "specificity         1.0000\n", "G-mean              0.7071\n",
                           "log loss ", "Brier score         0.1645\n"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
}

TEST(Evaluation, JsonHasTheDocumentedShapeAndNoNaN) {
  const Labels y = {1, 3, 7, 7, 1, 3};
  RowMatrixD p(6, 3);
  p << 0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.1, 0.1, 0.8, 0.7, 0.1, 0.2, 0.2, 0.5, 0.3;
  const nlohmann::json j = evaluation_to_json(evaluate_predictions(y, p, {1, 3, 7}));
  for (const char* key : {"threshold", "classes", "accuracy", "macro_avg", "weighted_avg",
                          "confusion_matrix", "roc_auc", "roc_auc_weighted", "average_precision",
                          "balanced_accuracy", "mcc", "specificity", "g_mean", "log_loss", "brier",
                          "predicted_positives", "actual_positives", "warnings"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j.size(), 18u);
  EXPECT_EQ(j["classes"].size(), 3u);
  EXPECT_TRUE(j["classes"].contains("7"));
  for (const char* k : {"precision", "recall", "f1", "support"}) {
    EXPECT_TRUE(j["classes"]["3"].contains(k));
    EXPECT_TRUE(j["macro_avg"].contains(k));
  }
  EXPECT_EQ(j["confusion_matrix"], nlohmann::json({{2, 0, 0}, {0, 2, 0}, {0, 0, 2}}));
  // Binary with one class in y_true: 0 and a warning, never NaN / null.
  RowMatrixD low(2, 2);
  low << 0.9, 0.1, 0.8, 0.2;
  const nlohmann::json b = evaluation_to_json(evaluate_predictions({0, 0}, low, {0, 1}));
  EXPECT_FALSE(b.contains("roc_auc_weighted"));
  EXPECT_EQ(b["roc_auc"], 0.0);
  EXPECT_EQ(b.dump().find("null"), std::string::npos) << b.dump();
  EXPECT_EQ(b.dump().find("NaN"), std::string::npos);
  // Doubles print so that they read back to the same value.
  const double third = nlohmann::json::parse(
      evaluation_to_json(evaluate_predictions({0, 0, 1}, low.replicate(2, 1).topRows(3), {0, 1}))
          .dump())["classes"]["0"]["precision"];
  EXPECT_EQ(third, 2.0 / 3.0);
}

}  // namespace
}  // namespace rarenet
