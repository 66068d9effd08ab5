// Placeholder until this subcommand is implemented.
#include "commands.hpp"
#include "rarenet/error.hpp"
namespace rarenet::cli {
void add_tutorial(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand("tutorial", "(not yet implemented)");
  commands.push_back({sub, [] { throw ConfigError("'tutorial' is not implemented yet"); }});
}
}  // namespace rarenet::cli
