// make_multilabel_classification against scikit-learn itself: every value equal, on
// configurations that take each path (few and many labels per row, both Poisson methods, label
// sets whose Python iteration order is not sorted, a single class, unlabelled rows refused).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rarenet/make_classification.hpp"
#include "rarenet/random.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

json to_sklearn(const MakeMultilabelParams& p) {
  return {{"n_samples", p.n_samples},
          {"n_features", p.n_features},
          {"n_classes", p.n_classes},
          {"n_labels", p.n_labels},
          {"length", p.length},
          {"allow_unlabeled", p.allow_unlabeled},
          {"random_state", p.random_state}};
}

std::vector<MakeMultilabelParams> cases() {
  std::vector<MakeMultilabelParams> out;
  out.push_back({});  // scikit-learn's defaults, seed 0
  out.push_back({.n_samples = 300,
                 .n_features = 12,
                 .n_classes = 3,
                 .n_labels = 1,
                 .length = 8,
                 .allow_unlabeled = false,
                 .random_state = 4});
  // Up to 40 classes and about 15 labels a row: sets of up to 40 elements, whose iteration order
  // after collisions and table growth is not sorted; Poisson draws above 10 use PTRS.
  out.push_back({.n_samples = 150,
                 .n_features = 30,
                 .n_classes = 40,
                 .n_labels = 15,
                 .length = 120,
                 .random_state = 7});
  out.push_back({.n_samples = 200,
                 .n_features = 25,
                 .n_classes = 21,
                 .n_labels = 3,
                 .length = 30,
                 .random_state = 12});
  out.push_back({.n_samples = 50,
                 .n_features = 3000,
                 .n_classes = 5,
                 .n_labels = 2,
                 .length = 400,
                 .random_state = 1});  // long rows of many features
  out.push_back({.n_samples = 120,
                 .n_features = 7,
                 .n_classes = 1,
                 .n_labels = 0.5,
                 .length = 3,
                 .random_state = 9});  // one class: sums over one column
  out.push_back({.n_samples = 80,
                 .n_features = 1,
                 .n_classes = 4,
                 .n_labels = 0,
                 .length = 2,
                 .random_state = 3});  // unlabelled rows: noise words
  return out;
}

TEST(MakeMultilabelConformance, EqualsScikitLearn) {
  RARENET_REQUIRE_PYTHON("sklearn", "python3-sklearn");
  const auto all = cases();
  json request = json::array();
  for (const auto& p : all) request.push_back(to_sklearn(p));
  const json replies = testing::ask_oracle("sklearn_multilabel.py", request);
  ASSERT_EQ(replies.size(), all.size());
  for (std::size_t c = 0; c < all.size(); ++c) {
    const MultilabelData got = make_multilabel_classification(all[c]);
    const json& X = replies[c].at("X");
    const json& Y = replies[c].at("Y");
    ASSERT_EQ(got.X.rows(), static_cast<Index>(X.size())) << "case " << c;
    ASSERT_EQ(got.Y.cols(), all[c].n_classes);
    for (Index i = 0; i < got.X.rows(); ++i) {
      for (Index j = 0; j < got.X.cols(); ++j)
        ASSERT_EQ(got.X(i, j), X[i][j].get<double>()) << "case " << c << " X[" << i << ", " << j;
      for (Index j = 0; j < got.Y.cols(); ++j)
        ASSERT_EQ(got.Y(i, j), Y[i][j].get<double>()) << "case " << c << " Y[" << i << ", " << j;
    }
  }
}

TEST(MakeMultilabelConformance, ValidationErrorsAsScikitLearn) {
  RARENET_REQUIRE_PYTHON("sklearn", "python3-sklearn");
  MakeMultilabelParams no_classes, no_length;
  no_classes.n_classes = 0;
  no_length.length = 0;
  const json replies = testing::ask_oracle(
      "sklearn_multilabel.py", json::array({to_sklearn(no_classes), to_sklearn(no_length)}));
  EXPECT_EQ(testing::error_message([&] { make_multilabel_classification(no_classes); }),
            replies[0].at("error").get<std::string>());
  EXPECT_EQ(testing::error_message([&] { make_multilabel_classification(no_length); }),
            replies[1].at("error").get<std::string>());
}

// numpy's legacy Poisson draws, both methods, against numpy itself.
TEST(RandomStateConformance, PoissonEqualsNumpy) {
  RARENET_REQUIRE_PYTHON("numpy", "python3-numpy");
  const std::vector<double> lams = {0.0, 0.3, 2.0, 9.99, 10.0, 15.0, 50.0, 1234.5};
  const auto r =
      testing::run(testing::kPython +
                       " -c \"import numpy as np, json; r = "
                       "np.random.RandomState(42); print(json.dumps([r.poisson(l, size=200)"
                       ".tolist() for l in " +
                       json(lams).dump() + "]))\"",
                   "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json expected = json::parse(r.out);
  RandomState rng(42);
  for (std::size_t l = 0; l < lams.size(); ++l)
    for (std::size_t i = 0; i < 200; ++i)
      ASSERT_EQ(rng.poisson(lams[l]), expected[l][i].get<std::int64_t>())
          << "lam " << lams[l] << " draw " << i;
}

}  // namespace
}  // namespace rarenet
