// Weight search: which class weighting (and which threshold) finds the rare class best, and which
// model: by default a class-weighted logistic regression (no hidden layer) or the base options'
// network, both robustly scaled, the winner refitted as the average of five seeds (the defaults
// were chosen by the nested cross-validation of docs/QUALITY.md); on request also other networks,
// weight decays, dropouts, scalings, embeddings, losses and resamplers, and an additive model.
//
// Every candidate weighting is trained on the same stratified folds; its out-of-fold
// probabilities choose its threshold (by the criterion), and its figures are the means over the
// folds at that threshold. The chosen candidate is the one whose pooled out-of-fold criterion
// value is best (ties: the earlier candidate). Folds and candidates run in parallel, and the
// result is the same for any number of threads.
//
// Multi-class targets (three or more classes): the criterion must be a macro one (f1 = macro F1,
// balanced-accuracy, g-mean, mcc); each candidate's decision rule (a weight per class,
// tune_decision_rule) is tuned on its pooled out-of-fold probabilities instead of a threshold.
// The candidate weightings are balanced, balanced:POWER for each of `powers` (default 0, 0.25,
// 0.5, 0.75, 1 when none of powers, betas, most and balanced is given), effective:BETA for each
// of `betas` and capped:MOST for each of `most`; `ratios` (minority:majority) are binary only.
//
// Multi-label targets (several 0/1 target columns): each candidate weighting gives every label its
// own (negative, positive) weights (label_class_weights); folds are multilabel_kfold_test_folds;
// each candidate tunes one threshold per label on that label's pooled out-of-fold probabilities,
// and is judged by the mean of the labels' criterion values. The default search is capped:MOST
// for each of kMultilabelMost (0.5: no weights, towards 1: balanced per label) when none of
// powers, betas, most and balanced is given; ratios are not used.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "rarenet/class_weights.hpp"
#include "rarenet/classifier.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/selection.hpp"

namespace rarenet {

// The default `most` candidates of a multi-label sweep.
inline const std::vector<double> kMultilabelMost = {0.5, 0.75, 0.9, 0.95, 0.99};

struct SweepOptions {
  std::vector<double> ratios = {1,  2,  5,   10,
                                20, 50, 100, 200};  // manual weights {majority: 1, minority: r}
  std::vector<double> most;                         // capped:MOST candidates
  bool include_balanced = false;
  std::vector<double> powers;  // balanced:POWER candidates, each in [0, 1]
  std::vector<double> betas;   // effective:BETA candidates, each in [0, 1)
  Criterion criterion{Criterion::Kind::BreakEven};
  CvOptions cv;
  // The network search: every hidden-layer list here (an empty list is no hidden layer, a
  // class-weighted logistic regression) crossed with every L2 weight decay here, each crossed
  // with the class weights. Empty: the base options' own network and decay only.
  std::vector<std::vector<int>> networks;
  std::vector<double> weight_decays;
  // Also crossed with these dropout rates (one rate for every hidden layer; a model without
  // hidden layers has none, and is tried once). 0 and 0.2 by default: 0.2 alone ranked better on
  // churn and spam but worse on vehicle; searching both kept each table's better one
  // (docs/QUALITY.md). Empty: the base options' own.
  std::vector<double> dropouts = {0, 0.2};
  // Also crossed with these L2 decays of the first layer's kernel (input_weight_decay), on the
  // networks with hidden layers (the linear model is tried once, without). 0 and 0.01 by
  // default: on churn, whose 51 sparse one-hot state columns the network overfitted, 0.01 raised
  // the average precision from 0.79 to 0.87, and the other tables chose 0 where it did not help
  // (docs/QUALITY.md). Empty: the base options' own.
  std::vector<double> input_weight_decays = {0, 0.01};
  // Robust scaling by default: measured better than standard scaling on most tables of
  // docs/QUALITY.md (one-hot and skewed columns keep their spread); smoothly clipped (robust-auto)
  // on tables where a feature reaches 20 interquartile ranges from its median: that raised
  // spam's average precision and credit_data's ROC AUC and balanced accuracy, where clipping
  // every table cost churn and satimage, whose columns stay within 8 (docs/QUALITY.md).
  // Empty: the base options'.
  std::vector<ScaleKind> scales = {ScaleKind::RobustAuto};
  // Also try no hidden layer (a class-weighted logistic regression) beside the networks above:
  // on some tables it ranks better than any network, and it trains in a fraction of the time.
  bool linear = true;
  // The scalings the linear model is tried with (empty: those searched for the networks). Both by
  // default: standard scaling suits the linear model on credit_data and pima, robust scaling the
  // networks on churn and satimage (docs/QUALITY.md); the linear model is cheap to try twice.
  std::vector<ScaleKind> linear_scales = {ScaleKind::Standard, ScaleKind::Robust};
  // The learning rate of every candidate without hidden layers (the linear and additive models),
  // annealed to 0 over their epochs by a cosine schedule: these models are convex, and at the
  // networks' 0.001 Adam stopped short of the logistic regression's optimum on small tables (pima:
  // 614 rows, 1,000 steps), where 0.01 annealed reached scikit-learn's LogisticRegression
  // (docs/QUALITY.md). 0: the base options' rate and schedule.
  double linear_learning_rate = 0.01;
  // The learning rate of every candidate with hidden layers, likewise annealed to 0 by a cosine
  // schedule. Keras's constant 0.001 stays what `rarenet train` uses; in nested cross-validation
  // 0.005 annealed ranked churn's customers who leave better than gradient boosting (average
  // precision 0.885 against 0.881; 0.865 at 0.001) and satimage and vehicle better too, where
  // 0.003 lost pima's average precision (docs/QUALITY.md). 0: the base options' rate and schedule.
  double network_learning_rate = 0.005;
  // Also try a class-weighted additive model: no hidden layer on the piecewise-linear embedding
  // of each feature (16 bins), a logistic generalised additive model. Tried after the other
  // candidates (cheap: one output unit). Not a default: it made credit_data best against every
  // peer but cost churn's ranking, where it won on balanced accuracy (docs/QUALITY.md).
  bool additive = false;
  // Also crossed with these numeric feature embeddings. Empty: the base options' own.
  std::vector<EmbeddingSpec> embeddings;
  // Seconds after which no further (candidate, fold) fit starts; candidates whose folds did not
  // all run are left out and SweepResult says so. 0: no limit. The first candidate always runs.
  // A budget makes the result depend on the machine's speed.
  double budget = 0;
  // Called after each (candidate, fold) fit with (fits done, fits planned), one call at a time.
  std::function<void(std::size_t, std::size_t)> progress;
  // The remedies beside class weights, each crossed with the class weights: focal-loss gammas
  // (0: the cross-entropy; the base loss's alpha is kept) and resamplers (each fold resamples
  // its own training rows). Empty: the base options' loss and resampling only.
  std::vector<double> gammas;
  std::vector<ResampleSpec> resamplers;
  // Networks in the refitted model (seeds seed, seed + 1, ..., their probabilities averaged; at
  // least the base options' `ensemble`), while each fold of the search trains the base options'
  // `ensemble`: averaging seeds ranks better at the cost of the refit alone. 0: the base options'
  // `ensemble`.
  int refit_ensemble = 5;
};

struct SweepCandidate {
  ClassWeightSpec class_weight;
  std::vector<int> hidden;  // the network and decay this candidate trained
  double weight_decay = 0;
  double dropout = 0;
  double input_weight_decay = 0;
  ScaleKind scale = ScaleKind::Standard;
  EmbeddingSpec embedding;
  LossSpec loss;  // the loss and resampling this candidate trained with
  ResampleSpec resample;
  // Per class, as fitted on all rows; multi-label: per label its (negative, positive) pair, at
  // 2j and 2j + 1.
  std::vector<double> weights;
  double threshold = 0.5;
  // Multi-class: the decision rule tuned on the pooled out-of-fold probabilities (what
  // `criterion_value` and the figures are judged with), and the criterion of the plain argmax.
  std::vector<double> decision_weights;
  double argmax_value = 0;
  // Multi-label: per label (target order) the threshold tuned on its pooled out-of-fold column,
  // the criterion there, and those rows judged at it; criterion_value is the labels' mean.
  std::vector<double> label_thresholds, label_values;
  std::vector<Evaluation> label_evaluations;
  double criterion_value = 0;  // pooled out-of-fold, at `threshold`
  FigureSummary figures;       // per-fold figures at `threshold`: mean and std
  std::int64_t predicted_positives = 0, actual_positives = 0;  // pooled out-of-fold
  // Pooled out-of-fold calibration, before and after prior correction.
  double log_loss = 0, brier = 0, log_loss_corrected = 0, brier_corrected = 0;
  double seconds = 0;                  // training time summed over folds
  std::vector<double> fold_criterion;  // the criterion on each fold's rows at `threshold`
  // Folds (0-based) whose network gave every training row the same output
  // (FitHistory::constant_output): this candidate's figures there judge a constant guess.
  std::vector<int> constant_output_folds;
  // The pooled out-of-fold rows judged at `threshold` (prior-corrected with calibrate_prior, its
  // curves then also holding the reliability before the correction): what a report draws.
  Evaluation oof_evaluation;
};

struct SweepResult {
  Criterion criterion;
  std::vector<std::int64_t> classes;
  std::int64_t minority = 1;  // the positive class: the larger label (normally the rare one)
  bool multiclass = false;    // three or more classes: decision rules, not thresholds
  bool multilabel = false;    // several 0/1 targets: a threshold per label
  std::vector<std::string> label_names;  // multi-label: the target columns
  std::vector<std::string> class_names;  // text targets: the label of each class code
  bool network_searched = false;         // SweepOptions named networks, decays, dropouts or scales
  bool dropout_searched = false;         // SweepOptions named dropouts
  bool input_decay_searched = false;     // SweepOptions named input_weight_decays
  bool loss_searched = false;            // ... gammas
  bool resample_searched = false;        // ... resamplers
  std::vector<SweepCandidate> candidates;
  std::size_t planned =
      0;              // candidates before the budget trimmed them (= candidates.size() without)
  double budget = 0;  // the budget in seconds, 0: none
  int refit_ensemble = 0;            // SweepOptions::refit_ensemble
  double linear_learning_rate = 0;   // SweepOptions::linear_learning_rate
  double network_learning_rate = 0;  // SweepOptions::network_learning_rate
  std::size_t chosen = 0;
  std::string reason;  // why the chosen candidate won, in one sentence
  double seconds = 0;
};

// base.calibrate prior: thresholds are tuned on prior-corrected probabilities (the refitted
// model then stores the correction). base.class_weight and base.threshold are what the sweep
// chooses, so their values in `base` are ignored.
SweepResult sweep(const Dataset& data, const TrainOptions& base, const SweepOptions& options);

// "1,2,5" -> {1, 2, 5}: positive numbers ("" -> none); with most, each in [0.5, 1).
// zero_ok: values >= min rather than > min.
std::vector<double> parse_weight_list(std::string_view option, const std::string& text, double min,
                                      bool most, bool zero_ok = false);
std::string weight_list_text(const std::vector<double>& values);
// The declaration of a searched list of numbers >= 0 ("0,0.2"), each also below `max` (max_open)
// or at most `max` when one is given: decays, dropout rates, gammas, powers, betas.
TextOption<std::vector<double>> number_list_option(
    OptionInfo info, std::vector<double>& value, std::string_view syntax,
    double max = std::numeric_limits<double>::infinity(), bool max_open = false);
// "none,16,32x32" -> {{}, {16}, {32, 32}}; "" -> no network search.
std::vector<std::vector<int>> parse_networks(const std::string& text);
std::string networks_text(const std::vector<std::vector<int>>& networks);
// "standard,robust" -> {Standard, Robust}; "" -> no scaling search.
std::vector<ScaleKind> parse_scales(const std::string& text);
std::string scales_text(const std::vector<ScaleKind>& scales);
// "none,piecewise:bins=16" -> {None, Piecewise 16}; "" -> no embedding search.
std::vector<EmbeddingSpec> parse_embeddings(const std::string& text);
std::string embeddings_text(const std::vector<EmbeddingSpec>& embeddings);
// "none,smote:k=5,ratio=0.5,random-under" -> three resamplers: an item starts at every part
// without '=' or whose ':' comes before its '=' (a method), so a method's own key=value
// parameters stay with it.
std::vector<ResampleSpec> parse_resamplers(const std::string& text);
std::string resamplers_text(const std::vector<ResampleSpec>& r);

template <class Visitor>
void for_each_option(SweepOptions& o, Visitor&& v) {
  v(TextOption<std::vector<double>>{
      {"ratios", "Minority:majority weight ratios to try (empty: none; binary targets only)"},
      o.ratios,
      [](const std::string& s) { return parse_weight_list("ratios", s, 0, false); },
      [](const std::vector<double>& r) { return weight_list_text(r); },
      "R,R,..."});
  v(TextOption<std::vector<double>>{
      {"most",
       "capped:MOST candidates to try, each in [0.5, 1), e.g. 0.6,0.8,0.9; multi-label targets "
       "default to 0.5,0.75,0.9,0.95,0.99"},
      o.most,
      [](const std::string& s) { return parse_weight_list("most", s, 0.5, true); },
      [](const std::vector<double>& r) { return weight_list_text(r); },
      "M,M,..."});
  v(FlagOption{{"balanced", "Also try scikit-learn's balanced weights"}, o.include_balanced});
  v(number_list_option({"powers",
                        "balanced:POWER candidates to try (balanced weights raised to each power "
                        "in [0, 1]); multi-class targets default to 0,0.25,0.5,0.75,1"},
                       o.powers, "P,P,...", 1));
  v(number_list_option(
      {"betas", "effective:BETA candidates to try (effective-number weights), each in [0, 1)"},
      o.betas, "B,B,...", 1, true));
  v(TextOption<Criterion>{
      {"criterion",
       "break-even, f1, fbeta:B, balanced-accuracy, g-mean, mcc, average-precision, "
       "recall-at-precision:P, cost:FN,FP (multi-class: f1 (macro), balanced-accuracy, g-mean or "
       "mcc)"},
      o.criterion,
      [](const std::string& s) { return parse_criterion(s); },
      [](const Criterion& c) { return to_string(c); },
      "CRITERION"});
  v(TextOption<std::vector<std::vector<int>>>{
      {"networks",
       "Also search these hidden layers, e.g. none,16,32x32,64x64 (none: no hidden layer, a "
       "weighted logistic regression)"},
      o.networks,
      [](const std::string& s) { return parse_networks(s); },
      [](const std::vector<std::vector<int>>& n) { return networks_text(n); },
      "NET,NET,..."});
  v(number_list_option({"weight_decays", "Also search these L2 weight decays (each >= 0)"},
                       o.weight_decays, "D,D,..."));
  v(number_list_option({"dropouts",
                        "The dropout rates to search, each in [0, 1), for every hidden layer of "
                        "the networks (empty: --dropout alone)"},
                       o.dropouts, "R,R,...", 1, true));
  v(number_list_option({"input_weight_decays",
                        "The first layer's L2 decays to search (input_weight_decay), each >= 0, "
                        "on the networks with hidden layers (empty: --input-weight-decay alone)"},
                       o.input_weight_decays, "D,D,..."));
  v(FlagOption{{"linear",
                "Also try no hidden layer (a class-weighted logistic regression) beside the "
                "networks searched"},
               o.linear});
  v(TextOption<std::vector<ScaleKind>>{
      {"linear_scales",
       "The scalings to try the linear model (--linear) with (empty: those of --scales)"},
      o.linear_scales,
      [](const std::string& s) { return parse_scales(s); },
      [](const std::vector<ScaleKind>& k) { return scales_text(k); },
      "KIND,KIND,..."});
  v(number({"linear_learning_rate",
            "Learning rate of the models without hidden layers (linear, additive), annealed to 0 "
            "by a cosine schedule over their epochs so that the convex model converges (0: "
            "--learning-rate and --lr-schedule)"},
           o.linear_learning_rate, 0));
  v(number({"network_learning_rate",
            "Learning rate of the models with hidden layers, annealed to 0 by a cosine schedule "
            "over their epochs (0: --learning-rate and --lr-schedule)"},
           o.network_learning_rate, 0));
  v(FlagOption{{"additive",
                "Also try an additive model: no hidden layer on the piecewise-linear embedding of "
                "each feature (16 bins), a class-weighted logistic GAM; tried last"},
               o.additive});
  v(TextOption<std::vector<ScaleKind>>{
      {"scales",
       "The feature scalings to search, e.g. standard,robust,quantile-normal (empty: --scale "
       "alone)"},
      o.scales,
      [](const std::string& s) { return parse_scales(s); },
      [](const std::vector<ScaleKind>& k) { return scales_text(k); },
      "KIND,KIND,..."});
  v(TextOption<std::vector<EmbeddingSpec>>{
      {"embeddings", "Also search these numeric feature embeddings, e.g. none,piecewise:bins=16"},
      o.embeddings,
      [](const std::string& s) { return parse_embeddings(s); },
      [](const std::vector<EmbeddingSpec>& e) { return embeddings_text(e); },
      "EMB,EMB,..."});
  v(number({"budget",
            "Start no further fit after this many seconds (0: no limit); candidates left "
            "incomplete are dropped, and the output says how many ran"},
           o.budget, 0));
  v(number_list_option(
      {"gammas",
       "Also search these focal-loss gammas (each >= 0; 0: the cross-entropy), e.g. 0,1,2,5"},
      o.gammas, "G,G,..."));
  v(TextOption<std::vector<ResampleSpec>>{
      {"resamplers",
       "Also search these resamplers, each fold resampling its own training rows, e.g. "
       "none,random-over,random-under,smote:k=5"},
      o.resamplers,
      [](const std::string& s) { return parse_resamplers(s); },
      [](const std::vector<ResampleSpec>& r) { return resamplers_text(r); },
      "METHOD,METHOD[:K=V,...],..."});
  v(number({"refit_ensemble",
            "Networks averaged in the refitted model (seeds seed, seed + 1, ...; at least "
            "--ensemble); the search's folds train --ensemble each (0: as --ensemble)"},
           o.refit_ensemble, 0, 1000));
}

// The class-weight search alone: no linear or additive model beside the base options' network,
// their own scaling, one refitted network (the tutorial's step 8, and what tests of the sweep's
// other mechanics start from).
SweepOptions weight_search_only();

// The base options with the chosen candidate's class weight, threshold, network and decay, and
// the refit's ensemble size: what the final model is trained with.
TrainOptions chosen_options(const TrainOptions& base, const SweepResult& result);

// The candidate list a SweepOptions describes, in order: balanced, ratios (binary only), powers,
// betas, then most (a weighting already in the list is not repeated). multiclass: the target has
// three or more classes.
std::vector<ClassWeightSpec> sweep_candidates(const SweepOptions& options,
                                              const std::vector<std::int64_t>& classes,
                                              std::int64_t minority, bool multiclass = false);

}  // namespace rarenet
