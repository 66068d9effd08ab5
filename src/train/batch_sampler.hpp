// BatchSampler (engine-private): the rows of each training epoch, in batch order.
//
// The trainer cuts each epoch's row list into consecutive batches of batch_size rows (the last
// one may be shorter). Shuffle sampling is Keras's shuffle=True: a Fisher-Yates shuffle of last
// epoch's order. Stratified and balanced sampling place each class's rows (in a fresh random
// order) at evenly spaced points of the epoch, (j + u_c) * n_epoch / n_c for the class's j-th
// row with a random offset u_c in [0, 1); sorting by those points interleaves the classes, so
// any run of b consecutive rows holds floor or ceil of b * n_c / n_epoch rows of class c.
// Balanced sampling first draws, every epoch, as many rows of each class as the rarest class
// has (without replacement), so the epochs differ and over many epochs every row is used.
// Everything is drawn from one FastRandom seeded by the training seed: the same seed gives the
// same batches.
#pragma once

#include <cstdint>
#include <vector>

#include "rarenet/random.hpp"
#include "rarenet/train_config.hpp"

namespace rarenet {

class BatchSampler {
 public:
  // class_of_row: each training row's class index in [0, n_classes) (stratified / balanced
  // only; may be empty for shuffle). n: the number of rows.
  BatchSampler(BatchSampling sampling, bool shuffle, std::int64_t n, std::vector<int> class_of_row,
               std::uint64_t seed);

  // The next epoch's rows in batch order; valid until the next call.
  const std::vector<std::int64_t>& next_epoch();

 private:
  BatchSampling sampling_;
  bool shuffle_;
  FastRandom rng_;
  std::vector<std::int64_t> order_;
  std::vector<std::vector<std::int64_t>> rows_of_class_;
  std::vector<std::pair<double, std::int64_t>> placed_;  // (point in the epoch, row)
};

}  // namespace rarenet
