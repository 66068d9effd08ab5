// Exact k nearest neighbours, as scikit-learn 1.2's NearestNeighbors(n_neighbors=k) with its
// defaults (algorithm "auto", Euclidean metric, leaf_size 30) returns them from
// fit(fit_X).kneighbors(query_X, return_distance=False): the same indices in the same order,
// ties included.
//
// scikit-learn picks brute force when the data have more than 15 features or k >= n_fit // 2,
// a kd-tree otherwise; each orders tied neighbours its own way, so both are reproduced:
// - brute force (its ArgKmin reduction): squared distances as ||x||^2 + (-2 x.y) + ||y||^2 with
//   every dot product summed in feature order (reference BLAS's ddot / dgemm), candidates pushed
//   in row order into a fixed-size max-heap, then its quicksort. When it splits the work over
//   the fitted rows (few queries, many fitted rows) the heap is merged once more, as scikit-learn
//   does on one OpenMP thread; its tie order there depends on its thread count.
// - kd-tree: its build (widest-spread split dimension, std::nth_element with index tie-break,
//   balanced node layout) and its depth-first query with the same pruning comparisons.
// Squared distances are summed in feature order with no fused multiply-add (the layer is
// compiled with -ffp-contract=off), as scikit-learn's compiled code does.
#pragma once

#include <cstdint>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet::detail {

// Indices into fit_X of the k nearest rows of each query row: (n_query, k) row-major.
// InputError if k > n_fit. Query rows are processed in parallel (deterministic).
std::vector<std::int64_t> kneighbors(const RowMatrixD& fit_X, const RowMatrixD& query_X, int k);

// Which path scikit-learn's "auto" takes for n_fit rows of n_features and k neighbours.
bool uses_brute_force(Index n_fit, Index n_features, int k);

}  // namespace rarenet::detail
