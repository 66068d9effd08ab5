// HTML reports: one self-contained page per evaluation, training, cross-validation, sweep and
// tutorial, for a person to read in any browser, offline.
//
// A page holds (1) a header saying what was run (RunHeader), (2) tables (classification report,
// confusion matrix with counts and rates, per-fold and per-candidate figures), (3) charts drawn
// by Vega-Lite (ROC with AUC and the chance line; precision-recall with average precision and the
// prevalence baseline; scores by true class with the threshold; precision / recall / F1 against
// the threshold; reliability before and after prior correction; loss per epoch; per-fold and
// per-candidate figures with their spread), and (4) its data as plain JSON: a
// <script type="application/json" id="rarenet-record"> element holding {"kind", "run",
// "result"} where "result" is the object the command prints with --json, and an element
// id="rarenet-charts" holding {chart id: Vega-Lite spec with its data inline}. Curves come from
// Evaluation::curves (thinned, so a page for a million rows stays small).
// The page carries the charting library (Vega, Vega-Lite, vega-embed, compiled into the library)
// and makes no network request (its Content-Security-Policy forbids any). Every string placed in
// the page is escaped for where it goes (HTML text, attribute or JSON inside <script>).
// When the page has drawn every chart, <body> gets data-report-ready="true" and
// data-charts-drawn="N" (data-chart-errors lists failures), which the browser tests read.
// The functions return the page; writing it (atomically) is the caller's.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "rarenet/classifier.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/evaluation.hpp"
#include "rarenet/sweep.hpp"
#include "rarenet/tutorial.hpp"

namespace rarenet {

// What was run, shown at the top of every page and kept in its record.
struct RunHeader {
  std::string command;    // the command line
  std::string data_file;  // the file judged or trained on (may be empty, e.g. the tutorial)
  std::vector<std::pair<std::string, std::int64_t>> rows_per_class;  // label (or name) -> rows
  std::vector<std::pair<std::string, std::string>> options;          // option -> value used
  std::string version;  // empty: this library's version
  std::string date;     // e.g. 2024-05-01T12:00:00Z
};

// This library's version, e.g. "0.1.0".
std::string rarenet_version();

// Rows per class of a single-target dataset ("0": n0, "1": n1, ...); multi-label: rows with each
// label set ("<label>=1": n).
std::vector<std::pair<std::string, std::int64_t>> rows_per_class(const Dataset& data);

// A header without rows_per_class gets them from the result (the evaluated rows; for cv and
// sweep every row; for the tutorial the generated data set).

// `evaluate`: one evaluation (binary or multi-class); model: what was evaluated (task, threshold,
// class weights, prior correction), may be null. When the model has a prior correction and the
// labels and (corrected) probabilities the evaluation came from are given, the reliability chart
// also shows the probabilities before the correction. proba: (n_samples, n_classes).
std::string evaluation_report_html(const RunHeader& run, const Evaluation& e,
                                   const Classifier* model = nullptr, const Labels* y = nullptr,
                                   const RowMatrixD* proba = nullptr);
// `evaluate` of a multi-label model: one binary evaluation per label, in label order.
std::string multilabel_report_html(const RunHeader& run, const std::vector<std::string>& labels,
                                   const std::vector<Evaluation>& per_label,
                                   const Classifier* model = nullptr);
// `train`: loss (and validation figures) per epoch, the early-stopping epoch; with validation
// data, the trained model judged on it at its threshold.
std::string train_report_html(const RunHeader& run, const Classifier& model,
                              const Dataset* validation = nullptr);
// `cv`: per-fold curves overlaid, each figure's folds, mean and spread. minority: the class whose
// precision / recall / F1 are summarised (as format_cv).
std::string cv_report_html(const RunHeader& run, const CvResult& cv, std::int64_t minority);
// `sweep`: criterion and precision / recall per candidate with fold spread, the winner marked,
// every candidate's pooled out-of-fold curves and the winner's full evaluation.
std::string sweep_report_html(const RunHeader& run, const SweepResult& sweep);
// `tutorial`: the runs side by side (summary, curves, scores, confusion matrices), then the sweep.
std::string tutorial_report_html(const RunHeader& run, const TutorialResult& t,
                                 const TutorialOptions& options);

// JSON text that is safe inside <script>: '<', '>', '&' and U+2028 / U+2029 as \u escapes (a
// string such as "</script>" cannot end the element). The value parses back unchanged.
std::string json_for_script(const nlohmann::json& j);

}  // namespace rarenet
