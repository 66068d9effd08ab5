// The matrix products of a training step whose inner dimension is small (a layer's inputs or
// units, up to kSmallGemmMaxDepth), where Eigen's general product spends much of its time
// packing both operands: the 64 x 50 by 50 x 64 products of a 64-row shard ran at about 70 % of
// the machine's best sgemm (docs/PERFORMANCE.md).
#pragma once

#include "rarenet/matrix.hpp"

namespace rarenet {

// The deepest product small_gemm takes: a panel of B (depth x 64 floats) stays in L1.
inline constexpr Index kSmallGemmMaxDepth = 128;

// C (m x n) = init + A (m x k) * B (k x n), where A's element (r, i) is a[r * a_row + i * a_col]
// (so a row-major kernel, or its transpose, is read in place), B and C are row-major with row
// strides ldb and ldc, and init is row_init[r] for every column of row r (a layer's bias), or 0
// when row_init is null. Each element sums init, then the k products in order of i, so the
// result does not depend on n, the blocking or the thread.
void small_gemm(const float* a, Index a_row, Index a_col, const float* b, Index ldb, float* c,
                Index ldc, Index m, Index k, Index n, const float* row_init);

}  // namespace rarenet
