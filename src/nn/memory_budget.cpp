#include "rarenet/memory_budget.hpp"

#include "nn/backprop.hpp"
#include "nn/small_gemm.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "rarenet/error.hpp"

namespace rarenet {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::uint64_t add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t r;
  return __builtin_add_overflow(a, b, &r) ? kMax : r;
}
std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
  std::uint64_t r;
  return __builtin_mul_overflow(a, b, &r) ? kMax : r;
}

std::uint64_t units_of(int u) {
  return u > 0 ? static_cast<std::uint64_t>(u) : 0;
}

std::atomic<std::uint64_t> g_limit{0};  // 0: not set by set_memory_limit

std::uint64_t parse_size(const char* text) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  std::uint64_t unit = 1;
  if (end && *end) {
    switch (*end) {
      case 'k':
      case 'K':
        unit = 1ull << 10;
        break;
      case 'm':
      case 'M':
        unit = 1ull << 20;
        break;
      case 'g':
      case 'G':
        unit = 1ull << 30;
        break;
      case 't':
      case 'T':
        unit = 1ull << 40;
        break;
      default:
        unit = 0;
    }
    ++end;
    if (*end == 'i' || *end == 'I') ++end;  // KiB, MiB ...
    if (*end == 'b' || *end == 'B') ++end;
  }
  if (end == text || (end && *end) || unit == 0 || !(v > 0) ||
      v * static_cast<double>(unit) > 1.8e19)
    throw ConfigError(std::string("RARENET_MEMORY_LIMIT '") + text +
                      "': expected a size in bytes such as 8G, 512M or 1000000");
  return static_cast<std::uint64_t>(v * static_cast<double>(unit));
}

}  // namespace

std::uint64_t parameter_count(const NetworkSpec& spec) {
  std::uint64_t total = 0, inputs = units_of(spec.n_inputs);
  for (const LayerSpec& l : spec.layers) {
    const std::uint64_t u = units_of(l.units);
    total = add(total, add(mul(u, inputs), u));
    inputs = u;
  }
  return total;
}

std::uint64_t inference_memory_bytes(const NetworkSpec& spec, std::uint64_t rows) {
  const std::uint64_t block = std::clamp<std::uint64_t>(rows, 1, 1024);
  std::uint64_t units = 0, widest = units_of(spec.n_inputs);
  for (const LayerSpec& l : spec.layers) {
    units = add(units, units_of(l.units));
    widest = std::max(widest, units_of(l.units));
  }
  const std::uint64_t n_out = units_of(spec.n_outputs());
  // parameters; per block: z and a of each layer, the input and staging copies, targets,
  // weights and two deltas; the output matrix and the float copy of the inputs.
  std::uint64_t floats = parameter_count(spec);
  floats = add(floats, mul(block, add(mul(2, units), add(mul(2, units_of(spec.n_inputs)),
                                                         add(mul(2, n_out), mul(2, widest))))));
  floats = add(floats, mul(rows, add(n_out, units_of(spec.n_inputs))));
  return mul(floats, sizeof(float));
}

std::uint64_t training_memory_bytes(const NetworkSpec& spec, std::uint64_t rows,
                                    std::uint64_t batch_size) {
  // Gradient, Adam's two moments and the best weights: four more copies of the parameters.
  std::uint64_t bytes = inference_memory_bytes(spec, std::min(rows, batch_size));
  bytes = add(bytes, mul(mul(4, parameter_count(spec)), sizeof(float)));
  // The kernel gradients' transposed layer inputs: each shard's at most kSmallGemmMaxDepth rows
  // of the widest layer, padded to whole vectors.
  const std::uint64_t batch = std::min(rows, batch_size);
  std::uint64_t widest = units_of(spec.n_inputs);
  for (const LayerSpec& l : spec.layers) widest = std::max(widest, units_of(l.units));
  bytes = add(bytes, mul(mul(std::min<std::uint64_t>(batch, kMaxShards * kSmallGemmMaxDepth),
                             add(widest, kSmallGemmWidth)),
                         sizeof(float)));
  // A batch cut into shards: one gradient buffer per shard (the batch buffers are split, not
  // multiplied).
  if (batch < (1ULL << 62)) {
    const Index shards = shard_count(spec, static_cast<Index>(batch));
    if (shards > 1)
      bytes = add(bytes, mul(mul(static_cast<std::uint64_t>(shards), parameter_count(spec)),
                             sizeof(float)));
  }
  // The float copies of X, Y and the per-row weights, and the shuffled row order.
  const std::uint64_t per_row =
      add(add(units_of(spec.n_inputs), mul(2, units_of(spec.n_outputs()))), 2);
  return add(bytes, mul(mul(rows, per_row), sizeof(float)));
}

std::uint64_t memory_limit() {
  if (const std::uint64_t set = g_limit.load()) return set;
  if (const char* env = std::getenv("RARENET_MEMORY_LIMIT"); env && *env) return parse_size(env);
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page > 0)
    return mul(static_cast<std::uint64_t>(pages), static_cast<std::uint64_t>(page));
  return kMax;
}

void set_memory_limit(std::uint64_t bytes) {
  g_limit.store(bytes);
}

std::string format_bytes(std::uint64_t bytes) {
  if (bytes == kMax) return "more than 16 EiB";
  static const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  double v = static_cast<double>(bytes);
  int u = -1;
  while (v >= 1024 && u < 5) v /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g %s", v, units[u]);
  return buf;
}

void require_memory(std::uint64_t bytes, const std::string& what) {
  const std::uint64_t limit = memory_limit();
  if (bytes > limit)
    throw ConfigError(what + " needs " +
                      (bytes == kMax ? "more than 16 EiB" : "about " + format_bytes(bytes)) +
                      " of memory, more than the " + format_bytes(limit) +
                      " allowed (the machine's memory, or RARENET_MEMORY_LIMIT); use fewer or "
                      "smaller layers");
}

}  // namespace rarenet
