#include "rarenet/options_doc.hpp"

#include <algorithm>
#include <sstream>
#include <type_traits>

#include "rarenet/compare.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/sweep.hpp"
#include "rarenet/train_options.hpp"

namespace rarenet {
namespace {

std::string flag_of(std::string_view name) {
  std::string f = "--" + std::string(name);
  std::replace(f.begin(), f.end(), '_', '-');
  return f;
}

// One table of a declaration list: | name | flag | values | default | meaning |
template <class Options>
std::string table(Options options) {
  std::ostringstream s;
  s << "| option | flag | accepts | default | meaning |\n|---|---|---|---|---|\n";
  for_each_option(options, [&](auto&& d) {
    using D = std::decay_t<decltype(d)>;
    std::string accepts;
    if constexpr (requires { d.check(0.0); }) {
      accepts = (std::is_integral_v<std::decay_t<decltype(d.value)>> ? "integer " : "number ") +
                d.range_text();
    } else if constexpr (std::is_same_v<D, FlagOption>) {
      accepts = d.value ? "flag (`" + flag_of("no_" + std::string(d.info.name)) + "` turns it off)"
                        : "flag";
    } else if constexpr (requires { d.values; }) {
      for (auto v : d.values) accepts += (accepts.empty() ? "`" : ", `") + to_string(v) + "`";
    } else {
      accepts = "`" + std::string(d.syntax) + "`";
    }
    std::string def = option_text(d);
    s << "| `" << d.info.name << "` | `" << flag_of(d.info.name) << "` | " << accepts << " | "
      << (def.empty() ? "(empty)" : "`" + def + "`") << " | " << d.info.help << " |\n";
  });
  return s.str();
}

}  // namespace

std::string options_markdown() {
  std::ostringstream s;
  s << "# Options\n\n"
    << "Generated from the library's option declarations by `rarenet options` (do not edit by "
       "hand: run `build/rarenet options > docs/OPTIONS.md`; a test fails when this file is "
       "stale).\n\n"
    << "Every setting is declared once, with its name, type, default, check and help. The "
       "command-line flag is the name with `-` for `_`; the model file's `training` object and "
       "the C++ structs use the name itself.\n\n"
    << "## Data (`DatasetSpec`): train, cv, sweep, split, folds\n\n"
    << table(DatasetSpec{}) << "\n"
    << "## Model and training (`TrainOptions`): train, cv, sweep\n\n"
    << "`sweep` chooses `class_weight` and `threshold` itself, and the scaling and the network "
       "from its own lists (`--scales`, default robust; `--dropouts`, default 0 and 0.2; "
       "`--hidden` and, with `--linear`, no hidden layer, scaled as `--linear-scales` says, "
       "default standard and robust); `cv` judges each fold at a fixed `--threshold`.\n\n"
    << table(TrainOptions{}) << "\n"
    << "## Cross-validation (`CvOptions`): cv, sweep\n\n"
    << table(CvOptions{}) << "\n"
    << "## Weight search (`SweepOptions`): sweep (with the folds of `CvOptions`)\n\n";
  s << table(SweepOptions{}) << "\n"
    << "## Remedies compared (`CompareOptions`): compare\n\n"
    << "`compare` sets `class_weight`, `resample`, `loss` and `batch_sampler` itself, one remedy "
       "per row, at threshold 0.5.\n\n"
    << table(CompareOptions{});
  return s.str();
}

}  // namespace rarenet
