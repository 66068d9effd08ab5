// The imbalance remedies side by side: one network trained on the same stratified split with
// each remedy in turn, judged on the same held-out rows at threshold 0.5.
//
// The remedies: none, balanced class weights, random over-sampling, random under-sampling,
// SMOTE, the focal loss and balanced batches. Each starts from the same base options (network,
// epochs, seed, ...) and changes only its own setting; class weights are off except in the
// class-weight row. Resamplers and batch samplers see the training rows only. Binary targets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rarenet/evaluation.hpp"
#include "rarenet/option.hpp"
#include "rarenet/train_options.hpp"

namespace rarenet {

struct CompareOptions {
  double test_size = 0.2;  // fraction of rows held out, stratified (train_test_split)
  std::uint32_t random_state = 42;
  LossSpec focal = LossSpec::parse("focal:gamma=2,alpha=0.25");  // the focal-loss row's loss
  ResampleSpec smote = ResampleSpec::parse("smote:k=5");         // the SMOTE row's resampler
  int jobs = 0;  // remedies trained in parallel; <= 0: one per core
};

template <class Visitor>
void for_each_option(CompareOptions& o, Visitor&& v) {
  v(NumberOption<double>{{"test_size", "Fraction of the rows held out (stratified) for judging"},
                         o.test_size,
                         0,
                         1,
                         true,
                         true});
  v(number({"random_state", "Seed of the split"}, o.random_state, 0, 4294967295.0));
  v(TextOption<LossSpec>{{"focal", "The focal-loss row's loss"},
                         o.focal,
                         [](const std::string& s) { return LossSpec::parse(s, "focal"); },
                         [](const LossSpec& l) { return l.to_string(); },
                         "focal[:gamma=G,alpha=A]"});
  v(TextOption<ResampleSpec>{{"smote", "The SMOTE row's resampler"},
                             o.smote,
                             [](const std::string& s) { return ResampleSpec::parse(s, "smote"); },
                             [](const ResampleSpec& r) { return r.to_string(); },
                             "smote[:K=V,...]"});
  v(number({"jobs", "Remedies trained at once (0: one per core)"}, o.jobs, 0, 1024));
}

struct RemedyRun {
  std::string name;       // "none", "class weights", "random over-sampling", ...
  std::string setting;    // the option that differs, as a user writes it ("--resample smote:k=5")
  Evaluation evaluation;  // on the held-out rows at threshold 0.5
  std::int64_t training_rows = 0;  // rows of an epoch: after resampling / balanced batches
  double seconds = 0;
};

struct CompareResult {
  std::vector<std::int64_t> classes;  // the positive class is classes[1]
  std::vector<std::string> class_names;
  std::int64_t train_rows = 0, test_rows = 0;
  std::vector<RemedyRun> runs;
};

CompareResult compare_remedies(const Dataset& data, const TrainOptions& base,
                               const CompareOptions& options);
// The same on a split made by the caller (the tutorial's own); options.test_size and
// random_state are not used.
CompareResult compare_remedies(const Dataset& train, const Dataset& test, const TrainOptions& base,
                               const CompareOptions& options);

}  // namespace rarenet
