// rarenet resample: imbalanced-learn's fit_resample on a CSV file, rows written in its order.
#include <iostream>
#include <memory>
#include <sstream>

#include "cli_common.hpp"
#include "commands.hpp"
#include "rarenet/csv.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "rarenet/resample.hpp"

namespace rarenet::cli {

void add_resample(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, output, method, strategy, target;
    std::uint32_t random_state = 0;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "resample",
      "Resample a CSV file's rows as imbalanced-learn 0.10's fit_resample does (same rows, same "
      "order, for the same random state)");
  sub->add_option("data", o->input, "Input CSV ('-': standard input)")->required();
  sub->add_option("--target", o->target,
                  "Target column (default: y if present, else the last column)");
  sub->add_option("--method", o->method,
                  "random-over, random-under[:replacement=1], smote[:k=5], "
                  "borderline-smote[:kind=1,k=5,m=10], adasyn[:k=5]")
      ->required();
  sub->add_option("--sampling-strategy", o->strategy,
                  "A ratio in (0, 1] (binary targets), auto, minority, majority, not-minority, "
                  "not-majority, all, or CLASS:COUNT pairs such as 0:500,1:300 (default auto)");
  sub->add_option("--random-state", o->random_state, "Seed")->capture_default_str();
  sub->add_option("-o,--output", o->output, "Output CSV ('-': standard output)")->required();
  commands.push_back(
      {sub, [o] {
         ResampleSpec spec = ResampleSpec::parse(o->method, "--method");
         if (!spec.enabled())
           throw ConfigError("--method: a resampling method is required, got '" + o->method + "'");
         if (!o->strategy.empty())
           spec.sampling_strategy = SamplingStrategy::parse(o->strategy, "--sampling-strategy");
         spec.random_state = o->random_state;
         const Table table = read_csv(o->input);
         DatasetSpec ds;
         if (!o->target.empty()) ds.targets = {o->target};
         const Dataset d = dataset_from_table(table, ds);
         const Labels y = d.labels();
         const ResampleResult r = resample(spec, d.X, y);
         // The input's columns in the input's order: each feature from the
         // resampled rows, the target from the resampled labels.
         Table out;
         out.names = table.names;
         out.values.resize(r.X.rows(), table.cols());
         for (Index c = 0; c < table.cols(); ++c) {
           const std::string& name = table.names[c];
           if (name == d.target_names[0]) {
             for (Index i = 0; i < r.X.rows(); ++i) out.values(i, c) = static_cast<double>(r.y[i]);
             continue;
           }
           Index f = 0;
           while (d.feature_names[f] != name) ++f;
           out.values.col(c) = r.X.col(f);
         }
         write_csv(o->output, out);
         std::cerr << class_counts_line("input", y)
                   << class_counts_line("resampled (" + spec.to_string() + ")", r.y);
       }});
}

}  // namespace rarenet::cli
