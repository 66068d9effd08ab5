// A broadcast-and-multiply-add kernel: a block of R rows of C by V vectors of columns lives in
// registers while i runs over the depth; each step loads V vectors of B's row i and multiplies
// them by A(r, i), broadcast, for each of the R rows. Nothing is packed: B's rows are already
// contiguous along the columns, and A's R values per step come from R short strided reads.
#include "nn/small_gemm.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace rarenet {
namespace {

// One vector of floats, as wide as the machine's registers; GCC lowers the arithmetic to them.
#ifdef __AVX512F__
constexpr int kWidth = 16;
constexpr int kMaxVectors = 4;  // 6 x 4 accumulators of the 32 registers
#else
constexpr int kWidth = 8;
constexpr int kMaxVectors = 2;  // 6 x 2 accumulators of the 16 registers
#endif
constexpr int kRows = 6;
typedef float Vec __attribute__((vector_size(kWidth * sizeof(float))));
typedef float UnalignedVec
    __attribute__((vector_size(kWidth * sizeof(float)), aligned(4), may_alias));

struct Operands {
  const float* a;
  Index a_row, a_col;
  const float* b;
  Index ldb;
  float* c;
  Index ldc, k;
  const float* row_init;
};

// Rows [r0, r0 + R) by the V vectors of columns from c0.
template <int R, int V>
void block(const Operands& o, Index r0, Index c0) {
  Vec acc[R][V];
  for (int r = 0; r < R; ++r) {
    const float init = o.row_init ? o.row_init[r0 + r] : 0.0f;
    for (int v = 0; v < V; ++v) acc[r][v] = Vec{} + init;
  }
  const float* a = o.a + r0 * o.a_row;
  const float* b = o.b + c0;
  for (Index i = 0; i < o.k; ++i, a += o.a_col, b += o.ldb) {
    Vec bv[V];
    for (int v = 0; v < V; ++v) bv[v] = *reinterpret_cast<const UnalignedVec*>(b + v * kWidth);
    for (int r = 0; r < R; ++r) {
      const float ar = a[r * o.a_row];
      for (int v = 0; v < V; ++v) acc[r][v] += ar * bv[v];
    }
  }
  float* c = o.c + r0 * o.ldc + c0;
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v)
      *reinterpret_cast<UnalignedVec*>(c + r * o.ldc + v * kWidth) = acc[r][v];
}

// Every row, V vectors of columns from c0: blocks of kRows rows, then one block of the rest.
template <int V>
void column_group(const Operands& o, Index m, Index c0) {
  Index r0 = 0;
  for (; r0 + kRows <= m; r0 += kRows) block<kRows, V>(o, r0, c0);
  switch (m - r0) {
    case 5:
      block<5, V>(o, r0, c0);
      break;
    case 4:
      block<4, V>(o, r0, c0);
      break;
    case 3:
      block<3, V>(o, r0, c0);
      break;
    case 2:
      block<2, V>(o, r0, c0);
      break;
    case 1:
      block<1, V>(o, r0, c0);
      break;
    default:
      break;
  }
}

template <int V>
void column_groups(const Operands& o, Index m, Index c0, Index vectors) {
  if constexpr (V > 0) {
    for (; vectors >= V; vectors -= V, c0 += V * kWidth) column_group<V>(o, m, c0);
    column_groups<V - 1>(o, m, c0, vectors);
  }
}

}  // namespace

void small_gemm(const float* a, Index a_row, Index a_col, const float* b, Index ldb, float* c,
                Index ldc, Index m, Index k, Index n, const float* row_init) {
  if (m <= 0 || n <= 0) return;
  Operands o{a, a_row, a_col, b, ldb, c, ldc, k, row_init};
  const Index full = n / kWidth;
  column_groups<kMaxVectors>(o, m, 0, full);
  const Index tail = n - full * kWidth;
  if (tail == 0) return;
  // The last columns, fewer than a vector: copied into a zero-padded panel and computed into a
  // padded buffer, by the same kernel (so each element sums in the same order as the others).
  thread_local std::vector<float> panel, out;
  panel.assign(static_cast<std::size_t>(k * kWidth), 0.0f);
  out.resize(static_cast<std::size_t>(m * kWidth));
  for (Index i = 0; i < k; ++i)
    std::memcpy(panel.data() + i * kWidth, b + i * ldb + full * kWidth,
                static_cast<std::size_t>(tail) * sizeof(float));
  Operands t{a, a_row, a_col, panel.data(), kWidth, out.data(), kWidth, k, row_init};
  column_group<1>(t, m, 0);
  for (Index r = 0; r < m; ++r)
    std::memcpy(c + r * ldc + full * kWidth, out.data() + r * kWidth,
                static_cast<std::size_t>(tail) * sizeof(float));
}

}  // namespace rarenet
