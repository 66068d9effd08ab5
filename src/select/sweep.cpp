#include "rarenet/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>
#include <sstream>

#include "core/parallel.hpp"
#include "core/text.hpp"
#include "rarenet/error.hpp"

namespace rarenet {
namespace {

std::vector<double> positive_column(const RowMatrixD& proba) {
  std::vector<double> p(static_cast<std::size_t>(proba.rows()));
  for (Index i = 0; i < proba.rows(); ++i) p[static_cast<std::size_t>(i)] = proba(i, 1);
  return p;
}

// Binary: the positive class's Brier score; multi-class: the mean of the one-vs-rest scores (as
// Evaluation::brier).
double brier_of(const Labels& y, const RowMatrixD& proba,
                const std::vector<std::int64_t>& classes) {
  if (classes.size() == 2) return brier_score_loss(y, positive_column(proba), classes[1]);
  double sum = 0;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    std::vector<double> p(static_cast<std::size_t>(proba.rows()));
    for (Index i = 0; i < proba.rows(); ++i)
      p[static_cast<std::size_t>(i)] = proba(i, static_cast<Index>(c));
    sum += brier_score_loss(y, p, classes[c]);
  }
  return sum / static_cast<double>(classes.size());
}

std::string format_number(double v) {
  std::ostringstream s;
  s.precision(4);
  s << v;
  return s.str();
}

std::string weights_text(const std::vector<double>& w) {
  std::string s;
  for (double v : w) s += (s.empty() ? "" : ", ") + format_number(v);
  return s;
}

// A multi-label target the sweep can judge: every label column 0/1 with both values present
// (a threshold per label is tuned on it). InputError naming the file, the column and the line.
void check_label_columns(const Dataset& data) {
  for (Index j = 0; j < data.Y.cols(); ++j) {
    const std::string& name = data.target_names[static_cast<std::size_t>(j)];
    std::int64_t ones = 0;
    for (Index i = 0; i < data.Y.rows(); ++i) {
      const double v = data.Y(i, j);
      if (v != 0 && v != 1) {
        const std::int64_t row =
            data.source_rows.empty() ? i : data.source_rows[static_cast<std::size_t>(i)];
        throw InputError(data.source + ":" + std::to_string(row + 2) + ": target '" + name +
                         "' is " + shortest(v) +
                         "; with several targets each is a 0/1 label (multi-label)");
      }
      ones += v == 1;
    }
    if (ones == 0 || ones == data.Y.rows())
      throw InputError(data.source + ": label '" + name + "' is " + (ones == 0 ? "0" : "1") +
                       " in all " + std::to_string(data.Y.rows()) +
                       " rows; the sweep tunes a threshold per label and needs both values in "
                       "each");
  }
}

// A multi-label candidate judged on its pooled out-of-fold probabilities: per label a threshold
// tuned for the criterion on that label's column; the candidate's value is the mean over labels.
// Its figures are per fold the means over the labels present in both values there (a label with
// no 1 among a fold's rows has no ROC AUC or F1 there), then the mean and spread over folds.
void judge_multilabel(SweepCandidate& cand, const Dataset& data, const RowMatrixD& oof,
                      const std::vector<const FoldFit*>& folds, const TrainOptions& base,
                      const Criterion& criterion) {
  const Index n_labels = data.Y.cols();
  const RowMatrixD label_weights = label_class_weights(cand.class_weight, data.Y);
  cand.weights.clear();
  for (Index j = 0; j < n_labels; ++j) {
    cand.weights.push_back(label_weights(j, 0));
    cand.weights.push_back(label_weights(j, 1));
  }
  const RowMatrixD corrected = apply_prior_correction(oof, Task::MultiLabel, cand.weights);
  const RowMatrixD& scored = base.calibrate == Calibration::Prior ? corrected : oof;
  const auto choices = tune_label_thresholds(data.Y, scored, criterion, data.target_names);
  cand.criterion_value = 0;
  for (Index j = 0; j < n_labels; ++j) {
    const ThresholdChoice& choice = choices[static_cast<std::size_t>(j)];
    cand.label_thresholds.push_back(choice.threshold);
    cand.label_values.push_back(choice.value);
    cand.criterion_value += choice.value / static_cast<double>(n_labels);
    Evaluation e = evaluate_label(data.Y, scored, j, choice.threshold);
    cand.predicted_positives += e.predicted_positives;
    cand.actual_positives += e.actual_positives;
    // Log loss and Brier do not depend on the threshold: one evaluation each of the raw and the
    // corrected probabilities.
    const double l = static_cast<double>(n_labels);
    const Evaluation raw = evaluate_label(data.Y, oof, j, 0.5);
    const Evaluation fixed = evaluate_label(data.Y, corrected, j, 0.5);
    cand.log_loss += raw.log_loss / l;
    cand.brier += raw.brier / l;
    cand.log_loss_corrected += fixed.log_loss / l;
    cand.brier_corrected += fixed.brier / l;
    cand.label_evaluations.push_back(std::move(e));
  }
  std::vector<std::map<std::string, double>> per_fold;
  for (const FoldFit* fit : folds) {
    const RowMatrixD Y_fold = data.Y(fit->test_rows, Eigen::all);
    const RowMatrixD p_fold = scored(fit->test_rows, Eigen::all);
    std::map<std::string, double> sums;
    double crit = 0;
    int present = 0;
    for (Index j = 0; j < n_labels; ++j) {
      const auto ones = (Y_fold.col(j).array() == 1).count();
      if (ones == 0 || ones == Y_fold.rows()) continue;
      const double t = cand.label_thresholds[static_cast<std::size_t>(j)];
      const Evaluation e = evaluate_label(Y_fold, p_fold, j, t);
      for (const auto& [name, v] : evaluation_figures(e, 1)) sums[name] += v;
      Labels y(static_cast<std::size_t>(Y_fold.rows()));
      std::vector<double> p(y.size());
      for (Index i = 0; i < Y_fold.rows(); ++i) {
        y[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(Y_fold(i, j));
        p[static_cast<std::size_t>(i)] = p_fold(i, j);
      }
      crit += criterion_value(criterion, y, p, t);
      ++present;
    }
    for (auto& [name, v] : sums) v /= present;
    per_fold.push_back(std::move(sums));
    cand.fold_criterion.push_back(present > 0 ? crit / present
                                              : std::numeric_limits<double>::quiet_NaN());
  }
  cand.figures = summarize_figures(per_fold);
}

// A base option that a searched list replaces, so its value would go unused: "dropout 0.5: the
// sweep searches the dropout rates of --dropouts (0,0.2) instead; add 0.5 to --dropouts, or give
// --dropouts 0.5 alone" (or `remedy` as the last clause).
[[noreturn]] void replaced_by_search(std::string_view option, const std::string& value,
                                     std::string_view what, std::string_view flag,
                                     const std::string& list, std::string remedy = {}) {
  if (remedy.empty())
    remedy = "add " + value + " to " + std::string(flag) + ", or give " + std::string(flag) + " " +
             value + " alone";
  throw ConfigError(std::string(option) + " " + value + ": the sweep searches the " +
                    std::string(what) + " of " + std::string(flag) + " (" + list + ") instead; " +
                    remedy);
}

// The training options of one candidate's setting: what both its folds and the refit train.
TrainOptions with_candidate(const TrainOptions& base, const SweepCandidate& c,
                            const SweepResult& search) {
  TrainOptions o = base;
  o.class_weight = c.class_weight;
  o.hidden = c.hidden;
  o.train.optimizer.weight_decay = static_cast<float>(c.weight_decay);
  // A searched dropout applies to every hidden layer; without hidden layers there is none.
  if (c.hidden.empty()) o.train.dropout.clear();
  if (search.dropout_searched)
    o.train.dropout = c.dropout > 0 && !c.hidden.empty()
                          ? std::vector<float>{static_cast<float>(c.dropout)}
                          : std::vector<float>{};
  // The searched models' own rates, annealed (0: the base options' rate and schedule).
  const double rate = c.hidden.empty() ? search.linear_learning_rate : search.network_learning_rate;
  if (rate > 0) {
    o.train.optimizer.learning_rate = static_cast<float>(rate);
    o.train.schedule.kind = LrSchedule::Cosine;
  }
  if (search.input_decay_searched)
    o.train.optimizer.input_weight_decay =
        c.hidden.empty() ? 0.0f : static_cast<float>(c.input_weight_decay);
  o.scale = c.scale;
  o.embedding = c.embedding;
  o.loss = c.loss;
  o.resample = c.resample;
  return o;
}

}  // namespace

std::vector<double> parse_weight_list(std::string_view option, const std::string& text, double min,
                                      bool most, bool zero_ok) {
  if (trim(text).empty()) return {};
  std::vector<double> values = parse_number_list(option, text);
  for (double v : values)
    if (most ? !(v >= min && v < 1) : zero_ok ? !(v >= min) : !(v > min))
      throw ConfigError(std::string(option) + " '" + text + "': " + shortest(v) +
                        (most      ? " is not in [0.5, 1)"
                         : zero_ok ? " is not a number >= " + shortest(min)
                                   : " is not a positive weight ratio"));
  return values;
}

TextOption<std::vector<double>> number_list_option(OptionInfo info, std::vector<double>& value,
                                                   std::string_view syntax, double max,
                                                   bool max_open) {
  const std::string_view name = info.name;
  return {info, value,
          [=](const std::string& text) {
            std::vector<double> values = parse_weight_list(name, text, 0, false, true);
            for (double v : values)
              if (max_open ? !(v < max) : !(v <= max))
                throw ConfigError(std::string(name) + " '" + text + "': " + shortest(v) +
                                  (max_open ? " is not below " : " is not at most ") +
                                  shortest(max));
            return values;
          },
          [](const std::vector<double>& r) { return weight_list_text(r); }, syntax};
}

std::string weight_list_text(const std::vector<double>& values) {
  return join_list(values);
}

std::vector<std::vector<int>> parse_networks(const std::string& text) {
  std::vector<std::vector<int>> out;
  if (trim(text).empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string item(trim(std::string_view(text).substr(start, comma - start)));
    start = comma + 1;
    if (item == "none") {
      out.emplace_back();
      continue;
    }
    std::replace(item.begin(), item.end(), 'x', ',');
    try {
      if (item.empty() || item.back() == ',') throw ConfigError(item);
      out.push_back(parse_positive_int_list("networks", item));
    } catch (const ConfigError&) {
      throw ConfigError("networks '" + text + "': '" + item +
                        "' is not none or layer sizes joined by x, e.g. 32x32");
    }
  }
  return out;
}

std::string networks_text(const std::vector<std::vector<int>>& networks) {
  std::string s;
  for (const auto& n : networks) {
    std::string layers = n.empty() ? "none" : join_list(n);
    std::replace(layers.begin(), layers.end(), ',', 'x');
    s += (s.empty() ? "" : ",") + layers;
  }
  return s;
}

// The comma-separated items of a candidate list, each parsed by `parse_one`; empty text: none.
template <class T, class Parse>
std::vector<T> parse_items(const std::string& text, Parse parse_one) {
  std::vector<T> out;
  if (trim(text).empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    out.push_back(
        parse_one(std::string(trim(std::string_view(text).substr(start, comma - start)))));
    start = comma + 1;
  }
  return out;
}

std::vector<ScaleKind> parse_scales(const std::string& text) {
  return parse_items<ScaleKind>(text, [](const std::string& item) {
    return parse_choice("scales", item, std::span<const ScaleKind>(kScaleKinds));
  });
}

std::vector<EmbeddingSpec> parse_embeddings(const std::string& text) {
  return parse_items<EmbeddingSpec>(
      text, [](const std::string& item) { return EmbeddingSpec::parse(item, "embeddings"); });
}

std::string embeddings_text(const std::vector<EmbeddingSpec>& embeddings) {
  std::string s;
  for (const EmbeddingSpec& e : embeddings) s += (s.empty() ? "" : ",") + e.to_string();
  return s;
}

std::string scales_text(const std::vector<ScaleKind>& scales) {
  std::string s;
  for (ScaleKind k : scales) s += (s.empty() ? "" : ",") + to_string(k);
  return s;
}

std::vector<ResampleSpec> parse_resamplers(const std::string& text) {
  std::vector<ResampleSpec> out;
  if (trim(text).empty()) return out;
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string part(trim(std::string_view(text).substr(start, comma - start)));
    start = comma + 1;
    const std::size_t eq = part.find('='), colon = part.find(':');
    const bool method = eq == std::string::npos || (colon != std::string::npos && colon < eq);
    if (method || items.empty())
      items.push_back(part);
    else
      items.back() += "," + part;
  }
  for (const std::string& item : items) out.push_back(ResampleSpec::parse(item, "resamplers"));
  return out;
}

std::string resamplers_text(const std::vector<ResampleSpec>& r) {
  std::string s;
  for (const ResampleSpec& spec : r) s += (s.empty() ? "" : ",") + spec.to_string();
  return s;
}

std::vector<ClassWeightSpec> sweep_candidates(const SweepOptions& options,
                                              const std::vector<std::int64_t>& classes,
                                              std::int64_t minority, bool multiclass) {
  std::vector<ClassWeightSpec> out;
  const auto add = [&out](const ClassWeightSpec& spec) {
    for (const ClassWeightSpec& o : out)
      if (o.to_string() == spec.to_string()) return;
    out.push_back(spec);
  };
  if (options.include_balanced) {
    ClassWeightSpec b;
    b.kind = ClassWeightSpec::Kind::Balanced;
    add(b);
  }
  if (!multiclass)
    for (double r : options.ratios) {
      if (!(r > 0) || !std::isfinite(r))
        throw ConfigError("ratios: " + format_number(r) + " is not a positive weight ratio");
      ClassWeightSpec m;
      m.kind = ClassWeightSpec::Kind::Manual;
      for (std::int64_t c : classes) m.manual[c] = (c == minority) ? r : 1.0;
      add(m);
    }
  std::vector<double> powers = options.powers;
  // A multi-class target has no minority:majority ratio; its default search is the path from no
  // weights to balanced ones.
  if (multiclass && powers.empty() && options.betas.empty() && options.most.empty() &&
      !options.include_balanced)
    powers = {0, 0.25, 0.5, 0.75, 1};
  for (double p : powers) {
    if (!(p >= 0 && p <= 1))
      throw ConfigError("powers: " + format_number(p) + " is not a power in [0, 1]");
    ClassWeightSpec b;
    b.kind = ClassWeightSpec::Kind::Balanced;
    b.power = p;
    add(b);
  }
  for (double beta : options.betas) {
    if (!(beta >= 0 && beta < 1))
      throw ConfigError("betas: " + format_number(beta) + " is not a beta in [0, 1)");
    ClassWeightSpec e;
    e.kind = ClassWeightSpec::Kind::Effective;
    e.beta = beta;
    add(e);
  }
  for (double most : options.most) {
    if (!(most >= 0.5 && most < 1.0))
      throw ConfigError("--most: " + format_number(most) +
                        " is not a share in [0.5, 1) for the capped weights");
    ClassWeightSpec c;
    c.kind = ClassWeightSpec::Kind::Capped;
    c.most = most;
    add(c);
  }
  if (out.empty())
    throw ConfigError("sweep: no candidates (give ratios, powers, betas, most and/or balanced)");
  return out;
}

SweepResult sweep(const Dataset& data, const TrainOptions& base, const SweepOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  // The declared ranges of the numbers (budget, refit_ensemble, the learning rates), as the
  // command line checks them.
  SweepOptions checked = options;
  validate_options(checked);
  SweepResult result;
  result.criterion = options.criterion;
  result.multilabel = data.n_targets() > 1;
  if (result.multilabel) check_label_columns(data);
  // Multi-label: each label a binary problem {0, 1}, judged per label.
  const Labels y = result.multilabel ? Labels{} : data.labels();
  result.classes = result.multilabel ? std::vector<std::int64_t>{0, 1} : unique_labels(y);
  if (result.classes.size() < 2)
    throw InputError(data.source + ": the weight sweep needs at least two classes; found " +
                     std::to_string(result.classes.size()));
  result.multiclass = result.classes.size() > 2;
  if (result.multiclass) require_macro_criterion(options.criterion, "sweep");
  // The positive class (the larger label, normally the rare one) is what thresholds decide.
  const std::int64_t positive = result.classes[1];
  result.minority = positive;
  result.class_names = data.class_names;
  if (result.multilabel) result.label_names = data.target_names;
  SweepOptions searched = options;
  // A multi-label target's default search is the cap of its per-label weight matrix, from no
  // weights (0.5) to nearly balanced ones.
  if (result.multilabel && options.powers.empty() && options.betas.empty() &&
      options.most.empty() && !options.include_balanced)
    searched.most = kMultilabelMost;
  const auto weight_specs = sweep_candidates(searched, result.classes, result.minority,
                                             result.multiclass || result.multilabel);
  // Candidates: every network x decay x class weight, the class weight varying fastest.
  const auto setting = [](const ClassWeightSpec& w, const std::vector<int>& hidden, double decay,
                          double dropout, double input_decay, ScaleKind scale,
                          const EmbeddingSpec& embedding, const LossSpec& loss,
                          const ResampleSpec& resample) {
    SweepCandidate c;
    c.class_weight = w;
    c.hidden = hidden;
    c.weight_decay = decay;
    c.dropout = dropout;
    c.input_weight_decay = input_decay;
    c.scale = scale;
    c.embedding = embedding;
    c.loss = loss;
    c.resample = resample;
    return c;
  };

  std::vector<std::vector<int>> networks =
      options.networks.empty() ? std::vector<std::vector<int>>{base.hidden} : options.networks;
  // The linear model is tried apart from the networks (first, with its own scalings, below).
  if (options.linear)
    networks.erase(std::remove(networks.begin(), networks.end(), std::vector<int>{}),
                   networks.end());
  result.network_searched = options.linear || networks.size() > 1 || !options.networks.empty() ||
                            !options.weight_decays.empty() || !options.dropouts.empty() ||
                            !options.input_weight_decays.empty() || !options.scales.empty() ||
                            !options.embeddings.empty();
  result.dropout_searched = !options.dropouts.empty();
  result.input_decay_searched = !options.input_weight_decays.empty();
  result.linear_learning_rate = options.linear_learning_rate;
  result.network_learning_rate = options.network_learning_rate;
  result.loss_searched = !options.gammas.empty();
  result.resample_searched = !options.resamplers.empty();
  std::vector<LossSpec> losses;
  for (double g : options.gammas) {
    if (!(g >= 0 && g <= 100))
      throw ConfigError("--gammas: " + format_number(g) + " is not a focal gamma in [0, 100]");
    LossSpec l = base.loss;
    l.focal = g > 0;
    l.params.gamma = static_cast<float>(g);
    losses.push_back(l);
  }
  if (losses.empty()) losses.push_back(base.loss);
  const std::vector<ResampleSpec> resamplers =
      options.resamplers.empty() ? std::vector<ResampleSpec>{base.resample} : options.resamplers;
  const std::vector<double> decays =
      options.weight_decays.empty()
          ? std::vector<double>{static_cast<double>(base.train.optimizer.weight_decay)}
          : options.weight_decays;
  for (double d : decays)
    if (!(d >= 0) || !std::isfinite(d))
      throw ConfigError("--weight-decays: " + format_number(d) + " is not a weight decay >= 0");
  const std::vector<double> dropouts =
      options.dropouts.empty()
          ? std::vector<double>{base.train.dropout.empty() ? 0.0 : base.train.dropout[0]}
          : options.dropouts;
  // Likewise the dropout rates searched replace --dropout (on the networks with hidden layers);
  // a rate of 0 is dropout's default, off, which a searched list simply replaces.
  const bool base_dropout = std::any_of(base.train.dropout.begin(), base.train.dropout.end(),
                                        [](float r) { return r > 0; });
  if (!options.dropouts.empty() && base_dropout) {
    const float rate = base.train.dropout[0];
    const bool one_rate = std::all_of(base.train.dropout.begin(), base.train.dropout.end(),
                                      [&](float r) { return r == rate; });
    const bool searched = std::any_of(options.dropouts.begin(), options.dropouts.end(),
                                      [&](double d) { return static_cast<float>(d) == rate; });
    if (!one_rate || !searched)
      replaced_by_search("dropout", dropout_text(base.train.dropout), "dropout rates", "--dropouts",
                         weight_list_text(options.dropouts),
                         one_rate ? "" : "give --dropouts '' to keep one rate per layer");
  }
  // Likewise the searched models' own learning rates (annealed) replace --learning-rate and
  // --lr-schedule: a rate or schedule given apart from their defaults would go unused.
  {
    const TrainConfig defaults;
    const auto has_hidden = [](const std::vector<int>& h) { return !h.empty(); };
    const bool deep = std::any_of(networks.begin(), networks.end(), has_hidden);
    const bool flat = options.linear || options.additive ||
                      !std::all_of(networks.begin(), networks.end(), has_hidden);
    std::vector<std::string> rates;
    if (deep && options.network_learning_rate > 0)
      rates.push_back("--network-learning-rate (" + format_number(options.network_learning_rate) +
                      ")");
    if (flat && options.linear_learning_rate > 0)
      rates.push_back("--linear-learning-rate (" + format_number(options.linear_learning_rate) +
                      ")");
    if (!rates.empty() && (base.train.optimizer.learning_rate != defaults.optimizer.learning_rate ||
                           base.train.schedule.kind != defaults.schedule.kind)) {
      const bool two = rates.size() == 2;
      throw ConfigError("learning_rate " + format_number(base.train.optimizer.learning_rate) +
                        " with the " + to_string(base.train.schedule.kind) +
                        " schedule: the sweep trains its models at " + rates[0] +
                        (two ? " and " + rates[1] : "") +
                        ", annealed by a cosine schedule, instead; set the rate with " +
                        (two ? "those options, or give them" : "that option, or give it") +
                        " 0 to keep --learning-rate and --lr-schedule");
    }
  }
  const double base_input_decay = base.train.optimizer.input_weight_decay;
  const std::vector<double> input_decays = options.input_weight_decays.empty()
                                               ? std::vector<double>{base_input_decay}
                                               : options.input_weight_decays;
  // As with dropout, a positive input decay apart from the searched ones would be silently unused.
  if (!options.input_weight_decays.empty() && base_input_decay > 0 &&
      std::none_of(input_decays.begin(), input_decays.end(), [&](double d) {
        return static_cast<float>(d) == static_cast<float>(base_input_decay);
      }))
    replaced_by_search("input_weight_decay", format_number(base_input_decay), "decays",
                       "--input-weight-decays", weight_list_text(options.input_weight_decays));
  // The scalings searched replace --scale; one named apart from them would be silently unused.
  if (!options.scales.empty() && base.scale != ScaleKind::Standard &&
      std::find(options.scales.begin(), options.scales.end(), base.scale) == options.scales.end())
    replaced_by_search("scale", to_string(base.scale), "scalings", "--scales",
                       scales_text(options.scales));
  // Without standardize no scaling is applied, so there is nothing to search.
  if (!base.standardize && options.scales.size() > 1)
    throw ConfigError("scales " + scales_text(options.scales) +
                      ": the features are not scaled (standardize is off), so there is no "
                      "scaling to search; turn standardize on or give one scaling");
  const std::vector<ScaleKind> scales = options.scales.empty() || !base.standardize
                                            ? std::vector<ScaleKind>{base.scale}
                                            : options.scales;
  const std::vector<EmbeddingSpec> embeddings =
      options.embeddings.empty() ? std::vector<EmbeddingSpec>{base.embedding} : options.embeddings;
  // The linear model first: it is the cheapest, so a budget never leaves it out.
  std::vector<SweepCandidate> specs;
  const std::vector<ScaleKind> linear_scales =
      options.linear_scales.empty() || !base.standardize ? scales : options.linear_scales;
  // A model without hidden layers on one embedding and scaling: each decay, resampler, loss
  // and class weight (the linear model, and the additive one below).
  const auto add_flat = [&](const EmbeddingSpec& embedding, ScaleKind scale) {
    for (double decay : decays)
      for (const ResampleSpec& resample : resamplers)
        for (const LossSpec& loss : losses)
          for (const ClassWeightSpec& w : weight_specs)
            specs.push_back(setting(w, {}, decay, 0.0, 0.0, scale, embedding, loss, resample));
  };
  if (options.linear)
    for (const EmbeddingSpec& embedding : embeddings)
      for (ScaleKind scale : linear_scales) add_flat(embedding, scale);
  // Then the networks: embeddings, scalings and dropout rates outermost, the class weight
  // fastest: under a budget, the first candidates cover every weight of the first setting.
  for (const EmbeddingSpec& embedding : embeddings)
    for (ScaleKind scale : scales)
      for (double dropout : dropouts)
        for (double input_decay : input_decays)
          for (const auto& hidden : networks) {
            // Without hidden layers there are no units to drop and the input decay is the weight
            // decay: one such model, with neither.
            if (hidden.empty() &&
                (dropout != dropouts.front() || input_decay != input_decays.front()))
              continue;
            for (double decay : decays)
              for (const ResampleSpec& resample : resamplers)
                for (const LossSpec& loss : losses)
                  for (const ClassWeightSpec& w : weight_specs)
                    specs.push_back(setting(w, hidden, decay, hidden.empty() ? 0.0 : dropout,
                                            hidden.empty() ? 0.0 : input_decay, scale, embedding,
                                            loss, resample));
          }
  // The additive model last, once per scaling, decay, loss and resampler, unless the search
  // above already holds it.
  EmbeddingSpec additive;
  additive.kind = EmbeddingKind::Piecewise;
  additive.bins = 16;
  if (options.additive && std::none_of(specs.begin(), specs.end(), [&](const SweepCandidate& st) {
        return st.hidden.empty() && st.embedding == additive;
      })) {
    result.network_searched = true;
    for (ScaleKind scale : scales) add_flat(additive, scale);
  }
  const int k = options.cv.folds.n_splits;
  const std::vector<int> fold_of_row = result.multilabel
                                           ? multilabel_kfold_test_folds(data.Y, options.cv.folds)
                                           : stratified_kfold_test_folds(y, options.cv.folds);

  // One task per (candidate, fold), all in one pool so that both cores stay busy.
  const std::size_t n_tasks = specs.size() * static_cast<std::size_t>(k);
  std::vector<FoldFit> fits(n_tasks);
  std::vector<double> task_seconds(n_tasks);
  const int inner_threads = threads_per_task(base.train.threads, options.cv.jobs, n_tasks);
  std::vector<unsigned char> ran(n_tasks, 0);
  std::mutex progress_mutex;
  std::size_t done = 0;
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  parallel_for(n_tasks, options.cv.jobs, [&](std::size_t t) {
    if (options.budget > 0 && t >= static_cast<std::size_t>(k) && elapsed() > options.budget)
      return;
    const auto t0 = std::chrono::steady_clock::now();
    TrainOptions o = with_candidate(base, specs[t / k], result);
    o.train.threads = inner_threads;
    fits[t] = fit_fold(data, o, fold_of_row, static_cast<int>(t % k), result.classes);
    task_seconds[t] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ran[t] = 1;
    if (options.progress) {
      const std::lock_guard<std::mutex> lock(progress_mutex);
      options.progress(++done, n_tasks);
    }
  });
  result.planned = specs.size();
  result.budget = options.budget;
  result.refit_ensemble = options.refit_ensemble;

  // Each candidate judged on its own (out-of-fold figures, threshold or decision rule, per-fold
  // figures): independent, so on the sweep's threads, then kept in candidate order.
  const auto judge = [&](std::size_t c) -> std::optional<SweepCandidate> {
    bool complete = true;
    for (int f = 0; f < k; ++f) complete = complete && ran[c * k + static_cast<std::size_t>(f)];
    if (!complete) return std::nullopt;  // trimmed by the budget
    SweepCandidate cand = specs[c];      // the setting; the figures follow
    RowMatrixD oof(data.n_samples(), result.multilabel ? data.n_targets()
                                                       : static_cast<Index>(result.classes.size()));
    std::vector<const FoldFit*> candidate_fits;
    for (int f = 0; f < k; ++f) {
      const FoldFit& fit = fits[c * k + f];
      candidate_fits.push_back(&fit);
      for (std::size_t i = 0; i < fit.test_rows.size(); ++i)
        oof.row(fit.test_rows[i]) = fit.proba.row(i);
      cand.seconds += task_seconds[c * k + f];
      if (fit.constant_output) cand.constant_output_folds.push_back(f);
    }
    if (result.multilabel) {
      judge_multilabel(cand, data, oof, candidate_fits, base, options.criterion);
      return cand;
    }
    cand.weights = class_weights(cand.class_weight, result.classes, y);
    const RowMatrixD corrected = prior_correct(oof, cand.weights);
    cand.log_loss = log_loss(y, oof, result.classes);
    cand.brier = brier_of(y, oof, result.classes);
    cand.log_loss_corrected = log_loss(y, corrected, result.classes);
    cand.brier_corrected = brier_of(y, corrected, result.classes);
    const RowMatrixD& scored = base.calibrate == Calibration::Prior ? corrected : oof;

    if (result.multiclass) {
      const DecisionRule rule = tune_decision_rule(y, scored, result.classes, options.criterion);
      cand.decision_weights = rule.weights;
      cand.criterion_value = rule.value;
      cand.argmax_value = rule.argmax_value;
    } else {
      const ThresholdChoice choice = tune_threshold(y, positive_column(scored), options.criterion);
      cand.threshold = choice.threshold;
      cand.criterion_value = choice.value;
      const Labels pred = predict_labels(scored, result.classes, cand.threshold);
      for (std::size_t i = 0; i < y.size(); ++i) {
        cand.predicted_positives += pred[i] == result.minority;
        cand.actual_positives += y[i] == result.minority;
      }
    }
    // Per-fold figures at the chosen threshold (rule), as cross_validate reports them.
    std::vector<std::map<std::string, double>> per_fold;
    for (int f = 0; f < k; ++f) {
      const FoldFit& fit = fits[c * k + f];
      Labels y_fold(fit.test_rows.size());
      RowMatrixD p_fold(static_cast<Index>(fit.test_rows.size()), scored.cols());
      for (std::size_t i = 0; i < fit.test_rows.size(); ++i) {
        y_fold[i] = y[fit.test_rows[i]];
        p_fold.row(i) = scored.row(fit.test_rows[i]);
      }
      Evaluation e = evaluate_predictions(y_fold, p_fold, result.classes, cand.threshold,
                                          cand.decision_weights);
      e.class_names = data.class_names;
      per_fold.push_back(evaluation_figures(e, result.minority));
      cand.fold_criterion.push_back(
          result.multiclass ? macro_criterion_value(options.criterion, y_fold, p_fold,
                                                    result.classes, cand.decision_weights)
                            : criterion_value(options.criterion, y_fold, positive_column(p_fold),
                                              cand.threshold));
    }
    cand.oof_evaluation =
        evaluate_predictions(y, scored, result.classes, cand.threshold, cand.decision_weights);
    cand.oof_evaluation.class_names = data.class_names;
    if (base.calibrate == Calibration::Prior)
      add_uncorrected_reliability(cand.oof_evaluation.curves, y, oof, result.classes);
    cand.figures = summarize_figures(per_fold);
    return cand;
  };
  std::vector<std::optional<SweepCandidate>> judged(specs.size());
  parallel_for(specs.size(), options.cv.jobs, [&](std::size_t c) { judged[c] = judge(c); });
  std::vector<double> values;
  for (std::optional<SweepCandidate>& cand : judged) {
    if (!cand) continue;
    values.push_back(cand->criterion_value);
    result.candidates.push_back(std::move(*cand));
  }
  result.chosen = choose_candidate(options.criterion, values);
  const SweepCandidate& best = result.candidates[result.chosen];
  std::ostringstream why;
  why << "class weight " << best.class_weight.to_string();
  if (result.network_searched) {
    why << " with hidden layers ";
    if (best.hidden.empty()) why << "none";
    for (std::size_t i = 0; i < best.hidden.size(); ++i) why << (i ? "x" : "") << best.hidden[i];
    why << ", weight decay " << format_number(best.weight_decay);
    if (result.input_decay_searched || best.input_weight_decay > 0)
      why << ", input weight decay " << format_number(best.input_weight_decay);
    why << ", dropout " << format_number(best.dropout) << ", " << to_string(best.scale)
        << " scaling";
    if (!options.embeddings.empty() || best.embedding.enabled())
      why << " and embedding " << best.embedding.to_string();
  }
  if (result.loss_searched) why << ", loss " << best.loss.to_string();
  if (result.resample_searched) why << ", resampling " << best.resample.to_string();
  if (result.multiclass)
    why << " with decision weights (" << weights_text(best.decision_weights) << ")";
  else if (result.multilabel)
    why << " with a threshold per label (" << weights_text(best.label_thresholds) << ")";
  else
    why << " at threshold " << format_number(best.threshold);
  why << " has the best out-of-fold " << (result.multilabel ? "mean " : "")
      << to_string(options.criterion)
      << (result.multilabel ? " over " + std::to_string(result.label_names.size()) + " labels" : "")
      << " (" << format_number(best.criterion_value) << ") of " << result.candidates.size()
      << " candidates";
  if (result.candidates.size() < result.planned)
    why << " (the " << format_number(options.budget) << " s budget left "
        << result.planned - result.candidates.size() << " of " << result.planned
        << " candidates out)";
  result.reason = why.str();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

SweepOptions weight_search_only() {
  SweepOptions s;
  s.linear = false;
  s.additive = false;
  s.scales = {};
  s.dropouts = {};
  s.input_weight_decays = {};
  s.linear_learning_rate = 0;
  s.network_learning_rate = 0;
  s.refit_ensemble = 0;
  return s;
}

TrainOptions chosen_options(const TrainOptions& base, const SweepResult& result) {
  const SweepCandidate& best = result.candidates.at(result.chosen);
  TrainOptions o = with_candidate(base, best, result);
  o.threshold = Threshold{best.threshold, std::nullopt};
  if (result.refit_ensemble > 0) o.ensemble = std::max(o.ensemble, result.refit_ensemble);
  return o;
}

}  // namespace rarenet
