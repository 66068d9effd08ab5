// rarenet cv and sweep: cross-validation and the class-weight / threshold search.
#include <iostream>
#include <memory>

#include "cli_common.hpp"
#include "commands.hpp"
#include "rarenet/error.hpp"
#include "rarenet/file_checks.hpp"
#include "rarenet/sweep.hpp"
#include "rarenet/workflow_report.hpp"

namespace rarenet::cli {
namespace {

struct FoldOptions {
  int n_splits = 5;
  std::uint32_t random_state = 42;
  bool no_shuffle = false;
  int jobs = 0;
};

void add_fold_options(CLI::App* sub, FoldOptions& f) {
  sub->add_option("--n-splits", f.n_splits, "Number of stratified folds")->capture_default_str();
  sub->add_option("--random-state", f.random_state, "Seed of the fold assignment")
      ->capture_default_str();
  sub->add_flag("--no-shuffle", f.no_shuffle, "Deal rows to folds in file order");
  sub->add_option("--jobs", f.jobs, "Threads (0: one per core); results do not depend on it")
      ->capture_default_str();
}

CvOptions to_cv_options(const FoldOptions& f) {
  if (f.jobs < 0) throw ConfigError("--jobs must be >= 0");
  CvOptions cv;
  cv.folds = StratifiedKFoldParams{f.n_splits, !f.no_shuffle, f.random_state};
  cv.jobs = f.jobs;
  return cv;
}

}  // namespace

void add_cv(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, oof_out;
    double threshold = 0.5;
    bool json = false;
    DataOptions data;
    TrainCliOptions train;
    FoldOptions folds;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "cv", "Stratified cross-validation: per-fold figures, mean and std, no leakage");
  sub->add_option("data", o->input, "Labelled CSV")->required();
  add_data_options(sub, o->data);
  add_train_options(sub, o->train);
  add_fold_options(sub, o->folds);
  sub->add_option("--threshold", o->threshold, "Decision threshold for the per-fold reports")
      ->capture_default_str();
  sub->add_option("--oof-out", o->oof_out,
                  "Write the out-of-fold probabilities (and fold) to this CSV");
  sub->add_flag("--json", o->json, "Print JSON");
  commands.push_back(
      {sub, [o] {
         check_outputs_are_not_inputs({{"--oof-out", o->oof_out}}, {{"data", o->input}});
         TrainOptions options = to_train_options(o->train);
         if (!(o->threshold >= 0 && o->threshold <= 1))
           throw ConfigError("--threshold must lie in [0, 1]");
         options.threshold = o->threshold;
         const Dataset data = read_dataset(o->input, to_dataset_spec(o->data));
         const CvResult cv = cross_validate(data, options, to_cv_options(o->folds));
         const std::int64_t minority = minority_class(data.labels());
         if (!o->oof_out.empty()) {
           Table t;
           for (auto c : cv.classes) t.names.push_back("p_" + std::to_string(c));
           t.names.push_back(data.target_names.front());
           t.names.push_back("fold");
           t.values.resize(data.n_samples(), static_cast<Index>(cv.classes.size()) + 2);
           t.values.leftCols(static_cast<Index>(cv.classes.size())) = cv.oof_proba;
           t.values.col(static_cast<Index>(cv.classes.size())) = data.Y.col(0);
           for (Index i = 0; i < data.n_samples(); ++i)
             t.values(i, t.values.cols() - 1) = cv.fold_of_row[i];
           write_csv(o->oof_out, t);
         }
         if (o->json) {
           // As sweep: timings are the one part that differs from run to run.
           nlohmann::json j = cv_to_json(cv, minority);
           j.erase("seconds");
           std::cout << j.dump(2) << "\n";
         } else {
           std::cout << format_cv(cv, minority);
         }
       }});
}

void add_sweep(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, ratios = "1,2,5,10,20,50,100,200", most, criterion = "break-even", output,
                       calibrate = "none";
    bool balanced = false, json = false;
    DataOptions data;
    TrainCliOptions train;
    FoldOptions folds;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "sweep",
      "Search class weights and the threshold by cross-validation; optionally train the winner");
  sub->add_option("data", o->input, "Labelled CSV (binary target)")->required();
  add_data_options(sub, o->data);
  add_train_options(sub, o->train, false);
  add_fold_options(sub, o->folds);
  sub->add_option("--ratios", o->ratios, "Minority:majority weight ratios to try")
      ->capture_default_str();
  sub->add_option("--most", o->most, "capped:MOST candidates to try, e.g. 0.6,0.8,0.9");
  sub->add_flag("--balanced", o->balanced, "Also try scikit-learn's balanced weights");
  sub->add_option("--criterion", o->criterion,
                  "break-even, f1, fbeta:B, balanced-accuracy, g-mean, mcc, average-precision, "
                  "recall-at-precision:P, cost:FN,FP")
      ->capture_default_str();
  sub->add_option("--calibrate", o->calibrate,
                  "none, or prior (tune on prior-corrected probabilities)")
      ->capture_default_str();
  sub->add_flag("--json", o->json, "Print JSON");
  sub->add_option("-o,--output", o->output,
                  "Train the chosen candidate on all rows and write the model here");
  commands.push_back(
      {sub, [o] {
         if (o->output == "-" && o->json)
           throw ConfigError(
               "-o - with --json: both would go to standard output; write the "
               "model to a file");
         check_outputs_are_not_inputs({{"-o", o->output}}, {{"data", o->input}});
         TrainOptions base = to_train_options(o->train);
         SweepOptions s;
         s.ratios =
             o->ratios.empty() ? std::vector<double>{} : parse_double_list("--ratios", o->ratios);
         if (!o->most.empty()) s.most = parse_double_list("--most", o->most);
         s.include_balanced = o->balanced;
         s.criterion = parse_criterion(o->criterion);
         if (o->calibrate != "none" && o->calibrate != "prior")
           throw ConfigError("--calibrate '" + o->calibrate + "': expected none or prior");
         s.calibrate_prior = o->calibrate == "prior";
         s.cv = to_cv_options(o->folds);
         const Dataset data = read_dataset(o->input, to_dataset_spec(o->data));
         const SweepResult result = sweep(data, base, s);
         if (!o->output.empty()) {
           const SweepCandidate& best = result.candidates[result.chosen];
           TrainOptions final_options = base;
           final_options.class_weight = best.class_weight;
           final_options.threshold = best.threshold;
           Classifier model = train_classifier(data, final_options);
           if (s.calibrate_prior) model.prior_correction = model.class_weight_values.front();
           save_model(o->output, model);
         }
         if (o->json) {
           nlohmann::json j = sweep_to_json(result);
           j.erase("seconds");
           std::cout << j.dump(2) << "\n";
         } else {
           std::cout << format_sweep(result);
           if (!o->output.empty())
             std::cout << "model trained on all rows written to " << o->output << "\n";
         }
       }});
}

}  // namespace rarenet::cli
