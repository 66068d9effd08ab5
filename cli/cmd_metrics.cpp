// Placeholder until this subcommand is implemented.
#include "commands.hpp"
#include "rarenet/error.hpp"
namespace rarenet::cli {
void add_metrics(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand("metrics", "(not yet implemented)");
  commands.push_back({sub, [] { throw ConfigError("'metrics' is not implemented yet"); }});
}
void add_evaluate(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand("evaluate", "(not yet implemented)");
  commands.push_back({sub, [] { throw ConfigError("'evaluate' is not implemented yet"); }});
}
}  // namespace rarenet::cli
