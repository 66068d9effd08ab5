// The matrix products of a training step whose inner dimension is small (a layer's inputs or
// units, up to kSmallGemmMaxDepth), where Eigen's general product spends much of its time
// packing both operands: the 64 x 50 by 50 x 64 products of a 64-row shard ran at about 70 % of
// the machine's best sgemm (docs/PERFORMANCE.md).
#pragma once

#include "rarenet/matrix.hpp"

namespace rarenet {

// The deepest product small_gemm takes: a panel of B (depth x 64 floats) stays in L1.
inline constexpr Index kSmallGemmMaxDepth = 128;

// The kernel's vector width in floats: operands padded to a multiple of it need no tail copy.
#ifdef __AVX512F__
inline constexpr Index kSmallGemmWidth = 16;
#else
inline constexpr Index kSmallGemmWidth = 8;
#endif

// n rounded up to a whole number of the kernel's vectors.
constexpr Index small_gemm_padded(Index n) {
  return (n + kSmallGemmWidth - 1) / kSmallGemmWidth * kSmallGemmWidth;
}

// C (m x n) = init + A (m x k) * B (k x n), where A's element (r, i) is a[r * a_row + i * a_col]
// (so a row-major kernel, or its transpose, is read in place), B and C are row-major with row
// strides ldb and ldc, and init is row_init[r] for every column of row r (a layer's bias), or 0
// when row_init is null. Each element sums init, then the k products in order of i, so the
// result does not depend on n, the blocking or the thread. With b_padded, each of B's rows may
// be read up to small_gemm_padded(n) columns (ldb at least that): the last columns are then
// computed in place instead of from a zero-padded copy; C is still written only to column n.
void small_gemm(const float* a, Index a_row, Index a_col, const float* b, Index ldb, float* c,
                Index ldc, Index m, Index k, Index n, const float* row_init, bool b_padded = false);

// dst (cols x rows, row stride ldd) = the transpose of src (rows x cols, row stride lds): the
// kernel gradient's right operand. In 8 x 8 tiles of registers where the machine has AVX.
void transpose(const float* src, Index lds, Index rows, Index cols, float* dst, Index ldd);

}  // namespace rarenet
