// Placeholder until this subcommand is implemented.
#include "commands.hpp"
#include "rarenet/error.hpp"
namespace rarenet::cli {
void add_cv(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand("cv", "(not yet implemented)");
  commands.push_back({sub, [] { throw ConfigError("'cv' is not implemented yet"); }});
}
void add_sweep(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand("sweep", "(not yet implemented)");
  commands.push_back({sub, [] { throw ConfigError("'sweep' is not implemented yet"); }});
}
}  // namespace rarenet::cli
