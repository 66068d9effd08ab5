// Memory budget: how many bytes a network needs, checked before anything is allocated.
//
// A model file or a --hidden option can describe a network far larger than the machine (two
// layers of 2e9 units, or one of 1e8 units that allocates gigabytes before any check). The
// estimates below count the float buffers a network holds (parameters) and, for training, the
// gradient, the two Adam moments, the copy of the best weights and the batch buffers (all
// feature-major, (units, batch)), plus the float copies of the data. Sizes saturate instead of
// overflowing, so any size, however absurd, gives a number to compare with the limit.
//
// The limit is the machine's physical memory, or RARENET_MEMORY_LIMIT from the environment
// (bytes, with an optional K, M, G or T suffix, powers of 1024), or set_memory_limit().
#pragma once

#include <cstdint>
#include <string>

#include "rarenet/network.hpp"

namespace rarenet {

// Number of parameters (kernels and biases) of the spec, saturating at UINT64_MAX.
std::uint64_t parameter_count(const NetworkSpec& spec);
// Bytes to hold the network and predict `rows` rows (in blocks of 1024).
std::uint64_t inference_memory_bytes(const NetworkSpec& spec, std::uint64_t rows);
// Bytes to train the network on `rows` rows in batches of `batch_size`.
std::uint64_t training_memory_bytes(const NetworkSpec& spec, std::uint64_t rows,
                                    std::uint64_t batch_size);

// The limit in bytes (see above). ConfigError if RARENET_MEMORY_LIMIT is not a size.
std::uint64_t memory_limit();
// 0 restores the default (environment, then physical memory).
void set_memory_limit(std::uint64_t bytes);

// ConfigError "WHAT needs N GiB ... more than the limit" when bytes exceed memory_limit().
void require_memory(std::uint64_t bytes, const std::string& what);

// "1.5 GiB", "12 MiB", "512 bytes".
std::string format_bytes(std::uint64_t bytes);

}  // namespace rarenet
