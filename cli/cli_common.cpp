#include "cli_common.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "rarenet/csv.hpp"
#include "rarenet/error.hpp"
#include "rarenet/mixed_csv.hpp"
#include "rarenet/report_json.hpp"

namespace rarenet::cli {

std::string evaluation_output(const Evaluation& e, bool json, int digits) {
  if (json) return evaluation_to_json(e).dump(2) + "\n";
  return format_evaluation(e, digits);
}

void print_evaluation(const Evaluation& e, bool json, int digits) {
  write_standard_output(evaluation_output(e, json, digits));
}

void add_digits_option(CLI::App* app, int& digits) {
  app->add_option("--digits", digits, "Digits in the classification report")
      ->capture_default_str()
      ->check(CLI::Range(0, 15));
}

void add_na_values_option(CLI::App* app, std::vector<std::string>& na_values) {
  app->add_option_function<std::string>(
      "--na-values", [&na_values](const std::string& t) { na_values = split_names(t); },
      "Cell texts that mean a missing value, comma-separated (default: empty, NA, NaN, ?)");
}

void note_unknown(std::int64_t unknown_cells, const std::string& source) {
  if (unknown_cells > 0)
    std::cerr << source << ": " << unknown_cells
              << " cell(s) held categories unseen in training, encoded as all zeros\n";
}

std::string class_counts_line(const std::string& name, const Labels& y) {
  const auto classes = unique_labels(y);
  const auto counts = class_counts(y, classes);
  std::ostringstream s;
  s << name << ": " << y.size() << " rows";
  for (std::size_t c = 0; c < classes.size(); ++c)
    s << (c ? ", " : " (") << "class " << classes[c] << ": " << counts[c];
  s << (classes.empty() ? "" : ")") << "\n";
  return s.str();
}

ProgressCallback terminal_progress(int epochs, bool quiet) {
  if (quiet || !isatty(STDERR_FILENO)) return {};
  return [epochs](const EpochRecord& r) {
    std::fprintf(stderr, "epoch %3d/%d  loss %.4f", r.epoch, epochs, r.loss);
    if (r.val_loss != 0 || r.val_roc_auc != 0)
      std::fprintf(stderr, "  val_loss %.4f  val_roc_auc %.4f  val_recall %.3f", r.val_loss,
                   r.val_roc_auc, r.val_minority_recall);
    std::fprintf(stderr, "  %.3f s\n", r.seconds);
  };
}

}  // namespace rarenet::cli
