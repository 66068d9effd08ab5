// rarenet make-classification, split, folds: scikit-learn's generator and splitters.
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli_common.hpp"
#include "commands.hpp"
#include "rarenet/error.hpp"
#include "rarenet/file_checks.hpp"
#include "rarenet/make_classification.hpp"
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

std::string counts_line(const std::string& name, const Labels& y) {
  const auto classes = unique_labels(y);
  const auto counts = class_counts(y, classes);
  std::ostringstream s;
  s << name << ": " << y.size() << " rows";
  for (std::size_t c = 0; c < classes.size(); ++c)
    s << (c ? ", " : " (") << "class " << classes[c] << ": " << counts[c];
  s << (classes.empty() ? "" : ")") << "\n";
  return s.str();
}

}  // namespace

void add_make_classification(CLI::App& app, Commands& commands) {
  struct Options {
    MakeClassificationParams p;
    std::string weights, shift = "0.0", scale = "1.0", output = "-";
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
  sub->add_option("--weights", o->weights,
                  "Class proportions, e.g. 0.995,0.005 (n_classes or n_classes-1 values)");
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
                        if (!o->weights.empty())
                          o->p.weights = parse_double_list("--weights", o->weights);
                        auto number_or_random = [](const std::string& option,
                                                   const std::string& v) -> std::optional<double> {
                          if (v == "random") return std::nullopt;
                          return parse_double_list(option, v).at(0);
                        };
                        o->p.shift = number_or_random("--shift", o->shift);
                        o->p.scale = number_or_random("--scale", o->scale);
                        const ClassificationData d = make_classification(o->p);
                        Table t;
                        t.values.resize(d.X.rows(), d.X.cols() + 1);
                        t.values.leftCols(d.X.cols()) = d.X;
                        for (Index i = 0; i < d.X.rows(); ++i)
                          t.values(i, d.X.cols()) = static_cast<double>(d.y[i]);
                        for (Index j = 0; j < d.X.cols(); ++j)
                          t.names.push_back("x" + std::to_string(j));
                        t.names.push_back("y");
                        write_csv(o->output, t);
                      }});
}

void add_split(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, test_size, train_size, train_out, test_out;
    std::uint32_t random_state = 0;
    bool stratify = false, no_shuffle = false;
    DataOptions data;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "split", "Split rows into training and test files as scikit-learn's train_test_split");
  sub->add_option("data", o->input, "Input CSV ('-': standard input)")->required();
  add_data_options(sub, o->data);
  sub->add_option("--test-size", o->test_size, "Fraction (0.2) or row count (200); default 0.25");
  sub->add_option("--train-size", o->train_size, "Fraction or row count; default: the rest");
  sub->add_option("--random-state", o->random_state, "Seed")->capture_default_str();
  sub->add_flag("--stratify", o->stratify, "Keep the class proportions in both parts");
  sub->add_flag("--no-shuffle", o->no_shuffle, "Take the rows in file order");
  sub->add_option("--train-out", o->train_out, "Training rows CSV")->required();
  sub->add_option("--test-out", o->test_out, "Test rows CSV")->required();
  commands.push_back({sub, [o] {
                        check_outputs_are_not_inputs(
                            {{"--train-out", o->train_out}, {"--test-out", o->test_out}},
                            {{"data", o->input}});
                        const Table table = read_csv(o->input);
                        TrainTestSplitParams p;
                        if (!o->test_size.empty())
                          p.test_size = parse_split_size("--test-size", o->test_size);
                        if (!o->train_size.empty())
                          p.train_size = parse_split_size("--train-size", o->train_size);
                        p.shuffle = !o->no_shuffle;
                        p.random_state = o->random_state;
                        const Dataset d = dataset_from_table(table, to_dataset_spec(o->data));
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
                        auto part = [&](const std::vector<std::int64_t>& rows) {
                          Table t;
                          t.names = table.names;
                          t.values.resize(static_cast<Index>(rows.size()), table.cols());
                          for (std::size_t i = 0; i < rows.size(); ++i)
                            t.values.row(static_cast<Index>(i)) = table.values.row(rows[i]);
                          return t;
                        };
                        // Both files or neither: a training file written before the test
                        // file failed is removed again (unless it replaced an older one).
                        const bool had_train = std::filesystem::exists(o->train_out);
                        write_csv(o->train_out, part(idx.train));
                        try {
                          write_csv(o->test_out, part(idx.test));
                        } catch (const Error&) {
                          std::error_code ec;
                          if (!had_train && o->train_out != "-")
                            std::filesystem::remove(o->train_out, ec);
                          throw;
                        }
                        if (!y.empty()) {
                          Labels ytr, yte;
                          for (auto r : idx.train) ytr.push_back(y[r]);
                          for (auto r : idx.test) yte.push_back(y[r]);
                          std::cerr << counts_line("train", ytr) << counts_line("test", yte);
                        }
                      }});
}

void add_folds(CLI::App& app, Commands& commands) {
  struct Options {
    std::string input, output = "-";
    StratifiedKFoldParams p{5, true, 0};
    bool no_shuffle = false;
    DataOptions data;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "folds", "Assign each row to a stratified fold as scikit-learn's StratifiedKFold");
  sub->add_option("data", o->input, "Input CSV ('-': standard input)")->required();
  add_data_options(sub, o->data);
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
                        const Dataset d = dataset_from_table(table, to_dataset_spec(o->data));
                        o->p.shuffle = !o->no_shuffle;
                        const std::vector<int> folds =
                            stratified_kfold_test_folds(d.labels(), o->p);
                        Table t;
                        t.names = table.names;
                        if (table.has_column("fold"))
                          throw InputError(table.source + ": already has a column named 'fold'");
                        t.names.push_back("fold");
                        t.values.resize(table.rows(), table.cols() + 1);
                        t.values.leftCols(table.cols()) = table.values;
                        for (Index i = 0; i < table.rows(); ++i)
                          t.values(i, table.cols()) = folds[static_cast<std::size_t>(i)];
                        write_csv(o->output, t);
                      }});
}

}  // namespace rarenet::cli
