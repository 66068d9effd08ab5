// Vega-Lite specs for the report pages (private to the report layer). Each function returns one
// chart with its data inline, in plain field names, so the page's JSON reads as a record.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "rarenet/curves.hpp"
#include "rarenet/selection.hpp"
#include "rarenet/train_config.hpp"

namespace rarenet::html {

// One curve of an overlay (a class, a fold, a run, a candidate).
struct CurveSeries {
  std::string name;
  const ClassCurves* curves = nullptr;
  // The operating point at the decision threshold: (false positive rate, recall, precision).
  std::optional<std::array<double, 3>> point;
  bool highlight = false;
};

nlohmann::json roc_chart(const std::vector<CurveSeries>& series, const std::string& title);
nlohmann::json pr_chart(const std::vector<CurveSeries>& series, const std::string& title);
// Scores of the class and of the rest; threshold marked when given (binary).
nlohmann::json scores_chart(const ClassCurves& c, std::optional<double> threshold,
                            const std::string& title);
nlohmann::json threshold_chart(const ClassCurves& c, double threshold, const std::string& title);
struct ReliabilitySeries {
  std::string name;
  const ReliabilityCurve* curve = nullptr;
};
nlohmann::json reliability_chart(const std::vector<ReliabilitySeries>& series,
                                 const std::string& y_title, const std::string& title);
nlohmann::json loss_chart(const FitHistory& h, bool validation, const std::string& title);
nlohmann::json validation_chart(const FitHistory& h, const std::string& title);

// Per-group values (folds of a figure, or of a candidate) with their mean and spread.
struct SpreadRow {
  std::string group;           // figure name, or candidate
  std::vector<double> values;  // one per fold
  double mean = 0, std = 0;
};
// Figures per fold (ticks), the mean (point) and mean +- std (rule), one row per figure.
nlohmann::json spread_chart(const std::vector<SpreadRow>& rows, const std::string& x_title,
                            const std::string& title);
// Sweep: per candidate (in order) the pooled criterion, the per-fold values, the winner marked.
nlohmann::json sweep_criterion_chart(const std::vector<SpreadRow>& folds,
                                     const std::vector<double>& pooled, std::size_t chosen,
                                     const std::string& criterion, const std::string& title);
// Sweep: per candidate mean precision and recall with +- std, the winner marked.
nlohmann::json sweep_precision_recall_chart(const std::vector<SpreadRow>& precision,
                                            const std::vector<SpreadRow>& recall,
                                            std::size_t chosen, const std::string& title);

}  // namespace rarenet::html
