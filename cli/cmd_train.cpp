// Placeholder until this subcommand is implemented.
#include "commands.hpp"
#include "rarenet/error.hpp"
namespace rarenet::cli {
void add_train(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand("train", "(not yet implemented)");
  commands.push_back({sub, [] { throw ConfigError("'train' is not implemented yet"); }});
}
void add_predict(CLI::App& app, Commands& commands) {
  auto* sub = app.add_subcommand("predict", "(not yet implemented)");
  commands.push_back({sub, [] { throw ConfigError("'predict' is not implemented yet"); }});
}
}  // namespace rarenet::cli
