#include "neighbors.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <string>

#include "core/parallel.hpp"
#include "rarenet/error.hpp"

namespace rarenet::detail {
namespace {

constexpr int kLeafSize = 30;      // NearestNeighbors' default leaf_size
constexpr Index kChunkSize = 256;  // scikit-learn's pairwise_dist_chunk_size
constexpr Index kQueryBlock = 64;  // query rows per parallel task

// scikit-learn's heap_push: a fixed-size max-heap (values[0] the largest) kept as two arrays; a
// value not strictly below the largest is dropped, so the first of tied candidates stays.
void heap_push(double* values, std::int64_t* indices, int size, double val, std::int64_t idx) {
  if (val >= values[0]) return;
  int current = 0;
  for (;;) {
    const int left = 2 * current + 1, right = left + 1;
    int swap;
    if (left >= size) {
      break;
    } else if (right >= size) {
      if (values[left] > val)
        swap = left;
      else
        break;
    } else if (values[left] >= values[right]) {
      if (val < values[left])
        swap = left;
      else
        break;
    } else {
      if (val < values[right])
        swap = right;
      else
        break;
    }
    values[current] = values[swap];
    indices[current] = indices[swap];
    current = swap;
  }
  values[current] = val;
  indices[current] = idx;
}

void dual_swap(double* v, std::int64_t* ix, Index a, Index b) {
  std::swap(v[a], v[b]);
  std::swap(ix[a], ix[b]);
}

// scikit-learn's simultaneous_sort: a quicksort with a median-of-three pivot; its order of tied
// values is what scikit-learn returns.
void simultaneous_sort(double* v, std::int64_t* ix, Index size) {
  if (size <= 1) return;
  if (size == 2) {
    if (v[0] > v[1]) dual_swap(v, ix, 0, 1);
    return;
  }
  if (size == 3) {
    if (v[0] > v[1]) dual_swap(v, ix, 0, 1);
    if (v[1] > v[2]) {
      dual_swap(v, ix, 1, 2);
      if (v[0] > v[1]) dual_swap(v, ix, 0, 1);
    }
    return;
  }
  Index pivot = size / 2;
  if (v[0] > v[size - 1]) dual_swap(v, ix, 0, size - 1);
  if (v[size - 1] > v[pivot]) {
    dual_swap(v, ix, size - 1, pivot);
    if (v[0] > v[size - 1]) dual_swap(v, ix, 0, size - 1);
  }
  const double pivot_val = v[size - 1];
  Index store = 0;
  for (Index i = 0; i < size - 1; ++i)
    if (v[i] < pivot_val) dual_swap(v, ix, i, store++);
  dual_swap(v, ix, store, size - 1);
  pivot = store;
  if (pivot > 1) simultaneous_sort(v, ix, pivot);
  if (pivot + 2 < size) simultaneous_sort(v + pivot + 1, ix + pivot + 1, size - pivot - 1);
}

// ---------------------------------------------------------------------------------------------
// Brute force (scikit-learn's EuclideanArgKmin64 over reference BLAS).

// Sum of products in feature order from 0.0, as reference BLAS's ddot and dgemm add them.
double dot(const double* a, const double* b, Index d) {
  double s = 0.0;
  for (Index l = 0; l < d; ++l) s += a[l] * b[l];
  return s;
}

void brute_kneighbors(const RowMatrixD& F, const RowMatrixD& Q, int k,
                      std::vector<std::int64_t>& out) {
  const Index n_fit = F.rows(), n_query = Q.rows(), d = F.cols();
  std::vector<double> fit_norm(static_cast<std::size_t>(n_fit));
  for (Index j = 0; j < n_fit; ++j) fit_norm[j] = dot(F.row(j).data(), F.row(j).data(), d);
  // scikit-learn's "auto" strategy on one thread: split over the fitted rows when they are at
  // least as many as the queries and the queries are few; that path merges the heap once more.
  const bool parallel_on_y = !(n_fit < n_query) && !(4 * kChunkSize * 1 < n_query);
  // The fitted rows transposed in blocks of 8, so that 8 dot products advance together, each
  // still summed in feature order (vectorised across rows, never reassociated).
  constexpr Index kLanes = 8;
  const Index n_blocks = (n_fit + kLanes - 1) / kLanes;
  std::vector<double> Ft(static_cast<std::size_t>(n_blocks * d * kLanes), 0.0);
  for (Index j = 0; j < n_fit; ++j)
    for (Index l = 0; l < d; ++l) Ft[((j / kLanes) * d + l) * kLanes + j % kLanes] = F(j, l);

  // Work in tiles of kQueryBlock queries by kChunkSize fitted rows, so that a tile of the
  // fitted rows is read from cache by every query of the block; each query still sees the
  // fitted rows in order, tile after tile.
  const Index n_tasks = (n_query + kQueryBlock - 1) / kQueryBlock;
  parallel_for(static_cast<std::size_t>(n_tasks), 0, [&](std::size_t t) {
    const Index begin = static_cast<Index>(t) * kQueryBlock;
    const Index end = std::min(n_query, begin + kQueryBlock);
    const Index nq = end - begin;
    std::vector<double> heaps_v(static_cast<std::size_t>(nq * k), DBL_MAX);
    std::vector<std::int64_t> heaps_i(static_cast<std::size_t>(nq * k), parallel_on_y ? -1 : 0);
    std::vector<double> qnorm(static_cast<std::size_t>(nq));
    for (Index q = 0; q < nq; ++q)
      qnorm[q] = dot(Q.row(begin + q).data(), Q.row(begin + q).data(), d);
    std::vector<double> tile(static_cast<std::size_t>(kChunkSize));
    for (Index c0 = 0; c0 < n_fit; c0 += kChunkSize) {
      const Index c1 = std::min(n_fit, c0 + kChunkSize);
      for (Index q = 0; q < nq; ++q) {
        const double* x = Q.row(begin + q).data();
        for (Index b = c0 / kLanes; b * kLanes < c1; ++b) {
          double acc[kLanes] = {0, 0, 0, 0, 0, 0, 0, 0};
          const double* block = &Ft[static_cast<std::size_t>(b * d * kLanes)];
          for (Index l = 0; l < d; ++l)
            for (Index lane = 0; lane < kLanes; ++lane)
              acc[lane] += x[l] * block[l * kLanes + lane];
          for (Index lane = 0; lane < kLanes; ++lane) tile[b * kLanes + lane - c0] = acc[lane];
        }
        double* hv = &heaps_v[q * k];
        std::int64_t* hi = &heaps_i[q * k];
        for (Index j = c0; j < c1; ++j)
          heap_push(hv, hi, k, (qnorm[q] + -2.0 * tile[j - c0]) + fit_norm[j], j);
      }
    }
    std::vector<double> heap2_v(k);
    std::vector<std::int64_t> heap2_i(k);
    for (Index q = 0; q < nq; ++q) {
      double* v = &heaps_v[q * k];
      std::int64_t* ix = &heaps_i[q * k];
      if (parallel_on_y) {  // the thread's heap pushed, entry by entry, into the main heap
        std::fill(heap2_v.begin(), heap2_v.end(), DBL_MAX);
        std::fill(heap2_i.begin(), heap2_i.end(), 0);
        for (int e = 0; e < k; ++e) heap_push(heap2_v.data(), heap2_i.data(), k, v[e], ix[e]);
        v = heap2_v.data();
        ix = heap2_i.data();
      }
      simultaneous_sort(v, ix, k);
      std::copy(ix, ix + k, out.begin() + (begin + q) * k);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// kd-tree (scikit-learn's KDTree, leaf_size 30).

struct KdTree {
  const RowMatrixD& data;
  Index n_features;
  Index n_nodes = 0;
  std::vector<std::int64_t> idx;
  struct Node {
    Index start = 0, end = 0;
    bool leaf = false;
  };
  std::vector<Node> nodes;
  std::vector<double> lower, upper;  // (n_nodes, n_features)

  explicit KdTree(const RowMatrixD& X) : data(X), n_features(X.cols()) {
    const Index n = X.rows();
    const double ratio = static_cast<double>(n - 1) / kLeafSize;
    const int n_levels = static_cast<int>(std::log2(std::fmax(1.0, ratio)) + 1);
    n_nodes = (Index{1} << n_levels) - 1;
    idx.resize(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) idx[i] = i;
    nodes.resize(static_cast<std::size_t>(n_nodes));
    lower.assign(static_cast<std::size_t>(n_nodes * n_features), 0.0);
    upper.assign(static_cast<std::size_t>(n_nodes * n_features), 0.0);
    build(0, 0, n);
  }

  void build(Index i_node, Index start, Index end) {
    double* lo = &lower[i_node * n_features];
    double* hi = &upper[i_node * n_features];
    for (Index j = 0; j < n_features; ++j) {
      lo[j] = std::numeric_limits<double>::infinity();
      hi[j] = -std::numeric_limits<double>::infinity();
    }
    for (Index i = start; i < end; ++i)
      for (Index j = 0; j < n_features; ++j) {
        lo[j] = std::fmin(lo[j], data(idx[i], j));
        hi[j] = std::fmax(hi[j], data(idx[i], j));
      }
    nodes[i_node] = {start, end, false};
    const Index n_points = end - start;
    if (2 * i_node + 1 >= n_nodes || n_points < 2) {
      nodes[i_node].leaf = true;
      return;
    }
    // The dimension of widest spread (the first, on ties; 0 when all spreads are 0).
    Index split = 0;
    double max_spread = 0;
    for (Index j = 0; j < n_features; ++j) {
      double mx = data(idx[start], j), mn = mx;
      for (Index i = start + 1; i < end; ++i) {
        mx = std::fmax(mx, data(idx[i], j));
        mn = std::fmin(mn, data(idx[i], j));
      }
      if (mx - mn > max_spread) {
        max_spread = mx - mn;
        split = j;
      }
    }
    const double* base = data.data();
    const Index nf = n_features;
    // scikit-learn's partition_node_indices: std::nth_element, ties broken by row index.
    std::nth_element(idx.begin() + start, idx.begin() + start + n_points / 2, idx.begin() + end,
                     [base, nf, split](std::int64_t a, std::int64_t b) {
                       const double av = base[a * nf + split], bv = base[b * nf + split];
                       return av == bv ? a < b : av < bv;
                     });
    build(2 * i_node + 1, start, start + n_points / 2);
    build(2 * i_node + 2, start + n_points / 2, end);
  }

  double min_rdist(Index i_node, const double* pt) const {
    static volatile double kP = 2.0;  // through libm's pow, as scikit-learn's compiled code
    const double p = kP;
    const double* lo = &lower[i_node * n_features];
    const double* hi = &upper[i_node * n_features];
    double rdist = 0.0;
    for (Index j = 0; j < n_features; ++j) {
      const double d_lo = lo[j] - pt[j], d_hi = pt[j] - hi[j];
      const double d = (d_lo + std::fabs(d_lo)) + (d_hi + std::fabs(d_hi));
      rdist += std::pow(0.5 * d, p);
    }
    return rdist;
  }

  double rdist(const double* a, const double* b) const {
    double s = 0;
    for (Index j = 0; j < n_features; ++j) {
      const double t = a[j] - b[j];
      s += t * t;
    }
    return s;
  }

  void query(Index i_node, const double* pt, double* hv, std::int64_t* hi, int k,
             double lower_bound) const {
    const Node& node = nodes[i_node];
    if (lower_bound > hv[0]) return;
    if (node.leaf) {
      for (Index i = node.start; i < node.end; ++i)
        heap_push(hv, hi, k, rdist(pt, data.row(idx[i]).data()), idx[i]);
      return;
    }
    const Index i1 = 2 * i_node + 1, i2 = i1 + 1;
    const double lb1 = min_rdist(i1, pt), lb2 = min_rdist(i2, pt);
    if (lb1 <= lb2) {
      query(i1, pt, hv, hi, k, lb1);
      query(i2, pt, hv, hi, k, lb2);
    } else {
      query(i2, pt, hv, hi, k, lb2);
      query(i1, pt, hv, hi, k, lb1);
    }
  }
};

void kd_kneighbors(const RowMatrixD& F, const RowMatrixD& Q, int k,
                   std::vector<std::int64_t>& out) {
  const KdTree tree(F);
  const Index n_query = Q.rows();
  const Index n_tasks = (n_query + kQueryBlock - 1) / kQueryBlock;
  parallel_for(static_cast<std::size_t>(n_tasks), 0, [&](std::size_t t) {
    std::vector<double> hv(k);
    std::vector<std::int64_t> hi(k);
    const Index begin = static_cast<Index>(t) * kQueryBlock;
    const Index end = std::min(n_query, begin + kQueryBlock);
    for (Index i = begin; i < end; ++i) {
      std::fill(hv.begin(), hv.end(), std::numeric_limits<double>::infinity());
      std::fill(hi.begin(), hi.end(), 0);
      const double* pt = Q.row(i).data();
      tree.query(0, pt, hv.data(), hi.data(), k, tree.min_rdist(0, pt));
      simultaneous_sort(hv.data(), hi.data(), k);
      std::copy(hi.begin(), hi.end(), out.begin() + i * k);
    }
  });
}

}  // namespace

bool uses_brute_force(Index n_fit, Index n_features, int k) {
  return n_features > 15 || k >= n_fit / 2;
}

std::vector<std::int64_t> kneighbors(const RowMatrixD& fit_X, const RowMatrixD& query_X, int k) {
  if (k < 1) throw ConfigError("neighbours: k must be at least 1, got " + std::to_string(k));
  if (k > fit_X.rows())
    throw InputError("neighbours: " + std::to_string(k) + " neighbours asked of only " +
                     std::to_string(fit_X.rows()) + " rows");
  std::vector<std::int64_t> out(static_cast<std::size_t>(query_X.rows() * k));
  if (query_X.rows() == 0) return out;
  if (uses_brute_force(fit_X.rows(), fit_X.cols(), k))
    brute_kneighbors(fit_X, query_X, k, out);
  else
    kd_kneighbors(fit_X, query_X, k, out);
  return out;
}

}  // namespace rarenet::detail
