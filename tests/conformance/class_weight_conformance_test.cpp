// Class weights against scikit-learn itself: compute_class_weight("balanced") and the dictionary
// Keras's class_weight receives, as Python prints it.
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <random>

#include "rarenet/class_weights.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

Labels with_counts(const std::vector<std::pair<std::int64_t, int>>& counts) {
  Labels y;
  for (const auto& [label, count] : counts)
    y.insert(y.end(), static_cast<std::size_t>(count), label);
  return y;
}

TEST(ClassWeightConformance, BalancedEqualsScikitLearnOnManyLabelSets) {
  RARENET_REQUIRE_PYTHON("numpy,sklearn", "python3-sklearn");
  std::vector<Labels> ys = {
      with_counts({{0, 79183}, {1, 817}}),  // the tutorial's training split
      with_counts({{0, 8982}, {1, 380}}),   // the Q&A's first data set
      {0, 0, 0, 1},                         // tiny
      {1, 0, 1, 0},                         // already balanced: all weights 1
      {3, 7, 7, 1, 1, 1, 7, 3, 3, 3, 3},    // non-contiguous, three classes
      with_counts({{-5, 3}, {2, 1000}, {40, 17}, {1000000007, 1}}),  // negative and huge labels
  };
  // Random label sets with many classes and uneven counts.
  std::mt19937_64 rng(20240601);
  for (int t = 0; t < 6; ++t) {
    const int k = 2 + t * 3;
    std::vector<std::int64_t> labels;
    for (int c = 0; c < k; ++c) labels.push_back(static_cast<std::int64_t>(rng() % 1000) - 300);
    Labels y;
    for (int c = 0; c < k; ++c)  // every label at least once; counts spread over 1..~2000
      y.insert(y.end(), 1 + rng() % (c % 3 == 0 ? 7 : 2000), labels[static_cast<std::size_t>(c)]);
    std::shuffle(y.begin(), y.end(), rng);
    ys.push_back(y);
  }
  json requests = json::array();
  for (const Labels& y : ys)
    requests.push_back({{"op", "balanced"}, {"classes", unique_labels(y)}, {"y", y}});
  const json replies = testing::ask_oracle("sklearn_class_weight.py", requests);
  ASSERT_EQ(replies.size(), ys.size());
  for (std::size_t t = 0; t < ys.size(); ++t) {
    const auto classes = unique_labels(ys[t]);
    ASSERT_FALSE(replies[t].contains("error")) << replies[t];
    const auto want = replies[t].at("weights").get<std::vector<double>>();
    const auto got = compute_class_weight_balanced(classes, ys[t]);
    ASSERT_EQ(got.size(), want.size()) << "label set " << t;
    for (std::size_t c = 0; c < got.size(); ++c)
      EXPECT_NEAR(got[c], want[c], 1e-12 * want[c])
          << "label set " << t << ", class " << classes[c];
    // The strategy entry point gives the same numbers, and prints the same dictionary.
    ClassWeightSpec balanced;
    balanced.kind = ClassWeightSpec::Kind::Balanced;
    EXPECT_EQ(class_weights(balanced, classes, ys[t]), got);
    EXPECT_EQ(format_class_weight_dict(classes, want), replies[t].at("dict").get<std::string>());
  }
}

TEST(ClassWeightConformance, ClassesInAnyOrderAsScikitLearn) {
  RARENET_REQUIRE_PYTHON("numpy,sklearn", "python3-sklearn");
  const Labels y = {5, 5, 5, 5, 9, 2, 2};
  const std::vector<std::int64_t> classes = {9, 2, 5};  // scikit-learn answers in this order
  const json reply =
      testing::ask_oracle("sklearn_class_weight.py",
                          json::array({{{"op", "balanced"}, {"classes", classes}, {"y", y}}}))[0];
  const auto want = reply.at("weights").get<std::vector<double>>();
  const auto got = compute_class_weight_balanced(classes, y);
  ASSERT_EQ(got.size(), 3u);
  for (std::size_t c = 0; c < 3; ++c) EXPECT_NEAR(got[c], want[c], 1e-12 * want[c]);
}

TEST(ClassWeightConformance, RejectsWhatScikitLearnRejects) {
  RARENET_REQUIRE_PYTHON("numpy,sklearn", "python3-sklearn");
  // A class with no rows, and a label that is not a class.
  const json replies = testing::ask_oracle(
      "sklearn_class_weight.py", json::array({
                                     {{"op", "balanced"}, {"classes", {0, 1, 2}}, {"y", {0, 1, 1}}},
                                     {{"op", "balanced"}, {"classes", {0, 1}}, {"y", {0, 1, 2}}},
                                 }));
  EXPECT_TRUE(replies[0].contains("error"));
  EXPECT_TRUE(replies[1].contains("error"));
  EXPECT_THROW(compute_class_weight_balanced({0, 1, 2}, {0, 1, 1}), InputError);
  EXPECT_THROW(compute_class_weight_balanced({0, 1}, {0, 1, 2}), InputError);
}

TEST(ClassWeightConformance, TutorialWeightsAsPythonPrintsThem) {
  // The tutorial's training labels: 79,183 of class 0 and 817 of class 1. The text is what
  // scikit-learn 1.2.1 gives (measured), so it holds without the oracle too.
  const Labels y = with_counts({{0, 79183}, {1, 817}});
  const auto w = compute_class_weight_balanced({0, 1}, y);
  EXPECT_EQ(w[0], 0.5051589356301226);
  EXPECT_EQ(w[1], 48.959608323133416);
  EXPECT_EQ(format_class_weight_dict({0, 1}, w), "{0: 0.5051589356301226, 1: 48.959608323133416}");
}

TEST(ClassWeightConformance, DictionaryNumbersAsPythonRepr) {
  RARENET_REQUIRE_PYTHON("numpy,sklearn", "python3-sklearn");
  // Python switches to exponent notation below 1e-4 and from 1e16; integral values keep ".0".
  std::vector<double> values = {0.0,
                                -0.0,
                                1.0,
                                200.0,
                                0.1,
                                1.0 / 3,
                                1e-4,
                                9.9e-5,
                                1e-5,
                                1.5e-7,
                                1e15,
                                9999999999999998.0,
                                1e16,
                                1.5e16,
                                1.2345678901234568e+17,
                                1e22,
                                1e300,
                                5e-324,
                                2.5e-308,
                                123456.789,
                                1234500000.0,
                                -48.959608323133416,
                                std::numeric_limits<double>::max(),
                                0.5051589356301226};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {  // random magnitudes across the whole range of exponents
    std::uniform_real_distribution<double> mant(1.0, 10.0);
    std::uniform_int_distribution<int> exp(-30, 30);
    values.push_back(mant(rng) * std::pow(10.0, exp(rng)));
  }
  std::vector<std::int64_t> classes;
  for (std::size_t i = 0; i < values.size(); ++i)
    classes.push_back(static_cast<std::int64_t>(i) - 3);
  const json reply = testing::ask_oracle(
      "sklearn_class_weight.py",
      json::array({{{"op", "dict"}, {"classes", classes}, {"weights", values}}}))[0];
  EXPECT_EQ(format_class_weight_dict(classes, values), reply.at("dict").get<std::string>());
}

}  // namespace
}  // namespace rarenet
