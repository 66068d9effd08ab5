// Class-weight strategies, including the Q&A's weightMatrix(Y, most), computed independently.
#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

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
  EXPECT_THROW(class_weights(parse_class_weight("0:1,1:5"), classes, y), ConfigError);  // 3 missing
  EXPECT_THROW(class_weights(parse_class_weight("0:1,1:5,3:1,9:1"), classes, y),
               ConfigError);  // 9 unknown
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
      EXPECT_NEAR(W(i, j), Y(i, j) / (2 * b) + (1 - Y(i, j)) / (2 * (1 - b)), 1e-12)
          << i << "," << j;
  }
  // Each label's total weight is split evenly between its positives and negatives when uncapped.
  EXPECT_NEAR((W.col(1).array() * Y.col(1).array()).sum(),
              (W.col(1).array() * (1 - Y.col(1).array())).sum(), 1e-12);
  RowMatrixD bad = Y;
  bad(3, 0) = 2;
  EXPECT_THROW(label_weight_matrix(parse_class_weight("balanced"), bad), InputError);
}

// The Q&A's weightMatrix, transcribed literally: b = max(min(most, mean), 1 - most),
// a = 1 / (2b), weights = a * (Y + (1 - Y) * b / (1 - b)).
RowMatrixD weight_matrix_qa(const RowMatrixD& Y, double most) {
  RowMatrixD W(Y.rows(), Y.cols());
  for (Index j = 0; j < Y.cols(); ++j) {
    const double b = std::max(std::min(most, Y.col(j).mean()), 1. - most);
    const double a = 1. / (b * 2.);
    for (Index i = 0; i < Y.rows(); ++i) W(i, j) = a * (Y(i, j) + (1 - Y(i, j)) * b / (1 - b));
  }
  return W;
}

#define EXPECT_MESSAGE_HAS(call, text)                                                   \
  EXPECT_NE(testing::error_message([&] { (void)(call); }).find(text), std::string::npos) \
      << testing::error_message([&] { (void)(call); })

TEST(ClassWeights, NoneIsAllOnes) {
  EXPECT_EQ(class_weights(parse_class_weight("none"), {2, 5, 9}, {2, 5, 5, 9, 9, 9}),
            (std::vector<double>{1, 1, 1}));
  const RowMatrixD Y = RowMatrixD::Zero(4, 2);  // even a column of one value
  EXPECT_EQ(label_weight_matrix(ClassWeightSpec{}, Y), RowMatrixD::Ones(4, 2));
}

TEST(ClassWeights, BalancedGivesEveryClassTheSameTotalWeight) {
  const Labels y = {7, 7, 7, 7, 7, 7, 7, -2, -2, 40, 40, 40};
  const std::vector<std::int64_t> classes = {-2, 7, 40};
  const auto w = class_weights(parse_class_weight("balanced"), classes, y);
  EXPECT_EQ(w, compute_class_weight_balanced(classes, y));
  EXPECT_DOUBLE_EQ(w[0], 12.0 / (3 * 2));
  EXPECT_DOUBLE_EQ(w[1], 12.0 / (3 * 7));
  EXPECT_DOUBLE_EQ(w[2], 12.0 / (3 * 3));
  const VectorD per_row = sample_weights_from_classes(classes, w, y);
  double total[3] = {0, 0, 0};
  for (std::size_t i = 0; i < y.size(); ++i)
    total[y[i] == -2 ? 0 : y[i] == 7 ? 1 : 2] += per_row(static_cast<Index>(i));
  EXPECT_NEAR(total[0], 4.0, 1e-12);  // n / k each
  EXPECT_NEAR(total[1], 4.0, 1e-12);
  EXPECT_NEAR(total[2], 4.0, 1e-12);
  // A class without rows, or a label that is not a class: undefined, as in scikit-learn.
  EXPECT_MESSAGE_HAS(class_weights(parse_class_weight("balanced"), {-2, 7, 40, 41}, y), "class 41");
  EXPECT_MESSAGE_HAS(class_weights(parse_class_weight("balanced"), {-2, 7}, y), "label 40");
  EXPECT_THROW(class_weights(parse_class_weight("none"), {-2, 7}, y), InputError);
}

TEST(ClassWeights, ManualErrorsNameTheClass) {
  const Labels y = {0, 0, 1, 3};
  const std::vector<std::int64_t> classes = {0, 1, 3};
  EXPECT_EQ(class_weights(parse_class_weight("3:0.5,0:1,1:200"), classes, y),
            (std::vector<double>{1, 200, 0.5}));
  EXPECT_MESSAGE_HAS(class_weights(parse_class_weight("0:1,1:5"), classes, y),
                     "no weight given for class 3");
  EXPECT_MESSAGE_HAS(class_weights(parse_class_weight("0:1,1:5,3:1,9:1"), classes, y),
                     "class 9 does not occur in the data (classes: 0, 1, 3)");
  EXPECT_THROW(class_weights(parse_class_weight("0:1,1:5"), classes, y), ConfigError);
  // A spec built in code is checked too.
  ClassWeightSpec negative;
  negative.kind = ClassWeightSpec::Kind::Manual;
  negative.manual = {{0, 1}, {1, -2}, {3, 1}};
  EXPECT_THROW(class_weights(negative, classes, y), ConfigError);
  // Every weight 0: the loss would be 0 whatever the network does.
  EXPECT_MESSAGE_HAS(parse_class_weight("0:0,1:0"), "every class weight is 0");
  EXPECT_MESSAGE_HAS(parse_class_weight("bad:0,good:0"), "every class weight is 0");
  EXPECT_EQ(parse_class_weight("0:0,1:1").manual.at(0), 0.0);
  ClassWeightSpec zeros = negative;
  zeros.manual = {{0, 0}, {1, 0}, {3, 0}};
  EXPECT_MESSAGE_HAS(class_weights(zeros, classes, y), "every class weight is 0");
}

TEST(ClassWeights, CappedBinaryUsesTheLargerLabelAsPositive) {
  // Labels -1 (90 rows) and 4 (10 rows): b = 0.1, so 4 weighs 1 / 0.2 = 5 and -1 weighs 1 / 1.8.
  Labels y(90, -1);
  y.insert(y.end(), 10, 4);
  const auto w = class_weights(parse_class_weight("capped:0.9"), {-1, 4}, y);
  EXPECT_DOUBLE_EQ(w[1], 1 / (2 * 0.1));
  EXPECT_DOUBLE_EQ(w[0], 1 / (2 * 0.9));
  // The cap binds: 4 % positives clamp to b = 0.1 whatever the exact rate.
  Labels rare(96, -1);
  rare.insert(rare.end(), 4, 4);
  const auto c = class_weights(parse_class_weight("capped:0.9"), {-1, 4}, rare);
  EXPECT_DOUBLE_EQ(c[1], 5.0);
  EXPECT_DOUBLE_EQ(c[0], 1 / 1.8);
  // MOST = 0.5 gives equal total weight to both classes; the order of `classes` does not matter.
  const auto half = class_weights(parse_class_weight("capped:0.5"), {4, -1}, rare);
  EXPECT_DOUBLE_EQ(half[0], 1.0);
  EXPECT_DOUBLE_EQ(half[1], 1.0);
  const auto even = class_weights(parse_class_weight("capped:0.99"), {-1, 4}, rare);
  EXPECT_NEAR(96 * even[0], 4 * even[1], 1e-12);  // uncapped: totals equal, like balanced
  // The same binary target as a one-column multi-label matrix gives the same pair.
  RowMatrixD Y(100, 1);
  for (Index i = 0; i < 100; ++i) Y(i, 0) = rare[static_cast<std::size_t>(i)] == 4 ? 1 : 0;
  const RowMatrixD pairs = label_class_weights(parse_class_weight("capped:0.9"), Y);
  EXPECT_DOUBLE_EQ(pairs(0, 0), c[0]);
  EXPECT_DOUBLE_EQ(pairs(0, 1), c[1]);
}

TEST(ClassWeights, CappedMultiClassClampsEachShare) {
  // Shares 0.70, 0.25, 0.04, 0.01 with MOST = 0.6: clamp to [(1 - 0.6) / 3, 0.6] = [0.1333, 0.6].
  Labels y;
  const std::vector<std::int64_t> classes = {0, 1, 2, 3};
  const int counts[4] = {70, 25, 4, 1};
  for (int c = 0; c < 4; ++c) y.insert(y.end(), static_cast<std::size_t>(counts[c]), c);
  const auto w = class_weights(parse_class_weight("capped:0.6"), classes, y);
  const double lo = 0.4 / 3;
  EXPECT_DOUBLE_EQ(w[0], 1 / (4 * 0.6));
  EXPECT_DOUBLE_EQ(w[1], 1 / (4 * 0.25));
  EXPECT_DOUBLE_EQ(w[2], 1 / (4 * lo));
  EXPECT_DOUBLE_EQ(w[3], 1 / (4 * lo));
  // Unclamped shares give every class the same total weight (n / k), as balanced does.
  const auto open =
      class_weights(parse_class_weight("capped:0.9999"), {0, 1, 2}, {0, 0, 0, 0, 0, 0, 1, 1, 2, 2});
  const auto bal =
      class_weights(parse_class_weight("balanced"), {0, 1, 2}, {0, 0, 0, 0, 0, 0, 1, 1, 2, 2});
  for (std::size_t c = 0; c < 3; ++c) EXPECT_NEAR(open[c], bal[c], 1e-12);
  EXPECT_THROW(class_weights(parse_class_weight("capped:0.9"), {5}, {5, 5}), InputError);
}

TEST(ClassWeights, MostOutsideItsRangeIsAConfigErrorSayingWhy) {
  for (const char* text :
       {"capped:0.4", "capped:0.49999", "capped:1", "capped:1.5", "capped:-0.9"}) {
    const std::string m = testing::error_message([&] { parse_class_weight(text); });
    EXPECT_NE(m.find(std::string("'") + text + "'"), std::string::npos) << m;
    EXPECT_NE(m.find("MOST must lie in [0.5, 1)"), std::string::npos) << m;
    EXPECT_NE(m.find("caps the larger class's share"), std::string::npos) << m;
    EXPECT_THROW(parse_class_weight(text), ConfigError);
  }
  EXPECT_NO_THROW(parse_class_weight("capped:0.5"));
  // A spec built in code with a bad MOST fails in every entry point.
  ClassWeightSpec bad;
  bad.kind = ClassWeightSpec::Kind::Capped;
  bad.most = 0.3;
  EXPECT_THROW(class_weights(bad, {0, 1}, {0, 1, 1}), ConfigError);
  EXPECT_THROW(label_weight_matrix(bad, RowMatrixD::Ones(3, 1)), ConfigError);
}

TEST(ClassWeights, WeightMatrixOnARandomMultiLabelTarget) {
  // 500 rows, 6 labels with positive rates from about 1 % to 97 %, and one column of 0s only.
  std::mt19937_64 rng(11);
  const double rates[7] = {0.01, 0.05, 0.2, 0.5, 0.8, 0.97, 0.0};
  RowMatrixD Y(500, 7);
  for (Index i = 0; i < 500; ++i)
    for (Index j = 0; j < 7; ++j)
      Y(i, j) = std::uniform_real_distribution<double>(0, 1)(rng) < rates[j] ? 1 : 0;
  for (double most : {0.5, 0.75, 0.9, 0.99}) {
    ClassWeightSpec spec;
    spec.kind = ClassWeightSpec::Kind::Capped;
    spec.most = most;
    const RowMatrixD W = label_weight_matrix(spec, Y);
    const RowMatrixD want = weight_matrix_qa(Y, most);
    ASSERT_EQ(W.rows(), 500);
    ASSERT_EQ(W.cols(), 7);
    for (Index i = 0; i < 500; ++i)
      for (Index j = 0; j < 7; ++j)
        ASSERT_NEAR(W(i, j), want(i, j), 1e-13 * want(i, j))
            << "most " << most << " row " << i << " label " << j;
  }
  // Balanced and effective are undefined on the column of 0s: the error names it.
  const std::string m =
      testing::error_message([&] { label_weight_matrix(parse_class_weight("balanced"), Y); });
  EXPECT_NE(m.find("label column 6"), std::string::npos) << m;
  EXPECT_THROW(label_weight_matrix(parse_class_weight("balanced"), Y), InputError);
  EXPECT_THROW(label_weight_matrix(parse_class_weight("effective:0.99"), Y), InputError);
  // Without it, balanced weighs each column as a binary problem.
  const RowMatrixD Y6 = Y.leftCols(6);
  const RowMatrixD B = label_weight_matrix(parse_class_weight("balanced"), Y6);
  for (Index j = 0; j < 6; ++j) {
    const double pos = Y6.col(j).sum(), neg = 500 - pos;
    for (Index i = 0; i < 500; ++i)
      ASSERT_DOUBLE_EQ(B(i, j), Y6(i, j) == 1 ? 500 / (2 * pos) : 500 / (2 * neg));
  }
}

TEST(ClassWeights, ManualMultiLabelAppliesOneMapToEveryColumn) {
  RowMatrixD Y(3, 2);
  Y << 1, 0, 0, 0, 1, 1;
  const RowMatrixD W = label_weight_matrix(parse_class_weight("0:0.5,1:4"), Y);
  RowMatrixD want(3, 2);
  want << 4, 0.5, 0.5, 0.5, 4, 4;
  EXPECT_EQ(W, want);
  EXPECT_MESSAGE_HAS(label_weight_matrix(parse_class_weight("0:1"), Y),
                     "no weight given for class 1");
  EXPECT_MESSAGE_HAS(label_weight_matrix(parse_class_weight("0:1,1:2,2:3"), Y), "class 2");
  EXPECT_THROW(label_weight_matrix(parse_class_weight("0:1,1:2,2:3"), Y), ConfigError);
}

TEST(ClassWeights, EffectiveNumberWeights) {
  // Counts 600, 30, 5 with BETA = 0.99: w_c proportional to (1 - BETA) / (1 - BETA^n_c), scaled
  // to sum to 3.
  Labels y;
  y.insert(y.end(), 600, 0);
  y.insert(y.end(), 30, 1);
  y.insert(y.end(), 5, 2);
  const double beta = 0.99;
  const auto w = class_weights(parse_class_weight("effective:0.99"), {0, 1, 2}, y);
  double raw[3], sum = 0;
  const int n[3] = {600, 30, 5};
  for (int c = 0; c < 3; ++c) sum += raw[c] = (1 - beta) / (1 - std::pow(beta, n[c]));
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(w[static_cast<std::size_t>(c)], 3 * raw[c] / sum, 1e-12);
  EXPECT_NEAR(w[0] + w[1] + w[2], 3.0, 1e-12);
  EXPECT_LT(w[0], w[1]);
  EXPECT_LT(w[1], w[2]);
  // BETA = 0: every class weighs 1; BETA near 1: the ratios approach balanced's (1 / n_c).
  EXPECT_EQ(class_weights(parse_class_weight("effective:0"), {0, 1, 2}, y),
            (std::vector<double>{1, 1, 1}));
  const auto near1 = class_weights(parse_class_weight("effective:0.9999999"), {0, 1, 2}, y);
  EXPECT_NEAR(near1[2] / near1[0], 600.0 / 5, 0.01);
  EXPECT_THROW(class_weights(parse_class_weight("effective:0.9"), {0, 1, 2, 3}, y), InputError);
  for (const char* bad : {"effective:1", "effective:-0.1", "effective:2"})
    EXPECT_MESSAGE_HAS(parse_class_weight(bad), "BETA must lie in [0, 1)");
}

TEST(ClassWeights, ParseErrorsSayWhatIsWrongAndListTheForms) {
  EXPECT_MESSAGE_HAS(
      parse_class_weight("0:1,1:x"),
      "class_weight '0:1,1:x': '1:x' is not CLASS:WEIGHT with a class label and a number");
  EXPECT_MESSAGE_HAS(parse_class_weight("0:1,1:x"), "valid forms: none, balanced");
  EXPECT_MESSAGE_HAS(parse_class_weight("heavy"), "unknown class weighting");
  EXPECT_MESSAGE_HAS(parse_class_weight("Balanced"), "unknown class weighting");
  EXPECT_MESSAGE_HAS(parse_class_weight("capped"), "capped needs MOST, e.g. capped:0.9");
  EXPECT_MESSAGE_HAS(parse_class_weight("capped:high"), "MOST 'high' is not a number");
  EXPECT_MESSAGE_HAS(parse_class_weight("effective:"), "BETA '' is not a number");
  EXPECT_MESSAGE_HAS(parse_class_weight("0:1,,1:2"), "an empty CLASS:WEIGHT item");
  EXPECT_MESSAGE_HAS(parse_class_weight("0:1,1:2,"), "an empty CLASS:WEIGHT item");
  EXPECT_MESSAGE_HAS(parse_class_weight("0:1,0:2"), "class 0 is given twice");
  EXPECT_MESSAGE_HAS(parse_class_weight("0:1,1:-3"), "negative weight");
  EXPECT_MESSAGE_HAS(parse_class_weight("0.5:1"), "'0.5:1' is not CLASS:WEIGHT");
  EXPECT_MESSAGE_HAS(parse_class_weight("0:1,1:inf"), "'1:inf' is not CLASS:WEIGHT");
  for (const char* bad : {"", "0", "0:", ":1", "0:1;1:2", "capped:0.9x", "none:1"})
    EXPECT_THROW(parse_class_weight(bad), ConfigError) << bad;
}

TEST(ClassWeights, TextRoundTripsExactly) {
  for (const char* s : {"-3:0.1,2:1e-07,17:123456.789", "capped:0.9375", "effective:0.9999",
                        "0:0.30000000000000004,1:48.959608323133416"}) {
    const ClassWeightSpec spec = parse_class_weight(s);
    EXPECT_EQ(spec.to_string(), s);
    const ClassWeightSpec again = parse_class_weight(spec.to_string());
    EXPECT_EQ(again.kind, spec.kind);
    EXPECT_EQ(again.manual, spec.manual);
    EXPECT_EQ(again.most, spec.most);
    EXPECT_EQ(again.beta, spec.beta);
  }
  EXPECT_EQ(parse_class_weight(" 0 : 1 , 1 : 2 ").to_string(), "0:1,1:2");  // spaces tolerated
}

TEST(ClassWeights, SampleWeightsNameAnUnknownLabel) {
  const VectorD w = sample_weights_from_classes({3, 8}, {0.25, 4}, {8, 3, 3});
  EXPECT_EQ(w, (VectorD(3) << 4, 0.25, 0.25).finished());
  EXPECT_MESSAGE_HAS(sample_weights_from_classes({3, 8}, {0.25, 4}, {8, 5}), "label 5");
  EXPECT_THROW(sample_weights_from_classes({3, 8}, {0.25}, {8}), InputError);
}

TEST(ClassWeights, KerasDictionaryText) {
  EXPECT_EQ(format_class_weight_dict({0, 1}, {1.0, 200.0}), "{0: 1.0, 1: 200.0}");
  EXPECT_EQ(format_class_weight_dict({0, 1}, {80000.0 / (2 * 79183), 80000.0 / (2 * 817)}),
            "{0: 0.5051589356301226, 1: 48.959608323133416}");
  // Python's repr: exponent notation below 1e-4 and from 1e16, negative labels as they are.
  EXPECT_EQ(format_class_weight_dict({-1, 7}, {0.0001, 1e-5}), "{-1: 0.0001, 7: 1e-05}");
  EXPECT_EQ(format_class_weight_dict({0, 1}, {1e16, 123456789.0}), "{0: 1e+16, 1: 123456789.0}");
  EXPECT_EQ(format_class_weight_dict({}, {}), "{}");
  EXPECT_THROW(format_class_weight_dict({0, 1}, {1.0}), InputError);
}

}  // namespace
}  // namespace rarenet
