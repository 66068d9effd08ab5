// libFuzzer target: the parsers of option values: class weights (--class-weight), criteria
// (--criterion, --threshold auto:...) and lists (--hidden, --weights, --ratios). Any text must
// parse or throw rarenet::Error; a parsed class-weight spec must print back to text that parses
// to the same spec, and must give finite weights for a small problem.
#include <cmath>
#include <cstdint>
#include <string>

#include "../../cli/cli_common.hpp"
#include "rarenet/class_weights.hpp"
#include "rarenet/error.hpp"
#include "rarenet/selection.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 4) {
      case 0: {
        const rarenet::ClassWeightSpec spec = rarenet::parse_class_weight(text);
        const std::string printed = spec.to_string();
        if (rarenet::parse_class_weight(printed).to_string() != printed) __builtin_trap();
        const rarenet::Labels y = {0, 0, 0, 1, 2, 0, 1};
        try {
          for (double w : rarenet::class_weights(spec, {0, 1, 2}, y))
            if (!std::isfinite(w) || w < 0) __builtin_trap();
        } catch (const rarenet::Error&) {
        }
        break;
      }
      case 1: {
        const rarenet::Criterion c = rarenet::parse_criterion(text);
        (void)rarenet::to_string(c);
        break;
      }
      case 2:
        for (int v : rarenet::cli::parse_int_list("--hidden", text))
          if (v < 1) __builtin_trap();
        break;
      case 3:
        for (double v : rarenet::cli::parse_double_list("--weights", text))
          if (!std::isfinite(v)) __builtin_trap();
        break;
    }
  } catch (const rarenet::Error&) {
  }
  return 0;
}
