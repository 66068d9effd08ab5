// Class-weight strategies, including the Q&A's weightMatrix(Y, most), computed independently.
#include <algorithm>
#include <cmath>

#include "rarenet/class_weights.hpp"
#include "rarenet/error.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

TEST(ClassWeights, ParseAndPrintRoundTrip) {
  for (const char* s : {"none", "balanced", "0:1,1:200", "capped:0.9", "effective:0.999"})
    EXPECT_EQ(parse_class_weight(s).to_string(), s);
  EXPECT_THROW(parse_class_weight("0:1,1:x"), ConfigError);
  EXPECT_THROW(parse_class_weight("heavy"), ConfigError);
  EXPECT_THROW(parse_class_weight("effective:1"), ConfigError);
  try {
    parse_class_weight("capped:0.4");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("MOST must lie in [0.5, 1)"), std::string::npos);
  }
}

TEST(ClassWeights, BalancedManualEffective) {
  const Labels y = {0, 0, 0, 0, 0, 0, 1, 1, 3, 3};
  const std::vector<std::int64_t> classes = {0, 1, 3};
  const auto b = class_weights(parse_class_weight("balanced"), classes, y);
  EXPECT_DOUBLE_EQ(b[0], 10.0 / (3 * 6));
  EXPECT_DOUBLE_EQ(b[1], 10.0 / (3 * 2));
  const auto m = class_weights(parse_class_weight("0:1,1:5,3:2"), classes, y);
  EXPECT_EQ(m, (std::vector<double>{1, 5, 2}));
  EXPECT_THROW(class_weights(parse_class_weight("0:1,1:5"), classes, y), ConfigError);       // 3 missing
  EXPECT_THROW(class_weights(parse_class_weight("0:1,1:5,3:1,9:1"), classes, y), ConfigError);  // 9 unknown
  const auto e = class_weights(parse_class_weight("effective:0.9"), classes, y);
  double sum = 0;
  for (double v : e) sum += v;
  EXPECT_NEAR(sum, 3.0, 1e-12);
  const double raw0 = (1 - 0.9) / (1 - std::pow(0.9, 6)), raw1 = (1 - 0.9) / (1 - std::pow(0.9, 2));
  EXPECT_NEAR(e[1] / e[0], raw1 / raw0, 1e-12);
  const VectorD per_row = sample_weights_from_classes(classes, m, y);
  EXPECT_EQ(per_row(6), 5);
  EXPECT_EQ(per_row(9), 2);
}

TEST(ClassWeights, CappedIsTheQandAWeightMatrix) {
  // Y: 12 rows, 3 labels with positive rates 1/12, 6/12 and 11/12.
  RowMatrixD Y = RowMatrixD::Zero(12, 3);
  Y(0, 0) = 1;
  for (int i = 0; i < 6; ++i) Y(i, 1) = 1;
  for (int i = 0; i < 11; ++i) Y(i, 2) = 1;
  const double most = 0.9;
  const RowMatrixD W = label_weight_matrix(parse_class_weight("capped:0.9"), Y);
  for (Index j = 0; j < 3; ++j) {
    // The Q&A: b = mean(Y[:, j]) clamped to [1 - most, most]; w = Y / (2b) + (1 - Y) / (2(1 - b)).
    double b = Y.col(j).mean();
    b = std::min(std::max(b, 1 - most), most);
    for (Index i = 0; i < 12; ++i)
      EXPECT_NEAR(W(i, j), Y(i, j) / (2 * b) + (1 - Y(i, j)) / (2 * (1 - b)), 1e-12) << i << "," << j;
  }
  // Each label's total weight is split evenly between its positives and negatives when uncapped.
  EXPECT_NEAR((W.col(1).array() * Y.col(1).array()).sum(), (W.col(1).array() * (1 - Y.col(1).array())).sum(), 1e-12);
  RowMatrixD bad = Y;
  bad(3, 0) = 2;
  EXPECT_THROW(label_weight_matrix(parse_class_weight("balanced"), bad), InputError);
}

TEST(ClassWeights, KerasDictionaryText) {
  EXPECT_EQ(format_class_weight_dict({0, 1}, {1.0, 200.0}), "{0: 1.0, 1: 200.0}");
  EXPECT_EQ(format_class_weight_dict({0, 1}, {80000.0 / (2 * 79183), 80000.0 / (2 * 817)}),
            "{0: 0.5051589356301226, 1: 48.959608323133416}");
}

}  // namespace
}  // namespace rarenet
