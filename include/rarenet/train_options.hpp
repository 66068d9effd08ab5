// TrainOptions: every setting of a classifier and its training, each declared once.
//
// for_each_option(TrainOptions&, visitor) below is the declaration table: name, type, default
// (the member's initial value), check and one line of help per setting. The CLI's flags, the
// validation (validate_options), the model file's "training" object and docs/OPTIONS.md are all
// derived from it (option.hpp says how).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "rarenet/class_weights.hpp"
#include "rarenet/criterion.hpp"
#include "rarenet/embedding.hpp"
#include "rarenet/network.hpp"
#include "rarenet/option.hpp"
#include "rarenet/preprocess.hpp"
#include "rarenet/resample.hpp"
#include "rarenet/scaler.hpp"
#include "rarenet/train_config.hpp"

namespace rarenet {

// The decision threshold of a binary or multi-label model: a fixed number in [0, 1], or tuned
// for a criterion on out-of-fold scores of the training rows ("auto:f1").
struct Threshold {
  double value = 0.5;
  std::optional<Criterion> tune;  // set: value is chosen by tuning
};
// "0.5" or "auto:CRITERION"; ConfigError saying what was expected otherwise.
Threshold parse_threshold(const std::string& text);
std::string to_string(const Threshold& t);

// The loss a classifier trains on: the cross-entropy of its head (binary for sigmoid outputs,
// categorical for softmax ones) or the focal loss of the same head (train_config.hpp's Loss and
// FocalParams). Text: "crossentropy" (also "binary_crossentropy" / "categorical_crossentropy",
// as model files name it) or "focal[:gamma=G][,alpha=A]" (gamma >= 0, default 2; alpha in [0, 1]
// for the sigmoid form, or -1 for none, the default).
struct LossSpec {
  bool focal = false;
  FocalParams params;
  static LossSpec parse(const std::string& text, const std::string& option = "loss");
  std::string to_string() const;
  // The engine's loss for a sigmoid (softmax = false) or softmax head.
  Loss engine_loss(bool softmax) const;
};

// Calibration of the stored probabilities: none, or prior (divide the class weights back out).
enum class Calibration { None, Prior };
inline constexpr std::array kCalibrations = {Calibration::None, Calibration::Prior};
std::string to_string(Calibration c);  // "none", "prior"

// "64,64" -> {64, 64}; "" -> no hidden layer. ConfigError naming the option otherwise.
std::vector<int> parse_hidden_layers(const std::string& text);
std::string hidden_layers_text(const std::vector<int>& hidden);

// "0.2" (every hidden layer) or "0.2,0.1" (one per hidden layer): rates in [0, 1).
std::vector<float> parse_dropout(const std::string& text);
std::string dropout_text(const std::vector<float>& rates);  // "0" when empty

// Activations a hidden layer may use (softmax belongs to output layers).
inline constexpr std::array kHiddenActivations = {Activation::Relu, Activation::LeakyRelu,
                                                  Activation::Tanh, Activation::Sigmoid,
                                                  Activation::Linear};

struct TrainOptions {
  std::vector<int> hidden = {64, 64};
  Activation activation = Activation::Relu;
  Initializer kernel_initializer = Initializer::GlorotUniform;
  TrainConfig train;  // epochs, batch size, optimiser, seed, reduction, early stopping
  LossSpec loss;      // sets train.loss and train.focal for the task's head
  ClassWeightSpec class_weight;
  bool standardize = true;
  ScaleKind scale = ScaleKind::Standard;  // how, when standardize is on
  int n_quantiles = 1000;                 // quantile kinds, as scikit-learn's defaults
  int quantile_subsample = 100000;
  // Numeric feature embedding after the scaler (piecewise-linear with training-quantile bins).
  EmbeddingSpec embedding;
  Threshold threshold;      // stored in the model (binary / multi-label)
  int threshold_folds = 5;  // folds of the out-of-fold scores that tune an auto threshold
  Calibration calibrate = Calibration::None;
  // Resampling of the training rows (binary / multi-class), applied as imbalanced-learn's
  // Pipeline([scaler, sampler, model]) applies it: the scaler is fitted on the training rows as
  // given, the sampler runs on the scaled rows, and the class weights are computed from the
  // resampled labels. Only the rows train_classifier is given are resampled, so inside cv,
  // sweep and threshold tuning each fold resamples its own training rows.
  ResampleSpec resample;
  // Imputation and one-hot encoding, fitted on the training rows only; used when the data has
  // categorical columns or impute is not none.
  PreprocessOptions preprocess;
  // When no validation set is given: hold out this fraction of the training rows (stratified by
  // class, seeded by train.seed, as scikit-learn's train_test_split) as the validation set that
  // early stopping watches; the network trains on the rest. 0: off, every row trains.
  double validation_fraction = 0.0;
  // Networks trained on the same rows with seeds seed, seed + 1, ...; their probabilities are
  // averaged (each member's own weight initialisation, shuffles and dropout masks).
  int ensemble = 1;
};

template <class Visitor>
void for_each_option(TrainOptions& o, Visitor&& v) {
  v(TextOption<std::vector<int>>{
      {"hidden", "Hidden layer sizes, e.g. 64,64 (empty: no hidden layer)"},
      o.hidden,
      [](const std::string& s) { return parse_hidden_layers(s); },
      [](const std::vector<int>& h) { return hidden_layers_text(h); },
      "N,N,..."});
  v(ChoiceOption<Activation>{
      {"activation", "Activation of the hidden layers"}, o.activation, kHiddenActivations});
  v(ChoiceOption<Initializer>{
      {"initializer", "Kernel initializer"}, o.kernel_initializer, kInitializers});
  v(FlagOption{{"standardize", "Standardise the features (fitted on the training rows)"},
               o.standardize});
  v(ChoiceOption<ScaleKind>{
      {"scale",
       "How standardize scales the features: standard (StandardScaler), robust (RobustScaler: "
       "median and interquartile range), quantile-uniform or quantile-normal "
       "(QuantileTransformer's output_distribution), as scikit-learn 1.2; robust-clip: robust, "
       "then z / sqrt(1 + (z / 3)^2), RealMLP's smooth clipping of heavy tails; robust-auto: "
       "robust-clip when a feature of the training rows reaches 20 interquartile ranges from its "
       "median, robust otherwise"},
      o.scale,
      kScaleKinds});
  v(number({"n_quantiles", "Quantiles the quantile scalings keep per feature (at most the rows)"},
           o.n_quantiles, 1, 1e9));
  v(number({"quantile_subsample",
            "Rows the quantile scalings estimate each feature's quantiles from (drawn by the "
            "seed when there are more)"},
           o.quantile_subsample, 1, 2147483647.0));
  v(TextOption<EmbeddingSpec>{
      {"embedding",
       "Numeric feature embedding after the scaling: none, or piecewise:bins=B (each feature "
       "becomes B piecewise-linear inputs over bins cut at its training quantiles, as Gorishniy "
       "et al. 2022; fewer where values repeat)"},
      o.embedding,
      [](const std::string& s) { return EmbeddingSpec::parse(s, "embedding"); },
      [](const EmbeddingSpec& e) { return e.to_string(); },
      "none|piecewise[:bins=B]"});
  v(number({"epochs", "Passes over the training rows"}, o.train.epochs, 1, 1e9));
  v(number({"batch_size", "Rows per optimiser step"}, o.train.batch_size, 1, 1e9));
  v(ChoiceOption<BatchSampling>{
      {"batch_sampler",
       "Rows of each epoch: shuffle (Keras), stratified (every batch holds each class in its "
       "overall proportion) or balanced (a fresh under-sample of every class to the rarest "
       "one's count each epoch, the classes equal in every batch)"},
      o.train.sampling,
      kBatchSamplings});
  v(ChoiceOption<OptimizerKind>{
      {"optimizer", "Optimiser (Keras's Adam or SGD)"}, o.train.optimizer.kind, kOptimizers});
  v(positive({"learning_rate", "Learning rate"}, o.train.optimizer.learning_rate));
  v(NumberOption<float>{
      {"momentum", "SGD momentum"}, o.train.optimizer.momentum, 0, 1, false, true});
  v(FlagOption{{"nesterov", "SGD with Nesterov momentum"}, o.train.optimizer.nesterov});
  v(number({"weight_decay",
            "L2 weight decay on the kernels: adds weight_decay * w to their gradient (Keras's "
            "l2(l) with l = weight_decay / 2)"},
           o.train.optimizer.weight_decay, 0));
  v(number({"input_weight_decay",
            "L2 weight decay on the first layer's kernel only, added to weight_decay there "
            "(Keras's kernel_regularizer on the first Dense layer): pulls the weights of rarely "
            "active inputs, such as one-hot columns, to zero"},
           o.train.optimizer.input_weight_decay, 0));
  v(TextOption<std::vector<float>>{
      {"dropout",
       "Dropout after the hidden layers, as Keras's Dropout (training only, kept units scaled by "
       "1 / (1 - rate)): one rate for all, or one per hidden layer (0: off)"},
      o.train.dropout,
      [](const std::string& s) { return parse_dropout(s); },
      [](const std::vector<float>& r) { return dropout_text(r); },
      "RATE[,RATE,...]"});
  v(ChoiceOption<LrSchedule>{
      {"lr_schedule",
       "Learning rate per epoch after the warmup: constant, cosine (to 0 over the remaining "
       "epochs), step (times lr_gamma every lr_step_size epochs) or exponential (times lr_gamma "
       "every epoch), as torch.optim.lr_scheduler"},
      o.train.schedule.kind,
      kLrSchedules});
  v(number({"lr_warmup",
            "Epochs of linear warmup: epoch e < lr_warmup runs at learning_rate * (e + 1) / "
            "(lr_warmup + 1)"},
           o.train.schedule.warmup, 0, 1e9));
  v(number({"lr_step_size", "Epochs between the step schedule's decays"},
           o.train.schedule.step_size, 1, 1e9));
  v(NumberOption<float>{{"lr_gamma", "Decay factor of the step and exponential schedules"},
                        o.train.schedule.gamma,
                        0,
                        1,
                        true,
                        false});
  v(TextOption<LossSpec>{
      {"loss",
       "crossentropy, or focal:gamma=G,alpha=A (Lin et al.'s focal loss; alpha for sigmoid "
       "outputs only, -1: none)"},
      o.loss,
      [](const std::string& s) { return LossSpec::parse(s); },
      [](const LossSpec& l) { return l.to_string(); },
      "crossentropy|focal[:gamma=G,alpha=A]"});
  v(ChoiceOption<Reduction>{
      {"loss_reduction",
       "sum-over-batch-size (Keras) or weighted-mean (divide by the sum of weights)"},
      o.train.reduction,
      kReductions});
  v(number({"seed", "Seed for initialisation and shuffling"}, o.train.seed, 0, 4294967295.0));
  v(number({"threads",
            "Threads for one training (0: one per core; inside cv and sweep, the cores left to "
            "each of --jobs trainings); results do not depend on it"},
           o.train.threads, 0, 1024));
  v(number({"early_stopping", "Stop after this many epochs without improvement (0: off)"},
           o.train.early_stopping.patience, 0, 1e9));
  v(ChoiceOption<Monitor>{
      {"monitor", "Early-stopping figure"}, o.train.early_stopping.monitor, kMonitors});
  v(NumberOption<double>{
      {"validation_fraction",
       "Hold out this stratified fraction of the training rows as the validation "
       "data early stopping watches (0: off)"},
      o.validation_fraction,
      0,
      1,
      false,
      true});
  v(number({"ensemble",
            "Train this many networks (seeds seed, seed + 1, ...) on the same rows and average "
            "their probabilities"},
           o.ensemble, 1, 1000));
  v(FlagOption{{"restore_best_weights", "After early stopping, keep the best epoch's weights"},
               o.train.early_stopping.restore_best_weights});
  v(TextOption<ClassWeightSpec>{
      {"class_weight",
       "none, balanced, balanced:POWER, CLASS:WEIGHT,... (e.g. 0:1,1:200), capped:MOST or "
       "effective:BETA"},
      o.class_weight,
      [](const std::string& s) { return parse_class_weight(s); },
      [](const ClassWeightSpec& c) { return c.to_string(); },
      "SPEC"});
  v(TextOption<ImputeSpec>{
      {"impute",
       "Fill missing numbers with the training rows' median, mean, most_frequent or constant:V "
       "(scikit-learn's SimpleImputer); missing categories become a category of their own. none: "
       "a missing cell is an error"},
      o.preprocess.impute,
      [](const std::string& s) { return parse_impute(s); },
      [](const ImputeSpec& i) { return i.to_string(); },
      "STRATEGY"});
  v(FlagOption{
      {"add_indicator", "Add a 0/1 column per numeric column that had missing cells in training"},
      o.preprocess.add_indicator});
  v(number({"min_frequency",
            "Group categories seen in fewer training rows (a count >= 1, or a fraction in (0, 1)) "
            "into one infrequent column, as scikit-learn's OneHotEncoder (0: off)"},
           o.preprocess.min_frequency, 0));
  v(number({"max_categories",
            "At most this many one-hot columns per categorical column, the infrequent one "
            "included (0: no limit)"},
           o.preprocess.max_categories, 0, 1e9));
  v(TextOption<ResampleSpec>{
      {"resample",
       "Resample the training rows: none, random-over, random-under, smote:k=5, "
       "borderline-smote:kind=1, adasyn (options as for rarenet resample)"},
      o.resample,
      [](const std::string& s) { return ResampleSpec::parse(s, "resample"); },
      [](const ResampleSpec& r) { return r.to_string(); },
      "METHOD[:K=V,...]"});
  v(TextOption<Threshold>{
      {"threshold",
       "Decision threshold stored in the model: a number in [0, 1], or auto:CRITERION to tune "
       "it on out-of-fold scores (criteria as for sweep; multi-class: a weight per class tuned "
       "for f1 (macro), balanced-accuracy, g-mean or mcc)"},
      o.threshold,
      [](const std::string& s) { return parse_threshold(s); },
      [](const Threshold& t) { return to_string(t); },
      "P|auto:CRITERION"});
  v(number({"threshold_folds", "Folds of the out-of-fold scores that tune an auto threshold"},
           o.threshold_folds, 2, 1000));
  v(ChoiceOption<Calibration>{
      {"calibrate", "none, or prior: divide the class weights back out of the probabilities"},
      o.calibrate,
      kCalibrations});
}

}  // namespace rarenet
