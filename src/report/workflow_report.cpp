#include "rarenet/workflow_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/text.hpp"
#include "rarenet/class_weights.hpp"
#include "rarenet/report_json.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "n/a";  // undefined (e.g. ROC AUC of a fold with one class)
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// 98970 -> "98,970": counts are easier to read with thousands separators.
std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string pad(const std::string& s, std::size_t width, bool left = false) {
  if (s.size() >= width) return s;
  return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
}

json figures_json(const std::map<std::string, double>& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

const ClassScores& minority_scores(const Evaluation& e, std::int64_t minority) {
  for (std::size_t c = 0; c < e.report.classes.size(); ++c)
    if (e.report.classes[c] == minority) return e.report.per_class[c];
  return e.report.per_class.back();
}

}  // namespace

json class_weight_json(const std::vector<std::int64_t>& classes,
                       const std::vector<double>& weights) {
  json j = json::object();
  for (std::size_t c = 0; c < classes.size() && c < weights.size(); ++c)
    j[std::to_string(classes[c])] = weights[c];
  return j;
}

json cv_to_json(const CvResult& cv, std::int64_t minority) {
  json j;
  j["folds"] = json::array();
  std::vector<std::map<std::string, double>> per_fold;
  for (const Evaluation& e : cv.folds) {
    j["folds"].push_back(evaluation_to_json(e));
    per_fold.push_back(evaluation_figures(e, minority));
  }
  const FigureSummary s = summarize_figures(per_fold);
  j["mean"] = figures_json(s.mean);  // an undefined mean (NaN) is written as null
  j["std"] = figures_json(s.std);
  j["mean_over_folds"] = s.folds;
  j["constant_output_folds"] = cv.constant_output_folds;
  j["warnings"] = cv.warnings;
  j["pooled"] = evaluation_to_json(cv.pooled);
  j["pooled_figures"] = figures_json(evaluation_figures(cv.pooled, minority));
  j["seconds"] = cv.fold_seconds;
  return j;
}

std::string format_cv(const CvResult& cv, std::int64_t minority, int digits) {
  std::vector<std::map<std::string, double>> per_fold;
  for (const Evaluation& e : cv.folds) per_fold.push_back(evaluation_figures(e, minority));
  const FigureSummary s = summarize_figures(per_fold);
  std::ostringstream out;
  const bool named = !cv.folds.empty() && !cv.folds[0].class_names.empty();
  const std::string m =
      named ? cv.folds[0].class_name(static_cast<std::size_t>(minority)) : std::to_string(minority);
  std::vector<std::string> names = {"roc_auc",
                                    "average_precision",
                                    "balanced_accuracy",
                                    "precision_" + m,
                                    "recall_" + m,
                                    "f1_" + m,
                                    "mcc",
                                    "g_mean",
                                    "log_loss",
                                    "brier"};
  const bool multiclass = !cv.folds.empty() && cv.folds[0].classes.size() > 2;
  if (multiclass) {  // every class's figures, after the macro ones
    names = {"roc_auc",
             "average_precision",
             "balanced_accuracy",
             "macro_f1",
             "mcc",
             "g_mean",
             "log_loss",
             "brier"};
    for (std::size_t c = 0; c < cv.folds[0].classes.size(); ++c)
      for (const char* f : {"precision_", "recall_", "f1_"})
        names.push_back(
            f + (named ? cv.folds[0].class_name(c) : std::to_string(cv.folds[0].classes[c])));
    out << "Stratified " << cv.folds.size() << "-fold cross-validation ("
        << cv.folds[0].classes.size() << " classes)\n\n";
  } else {
    out << "Stratified " << cv.folds.size() << "-fold cross-validation (minority class " << m
        << ")\n\n";
  }
  out << pad("", 18, true);
  for (std::size_t f = 0; f < cv.folds.size(); ++f) out << pad("fold " + std::to_string(f), 9);
  out << pad("mean", 9) << pad("std", 9) << pad("pooled", 9) << "\n";
  const auto pooled = evaluation_figures(cv.pooled, minority);
  for (const auto& name : names) {
    if (!s.mean.count(name)) continue;
    out << pad(name, 18, true);
    for (const auto& f : per_fold) out << pad(fixed(f.at(name), digits + 2), 9);
    out << pad(fixed(s.mean.at(name), digits + 2), 9) << pad(fixed(s.std.at(name), digits + 2), 9);
    const auto it = pooled.find(name);
    out << (it == pooled.end() ? std::string() : pad(fixed(it->second, digits + 2), 9)) << "\n";
  }
  out << "\npooled: every row's out-of-fold probability judged at once; confusion matrix "
         "(rows: true class, columns: predicted)\n";
  for (Index i = 0; i < cv.pooled.confusion.counts.rows(); ++i) {
    out << "  ";
    for (Index c = 0; c < cv.pooled.confusion.counts.cols(); ++c)
      out << pad(std::to_string(cv.pooled.confusion.counts(i, c)), 9);
    out << "\n";
  }
  double total = 0;
  for (double t : cv.fold_seconds) total += t;
  out << "\ntraining and scoring: " << fixed(total, 2) << " s summed over folds\n";
  for (const std::string& w : cv.warnings) out << "warning: " << w << "\n";
  return out.str();
}

json sweep_to_json(const SweepResult& sweep) {
  json j;
  j["criterion"] = to_string(sweep.criterion);
  j["minority"] = sweep.minority;
  j["multiclass"] = sweep.multiclass;
  j["multilabel"] = sweep.multilabel;
  if (sweep.multilabel) j["labels"] = sweep.label_names;
  j["candidates"] = json::array();
  for (const SweepCandidate& c : sweep.candidates) {
    json cj;
    if (sweep.multilabel) {
      // Per label its (0, 1) weights, and the threshold tuned on its out-of-fold column.
      cj["class_weight"] = json::object();
      cj["per_label"] = json::object();
      for (std::size_t l = 0; l < sweep.label_names.size(); ++l) {
        const std::string& name = sweep.label_names[l];
        cj["class_weight"][name] = {{"0", c.weights[2 * l]}, {"1", c.weights[2 * l + 1]}};
        const Evaluation& e = c.label_evaluations[l];
        const ClassScores& pos = e.report.per_class.at(1);
        cj["per_label"][name] = {{"threshold", c.label_thresholds[l]},
                                 {"criterion_value", c.label_values[l]},
                                 {"precision", pos.precision},
                                 {"recall", pos.recall},
                                 {"f1", pos.f1},
                                 {"roc_auc", e.roc_auc},
                                 {"average_precision", e.average_precision},
                                 {"predicted_positives", e.predicted_positives},
                                 {"actual_positives", e.actual_positives}};
      }
      cj["label_thresholds"] = c.label_thresholds;
    } else {
      cj["class_weight"] = class_weight_json(sweep.classes, c.weights);
    }
    cj["strategy"] = c.class_weight.to_string();
    if (sweep.network_searched) {
      cj["hidden"] = c.hidden;
      cj["weight_decay"] = c.weight_decay;
      cj["dropout"] = c.dropout;
      cj["input_weight_decay"] = c.input_weight_decay;
      cj["scale"] = to_string(c.scale);
      cj["embedding"] = c.embedding.to_string();
    }
    if (sweep.loss_searched) cj["loss"] = c.loss.to_string();
    if (sweep.resample_searched) cj["resample"] = c.resample.to_string();
    cj["threshold"] = c.threshold;
    cj["criterion_value"] = c.criterion_value;
    if (sweep.multiclass) {
      cj["decision_weights"] = decision_weights_json(c.oof_evaluation);
      cj["argmax_criterion_value"] = c.argmax_value;
      // Pooled out-of-fold, judged with the candidate's decision rule.
      cj["per_class"] = json::object();
      for (std::size_t k = 0; k < c.oof_evaluation.report.classes.size(); ++k) {
        const ClassScores& sc = c.oof_evaluation.report.per_class[k];
        cj["per_class"][c.oof_evaluation.class_name(k)] = {{"precision", sc.precision},
                                                           {"recall", sc.recall},
                                                           {"f1", sc.f1},
                                                           {"support", sc.support}};
      }
    }
    cj["mean"] = figures_json(c.figures.mean);
    cj["std"] = figures_json(c.figures.std);
    cj["predicted_positives"] = c.predicted_positives;
    cj["actual_positives"] = c.actual_positives;
    cj["log_loss"] = c.log_loss;
    cj["brier"] = c.brier;
    cj["log_loss_corrected"] = c.log_loss_corrected;
    cj["brier_corrected"] = c.brier_corrected;
    cj["constant_output_folds"] = c.constant_output_folds;
    j["candidates"].push_back(cj);
  }
  j["chosen"] = sweep.chosen;
  j["reason"] = sweep.reason;
  if (sweep.refit_ensemble > 0) j["refit_ensemble"] = sweep.refit_ensemble;
  if (sweep.linear_learning_rate > 0) j["linear_learning_rate"] = sweep.linear_learning_rate;
  if (sweep.network_learning_rate > 0) j["network_learning_rate"] = sweep.network_learning_rate;
  if (sweep.budget > 0) {
    j["budget"] = sweep.budget;
    j["planned"] = sweep.planned;
  }
  return j;
}

namespace {

// A multi-class sweep: macro figures per candidate, then the chosen one's classes.
std::string format_multiclass_sweep(const SweepResult& sweep) {
  std::ostringstream out;
  out << "Weight sweep: " << sweep.candidates.size() << " candidates, criterion "
      << to_string(sweep.criterion) << " (macro, " << sweep.classes.size()
      << " classes, out-of-fold, each candidate's decision weights tuned for it)\n";
  if (sweep.budget > 0)
    out << "Budget " << sweep.budget << " s: " << sweep.candidates.size() << " of " << sweep.planned
        << " candidates evaluated"
        << (sweep.candidates.size() < sweep.planned ? " (the rest were left out)" : "") << "\n";
  out << "\n   " << pad("class weight", 18, true) << pad("criterion", 10) << pad("argmax", 8)
      << pad("macro F1", 9) << pad("bal.acc", 8) << pad("MCC", 8) << pad("G-mean", 8)
      << pad("ROC AUC", 9) << pad("log loss", 10) << "  decision weights\n";
  for (std::size_t i = 0; i < sweep.candidates.size(); ++i) {
    const SweepCandidate& c = sweep.candidates[i];
    const auto& f = c.figures.mean;
    auto get = [&](const std::string& k) { return f.count(k) ? f.at(k) : 0.0; };
    std::string w;
    for (double v : c.decision_weights) w += (w.empty() ? "" : " ") + fixed(v, 2);
    out << (i == sweep.chosen ? " * " : "   ") << pad(c.class_weight.to_string(), 18, true)
        << pad(fixed(c.criterion_value, 4), 10) << pad(fixed(c.argmax_value, 4), 8)
        << pad(fixed(get("macro_f1"), 3), 9) << pad(fixed(get("balanced_accuracy"), 3), 8)
        << pad(fixed(get("mcc"), 3), 8) << pad(fixed(get("g_mean"), 3), 8)
        << pad(fixed(get("roc_auc"), 4), 9) << pad(fixed(c.log_loss, 4), 10) << "  " << w
        << (c.constant_output_folds.empty() ? "" : "  !") << "\n";
  }
  out << "\nchosen (*): " << sweep.reason << "\n";
  const Evaluation& e = sweep.candidates[sweep.chosen].oof_evaluation;
  out << "\nper class, chosen candidate (pooled out-of-fold, with its decision weights):\n"
      << format_classification_report(e.report, 3, class_display_names(e))
      << "\nfigures: means over folds with each candidate's decision weights; criterion: pooled "
         "out-of-fold, argmax: the same without decision weights\n";
  return out.str();
}

// A multi-label sweep: per candidate the means over labels, then the chosen one's labels.
std::string format_multilabel_sweep(const SweepResult& sweep) {
  std::ostringstream out;
  out << "Weight sweep: " << sweep.candidates.size() << " candidates, criterion "
      << to_string(sweep.criterion) << " (mean over " << sweep.label_names.size()
      << " labels, out-of-fold, a threshold tuned per label)\n";
  if (sweep.budget > 0)
    out << "Budget " << sweep.budget << " s: " << sweep.candidates.size() << " of " << sweep.planned
        << " candidates evaluated"
        << (sweep.candidates.size() < sweep.planned ? " (the rest were left out)" : "") << "\n";
  out << "\n   " << pad("class weight", 16, true) << pad("criterion", 10) << pad("precision", 10)
      << pad("recall", 8) << pad("F1", 8) << pad("ROC AUC", 9) << pad("AP", 8)
      << pad("pred/actual +", 15) << pad("log loss", 10) << "  thresholds\n";
  for (std::size_t i = 0; i < sweep.candidates.size(); ++i) {
    const SweepCandidate& c = sweep.candidates[i];
    const auto& f = c.figures.mean;
    auto get = [&](const std::string& k) { return f.count(k) ? f.at(k) : 0.0; };
    std::string t;
    for (double v : c.label_thresholds) t += (t.empty() ? "" : " ") + fixed(v, 3);
    out << (i == sweep.chosen ? " * " : "   ") << pad(c.class_weight.to_string(), 16, true)
        << pad(fixed(c.criterion_value, 4), 10) << pad(fixed(get("precision_1"), 3), 10)
        << pad(fixed(get("recall_1"), 3), 8) << pad(fixed(get("f1_1"), 3), 8)
        << pad(fixed(get("roc_auc"), 4), 9) << pad(fixed(get("average_precision"), 4), 8)
        << pad(grouped(c.predicted_positives) + "/" + grouped(c.actual_positives), 15)
        << pad(fixed(c.log_loss, 4), 10) << "  " << t
        << (c.constant_output_folds.empty() ? "" : "  !") << "\n";
  }
  out << "\nchosen (*): " << sweep.reason << "\n";
  const SweepCandidate& best = sweep.candidates[sweep.chosen];
  out << "\nper label, chosen candidate (pooled out-of-fold, each at its threshold; 1 = the label "
         "is set):\n   "
      << pad("label", 16, true) << pad("weights 0/1", 16, true) << pad("threshold", 10)
      << pad("criterion", 10) << pad("precision", 10) << pad("recall", 8) << pad("F1", 8)
      << pad("ROC AUC", 9) << pad("AP", 8) << pad("pred/actual +", 15) << "\n";
  for (std::size_t l = 0; l < sweep.label_names.size(); ++l) {
    const Evaluation& e = best.label_evaluations[l];
    const ClassScores& pos = e.report.per_class.at(1);
    out << "   " << pad(sweep.label_names[l], 16, true)
        << pad(fixed(best.weights[2 * l], 3) + " / " + fixed(best.weights[2 * l + 1], 3), 16, true)
        << pad(fixed(best.label_thresholds[l], 3), 10) << pad(fixed(best.label_values[l], 4), 10)
        << pad(fixed(pos.precision, 3), 10) << pad(fixed(pos.recall, 3), 8)
        << pad(fixed(pos.f1, 3), 8) << pad(fixed(e.roc_auc, 4), 9)
        << pad(fixed(e.average_precision, 4), 8)
        << pad(grouped(e.predicted_positives) + "/" + grouped(e.actual_positives), 15) << "\n";
  }
  out << "\nfigures: per fold the mean over the labels present there with both values, then the "
         "mean over folds; criterion: the labels' pooled out-of-fold values, averaged\n";
  return out.str();
}

}  // namespace

std::string format_sweep(const SweepResult& sweep) {
  if (sweep.multiclass) return format_multiclass_sweep(sweep);
  if (sweep.multilabel) return format_multilabel_sweep(sweep);
  std::ostringstream out;
  const std::string m = sweep.class_names.empty()
                            ? std::to_string(sweep.minority)
                            : sweep.class_names[static_cast<std::size_t>(sweep.minority)];
  out << "Weight sweep: " << sweep.candidates.size() << " candidates, criterion "
      << to_string(sweep.criterion) << " (minority class " << m << ", out-of-fold)\n";
  if (sweep.budget > 0)
    out << "Budget " << sweep.budget << " s: " << sweep.candidates.size() << " of " << sweep.planned
        << " candidates evaluated"
        << (sweep.candidates.size() < sweep.planned ? " (the rest were left out)" : "") << "\n";
  out << "\n";
  // The network column only when the sweep searched networks.
  const auto network = [](const SweepCandidate& c) {
    std::ostringstream h;
    if (c.hidden.empty()) h << "none";
    for (std::size_t i = 0; i < c.hidden.size(); ++i) h << (i ? "x" : "") << c.hidden[i];
    h << " wd " << c.weight_decay;
    if (c.input_weight_decay > 0) h << " iwd " << c.input_weight_decay;
    if (c.dropout > 0) h << " do " << c.dropout;
    if (c.scale != ScaleKind::Standard) h << " " << to_string(c.scale);
    if (c.embedding.enabled()) h << " " << c.embedding.to_string();
    return h.str();
  };
  // The loss and resampling column only when the sweep searched them.
  const bool remedies = sweep.loss_searched || sweep.resample_searched;
  const auto remedy = [&](const SweepCandidate& c) {
    std::string r;
    if (sweep.loss_searched) r = c.loss.to_string();
    if (sweep.resample_searched) {
      const std::string m = c.resample.enabled() ? c.resample.method : "none";
      r += (r.empty() ? "" : " ") + m;
    }
    return r;
  };
  out << "   ";
  std::size_t net_width = 16;
  for (const SweepCandidate& c : sweep.candidates)
    net_width = std::max(net_width, network(c).size() + 2);
  if (sweep.network_searched) out << pad("network", static_cast<int>(net_width), true);
  if (remedies) out << pad("loss / resampling", 30, true);
  out << pad("class weight", 16, true) << pad("threshold", 10) << pad("criterion", 10)
      << pad("precision", 10) << pad("recall", 8) << pad("F1", 8) << pad("ROC AUC", 9)
      << pad("AP", 8) << pad("bal.acc", 8) << pad("pred/actual +", 15) << pad("log loss", 10)
      << pad("corrected", 10) << "\n";
  for (std::size_t i = 0; i < sweep.candidates.size(); ++i) {
    const SweepCandidate& c = sweep.candidates[i];
    const auto& f = c.figures.mean;
    auto get = [&](const std::string& k) { return f.count(k) ? f.at(k) : 0.0; };
    out << (i == sweep.chosen ? " * " : "   ");
    if (sweep.network_searched) out << pad(network(c), static_cast<int>(net_width), true);
    if (remedies) out << pad(remedy(c), 30, true);
    out << pad(c.class_weight.to_string(), 16, true) << pad(fixed(c.threshold, 3), 10)
        << pad(fixed(c.criterion_value, 4), 10) << pad(fixed(get("precision_" + m), 3), 10)
        << pad(fixed(get("recall_" + m), 3), 8) << pad(fixed(get("f1_" + m), 3), 8)
        << pad(fixed(get("roc_auc"), 4), 9) << pad(fixed(get("average_precision"), 4), 8)
        << pad(fixed(get("balanced_accuracy"), 3), 8)
        << pad(grouped(c.predicted_positives) + "/" + grouped(c.actual_positives), 15)
        << pad(fixed(c.log_loss, 4), 10) << pad(fixed(c.log_loss_corrected, 4), 10)
        << (c.constant_output_folds.empty() ? "" : "  !") << "\n";
  }
  out << "\nchosen (*): " << sweep.reason << "\n";
  bool flagged = false;
  for (const SweepCandidate& c : sweep.candidates) flagged |= !c.constant_output_folds.empty();
  if (flagged)
    out << "warning (!): in some folds these candidates' networks gave every training row the "
           "same output (a constant guess; with ReLU layers, a layer of inactive, \"dead\" "
           "units); their figures judge that guess. Try another --seed, a lower "
           "--learning-rate or --activation leaky_relu\n";
  out << "figures: means over folds at each candidate's threshold; log loss before and after "
         "prior correction\n";
  return out.str();
}

json compare_to_json(const CompareResult& c) {
  json j;
  j["train_rows"] = c.train_rows;
  j["test_rows"] = c.test_rows;
  j["positive"] = c.classes.at(1);
  j["runs"] = json::array();
  for (const RemedyRun& r : c.runs) {
    const ClassScores& pos = r.evaluation.report.per_class.at(1);
    j["runs"].push_back({{"remedy", r.name},
                         {"setting", r.setting},
                         {"training_rows", r.training_rows},
                         {"precision", pos.precision},
                         {"recall", pos.recall},
                         {"f1", pos.f1},
                         {"roc_auc", r.evaluation.roc_auc},
                         {"average_precision", r.evaluation.average_precision},
                         {"predicted_positives", r.evaluation.predicted_positives},
                         {"actual_positives", r.evaluation.actual_positives},
                         {"evaluation", evaluation_to_json(r.evaluation)},
                         {"seconds", r.seconds}});
  }
  return j;
}

std::string format_compare(const CompareResult& c) {
  std::ostringstream out;
  const std::size_t pos = 1;
  const std::string name =
      pos < c.class_names.size() ? c.class_names[pos] : std::to_string(c.classes.at(pos));
  out << "Remedies compared: trained on " << grouped(c.train_rows) << " rows, judged on the same "
      << grouped(c.test_rows) << " held-out rows at threshold 0.5 (positive class " << name
      << ")\n\n";
  out << pad("remedy", 23, true) << pad("setting", 32, true) << pad("rows", 9)
      << pad("precision", 10) << pad("recall", 8) << pad("F1", 8) << pad("ROC AUC", 9)
      << pad("AP", 8) << pad("pred/actual +", 15) << "\n";
  for (const RemedyRun& r : c.runs) {
    const ClassScores& p = r.evaluation.report.per_class.at(pos);
    out << pad(r.name, 23, true) << pad(r.setting.empty() ? "-" : r.setting, 32, true)
        << pad(grouped(r.training_rows), 9) << pad(fixed(p.precision, 3), 10)
        << pad(fixed(p.recall, 3), 8) << pad(fixed(p.f1, 3), 8)
        << pad(fixed(r.evaluation.roc_auc, 4), 9)
        << pad(fixed(r.evaluation.average_precision, 4), 8)
        << pad(grouped(r.evaluation.predicted_positives) + "/" +
                   grouped(r.evaluation.actual_positives),
               15)
        << "\n";
  }
  out << "\nrows: training rows of an epoch (after resampling; balanced batches: every class cut "
         "to the rarest one's count, drawn afresh each epoch); every other setting is the same in "
         "every row\n";
  return out.str();
}

// A tutorial run's setting as a user writes it, for the remedies' table.
static std::string tutorial_setting(const TutorialRun& r) {
  if (r.name == "baseline") return "-";
  if (r.name == "balanced") return "--class-weight balanced";
  if (r.name == "manual" && r.class_weight.size() == 2)
    return "--class-weight 0:1,1:" + shortest(r.class_weight[1]);
  return "weight and threshold by sweep";
}

json tutorial_to_json(const TutorialResult& t) {
  json j;
  j["dataset"] = {
      {"counts", t.counts}, {"train_counts", t.train_counts}, {"test_counts", t.test_counts}};
  j["class_weight_balanced"] = class_weight_json({0, 1}, t.balanced_weights);
  j["runs"] = json::object();
  j["seconds"] = json::object();
  for (const TutorialRun& r : t.runs) {
    json e = evaluation_to_json(r.evaluation);
    e["class_weight"] = class_weight_json({0, 1}, r.class_weight);
    j["runs"][r.name] = e;
    j["seconds"][r.name] = r.seconds;
  }
  j["seconds"]["total"] = t.seconds_total;
  if (t.sweep) j["sweep"] = sweep_to_json(*t.sweep);
  if (t.remedies) j["remedies"] = compare_to_json(*t.remedies);
  return j;
}

std::string format_tutorial(const TutorialResult& t, const TutorialOptions& o) {
  std::ostringstream out;
  const auto pct = [](std::int64_t part, std::int64_t whole) {
    return fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 2) + " %";
  };
  const std::int64_t n = t.counts[0] + t.counts[1];
  out << "rarenet tutorial: class weights for a neural network on imbalanced data\n\n";
  out << "Step 1. The dataset: make_classification(n_samples=100000, n_features=2, "
         "n_informative=2,\n        n_redundant=0, n_repeated=0, n_classes=2, "
         "n_clusters_per_class=1, weights=[0.995, 0.005],\n        class_sep=0.5, "
         "random_state=0)\n";
  out << "        class 0: " << grouped(t.counts[0]) << " rows, class 1: " << grouped(t.counts[1])
      << " rows (" << pct(t.counts[1], n)
      << "; above the 0.5 % asked for, because flip_y relabels 1 % of rows at random)\n\n";
  out << "Step 2. The split: train_test_split(test_size=0.2, random_state=42)\n";
  out << "        training rows: " << grouped(t.train_counts[0]) << " / "
      << grouped(t.train_counts[1]) << ", test rows: " << grouped(t.test_counts[0]) << " / "
      << grouped(t.test_counts[1]) << "\n\n";
  const std::string net =
      "Dense(2, relu) -> Dense(2, relu) -> Dense(1, sigmoid), binary "
      "cross-entropy, Adam, " +
      std::to_string(o.epochs) + " epochs, batch " + std::to_string(o.batch_size) + ", seed " +
      std::to_string(o.seed);
  int step = 3;
  for (const TutorialRun& r : t.runs) {
    if (r.name == "baseline") {
      out << "Step 3. The baseline: " << net << "\n\n";
    } else if (r.name == "balanced") {
      out << "Step 4. Balanced class weights, scikit-learn's compute_class_weight('balanced'), "
             "as the dictionary Keras takes:\n        class_weight = "
          << format_class_weight_dict({0, 1}, t.balanced_weights) << "\n\n";
      out << "Step 5. The same network trained with the balanced weights\n\n";
      step = 5;
    } else if (r.name == "manual") {
      out << "Step 6. Manual class weights 1:" << fixed(r.class_weight[1], 0)
          << ", class_weight = " << format_class_weight_dict({0, 1}, r.class_weight) << "\n\n";
      step = 6;
    } else if (r.name == "sweep") {
      continue;  // shown after the summary, as step 8
    }
    out << format_classification_report(r.evaluation.report, 2) << "\n";
    out << "ROC AUC: " << fixed(r.evaluation.roc_auc, 4) << "    training: " << fixed(r.seconds, 3)
        << " s\n\n";
  }
  (void)step;
  auto summary_row = [&](const TutorialRun& r) {
    const ClassScores& s = minority_scores(r.evaluation, 1);
    out << "  " << pad(r.name, 9, true) << pad(fixed(s.precision, 3), 10)
        << pad(fixed(s.recall, 3), 8) << pad(fixed(s.f1, 3), 8)
        << pad(fixed(r.evaluation.roc_auc, 4), 9)
        << pad(fixed(r.evaluation.average_precision, 4), 8)
        << pad(grouped(r.evaluation.predicted_positives) + " / " +
                   grouped(r.evaluation.actual_positives),
               14)
        << pad(fixed(r.threshold, 3), 10) << pad(fixed(r.seconds, 3), 9) << "\n";
  };
  out << "Step 7. Summary: the minority class (1) on the "
      << grouped(t.test_counts[0] + t.test_counts[1]) << " test rows\n\n";
  out << "  " << pad("run", 9, true) << pad("precision", 10) << pad("recall", 8) << pad("F1", 8)
      << pad("ROC AUC", 9) << pad("AP", 8) << pad("pred / actual", 14) << pad("threshold", 10)
      << pad("seconds", 9) << "\n";
  for (const TutorialRun& r : t.runs)
    if (r.name != "sweep") summary_row(r);
  out << "\n  Weights buy recall with precision: the heavier the minority class weighs, the more "
         "rows\n  are predicted positive. ROC AUC barely moves, because it judges the ranking, "
         "not the\n  threshold: read recall, precision and the predicted count together.\n\n";
  for (const TutorialRun& r : t.runs) {
    if (r.name != "sweep" || !t.sweep) continue;
    out << "Step 8. Let cross-validation choose: 5-fold sweep on the training rows\n\n";
    out << format_sweep(*t.sweep) << "\n";
    out << "  The chosen weighting, retrained on all training rows, on the test rows:\n\n";
    out << "  " << pad("run", 9, true) << pad("precision", 10) << pad("recall", 8) << pad("F1", 8)
        << pad("ROC AUC", 9) << pad("AP", 8) << pad("pred / actual", 14) << pad("threshold", 10)
        << pad("seconds", 9) << "\n";
    for (const TutorialRun& q : t.runs) summary_row(q);
    out << "\n";
  }
  if (t.remedies) {
    out << "Step 9. The other remedies on the same split: the same network, each changing one "
           "setting,\n        judged on the same test rows at threshold 0.5\n\n";
    out << "  " << pad("run", 24, true) << pad("setting", 34, true) << pad("precision", 10)
        << pad("recall", 8) << pad("F1", 8) << pad("ROC AUC", 9) << pad("AP", 8)
        << pad("pred / actual", 16) << pad("rows", 9) << pad("seconds", 9) << "\n";
    const auto row = [&](const std::string& name, const std::string& setting, const Evaluation& e,
                         std::int64_t rows, double seconds) {
      const ClassScores& s = minority_scores(e, 1);
      out << "  " << pad(name, 24, true) << pad(setting, 34, true) << pad(fixed(s.precision, 3), 10)
          << pad(fixed(s.recall, 3), 8) << pad(fixed(s.f1, 3), 8) << pad(fixed(e.roc_auc, 4), 9)
          << pad(fixed(e.average_precision, 4), 8)
          << pad(grouped(e.predicted_positives) + " / " + grouped(e.actual_positives), 16)
          << pad(grouped(rows), 9) << pad(fixed(seconds, 3), 9) << "\n";
    };
    const std::int64_t train_rows = t.train_counts[0] + t.train_counts[1];
    // The tutorial's own runs first: "none" and "class weights" of the comparison are the
    // baseline and balanced runs again (the same options and seed), so they are not repeated.
    for (const TutorialRun& r : t.runs)
      row(r.name, tutorial_setting(r), r.evaluation, train_rows, r.seconds);
    for (const RemedyRun& r : t.remedies->runs)
      if (r.name != "none" && r.name != "class weights")
        row(r.name, r.setting, r.evaluation, r.training_rows, r.seconds);
    out << "\n  rows: training rows of an epoch (after resampling; balanced batches: every class "
           "cut to the\n  rarest one's count). Rebalancing moves the 0.5 threshold towards the "
           "rare class, as weights\n  do; the focal loss's alpha = 0.25 weighs class 1 down. "
           "Ranking (ROC AUC, AP) moves little.\n\n";
  }
  out << "total: " << fixed(t.seconds_total, 2) << " s\n";
  return out.str();
}

}  // namespace rarenet
