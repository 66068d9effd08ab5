// rarenet make-classification, split, folds: scikit-learn's generator and splitters.
#include <iostream>
#include <memory>
#include <sstream>

#include <charconv>
#include <cmath>

#include "cli_common.hpp"
#include "commands.hpp"
#include "options_cli.hpp"
#include "rarenet/error.hpp"
#include "rarenet/file_checks.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/model.hpp"
#include "rarenet/split.hpp"

namespace rarenet::cli {
namespace {

// "0.2" is a fraction and "200" a count, as scikit-learn tells a float from an int.
SplitSize parse_split_size(const std::string& option, const std::string& text) {
  const bool looks_float = text.find_first_of(".eE") != std::string::npos;
  try {
    std::size_t used = 0;
    if (looks_float) {
      const double v = std::stod(text, &used);
      if (used == text.size()) return SplitSize::fraction(v);
    } else {
      const long long v = std::stoll(text, &used);
      if (used == text.size()) return SplitSize::count(v);
    }
  } catch (const std::exception&) {
  }
  throw ConfigError(option + " '" + text +
                    "': expected a fraction such as 0.2 or a row count such as 200");
}

}  // namespace

void add_make_classification(CLI::App& app, Commands& commands) {
  struct Options {
    MakeClassificationParams p;
    std::string shift = "0.0", scale = "1.0", output = "-";
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "make-classification",
      "Generate scikit-learn's make_classification data (same numbers for the same arguments)");
  sub->add_option("--n-samples", o->p.n_samples, "Number of rows")->capture_default_str();
  sub->add_option("--n-features", o->p.n_features, "Number of features")->capture_default_str();
  sub->add_option("--n-informative", o->p.n_informative, "Informative features")
      ->capture_default_str();
  sub->add_option("--n-redundant", o->p.n_redundant, "Redundant features")->capture_default_str();
  sub->add_option("--n-repeated", o->p.n_repeated, "Repeated features")->capture_default_str();
  sub->add_option("--n-classes", o->p.n_classes, "Number of classes")->capture_default_str();
  sub->add_option("--n-clusters-per-class", o->p.n_clusters_per_class, "Clusters per class")
      ->capture_default_str();
  sub->add_option("--weights", o->p.weights,
                  "Class proportions, e.g. 0.995,0.005 (n_classes or n_classes-1 values)")
      ->delimiter(',');
  sub->add_option("--flip-y", o->p.flip_y, "Fraction of labels assigned at random")
      ->capture_default_str();
  sub->add_option("--class-sep", o->p.class_sep, "Hypercube size factor")->capture_default_str();
  sub->add_flag("--hypercube,!--no-hypercube", o->p.hypercube,
                "Clusters on hypercube vertices (default) or a random polytope");
  sub->add_option("--shift", o->shift, "Feature shift: a number or 'random'")
      ->capture_default_str();
  sub->add_option("--scale", o->scale, "Feature scale: a number or 'random'")
      ->capture_default_str();
  sub->add_flag("--shuffle,!--no-shuffle", o->p.shuffle, "Shuffle rows and features (default on)");
  sub->add_option("--random-state", o->p.random_state, "Seed")->capture_default_str();
  sub->add_option("-o,--output", o->output, "Output CSV ('-': standard output)")
      ->capture_default_str();
  commands.push_back({sub, [o] {
                        auto number_or_random = [](const std::string& option,
                                                   const std::string& v) -> std::optional<double> {
                          if (v == "random") return std::nullopt;
                          double x = 0;
                          const auto r = std::from_chars(v.data(), v.data() + v.size(), x);
                          if (v.empty() || r.ec != std::errc() || r.ptr != v.data() + v.size() ||
                              !std::isfinite(x))
                            throw ConfigError(option + " '" + v +
                                              "': expected a number or 'random'");
                          return x;
                        };
                        o->p.shift = number_or_random("--shift", o->shift);
                        o->p.scale = number_or_random("--scale", o->scale);
                        write_csv(o->output, classification_table(make_classification(o->p)));
                      }});
}

void add_make_multilabel_classification(CLI::App& app, Commands& commands) {
  struct Options {
    MakeMultilabelParams p;
    std::string output = "-";
  };
  auto o = std::make_shared<Options>();
  auto* sub =
      app.add_subcommand("make-multilabel-classification",
                         "Generate scikit-learn's make_multilabel_classification data (same "
                         "numbers for the same arguments): columns x0.., then y0..");
  sub->add_option("--n-samples", o->p.n_samples, "Number of rows")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--n-features", o->p.n_features, "Number of features (word counts)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--n-classes", o->p.n_classes, "Number of labels")->capture_default_str();
  sub->add_option("--n-labels", o->p.n_labels, "Mean number of labels per row (Poisson)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--length", o->p.length, "Mean sum of a row's features (Poisson)")
      ->capture_default_str();
  sub->add_flag("--allow-unlabeled,!--no-allow-unlabeled", o->p.allow_unlabeled,
                "Rows may have no label (default on)");
  sub->add_option("--random-state", o->p.random_state, "Seed")->capture_default_str();
  sub->add_option("-o,--output", o->output, "Output CSV ('-': standard output)")
      ->capture_default_str();
  commands.push_back(
      {sub, [o] { write_csv(o->output, multilabel_table(make_multilabel_classification(o->p))); }});
}

void add_split(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, test_size, train_size, train_out, test_out;
    std::uint32_t random_state = 0;
    bool stratify = false, no_shuffle = false;
    DatasetSpec data;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "split", "Split rows into training and test files as scikit-learn's train_test_split");
  sub->add_option("data", o->input, "Input CSV ('-': standard input)")->required();
  add_declared_options(sub, o->data);
  sub->add_option("--test-size", o->test_size, "Fraction (0.2) or row count (200); default 0.25");
  sub->add_option("--train-size", o->train_size, "Fraction or row count; default: the rest");
  sub->add_option("--random-state", o->random_state, "Seed")->capture_default_str();
  sub->add_flag("--stratify", o->stratify, "Keep the class proportions in both parts");
  sub->add_flag("--no-shuffle", o->no_shuffle, "Take the rows in file order");
  sub->add_option("--train-out", o->train_out, "Training rows CSV")->required();
  sub->add_option("--test-out", o->test_out, "Test rows CSV")->required();
  commands.push_back(
      {sub, [o] {
         check_outputs_are_not_inputs({{"--train-out", o->train_out}, {"--test-out", o->test_out}},
                                      {{"data", o->input}});
         const Table table = read_csv(o->input);
         TrainTestSplitParams p;
         if (!o->test_size.empty()) p.test_size = parse_split_size("--test-size", o->test_size);
         if (!o->train_size.empty()) p.train_size = parse_split_size("--train-size", o->train_size);
         p.shuffle = !o->no_shuffle;
         p.random_state = o->random_state;
         const Dataset d = dataset_from_table(table, o->data);
         Labels y;
         if (o->stratify || d.n_targets() == 1) {
           try {
             y = d.labels();
           } catch (const InputError&) {
             if (o->stratify) throw;
           }
         }
         if (o->stratify) p.stratify = &y;
         const TrainTestIndices idx = train_test_split(table.rows(), p);
         write_csv_pair(o->train_out, take_rows(table, idx.train), o->test_out,
                        take_rows(table, idx.test));
         if (!y.empty()) {
           Labels ytr, yte;
           for (auto r : idx.train) ytr.push_back(y[r]);
           for (auto r : idx.test) yte.push_back(y[r]);
           std::cerr << class_counts_line("train", ytr) << class_counts_line("test", yte);
         }
       }});
}

void add_folds(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, output = "-";
    StratifiedKFoldParams p{5, true, 0};
    bool no_shuffle = false;
    DatasetSpec data;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "folds", "Assign each row to a stratified fold as scikit-learn's StratifiedKFold");
  sub->add_option("data", o->input, "Input CSV ('-': standard input)")->required();
  add_declared_options(sub, o->data);
  sub->add_option("--n-splits", o->p.n_splits, "Number of folds")->capture_default_str();
  sub->add_option("--random-state", o->p.random_state, "Seed (used when shuffling)")
      ->capture_default_str();
  sub->add_flag("--no-shuffle", o->no_shuffle, "Deal rows to folds in file order");
  sub->add_option("-o,--output", o->output,
                  "Output CSV: the input columns and a last column 'fold'")
      ->capture_default_str();
  commands.push_back({sub, [o] {
                        check_outputs_are_not_inputs({{"-o", o->output}}, {{"data", o->input}});
                        const Table table = read_csv(o->input);
                        const Dataset d = dataset_from_table(table, o->data);
                        o->p.shuffle = !o->no_shuffle;
                        const std::vector<int> folds =
                            stratified_kfold_test_folds(d.labels(), o->p);
                        write_csv(o->output, with_column(table, "fold", folds));
                      }});
}

}  // namespace rarenet::cli
