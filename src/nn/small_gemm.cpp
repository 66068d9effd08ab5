// A broadcast-and-multiply-add kernel: a block of R rows of C by V vectors of columns lives in
// registers while i runs over the depth; each step loads V vectors of B's row i and multiplies
// them by A(r, i), broadcast, for each of the R rows. Nothing is packed: B's rows are already
// contiguous along the columns, and A's R values per step come from R short strided reads.
#include "nn/small_gemm.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#ifdef __AVX__
#include <immintrin.h>
#endif

namespace rarenet {
namespace {

// One vector of floats, as wide as the machine's registers; GCC lowers the arithmetic to them.
constexpr int kWidth = static_cast<int>(kSmallGemmWidth);
#ifdef __AVX512F__
constexpr int kMaxVectors = 4;  // 6 x 4 accumulators of the 32 registers
#else
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
  Index last_cols = kWidth;  // columns of the last vector that are stored
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
  for (int r = 0; r < R; ++r) {
    for (int v = 0; v + 1 < V; ++v)
      *reinterpret_cast<UnalignedVec*>(c + r * o.ldc + v * kWidth) = acc[r][v];
    if (o.last_cols == kWidth)
      *reinterpret_cast<UnalignedVec*>(c + r * o.ldc + (V - 1) * kWidth) = acc[r][V - 1];
    else
      std::memcpy(c + r * o.ldc + (V - 1) * kWidth, &acc[r][V - 1],
                  static_cast<std::size_t>(o.last_cols) * sizeof(float));
  }
}

// The last `rows` rows (fewer than kRows) from r0, as one block of exactly that many.
template <int R, int V>
void row_tail(const Operands& o, Index r0, Index c0, Index rows) {
  if constexpr (R > 0) {
    if (rows == R)
      block<R, V>(o, r0, c0);
    else
      row_tail<R - 1, V>(o, r0, c0, rows);
  }
}

// Every row, V vectors of columns from c0: blocks of kRows rows, then one block of the rest.
template <int V>
void column_group(const Operands& o, Index m, Index c0) {
  Index r0 = 0;
  for (; r0 + kRows <= m; r0 += kRows) block<kRows, V>(o, r0, c0);
  row_tail<kRows - 1, V>(o, r0, c0, m - r0);
}

template <int V>
void column_groups(const Operands& o, Index m, Index c0, Index vectors) {
  if constexpr (V > 0) {
    for (; vectors >= V; vectors -= V, c0 += V * kWidth) column_group<V>(o, m, c0);
    column_groups<V - 1>(o, m, c0, vectors);
  }
}

#ifdef __AVX__
// dst's 8 rows (stride ldd) = the transpose of src's 8 x 8 tile (stride lds).
inline void transpose8x8(const float* src, Index lds, float* dst, Index ldd) {
  __m256 r[8], t[8];
  for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + i * lds);
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int h = 0; h < 8; h += 4) {
    r[h] = _mm256_shuffle_ps(t[h], t[h + 2], 0x44);
    r[h + 1] = _mm256_shuffle_ps(t[h], t[h + 2], 0xEE);
    r[h + 2] = _mm256_shuffle_ps(t[h + 1], t[h + 3], 0x44);
    r[h + 3] = _mm256_shuffle_ps(t[h + 1], t[h + 3], 0xEE);
  }
  for (int i = 0; i < 4; ++i) {
    _mm256_storeu_ps(dst + i * ldd, _mm256_permute2f128_ps(r[i], r[i + 4], 0x20));
    _mm256_storeu_ps(dst + (i + 4) * ldd, _mm256_permute2f128_ps(r[i], r[i + 4], 0x31));
  }
}
#endif

}  // namespace

void transpose(const float* src, Index lds, Index rows, Index cols, float* dst, Index ldd) {
  Index r0 = 0, c_end = 0;
#ifdef __AVX__
  c_end = cols / 8 * 8;
  for (; r0 + 8 <= rows; r0 += 8)
    for (Index c0 = 0; c0 < c_end; c0 += 8)
      transpose8x8(src + r0 * lds + c0, lds, dst + c0 * ldd + r0, ldd);
#endif
  // What the tiles leave: the last columns of the tiled rows, then the last rows.
  for (Index r = 0; r < r0; ++r)
    for (Index c = c_end; c < cols; ++c) dst[c * ldd + r] = src[r * lds + c];
  for (Index r = r0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c) dst[c * ldd + r] = src[r * lds + c];
}

void small_gemm(const float* a, Index a_row, Index a_col, const float* b, Index ldb, float* c,
                Index ldc, Index m, Index k, Index n, const float* row_init, bool b_padded) {
  if (m <= 0 || n <= 0) return;
  Operands o{a, a_row, a_col, b, ldb, c, ldc, k, row_init};
  const Index full = n / kWidth;
  column_groups<kMaxVectors>(o, m, 0, full);
  const Index tail = n - full * kWidth;
  if (tail == 0) return;
  if (b_padded) {
    o.last_cols = tail;
    column_group<1>(o, m, full * kWidth);
    return;
  }
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
