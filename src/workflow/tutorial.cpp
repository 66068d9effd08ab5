#include "rarenet/tutorial.hpp"

#include "rarenet/compare.hpp"

#include "rarenet/model.hpp"

#include <chrono>
#include <cmath>
#include <mutex>
#include <sstream>

#include "core/parallel.hpp"

#include "rarenet/class_weights.hpp"
#include "rarenet/classifier.hpp"
#include "rarenet/compare.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/split.hpp"

namespace rarenet {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Dataset tutorial_dataset() {
  MakeClassificationParams p;
  p.n_samples = 100000;
  p.n_features = 2;
  p.n_informative = 2;
  p.n_redundant = 0;
  p.n_repeated = 0;
  p.n_classes = 2;
  p.n_clusters_per_class = 1;
  p.weights = {0.995, 0.005};
  p.class_sep = 0.5;
  p.random_state = 0;
  const ClassificationData generated = make_classification(p);
  Dataset d;
  d.X = generated.X;
  d.Y.resize(d.X.rows(), 1);
  for (Index i = 0; i < d.X.rows(); ++i) d.Y(i, 0) = static_cast<double>(generated.y[i]);
  d.feature_names = {"x0", "x1"};
  d.target_names = {"y"};
  d.source = "make_classification";
  return d;
}

}  // namespace

TrainOptions tutorial_train_options(const TutorialOptions& options) {
  TrainOptions t;
  t.hidden = {2, 2};
  t.activation = Activation::Relu;
  t.standardize = false;  // the tutorial feeds make_classification's features as they are
  t.train.epochs = options.epochs;
  t.train.batch_size = options.batch_size;
  t.train.seed = options.seed;
  t.train.loss = Loss::BinaryCrossEntropy;
  t.train.optimizer = OptimizerConfig{};  // Adam with Keras's defaults
  return t;
}

TutorialResult run_tutorial(const TutorialOptions& options, const TutorialProgress& progress) {
  const auto start = Clock::now();
  if (!(options.manual_weight > 0) || !std::isfinite(options.manual_weight)) {
    std::ostringstream v;
    v << options.manual_weight;
    throw ConfigError("--manual-weight: " + v.str() +
                      ", expected a positive finite weight for the minority class");
  }
  if (options.epochs < 1 || options.batch_size < 1)
    throw ConfigError("--epochs and --batch-size must be >= 1");
  TutorialResult result;
  const std::vector<std::int64_t> classes = {0, 1};

  // Steps 1 and 2: the data and the split, exactly as scikit-learn makes them.
  const Dataset data = tutorial_dataset();
  const Labels y = data.labels();
  TrainTestSplitParams split_params;
  split_params.test_size = SplitSize::fraction(0.2);
  split_params.random_state = 42;
  const TrainTestIndices split = train_test_split(data.n_samples(), split_params);
  const Dataset train = data.take(split.train);
  const Dataset test = data.take(split.test);
  const Labels y_train = train.labels(), y_test = test.labels();
  result.counts = class_counts(y, classes);
  result.train_counts = class_counts(y_train, classes);
  result.test_counts = class_counts(y_test, classes);
  // Step 4: the weights Keras is given, from scikit-learn's compute_class_weight.
  result.balanced_weights = compute_class_weight_balanced(classes, y_train);

  // Steps 3, 5 and 6: the same network without weights, with balanced weights, with 1:W.
  // Independent trainings, so side by side on the cores (each writes its own slot; a tiny
  // network trains on one thread whatever it is given); the progress callback is called by one
  // training at a time.
  struct Step {
    const char* name;
    const char* description;
    ClassWeightSpec spec;
  };
  ClassWeightSpec balanced;
  balanced.kind = ClassWeightSpec::Kind::Balanced;
  ClassWeightSpec manual;
  manual.kind = ClassWeightSpec::Kind::Manual;
  manual.manual = {{0, 1.0}, {1, options.manual_weight}};
  const std::vector<Step> steps = {{"baseline", "no class weights", ClassWeightSpec{}},
                                   {"balanced", "balanced class weights", balanced},
                                   {"manual", "manual class weights", manual}};
  std::mutex progress_mutex;
  std::vector<TutorialRun> runs(steps.size());
  const int threads = threads_per_task(0, options.jobs, steps.size());
  parallel_for(steps.size(), options.jobs, [&](std::size_t i) {
    TrainOptions t = tutorial_train_options(options);
    t.class_weight = steps[i].spec;
    t.train.threads = threads;
    const auto t0 = Clock::now();
    ProgressCallback on_epoch;
    if (progress)
      on_epoch = [&](const EpochRecord& r) {
        const std::lock_guard<std::mutex> lock(progress_mutex);
        progress(steps[i].name, r);
      };
    const Classifier model = train_classifier(train, t, nullptr, on_epoch);
    TutorialRun& run = runs[i];
    run.seconds = seconds_since(t0);
    run.name = steps[i].name;
    run.description = steps[i].description;
    run.class_weight = model.class_weight_values.empty() ? std::vector<double>{1.0, 1.0}
                                                         : model.class_weight_values.front();
    run.threshold = model.threshold;
    run.evaluation =
        evaluate_predictions(y_test, model.predict_proba(test.X), model.classes, model.threshold);
  });
  for (TutorialRun& run : runs) result.runs.push_back(std::move(run));

  // Step 8: let cross-validation on the training rows choose the weight and the threshold.
  if (options.sweep) {
    const auto t0 = Clock::now();
    // The tutorial's own network and scaling, refitted as one network: step 8 chooses the weight.
    SweepOptions s = weight_search_only();
    s.ratios = {1, 2, 5, 10, 20, 50, 100, 200};
    s.include_balanced = true;
    s.criterion = parse_criterion("f1");
    s.cv.folds = StratifiedKFoldParams{5, true, 42};
    s.cv.jobs = options.jobs;
    SweepResult sweep_result = sweep(train, tutorial_train_options(options), s);
    const Classifier model = train_winner(train, tutorial_train_options(options), sweep_result);
    TutorialRun run;
    run.name = "sweep";
    run.description =
        "weight and threshold chosen by 5-fold cross-validation (" + to_string(s.criterion) + ")";
    run.class_weight = model.class_weight_values.front();
    run.threshold = model.threshold;
    run.evaluation =
        evaluate_predictions(y_test, model.predict_proba(test.X), model.classes, model.threshold);
    run.seconds = seconds_since(t0);
    result.runs.push_back(std::move(run));
    result.sweep = std::move(sweep_result);
  }
  // Step 9: the other remedies on the same split, each changing only its own setting.
  if (options.remedies) {
    CompareOptions c;
    c.jobs = options.jobs;
    result.remedies = compare_remedies(train, test, tutorial_train_options(options), c);
  }
  result.seconds_total = seconds_since(start);
  return result;
}

}  // namespace rarenet
