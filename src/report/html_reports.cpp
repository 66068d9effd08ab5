// The report pages of the commands: which sections, charts and tables each one shows.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "html_charts.hpp"
#include "html_page.hpp"
#include "rarenet/report_json.hpp"
#include "rarenet/workflow_report.hpp"
#include "train/options_json.hpp"

namespace rarenet {
namespace {

using html::Cell;
using html::fixed;
using html::Page;
using html::Section;
using html::short_number;
using html::shortest;
using nlohmann::json;

std::string weights_text(const std::vector<std::int64_t>& classes,
                         const std::vector<double>& weights) {
  std::string s;
  for (std::size_t c = 0; c < classes.size() && c < weights.size(); ++c)
    s += (s.empty() ? "" : ", ") + std::to_string(classes[c]) + ": " + short_number(weights[c]);
  return "{" + s + "}";
}

void model_paragraph(Section& s, const Classifier* model) {
  if (!model) return;
  std::string p = "The model: a " + to_string(model->task) + " classifier over " +
                  std::to_string(model->feature_names.size()) + " features";
  if (model->task != Task::MultiClass)
    p += ", decision threshold " + short_number(model->threshold);
  if (model->task != Task::MultiLabel && !model->class_weight_values.empty())
    p += ", trained with class weights " +
         weights_text(model->classes, model->class_weight_values.front());
  if (!model->decision_weights.empty())
    p += "; it decides by the class with the largest weight x probability, decision weights " +
         weights_text(model->classes, model->decision_weights);
  if (!model->prior_correction.empty())
    p += "; its probabilities are prior-corrected (the class weights divided back out)";
  s.paragraphs.push_back(p + ".");
}

std::string rare_summary(const Evaluation& e) {
  if (e.classes.size() != 2)
    return std::to_string(e.classes.size()) + " classes; ROC AUC one-vs-rest macro " +
           fixed(e.roc_auc, 3) + ", balanced accuracy " + fixed(e.balanced_accuracy, 3) + ".";
  const auto& m = e.confusion.counts;
  const ClassScores& pos = e.report.per_class[1];
  return "Class " + std::to_string(e.classes[1]) + ": " + std::to_string(m(1, 1)) + " of " +
         std::to_string(e.actual_positives) + " found (recall " + fixed(pos.recall, 3) + ") with " +
         std::to_string(m(0, 1)) + " false alarms (precision " + fixed(pos.precision, 3) +
         ") at threshold " + short_number(e.threshold) + "; ROC AUC " + fixed(e.roc_auc, 3) +
         ", average precision " + fixed(e.average_precision, 3) + ".";
}

const ClassCurves* curves_of(const Evaluation& e, std::int64_t cls) {
  for (const ClassCurves& c : e.curves.classes)
    if (c.positive == cls) return &c;
  return e.curves.classes.empty() ? nullptr : &e.curves.classes.back();
}

// The header, with rows per class from the evaluations' confusion matrices when it has none.
RunHeader with_rows(RunHeader run, const std::vector<const Evaluation*>& evaluations) {
  if (!run.rows_per_class.empty() || evaluations.empty()) return run;
  const Evaluation& first = *evaluations.front();
  for (std::size_t c = 0; c < first.classes.size(); ++c) {
    std::int64_t n = 0;
    for (const Evaluation* e : evaluations)
      for (Index j = 0; j < e->confusion.counts.cols(); ++j)
        n += e->confusion.counts(static_cast<Index>(c), j);
    run.rows_per_class.emplace_back(std::to_string(first.classes[c]), n);
  }
  return run;
}

// "mean ± std" of a figure over the folds; empty when the figure was not computed.
std::string mean_and_spread(const FigureSummary& f, const std::string& key) {
  const auto m = f.mean.find(key), d = f.std.find(key);
  return m == f.mean.end() ? std::string("") : fixed(m->second, 3) + " ± " + fixed(d->second, 3);
}

// The background of the chosen candidate's cells in the candidate tables.
constexpr const char* kChosenHeat = "rgba(44, 160, 44, 0.18)";

std::string candidate_name(const SweepCandidate& c) {
  return c.class_weight.to_string();
}

// The candidates' criterion: pooled out-of-fold dots, fold ticks (`ticks` says what they are).
void add_criterion_chart(Page& page, Section& s, const SweepResult& sw, const std::string& ticks) {
  std::vector<html::SpreadRow> crit;
  std::vector<double> pooled;
  for (const SweepCandidate& c : sw.candidates) {
    std::vector<double> defined;
    for (double v : c.fold_criterion)
      if (!std::isnan(v)) defined.push_back(v);
    double mean = 0, var = 0;
    for (double v : defined) mean += v;
    if (!defined.empty()) mean /= static_cast<double>(defined.size());
    for (double v : defined) var += (v - mean) * (v - mean);
    if (!defined.empty()) var /= static_cast<double>(defined.size());
    crit.push_back({candidate_name(c), defined, mean, std::sqrt(var)});
    pooled.push_back(c.criterion_value);
  }
  s.charts.push_back(
      page.chart(html::sweep_criterion_chart(crit, pooled, sw.chosen, to_string(sw.criterion),
                                             "Criterion by candidate"),
                 "Dots: the pooled out-of-fold " + to_string(sw.criterion) +
                     " (the winner in green); ticks: " + ticks));
}

// A multi-label sweep: each candidate's per-label weights and thresholds, its figures averaged
// over the labels; the winner's labels one by one.
void add_multilabel_sweep_sections(Page& page, const SweepResult& sw, const std::string& prefix) {
  Section& s = page.add_section(prefix + "Class-weight candidates");
  s.paragraphs.push_back(
      "Every candidate weighting gave each of the " + std::to_string(sw.label_names.size()) +
      " labels its own weights for 0 and 1 and was trained on the same " +
      std::to_string(sw.candidates.empty() ? 0 : sw.candidates.front().fold_criterion.size()) +
      " folds (rows stratified by their rarest label); each label's threshold was tuned on its "
      "pooled out-of-fold probabilities for the " +
      to_string(sw.criterion) + ", and the candidate is judged by the mean over the labels.");
  if (!sw.reason.empty()) s.paragraphs.push_back("Chosen: " + sw.reason + ".");
  add_criterion_chart(page, s, sw, "each fold's mean over its labels at the same thresholds");
  html::Table t;
  t.caption = "Candidates (figures: means over labels, then over folds)";
  t.head = {"class weight", "thresholds", to_string(sw.criterion),
            "precision",    "recall",     "F1",
            "ROC AUC",      "AP",         "log loss"};
  for (std::size_t i = 0; i < sw.candidates.size(); ++i) {
    const SweepCandidate& c = sw.candidates[i];
    const auto pm = [&](const std::string& k) { return mean_and_spread(c.figures, k); };
    std::string thresholds;
    for (double v : c.label_thresholds)
      thresholds += (thresholds.empty() ? "" : ", ") + fixed(v, 3);
    const std::string heat = i == sw.chosen ? kChosenHeat : "";
    t.rows.push_back(
        {Cell{candidate_name(c) + (i == sw.chosen ? " (chosen)" : ""), "", heat, false, true},
         Cell{thresholds, "", heat}, Cell{fixed(c.criterion_value), "", heat},
         Cell{pm("precision_1"), "", heat}, Cell{pm("recall_1"), "", heat},
         Cell{pm("f1_1"), "", heat}, Cell{pm("roc_auc"), "", heat},
         Cell{pm("average_precision"), "", heat},
         Cell{fixed(c.log_loss), "corrected " + fixed(c.log_loss_corrected), heat}});
  }
  s.tables.push_back(std::move(t));
  if (sw.candidates.empty()) return;
  const SweepCandidate& best = sw.candidates[sw.chosen];
  for (std::size_t l = 0; l < sw.label_names.size(); ++l) {
    Section& w = page.add_section(prefix + "The winner, " + candidate_name(best) + ", on label " +
                                  sw.label_names[l] + " (out-of-fold, threshold " +
                                  fixed(best.label_thresholds[l], 3) + ")");
    w.paragraphs.push_back("Weights " + fixed(best.weights[2 * l], 3) + " for 0 and " +
                           fixed(best.weights[2 * l + 1], 3) + " for 1. " +
                           rare_summary(best.label_evaluations[l]));
    html::add_evaluation(page, w, best.label_evaluations[l], sw.label_names[l]);
  }
}

// The sweep's sections (also the tutorial's last part).
// A multi-class sweep: each candidate's decision rule and macro figures; the winner's classes.
void add_multiclass_sweep_sections(Page& page, const SweepResult& sw, const std::string& prefix) {
  Section& s = page.add_section(prefix + "Class-weight candidates");
  s.paragraphs.push_back(
      "Every candidate class weighting was trained on the same " +
      std::to_string(sw.candidates.empty() ? 0 : sw.candidates.front().fold_criterion.size()) +
      " stratified folds; its decision weights (the predicted class is the largest weight x "
      "probability) were tuned on its pooled out-of-fold probabilities for the macro " +
      to_string(sw.criterion) + ", and its figures are the folds' mean and spread with them.");
  if (!sw.reason.empty()) s.paragraphs.push_back("Chosen: " + sw.reason + ".");
  add_criterion_chart(page, s, sw, "each fold's value with the same rule");
  html::Table t;
  t.caption = "Candidates";
  t.head = {"class weight", "weights",  "decision weights",  to_string(sw.criterion),
            "argmax",       "macro F1", "balanced accuracy", "log loss"};
  for (std::size_t i = 0; i < sw.candidates.size(); ++i) {
    const SweepCandidate& c = sw.candidates[i];
    const auto pm = [&](const std::string& k) { return mean_and_spread(c.figures, k); };
    const std::string heat = i == sw.chosen ? kChosenHeat : "";
    t.rows.push_back(
        {Cell{candidate_name(c) + (i == sw.chosen ? " (chosen)" : ""), "", heat, false, true},
         Cell{weights_text(sw.classes, c.weights), "", heat},
         Cell{weights_text(sw.classes, c.decision_weights), "", heat},
         Cell{fixed(c.criterion_value), "", heat}, Cell{fixed(c.argmax_value), "", heat},
         Cell{pm("macro_f1"), "", heat}, Cell{pm("balanced_accuracy"), "", heat},
         Cell{fixed(c.log_loss), "corrected " + fixed(c.log_loss_corrected), heat}});
  }
  s.tables.push_back(std::move(t));
  if (!sw.candidates.empty()) {
    const SweepCandidate& best = sw.candidates[sw.chosen];
    Section& w = page.add_section(prefix + "The winner, " + candidate_name(best) +
                                  ", on its out-of-fold scores");
    w.paragraphs.push_back(rare_summary(best.oof_evaluation));
    html::add_evaluation(page, w, best.oof_evaluation);
  }
}

void add_sweep_sections(Page& page, const SweepResult& sw, const std::string& prefix) {
  if (sw.multiclass) return add_multiclass_sweep_sections(page, sw, prefix);
  if (sw.multilabel) return add_multilabel_sweep_sections(page, sw, prefix);
  const std::string minority = std::to_string(sw.minority);
  Section& s = page.add_section(prefix + "Class-weight candidates");
  s.paragraphs.push_back(
      "Every candidate class weighting was trained on the same " +
      std::to_string(sw.candidates.empty() ? 0 : sw.candidates.front().fold_criterion.size()) +
      " stratified folds; its threshold was chosen on its pooled out-of-fold scores by the " +
      to_string(sw.criterion) +
      " criterion, and its figures are the folds' mean and spread at "
      "that threshold.");
  if (!sw.reason.empty()) s.paragraphs.push_back("Chosen: " + sw.reason + ".");
  std::vector<html::SpreadRow> crit, prec, rec;
  std::vector<double> pooled;
  for (const SweepCandidate& c : sw.candidates) {
    const auto get = [&](const std::map<std::string, double>& m, const std::string& k) {
      const auto it = m.find(k);
      return it == m.end() ? 0.0 : it->second;
    };
    double mean = 0, var = 0;
    for (double v : c.fold_criterion) mean += v;
    if (!c.fold_criterion.empty()) mean /= static_cast<double>(c.fold_criterion.size());
    for (double v : c.fold_criterion) var += (v - mean) * (v - mean);
    if (!c.fold_criterion.empty()) var /= static_cast<double>(c.fold_criterion.size());
    crit.push_back({candidate_name(c), c.fold_criterion, mean, std::sqrt(var)});
    prec.push_back({candidate_name(c),
                    {},
                    get(c.figures.mean, "precision_" + minority),
                    get(c.figures.std, "precision_" + minority)});
    rec.push_back({candidate_name(c),
                   {},
                   get(c.figures.mean, "recall_" + minority),
                   get(c.figures.std, "recall_" + minority)});
    pooled.push_back(c.criterion_value);
  }
  s.charts.push_back(
      page.chart(html::sweep_criterion_chart(crit, pooled, sw.chosen, to_string(sw.criterion),
                                             "Criterion by candidate"),
                 "Dots: the pooled out-of-fold " + to_string(sw.criterion) +
                     " (the winner in green); ticks: each fold's value at the same threshold"));
  s.charts.push_back(
      page.chart(html::sweep_precision_recall_chart(prec, rec, sw.chosen,
                                                    "Precision and recall of class " + minority),
                 "Mean over folds at each candidate's threshold; bars: +- one standard deviation"));
  html::Table t;
  t.caption = "Candidates";
  t.head = {"class weight",          "weights",   "threshold",
            to_string(sw.criterion), "precision", "recall",
            "predicted / actual",    "log loss",  "Brier"};
  for (std::size_t i = 0; i < sw.candidates.size(); ++i) {
    const SweepCandidate& c = sw.candidates[i];
    const auto pm = [&](const std::string& k) { return mean_and_spread(c.figures, k); };
    const std::string heat = i == sw.chosen ? kChosenHeat : "";
    t.rows.push_back(
        {Cell{candidate_name(c) + (i == sw.chosen ? " (chosen)" : ""), "", heat, false, true},
         Cell{weights_text(sw.classes, c.weights), "", heat},
         Cell{short_number(c.threshold), "", heat}, Cell{fixed(c.criterion_value), "", heat},
         Cell{pm("precision_" + minority), "", heat}, Cell{pm("recall_" + minority), "", heat},
         Cell{std::to_string(c.predicted_positives) + " / " + std::to_string(c.actual_positives),
              "", heat},
         Cell{fixed(c.log_loss), "corrected " + fixed(c.log_loss_corrected), heat},
         Cell{fixed(c.brier), "corrected " + fixed(c.brier_corrected), heat}});
  }
  s.tables.push_back(std::move(t));

  std::vector<html::CurveSeries> roc, pr;
  for (std::size_t i = 0; i < sw.candidates.size(); ++i) {
    const Evaluation& e = sw.candidates[i].oof_evaluation;
    const ClassCurves* c = curves_of(e, sw.minority);
    if (!c || c->roc.x.empty()) continue;
    const std::string name = candidate_name(sw.candidates[i]) + (i == sw.chosen ? " (chosen)" : "");
    roc.push_back(
        {name + " · AUC " + fixed(e.roc_auc, 3), c, html::operating_point(e), i == sw.chosen});
    pr.push_back({name + " · AP " + fixed(e.average_precision, 3), c, html::operating_point(e),
                  i == sw.chosen});
  }
  if (!roc.empty()) {
    Section& o = page.add_section(prefix + "Out-of-fold curves of every candidate");
    o.paragraphs.push_back(
        "The curves of each candidate's pooled out-of-fold scores; dots mark each candidate's "
        "chosen threshold, the winner's line is drawn thicker.");
    o.charts.push_back(page.chart(html::roc_chart(roc, "ROC curves"), ""));
    o.charts.push_back(page.chart(html::pr_chart(pr, "Precision-recall curves"), ""));
  }
  if (!sw.candidates.empty()) {
    const SweepCandidate& best = sw.candidates[sw.chosen];
    Section& w = page.add_section(prefix + "The winner, " + candidate_name(best) +
                                  ", on its out-of-fold scores");
    w.paragraphs.push_back(rare_summary(best.oof_evaluation));
    html::add_evaluation(page, w, best.oof_evaluation);
  }
}

}  // namespace

std::vector<std::pair<std::string, std::int64_t>> rows_per_class(const Dataset& data) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  if (data.n_targets() == 1) {
    const Labels y = data.labels();
    const auto classes = unique_labels(y);
    const auto counts = class_counts(y, classes);
    for (std::size_t c = 0; c < classes.size(); ++c)
      out.emplace_back(std::to_string(classes[c]), counts[c]);
  } else {
    for (Index l = 0; l < data.n_targets(); ++l) {
      std::int64_t n = 0;
      for (Index i = 0; i < data.n_samples(); ++i) n += data.Y(i, l) == 1;
      out.emplace_back(data.target_names[static_cast<std::size_t>(l)] + "=1", n);
    }
  }
  return out;
}

std::string evaluation_report_html(const RunHeader& run, const Evaluation& e,
                                   const Classifier* model, const Labels* y,
                                   const RowMatrixD* proba) {
  Page page("evaluate", "Evaluation", with_rows(run, {&e}));
  page.summary = rare_summary(e);
  page.result = evaluation_to_json(e);
  Section& s = page.add_section(e.classes.size() == 2 ? "How well the rare class is found"
                                                      : "How well each class is found");
  model_paragraph(s, model);
  if (model && !model->prior_correction.empty() && y && proba && model->task != Task::MultiLabel &&
      model->prior_correction.size() == static_cast<std::size_t>(proba->cols())) {
    // Undo the correction (p_c proportional to corrected p_c times the class's factor).
    RowMatrixD raw = *proba;
    for (Index i = 0; i < raw.rows(); ++i) {
      double sum = 0;
      for (Index c = 0; c < raw.cols(); ++c) sum += raw(i, c) *= model->prior_correction[c];
      if (sum > 0) raw.row(i) /= sum;
    }
    Evaluation both = e;
    add_uncorrected_reliability(both.curves, *y, raw, e.classes);
    html::add_evaluation(page, s, both);
  } else {
    html::add_evaluation(page, s, e);
  }
  return page.render();
}

std::string multilabel_report_html(const RunHeader& run, const std::vector<std::string>& labels,
                                   const std::vector<Evaluation>& per_label,
                                   const Classifier* model) {
  RunHeader header = run;
  if (header.rows_per_class.empty())
    for (std::size_t l = 0; l < labels.size() && l < per_label.size(); ++l)
      header.rows_per_class.emplace_back(labels[l] + "=1", per_label[l].actual_positives);
  Page page("evaluate", "Evaluation (multi-label)", header);
  page.summary = std::to_string(labels.size()) +
                 " labels, each judged as its own binary problem (label set or not).";
  page.result = json::object();
  for (std::size_t l = 0; l < labels.size() && l < per_label.size(); ++l) {
    page.result["labels"][labels[l]] = evaluation_to_json(per_label[l]);
    Section& s = page.add_section("Label " + labels[l]);
    if (l == 0) model_paragraph(s, model);
    s.paragraphs.push_back(rare_summary(per_label[l]));
    html::add_evaluation(page, s, per_label[l], labels[l]);
  }
  return page.render();
}

std::string train_report_html(const RunHeader& run, const Classifier& model,
                              const Dataset* validation) {
  Page page("train", "Training", run);
  const FitHistory& h = model.history;
  page.summary = "A " + to_string(model.task) + " classifier trained for " +
                 std::to_string(h.epochs.size()) + " epochs" +
                 (h.stopped_early ? " (stopped early; the weights of epoch " +
                                        std::to_string(h.best_epoch) + " were kept)"
                                  : "") +
                 ".";
  json result = {{"task", to_string(model.task)}, {"classes", model.classes},
                 {"threshold", model.threshold},  {"epochs", history_to_json(h)["epochs"]},
                 {"best_epoch", h.best_epoch},    {"stopped_early", h.stopped_early}};
  if (model.task == Task::MultiLabel) {
    for (std::size_t l = 0; l < model.class_weight_values.size(); ++l)
      result["class_weight"][model.target_names[l]] =
          class_weight_json({0, 1}, model.class_weight_values[l]);
  } else if (!model.class_weight_values.empty()) {
    result["class_weight"] = class_weight_json(model.classes, model.class_weight_values.front());
  }
  Section& s = page.add_section("Training, epoch by epoch");
  model_paragraph(s, &model);
  s.charts.push_back(page.chart(html::loss_chart(h, validation != nullptr, "Loss per epoch"),
                                validation ? "The line marks the epoch whose weights the model "
                                             "keeps"
                                           : "Mean training loss over each epoch's batches"));
  if (validation)
    s.charts.push_back(page.chart(html::validation_chart(h, "Validation figures per epoch"),
                                  "ROC AUC of the (first) output and the recall of the rarer "
                                  "class at threshold 0.5, on the validation rows"));
  if (validation) {
    const RowMatrixD proba = model.predict_proba(validation->X);
    RowMatrixD raw;
    if (!model.prior_correction.empty()) {
      Classifier uncorrected = model;
      uncorrected.prior_correction.clear();
      raw = uncorrected.predict_proba(validation->X);
    }
    if (model.task == Task::MultiLabel) {
      for (Index l = 0; l < validation->n_targets(); ++l) {
        const std::string name = model.target_names[static_cast<std::size_t>(l)];
        Evaluation e = evaluate_label(validation->Y, proba, l, model.threshold);
        if (raw.size() > 0) {
          const Evaluation before = evaluate_label(validation->Y, raw, l, model.threshold);
          for (std::size_t c = 0; c < e.curves.classes.size(); ++c)
            e.curves.classes[c].reliability_uncorrected = before.curves.classes[c].reliability;
        }
        result["validation"]["labels"][name] = evaluation_to_json(e);
        Section& v = page.add_section("Validation rows · label " + name);
        v.paragraphs.push_back(rare_summary(e));
        html::add_evaluation(page, v, e, name);
      }
    } else {
      const Labels y = validation->labels();
      Evaluation e =
          evaluate_predictions(y, proba, model.classes, model.threshold, model.decision_weights);
      e.class_names = model.class_names;
      if (raw.size() > 0) add_uncorrected_reliability(e.curves, y, raw, model.classes);
      result["validation"] = evaluation_to_json(e);
      Section& v = page.add_section("The trained model on the validation rows");
      v.paragraphs.push_back(rare_summary(e));
      html::add_evaluation(page, v, e);
    }
  }
  page.result = result;
  return page.render();
}

std::string cv_report_html(const RunHeader& run, const CvResult& cv, std::int64_t minority) {
  std::vector<const Evaluation*> folds;
  for (const Evaluation& e : cv.folds) folds.push_back(&e);
  Page page("cv", "Cross-validation", with_rows(run, folds));
  page.result = cv_to_json(cv, minority);
  std::vector<std::map<std::string, double>> per_fold;
  for (const Evaluation& e : cv.folds) per_fold.push_back(evaluation_figures(e, minority));
  const FigureSummary summary = summarize_figures(per_fold);
  const auto mean_of = [&](const std::string& k) {
    const auto it = summary.mean.find(k);
    return it == summary.mean.end() ? 0.0 : it->second;
  };
  page.summary = std::to_string(cv.folds.size()) + " stratified folds; class " +
                 std::to_string(minority) + ": mean recall " +
                 fixed(mean_of("recall_" + std::to_string(minority)), 3) + ", mean precision " +
                 fixed(mean_of("precision_" + std::to_string(minority)), 3) + ", mean ROC AUC " +
                 fixed(mean_of("roc_auc"), 3) + ".";
  Section& s = page.add_section("Folds overlaid");
  for (const std::string& w : cv.warnings) s.warnings.push_back(w);
  s.paragraphs.push_back(
      "Each fold's model was trained on the other folds' rows only (scaler and class weights "
      "included) and judged on its own rows; the curves below are class " +
      std::to_string(minority) +
      " against the rest, one line per fold, and in bold all rows' out-of-fold scores pooled.");
  std::vector<html::CurveSeries> roc, pr;
  for (std::size_t f = 0; f < cv.folds.size(); ++f) {
    const Evaluation& e = cv.folds[f];
    const ClassCurves* c = curves_of(e, minority);
    if (!c || c->roc.x.empty()) continue;
    const std::string name = "fold " + std::to_string(f + 1);
    const double auc = e.classes.size() == 2 ? e.roc_auc : NAN;
    roc.push_back({name + (std::isnan(auc) ? "" : " · AUC " + fixed(auc, 3)), c,
                   html::operating_point(e), false});
    pr.push_back({name + (e.classes.size() == 2 ? " · AP " + fixed(e.average_precision, 3) : ""), c,
                  html::operating_point(e), false});
  }
  if (const ClassCurves* c = curves_of(cv.pooled, minority); c && !c->roc.x.empty()) {
    const bool binary = cv.pooled.classes.size() == 2;
    roc.push_back({"pooled" + (binary ? " · AUC " + fixed(cv.pooled.roc_auc, 3) : ""), c,
                   html::operating_point(cv.pooled), true});
    pr.push_back({"pooled" + (binary ? " · AP " + fixed(cv.pooled.average_precision, 3) : ""), c,
                  html::operating_point(cv.pooled), true});
  }
  if (!roc.empty()) {
    s.charts.push_back(
        page.chart(html::roc_chart(roc, "ROC curve per fold"), "Dots: each fold's threshold"));
    s.charts.push_back(page.chart(html::pr_chart(pr, "Precision-recall curve per fold"),
                                  "Dashed: each fold's prevalence"));
  }
  std::vector<html::SpreadRow> rows;
  html::Table t;
  t.caption = "Figures per fold, mean and standard deviation";
  t.head = {"figure", "mean", "std"};
  for (std::size_t f = 0; f < cv.folds.size(); ++f)
    t.head.push_back("fold " + std::to_string(f + 1));
  for (const auto& [name, mean] : summary.mean) {
    html::SpreadRow r{name, {}, mean, summary.std.at(name)};
    std::vector<Cell> row{Cell{name, "", "", false, true}, Cell{fixed(mean)},
                          Cell{fixed(summary.std.at(name))}};
    for (const auto& fold : per_fold) {
      // Undefined in a fold (ROC AUC where the fold lacks a class): shown, not drawn.
      if (!std::isnan(fold.at(name))) r.values.push_back(fold.at(name));
      row.push_back(Cell{std::isnan(fold.at(name)) ? "n/a" : fixed(fold.at(name))});
    }
    if (std::isnan(mean)) row[1] = row[2] = Cell{"n/a"};
    t.rows.push_back(std::move(row));
    // log_loss is unbounded (its own scale); a figure undefined in every fold has nothing to draw.
    if (name != "log_loss" && !std::isnan(mean)) rows.push_back(std::move(r));
  }
  s.charts.push_back(page.chart(html::spread_chart(rows, "value", "Figures over folds"),
                                "Grey ticks: folds; dot and bar: mean +- one standard deviation"));
  s.tables.push_back(std::move(t));
  Section& m = page.add_section("Confusion matrices");
  m.tables.push_back(html::confusion_table(cv.pooled, "All rows, out-of-fold scores pooled"));
  for (std::size_t f = 0; f < cv.folds.size(); ++f)
    m.tables.push_back(html::confusion_table(cv.folds[f], "Fold " + std::to_string(f + 1)));
  return page.render();
}

std::string sweep_report_html(const RunHeader& run, const SweepResult& sweep) {
  Page page("sweep", "Class-weight and threshold sweep",
            sweep.candidates.empty() || sweep.multilabel
                ? run
                : with_rows(run, {&sweep.candidates.front().oof_evaluation}));
  json result = sweep_to_json(sweep);
  result.erase("seconds");
  page.result = result;
  page.summary = sweep.reason.empty() ? "" : "Chosen: " + sweep.reason + ".";
  add_sweep_sections(page, sweep, "");
  return page.render();
}

std::string tutorial_report_html(const RunHeader& run, const TutorialResult& t,
                                 const TutorialOptions& options) {
  RunHeader header = run;
  if (header.rows_per_class.empty())
    for (std::size_t c = 0; c < t.counts.size(); ++c)
      header.rows_per_class.emplace_back(std::to_string(c), t.counts[c]);
  Page page("tutorial", "Class weights for a rare class: the tutorial", header);
  page.result = tutorial_to_json(t);
  std::int64_t rows = 0;
  for (auto c : t.counts) rows += c;
  const std::int64_t rare = t.counts.size() > 1 ? t.counts[1] : 0;
  page.summary =
      "Keras's class-weight tutorial, end to end: " + std::to_string(rows) + " rows, " +
      std::to_string(rare) + " of them (" +
      html::percent(rows > 0 ? static_cast<double>(rare) / static_cast<double>(rows) : 0, 2) +
      ") in the rare class 1; the same network trained " + std::to_string(options.epochs) +
      " epochs with no weights, balanced weights " + weights_text({0, 1}, t.balanced_weights) +
      " and manual weights {0: 1, 1: " + short_number(options.manual_weight) +
      "}, each judged on the same " +
      std::to_string(t.test_counts.empty() ? 0 : t.test_counts[0] + t.test_counts[1]) +
      " held-out rows.";

  Section& s = page.add_section("The runs side by side");
  for (const TutorialRun& r : t.runs) s.paragraphs.push_back(r.name + ": " + r.description);
  html::Table summary;
  summary.caption = "Summary on the held-out rows (class 1 is the rare class)";
  summary.head = {"run",         "class weight",      "threshold", "found (TP)",
                  "missed (FN)", "false alarms (FP)", "precision", "recall",
                  "F1",          "ROC AUC",           "AP",        "seconds"};
  std::vector<html::CurveSeries> roc, pr;
  for (const TutorialRun& r : t.runs) {
    const Evaluation& e = r.evaluation;
    const auto& m = e.confusion.counts;
    const ClassScores& pos = e.report.per_class.back();
    summary.rows.push_back({Cell{r.name, "", "", false, true},
                            Cell{weights_text({0, 1}, r.class_weight)},
                            Cell{short_number(r.threshold)}, Cell{std::to_string(m(1, 1))},
                            Cell{std::to_string(m(1, 0))}, Cell{std::to_string(m(0, 1))},
                            Cell{fixed(pos.precision, 3)}, Cell{fixed(pos.recall, 3)},
                            Cell{fixed(pos.f1, 3)}, Cell{fixed(e.roc_auc, 3)},
                            Cell{fixed(e.average_precision, 3)}, Cell{fixed(r.seconds, 1)}});
    const ClassCurves* c = curves_of(e, 1);
    if (c && !c->roc.x.empty()) {
      roc.push_back({r.name + " · AUC " + fixed(e.roc_auc, 3), c, html::operating_point(e), false});
      pr.push_back(
          {r.name + " · AP " + fixed(e.average_precision, 3), c, html::operating_point(e), false});
    }
  }
  s.tables.push_back(std::move(summary));
  if (!roc.empty()) {
    s.charts.push_back(page.chart(html::roc_chart(roc, "ROC curves"),
                                  "Dots: each run at its threshold; dashed: chance"));
    s.charts.push_back(page.chart(html::pr_chart(pr, "Precision-recall curves"),
                                  "Dashed: the prevalence of class 1, a random guess's precision"));
  }
  std::vector<html::ReliabilitySeries> rel;
  for (const TutorialRun& r : t.runs) {
    const ClassCurves* c = curves_of(r.evaluation, 1);
    if (!c) continue;
    s.charts.push_back(
        page.chart(html::scores_chart(*c, r.threshold, "Scores by true class · " + r.name),
                   "Each class as a share of its own rows; the line is the threshold"));
    rel.push_back({r.name, &c->reliability});
  }
  for (const TutorialRun& r : t.runs) {
    const ClassCurves* c = curves_of(r.evaluation, 1);
    if (c && !c->by_threshold.threshold.empty())
      s.charts.push_back(page.chart(
          html::threshold_chart(*c, r.threshold, "Precision, recall, F1 by threshold · " + r.name),
          "Of class 1; the line marks the run's threshold"));
  }
  if (!rel.empty())
    s.charts.push_back(page.chart(
        html::reliability_chart(rel, "observed share of class 1", "Reliability (calibration)"),
        "Class weights inflate the rare class's probabilities: the weighted runs sit below the "
        "diagonal"));
  Section& cm = page.add_section("Confusion matrices and reports");
  for (const TutorialRun& r : t.runs)
    cm.tables.push_back(html::confusion_table(r.evaluation, r.name));
  for (const TutorialRun& r : t.runs) {
    html::Table report = html::classification_report_table(r.evaluation);
    report.caption = "Classification report · " + r.name;
    cm.tables.push_back(std::move(report));
  }
  if (t.sweep) add_sweep_sections(page, *t.sweep, "Sweep · ");
  if (t.remedies) {
    Section& r = page.add_section("The other remedies on the same split");
    r.paragraphs.push_back(
        "The same network trained once per remedy on the tutorial's training rows, each changing "
        "only its own setting, judged on the same held-out rows at threshold 0.5. The "
        "comparison's \"none\" and \"class weights\" rows are the baseline and balanced runs "
        "above (the same options and seed), so they are not repeated.");
    html::Table table;
    table.caption = "Remedies on the held-out rows (class 1 is the rare class)";
    table.head = {"run",     "setting", "training rows",      "precision", "recall", "F1",
                  "ROC AUC", "AP",      "predicted / actual", "seconds"};
    const auto add_row = [&](const std::string& name, const std::string& setting,
                             const Evaluation& e, std::int64_t rows, double seconds) {
      const ClassScores& pos = e.report.per_class.back();
      table.rows.push_back(
          {Cell{name, "", "", false, true}, Cell{setting}, Cell{std::to_string(rows)},
           Cell{fixed(pos.precision, 3)}, Cell{fixed(pos.recall, 3)}, Cell{fixed(pos.f1, 3)},
           Cell{fixed(e.roc_auc, 3)}, Cell{fixed(e.average_precision, 3)},
           Cell{std::to_string(e.predicted_positives) + " / " + std::to_string(e.actual_positives)},
           Cell{fixed(seconds, 1)}});
    };
    const std::int64_t train_rows =
        t.train_counts.size() > 1 ? t.train_counts[0] + t.train_counts[1] : 0;
    for (const TutorialRun& run : t.runs)
      add_row(run.name, run.description, run.evaluation, train_rows, run.seconds);
    std::vector<html::CurveSeries> roc, pr;
    for (const RemedyRun& run : t.remedies->runs) {
      if (run.name == "none" || run.name == "class weights") continue;
      add_row(run.name, run.setting, run.evaluation, run.training_rows, run.seconds);
      const Evaluation& e = run.evaluation;
      if (const ClassCurves* c = curves_of(e, 1); c && !c->roc.x.empty()) {
        roc.push_back(
            {run.name + " · AUC " + fixed(e.roc_auc, 3), c, html::operating_point(e), false});
        pr.push_back({run.name + " · AP " + fixed(e.average_precision, 3), c,
                      html::operating_point(e), false});
      }
    }
    r.tables.push_back(std::move(table));
    if (!roc.empty()) {
      r.charts.push_back(page.chart(html::roc_chart(roc, "ROC curves of the remedies"),
                                    "Dots: each remedy at threshold 0.5; dashed: chance"));
      r.charts.push_back(page.chart(html::pr_chart(pr, "Precision-recall curves of the remedies"),
                                    "Dashed: the prevalence of class 1"));
    }
  }
  return page.render();
}

}  // namespace rarenet
