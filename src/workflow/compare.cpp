#include "rarenet/compare.hpp"

#include <algorithm>
#include <chrono>

#include "core/parallel.hpp"
#include "rarenet/classifier.hpp"
#include "rarenet/error.hpp"
#include "rarenet/split.hpp"

namespace rarenet {
namespace {

// "smote:k=5" rather than the full form with the defaults spelled out, for the table.
std::string smote_text(const ResampleSpec& r) {
  const ResampleSpec plain = ResampleSpec::parse(r.method);
  std::string s = r.method;
  std::string params;
  if (r.kind != plain.kind) params += ",kind=" + std::to_string(r.kind);
  params += ",k=" + std::to_string(r.k_neighbors);
  if (r.m_neighbors != plain.m_neighbors) params += ",m=" + std::to_string(r.m_neighbors);
  const std::string strategy = r.sampling_strategy.to_string();
  if (strategy != plain.sampling_strategy.to_string()) params += ",strategy=" + strategy;
  if (r.random_state != plain.random_state)
    params += ",random_state=" + std::to_string(r.random_state);
  return s + ":" + params.substr(1);
}

}  // namespace

CompareResult compare_remedies(const Dataset& data, const TrainOptions& base,
                               const CompareOptions& options) {
  TrainOptions checked = base;
  validate_options(checked);
  if (data.n_targets() != 1) throw ConfigError("compare: needs one (binary) target column");
  const Labels y = data.labels();
  const std::size_t n_classes = unique_labels(y).size();
  if (n_classes != 2)
    throw InputError(data.source + ": compare needs a binary target; found " +
                     std::to_string(n_classes) + " classes");
  TrainTestSplitParams split;
  split.test_size = SplitSize::fraction(options.test_size);
  split.random_state = options.random_state;
  split.stratify = &y;
  const TrainTestIndices rows = train_test_split(data.n_samples(), split);
  return compare_remedies(data.take(rows.train), data.take(rows.test), base, options);
}

CompareResult compare_remedies(const Dataset& train, const Dataset& test, const TrainOptions& base,
                               const CompareOptions& options) {
  TrainOptions checked = base;
  validate_options(checked);
  if (train.n_targets() != 1 || test.n_targets() != 1)
    throw ConfigError("compare: needs one (binary) target column");
  if (!options.focal.focal)
    throw ConfigError("focal '" + options.focal.to_string() + "': expected focal[:gamma=G,...]");
  if (options.smote.method != "smote" && options.smote.method != "borderline-smote" &&
      options.smote.method != "adasyn")
    throw ConfigError("smote '" + options.smote.to_string() +
                      "': expected smote, borderline-smote or adasyn");
  const Labels y_train = train.labels(), y_test = test.labels();
  CompareResult result;
  result.classes = unique_labels(y_train);
  result.class_names = train.class_names;
  if (result.classes.size() != 2)
    throw InputError(train.source + ": compare needs a binary target; found " +
                     std::to_string(result.classes.size()) + " classes in the training rows");
  result.train_rows = train.n_samples();
  result.test_rows = test.n_samples();

  // Balanced batches train each epoch on every class cut to the rarest one's count.
  const std::vector<std::int64_t> train_counts = class_counts(y_train, result.classes);
  const std::int64_t balanced_epoch_rows = 2 * std::min(train_counts.at(0), train_counts.at(1));

  TrainOptions plain = base;
  plain.class_weight = ClassWeightSpec{};
  plain.resample = ResampleSpec{};
  plain.loss = LossSpec{};
  plain.train.sampling = BatchSampling::Shuffle;
  plain.threshold = Threshold{};
  plain.calibrate = Calibration::None;
  struct Remedy {
    std::string name, setting;
    TrainOptions options;
  };
  std::vector<Remedy> remedies;
  const auto add = [&](std::string name, std::string option, std::string text) {
    TrainOptions o = plain;
    if (!option.empty()) set_option(o, option, text);
    std::string flag = option;
    for (char& c : flag)
      if (c == '_') c = '-';
    remedies.push_back(
        {std::move(name), option.empty() ? "" : "--" + flag + " " + text, std::move(o)});
  };
  add("none", "", "");
  add("class weights", "class_weight", "balanced");
  add("random over-sampling", "resample", "random-over");
  add("random under-sampling", "resample", "random-under");
  add("SMOTE", "resample", smote_text(options.smote));
  add("focal loss", "loss", options.focal.to_string());
  add("balanced batches", "batch_sampler", "balanced");

  // The trainings run side by side on --jobs threads: each gets the cores left per job, so jobs
  // x threads stays within the machine (a wide network would otherwise take every core each).
  const int threads = threads_per_task(base.train.threads, options.jobs, remedies.size());
  for (Remedy& r : remedies) r.options.train.threads = threads;
  result.runs.resize(remedies.size());
  parallel_for(remedies.size(), options.jobs, [&](std::size_t r) {
    const auto start = std::chrono::steady_clock::now();
    const Classifier model = train_classifier(train, remedies[r].options);
    RemedyRun& run = result.runs[r];
    run.name = remedies[r].name;
    run.setting = remedies[r].setting;
    run.training_rows = model.resampled_rows > 0 ? model.resampled_rows : train.n_samples();
    if (remedies[r].options.train.sampling == BatchSampling::Balanced)
      run.training_rows = balanced_epoch_rows;
    run.evaluation = evaluate_predictions(y_test, model.predict_proba(test), result.classes, 0.5);
    run.evaluation.class_names = train.class_names;
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  });
  return result;
}

}  // namespace rarenet
