// Losses, their weights and their reduction over a batch.
//
// For a batch of B rows and k outputs, with element weights w_ij (1 when unweighted; a per-sample
// weight w_i applies to every output of row i) and element losses l_ij:
//   binary_crossentropy (sigmoid head, from the logits z, stable form as Keras inside fit):
//       l_ij = max(z, 0) - z y + log(1 + exp(-|z|))
//   mse (linear head): l_ij = (z - y)^2
//   categorical_crossentropy (softmax head, from the logits): l_ij = -y_ij log softmax(z_i)_j,
//       summed over j instead of averaged (a one-hot row has a single term).
//   binary_focal (sigmoid head; torchvision.ops.sigmoid_focal_loss): with p = sigmoid(z),
//       m = p (1 - y) + (1 - p) y (that is 1 - p_t, with 1 - p taken as sigmoid(-z)) and the
//       binary cross-entropy above as ce, l_ij = alpha_t m^gamma ce, where
//       alpha_t = alpha y + (1 - alpha)(1 - y) when alpha >= 0 and 1 otherwise.
//   categorical_focal (softmax head): l_ij = -y_ij (1 - p_ij)^gamma log p_ij, with
//       log p = z - logsumexp(z); summed over j as categorical_crossentropy.
// The batch loss is sum_ij(w_ij l_ij) / D, where D is B * k for binary_crossentropy, binary_focal
// and mse (Keras: the mean over outputs, then sum_over_batch_size), B for the categorical losses,
// and sum_ij(w_ij) (sum_ij(w_ij y_ij) for the categorical losses) under the weighted-mean
// reduction; the focal losses divide as their cross-entropies do.
#pragma once

#include <string>

#include "rarenet/matrix.hpp"
#include "rarenet/train_config.hpp"

namespace rarenet {

// Per-sample (n) or per-element (n, n_outputs) weights; both empty means unweighted.
struct SampleWeights {
  VectorF per_sample;
  RowMatrixF per_element;
  bool empty() const { return per_sample.size() == 0 && per_element.size() == 0; }
};

}  // namespace rarenet
