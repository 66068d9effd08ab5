// libFuzzer target: the parsers of option values: class weights (--class-weight), criteria
// (--criterion, --threshold auto:...), lists (--hidden, --weights, --ratios), resampling specs
// (--resample) and sampling strategies. The first byte chooses the parser (its value modulo 6:
// the seeds start with '0' to '5'). Any text must parse or throw rarenet::Error; a parsed
// class-weight or resampling spec must print back to text that parses to the same spec, and
// must give finite weights, or resample a small problem into finite rows of its own classes.
#include <cmath>
#include <cstdint>
#include <string>

#include "core/text.hpp"
#include "rarenet/class_weights.hpp"
#include "rarenet/error.hpp"
#include "rarenet/resample.hpp"
#include "rarenet/selection.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 6) {
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
        for (int v : rarenet::parse_positive_int_list("hidden", text))
          if (v < 1) __builtin_trap();
        break;
      case 3:
        for (double v : rarenet::parse_number_list("weights", text))
          if (!std::isfinite(v)) __builtin_trap();
        break;
      case 4: {
        const rarenet::ResampleSpec spec = rarenet::ResampleSpec::parse(text);
        const std::string printed = spec.to_string();
        if (rarenet::ResampleSpec::parse(printed).to_string() != printed) __builtin_trap();
        // Asked-for counts beyond the problem's scale would only measure the allocator.
        for (const auto& [c, n] : spec.sampling_strategy.counts)
          if (n > 64) return 0;
        if (!spec.enabled()) break;
        // 3 classes of 10, 4 and 3 rows in 2 features, with ties.
        rarenet::RowMatrixD X(17, 2);
        rarenet::Labels y(17);
        for (int i = 0; i < 17; ++i) {
          X(i, 0) = i % 5;
          X(i, 1) = (i * 7) % 3;
          y[static_cast<std::size_t>(i)] = i < 10 ? 0 : i < 14 ? 1 : 2;
        }
        try {
          const rarenet::ResampleResult r = rarenet::resample(spec, X, y);
          if (r.X.rows() != static_cast<rarenet::Index>(r.y.size()) || r.X.cols() != 2 ||
              r.source_a.size() != r.y.size())
            __builtin_trap();
          for (rarenet::Index i = 0; i < r.X.rows(); ++i)
            if (!std::isfinite(r.X(i, 0)) || !std::isfinite(r.X(i, 1)) ||
                r.y[static_cast<std::size_t>(i)] < 0 || r.y[static_cast<std::size_t>(i)] > 2)
              __builtin_trap();
        } catch (const rarenet::Error&) {
        }
        break;
      }
      case 5: {
        const rarenet::SamplingStrategy s = rarenet::SamplingStrategy::parse(text);
        const std::string printed = s.to_string();
        if (rarenet::SamplingStrategy::parse(printed).to_string() != printed) __builtin_trap();
        const rarenet::Labels y = {0, 0, 0, 0, 0, 1, 1, 2};
        try {
          for (const auto type :
               {rarenet::SamplingType::OverSampling, rarenet::SamplingType::UnderSampling})
            for (const auto& [c, n] : rarenet::sampling_targets(s, y, type))
              if (c < 0 || c > 2 || n < 0) __builtin_trap();
        } catch (const rarenet::Error&) {
        }
        break;
      }
    }
  } catch (const rarenet::Error&) {
  }
  return 0;
}
