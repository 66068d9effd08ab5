// StandardScaler: scikit-learn's statistics (population std, constant features keep scale 1),
// accurate for large offsets, and transforms that check their input.
#include <cmath>

#include "rarenet/error.hpp"
#include "rarenet/random.hpp"
#include "rarenet/scaler.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

TEST(StandardScaler, PopulationMeanAndStd) {
  RowMatrixD X(4, 2);
  X << 1, 10, 3, 20, 5, 30, 7, 40;
  const StandardScaler s = StandardScaler::fit(X);
  ASSERT_TRUE(s.fitted());
  EXPECT_EQ(s.mean(0), 4.0);
  EXPECT_EQ(s.mean(1), 25.0);
  EXPECT_DOUBLE_EQ(s.scale(0), std::sqrt(5.0));  // ddof 0: (9 + 1 + 1 + 9) / 4
  EXPECT_DOUBLE_EQ(s.scale(1), std::sqrt(125.0));
  const RowMatrixD Z = s.transform(X);
  EXPECT_DOUBLE_EQ(Z(0, 0), -3.0 / std::sqrt(5.0));
  EXPECT_DOUBLE_EQ(Z(3, 1), 15.0 / std::sqrt(125.0));
  // Standardised columns: mean 0, population std 1.
  for (Index j = 0; j < 2; ++j) {
    EXPECT_NEAR(Z.col(j).mean(), 0.0, 1e-15);
    EXPECT_NEAR(Z.col(j).squaredNorm() / 4, 1.0, 1e-15);
  }
}

TEST(StandardScaler, ConstantFeaturesKeepScaleOne) {
  RowMatrixD X(5, 3);
  // 0.1 five times: the computed variance is not exactly 0, but within rounding error of it.
  X << 0.1, 7, 1, 0.1, 7, 2, 0.1, 7, 3, 0.1, 7, 4, 0.1, 7, 5;
  const StandardScaler s = StandardScaler::fit(X);
  EXPECT_EQ(s.scale(0), 1.0);
  EXPECT_EQ(s.scale(1), 1.0);
  EXPECT_DOUBLE_EQ(s.scale(2), std::sqrt(2.0));
  const RowMatrixD Z = s.transform(X);
  EXPECT_NEAR(Z(0, 0), 0.0, 1e-15);  // centred, not divided by ~0
  EXPECT_EQ(Z(0, 1), 0.0);
  // A single row: every feature is constant.
  const StandardScaler one = StandardScaler::fit(X.topRows(1));
  EXPECT_EQ(one.scale, VectorD::Ones(3));
}

TEST(StandardScaler, TwoPassIsAccurateForLargeOffsets) {
  // Values 1e9 + {0, 1, 2, 3}: the naive E[x^2] - E[x]^2 loses every digit here.
  RowMatrixD X(4, 1);
  X << 1e9, 1e9 + 1, 1e9 + 2, 1e9 + 3;
  const StandardScaler s = StandardScaler::fit(X);
  EXPECT_EQ(s.mean(0), 1e9 + 1.5);
  EXPECT_EQ(s.scale(0), std::sqrt(1.25));
  RandomState rng(3);
  RowMatrixD Y(2000, 1);
  for (Index i = 0; i < Y.rows(); ++i) Y(i, 0) = 1e8 + rng.standard_normal();
  const StandardScaler t = StandardScaler::fit(Y);
  RowMatrixD centred = Y.array() - 1e8;  // exact: the offset is representable
  const double mean = centred.mean();
  const double var = (centred.array() - mean).square().mean();
  EXPECT_NEAR(t.scale(0), std::sqrt(var), 1e-9);
}

TEST(StandardScaler, TransformFloatRoundsTheDoubleResultOnce) {
  RandomState rng(1);
  RowMatrixD X(50, 3);
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < 3; ++j) X(i, j) = rng.normal(100 * j, 1 + j);
  const StandardScaler s = StandardScaler::fit(X);
  const RowMatrixF F = s.transform_float(X);
  const RowMatrixF expected = s.transform(X).cast<float>();
  EXPECT_EQ(F, expected);
  // Smooth clipping too: clipped in double, rounded once, with values far beyond the range.
  RowMatrixD wide = X;
  wide.row(0) *= 1e6;
  const StandardScaler clip = StandardScaler::fit_robust(X, true);
  EXPECT_EQ(clip.transform_float(wide), clip.transform(wide).cast<float>());
  EXPECT_LT(clip.transform(wide).cwiseAbs().maxCoeff(), 3.0);
  EXPECT_NE(clip.transform(wide), StandardScaler::fit_robust(X).transform(wide));
  // Not fitted: unchanged (cast only).
  EXPECT_EQ(StandardScaler{}.transform_float(X), X.cast<float>());
  EXPECT_EQ(StandardScaler{}.transform(X), X);
}

TEST(StandardScaler, ErrorsForNoRowsNonFiniteValuesAndWrongWidth) {
  EXPECT_THROW(StandardScaler::fit(RowMatrixD(0, 3)), InputError);
  RowMatrixD X(2, 2);
  X << 1, 2, std::nan(""), 4;
  EXPECT_THROW(StandardScaler::fit(X), InputError);
  X(1, 0) = 3;
  const StandardScaler s = StandardScaler::fit(X);
  EXPECT_EQ(testing::error_message([&] { s.transform(RowMatrixD::Zero(1, 3)); }),
            "StandardScaler: X has 3 features, but the scaler was fitted on 2");
  EXPECT_THROW(s.transform_float(RowMatrixD::Zero(1, 1)), InputError);
}

// robust-auto clips exactly when a feature reaches kTailIqrs interquartile ranges from its
// median, on either side, and is then the robust-clip scaler of the same rows (else the robust).
TEST(RobustAutoScaler, ClipsWhenAFeatureReachesTwentyInterquartileRanges) {
  // Column 0: 0..8, median 4, quartiles 2 and 6, IQR 4; column 1 never strays.
  RowMatrixD X(9, 2);
  for (Index i = 0; i < 9; ++i) X.row(i) << static_cast<double>(i), static_cast<double>(i % 3);
  const auto fits_as = [](const RowMatrixD& x) {
    const StandardScaler a = StandardScaler::fit_robust_auto(x);
    const StandardScaler want = StandardScaler::fit_robust(x, a.kind == ScaleKind::RobustClip);
    EXPECT_EQ(a.mean, want.mean);
    EXPECT_EQ(a.scale, want.scale);
    EXPECT_EQ(a.transform(x), want.transform(x));
    return a.kind;
  };
  EXPECT_EQ(fits_as(X), ScaleKind::Robust);
  // 4 + 80 - a little: 19.99... IQRs from the median (the quartiles stay 2 and 6).
  X(8, 0) = 4 + 80 * (1 - 1e-9);
  EXPECT_EQ(fits_as(X), ScaleKind::Robust);
  X(8, 0) = 84;  // exactly 20 IQRs
  EXPECT_EQ(fits_as(X), ScaleKind::RobustClip);
  X(8, 0) = 8;
  X(0, 0) = -76;  // the low side
  EXPECT_EQ(fits_as(X), ScaleKind::RobustClip);
  // A column with no spread (IQR 0, scale 1) reaches 20 in its own units.
  RowMatrixD flat = RowMatrixD::Zero(9, 1);
  flat(4, 0) = 19.5;
  EXPECT_EQ(fits_as(flat), ScaleKind::Robust);
  flat(4, 0) = 20;
  EXPECT_EQ(fits_as(flat), ScaleKind::RobustClip);
  EXPECT_THROW(StandardScaler::fit_robust_auto(RowMatrixD(0, 2)), InputError);
}

}  // namespace
}  // namespace rarenet
