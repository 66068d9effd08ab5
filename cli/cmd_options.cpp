// rarenet options: every setting, generated from the library's declarations (docs/OPTIONS.md).
#include <iostream>

#include "commands.hpp"
#include "rarenet/csv.hpp"
#include "rarenet/options_doc.hpp"

namespace rarenet::cli {

void add_options(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand(
      "options", "Print every setting (name, flag, accepted values, default) as Markdown");
  commands.push_back({sub, [] { write_standard_output(options_markdown()); }});
}

}  // namespace rarenet::cli
