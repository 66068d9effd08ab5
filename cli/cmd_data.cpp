// Placeholder until this subcommand is implemented.
#include "commands.hpp"
#include "rarenet/error.hpp"
namespace rarenet::cli {
void add_make_classification(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand("make-classification", "(not yet implemented)");
  commands.push_back({sub, [] { throw ConfigError("'make-classification' is not implemented yet"); }});
}
void add_split(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand("split", "(not yet implemented)");
  commands.push_back({sub, [] { throw ConfigError("'split' is not implemented yet"); }});
}
void add_folds(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand("folds", "(not yet implemented)");
  commands.push_back({sub, [] { throw ConfigError("'folds' is not implemented yet"); }});
}
}  // namespace rarenet::cli
