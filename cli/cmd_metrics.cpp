// rarenet metrics: judge any model's scores from a CSV file.
#include <iostream>
#include <memory>
#include <sstream>

#include "cli_common.hpp"
#include "commands.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"

namespace rarenet::cli {

void add_metrics(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, target = "y", score, proba;
    double threshold = 0.5;
    int digits = 2;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "metrics",
      "Judge scores from any model: classification report, confusion matrix, ROC AUC, ...");
  sub->add_option("scores", o->input,
                  "CSV with the true labels and the scores ('-': standard input)")
      ->required();
  sub->add_option("--target", o->target, "Column of true labels")->capture_default_str();
  sub->add_option("--score", o->score,
                  "Binary: column of positive-class probabilities (the larger label; a label "
                  "alone in the target column is paired with 0 or 1)");
  sub->add_option("--proba", o->proba,
                  "Multi-class: probability columns, one per class in sorted class order");
  sub->add_option("--threshold", o->threshold, "Binary decision threshold")->capture_default_str();
  add_digits_option(sub, o->digits);
  sub->add_flag("--json", o->json, "Print JSON");
  commands.push_back(
      {sub, [o] {
         if (!(o->threshold >= 0 && o->threshold <= 1)) {
           std::ostringstream v;
           v << o->threshold;
           throw ConfigError("--threshold must lie in [0, 1], got " + v.str());
         }
         if (o->score.empty() == o->proba.empty())
           throw ConfigError(
               "give either --score COLUMN (binary) or --proba C0,C1,... (multi-class)");
         const Table t = read_csv(o->input);
         Dataset d = dataset_from_table(t, DatasetSpec{{o->target}, ""});
         const Labels y = d.labels();
         std::vector<std::int64_t> classes = unique_labels(y);
         RowMatrixD proba;
         if (!o->score.empty()) {
           const Index c = t.column(o->score);
           if (classes.size() > 2)
             throw InputError(t.source + ": '" + o->target + "' has " +
                              std::to_string(classes.size()) +
                              " classes; give one probability column per class with --proba");
           if (classes.size() == 1)
             classes = {classes[0] == 1 ? 0 : classes[0], classes[0] == 1 ? 1 : classes[0] + 1};
           proba.resize(t.rows(), 2);
           for (Index i = 0; i < t.rows(); ++i) {
             const double s = t.values(i, c);
             if (s < 0 || s > 1)
               throw InputError(t.source + ":" + std::to_string(i + 2) + ": column " +
                                std::to_string(c + 1) + " ('" + o->score +
                                "'): " + std::to_string(s) + " is not a probability in [0, 1]");
             proba(i, 0) = 1 - s;
             proba(i, 1) = s;
           }
         } else {
           std::vector<std::string> cols;
           std::stringstream ss(o->proba);
           for (std::string n; std::getline(ss, n, ',');) cols.push_back(n);
           if (cols.size() != classes.size())
             throw InputError("--proba names " + std::to_string(cols.size()) + " columns but '" +
                              o->target + "' has " + std::to_string(classes.size()) + " classes");
           proba.resize(t.rows(), static_cast<Index>(cols.size()));
           for (std::size_t j = 0; j < cols.size(); ++j)
             proba.col(static_cast<Index>(j)) = t.values.col(t.column(cols[j]));
         }
         print_evaluation(evaluate_predictions(y, proba, classes, o->threshold), o->json,
                          o->digits);
       }});
}

}  // namespace rarenet::cli
