// --report FILE.html, shared by the commands that judge a model (evaluate, train, cv, sweep,
// tutorial): the option, the header saying what was run, and the atomic write.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "rarenet/report_html.hpp"

namespace rarenet::cli {

// Adds --report FILE.html. A path whose directory does not exist or cannot be written is a usage
// error at once, before any work.
void add_report_option(CLI::App* sub, std::string& path);

// When path is non-empty: builds the run header (the command line as parsed, every option's
// value, data file, rows per class, version, date: SOURCE_DATE_EPOCH when set, so that a page can
// be reproduced byte for byte) and writes page(header) to path atomically.
void write_report(const std::string& path, const CLI::App* sub, const std::string& data_file,
                  const std::vector<std::pair<std::string, std::int64_t>>& rows,
                  const std::function<std::string(const RunHeader&)>& page);

}  // namespace rarenet::cli
