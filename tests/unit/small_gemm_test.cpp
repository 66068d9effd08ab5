// small_gemm against Eigen's product, for every shape class its blocking distinguishes: row
// counts around the 6-row block, column counts around a vector and a group of vectors, with
// and without a tail of fewer than a vector's columns; A read as given and transposed in place;
// with a row initialiser (a bias) and without; and strides wider than the operands.
#include "nn/small_gemm.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace rarenet {
namespace {

TEST(SmallGemm, EqualsEigensProductOnEveryBlockingCase) {
  int cases = 0;
  for (const Index m : {1, 2, 5, 6, 7, 12, 13, 64})
    for (const Index k : {0, 1, 3, 50, 64, 128})
      for (const Index n : {1, 7, 8, 15, 16, 17, 33, 64, 65, 100, 130, 256})
        for (const bool transposed : {false, true})
          for (const bool init : {false, true}) {
            // Padded operands: the strides are wider than the matrices, and what lies beyond
            // the columns must stay as it was.
            const RowMatrixF A = RowMatrixF::Random(m, k + 3);
            const RowMatrixF At = A.leftCols(k).transpose();  // (k, m), read transposed
            const RowMatrixF B = RowMatrixF::Random(k, n + 5);
            const VectorF bias = VectorF::Random(m);
            RowMatrixF C = RowMatrixF::Constant(m, n + 4, 7.0f);
            if (transposed)
              small_gemm(At.data(), 1, At.cols(), B.data(), B.cols(), C.data(), C.cols(), m, k, n,
                         init ? bias.data() : nullptr);
            else
              small_gemm(A.data(), A.cols(), 1, B.data(), B.cols(), C.data(), C.cols(), m, k, n,
                         init ? bias.data() : nullptr);
            RowMatrixF want = A.leftCols(k) * B.leftCols(n);
            if (init) want.colwise() += bias;
            for (Index r = 0; r < m; ++r) {
              for (Index c = 0; c < n; ++c)
                ASSERT_NEAR(C(r, c), want(r, c), 1e-5f * (1.0f + static_cast<float>(k)))
                    << "m " << m << " k " << k << " n " << n << " transposed " << transposed
                    << " init " << init << " at (" << r << ", " << c << ")";
              for (Index c = n; c < C.cols(); ++c) ASSERT_EQ(C(r, c), 7.0f);
            }
            ++cases;
          }
  EXPECT_EQ(cases, 8 * 6 * 12 * 4);
}

// With b_padded the last columns are computed from B's padded rows in place: the same values
// as from the zero-padded copy, to the bit, and nothing written past column n.
TEST(SmallGemm, PaddedOperandGivesTheSameBytes) {
  for (const Index m : {1, 5, 6, 64})
    for (const Index k : {1, 50, 64})
      for (const Index n : {3, 15, 16, 17, 50, 64}) {
        const RowMatrixF A = RowMatrixF::Random(m, k);
        // Padding filled with NaN: it may reach only the columns that are never stored.
        RowMatrixF B = RowMatrixF::Constant(k, small_gemm_padded(n), std::nanf(""));
        B.leftCols(n) = RowMatrixF::Random(k, n);
        const RowMatrixF packed = B.leftCols(n);
        RowMatrixF in_place = RowMatrixF::Constant(m, n + 2, 7.0f), copied(m, n);
        small_gemm(A.data(), k, 1, B.data(), B.cols(), in_place.data(), in_place.cols(), m, k, n,
                   nullptr, true);
        small_gemm(A.data(), k, 1, packed.data(), n, copied.data(), n, m, k, n, nullptr);
        EXPECT_EQ(RowMatrixF(in_place.leftCols(n)), copied) << m << " " << k << " " << n;
        EXPECT_TRUE((in_place.rightCols(2).array() == 7.0f).all()) << m << " " << k << " " << n;
      }
}

TEST(Transpose, EqualsEigensTransposeAroundTheTiles) {
  for (const Index rows : {1, 7, 8, 9, 50, 64})
    for (const Index cols : {1, 7, 8, 9, 16, 64, 100}) {
      const RowMatrixF src = RowMatrixF::Random(rows, cols + 3);  // stride wider than the rows
      RowMatrixF dst = RowMatrixF::Constant(cols, rows + 5, 7.0f);
      transpose(src.data(), src.cols(), rows, cols, dst.data(), dst.cols());
      EXPECT_EQ(RowMatrixF(dst.leftCols(rows)), RowMatrixF(src.leftCols(cols).transpose()))
          << rows << " x " << cols;
      EXPECT_TRUE((dst.rightCols(5).array() == 7.0f).all()) << rows << " x " << cols;
    }
}

// Each element sums its products in the order of i whatever block it falls in, so a column
// computed alone (a tail) equals the same column computed within a wide product, to the bit.
TEST(SmallGemm, AColumnDoesNotDependOnTheProductsWidth) {
  const Index m = 13, k = 50;
  const RowMatrixF A = RowMatrixF::Random(m, k), B = RowMatrixF::Random(k, 100);
  RowMatrixF wide(m, 100), narrow(m, 3);
  small_gemm(A.data(), k, 1, B.data(), B.cols(), wide.data(), wide.cols(), m, k, 100, nullptr);
  for (const Index first : {0, 16, 63, 97}) {
    small_gemm(A.data(), k, 1, B.data() + first, B.cols(), narrow.data(), narrow.cols(), m, k, 3,
               nullptr);
    EXPECT_EQ(narrow, wide.middleCols(first, 3)) << first;
  }
}

}  // namespace
}  // namespace rarenet
