// make_classification, train_test_split, StratifiedKFold, compute_class_weight and
// StandardScaler against scikit-learn itself.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "rarenet/class_weights.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/scaler.hpp"
#include "rarenet/split.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

json to_sklearn_params(const MakeClassificationParams& p) {
  json j = {{"n_samples", p.n_samples},
            {"n_features", p.n_features},
            {"n_informative", p.n_informative},
            {"n_redundant", p.n_redundant},
            {"n_repeated", p.n_repeated},
            {"n_classes", p.n_classes},
            {"n_clusters_per_class", p.n_clusters_per_class},
            {"flip_y", p.flip_y},
            {"class_sep", p.class_sep},
            {"hypercube", p.hypercube},
            {"shuffle", p.shuffle},
            {"random_state", p.random_state}};
  j["weights"] = p.weights.empty() ? json(nullptr) : json(p.weights);
  j["shift"] = p.shift ? json(*p.shift) : json(nullptr);
  j["scale"] = p.scale ? json(*p.scale) : json(nullptr);
  return j;
}

MakeClassificationParams tutorial_params() {
  MakeClassificationParams p;
  p.n_samples = 100000;
  p.n_features = 2;
  p.n_informative = 2;
  p.n_redundant = 0;
  p.n_clusters_per_class = 1;
  p.weights = {0.995, 0.005};
  p.class_sep = 0.5;
  return p;
}

std::vector<MakeClassificationParams> generator_cases() {
  std::vector<MakeClassificationParams> cases;
  MakeClassificationParams p;  // scikit-learn's defaults
  cases.push_back(p);
  p = {};
  p.n_samples = 500, p.n_features = 20, p.n_informative = 5, p.n_redundant = 3, p.n_repeated = 2;
  p.n_classes = 3, p.random_state = 7;
  cases.push_back(p);
  p = {};
  p.n_samples = 300, p.n_features = 10, p.n_informative = 4, p.n_redundant = 2, p.n_repeated = 1;
  p.n_classes = 4, p.class_sep = 0.8, p.hypercube = false, p.shift = std::nullopt;
  p.scale = std::nullopt, p.random_state = 3;
  cases.push_back(p);
  p = {};
  p.n_samples = 200, p.n_features = 40, p.n_informative = 35, p.n_redundant = 2, p.n_repeated = 1;
  p.random_state = 1;  // more than 30 informative features: the split hypercube path
  cases.push_back(p);
  p = {};
  p.n_samples = 250, p.n_features = 6, p.n_informative = 3, p.n_redundant = 1, p.n_classes = 3;
  p.n_clusters_per_class = 1, p.weights = {0.7, 0.2}, p.flip_y = 0.05, p.shuffle = false;
  p.shift = 2.5, p.scale = 0.5, p.random_state = 11;
  cases.push_back(p);
  p = {};
  p.n_samples = 64, p.n_features = 5, p.n_informative = 3, p.n_redundant = 0, p.n_classes = 2;
  p.n_clusters_per_class = 4, p.random_state = 5;  // every vertex used: reservoir path
  cases.push_back(p);
  return cases;
}

// Labels identical; features equal to 1e-12 relative. The generator sums X @ A in the reference
// BLAS's order and is bit-identical to numpy on it, but numpy on OpenBLAS (or MKL) rounds its
// products differently in the last bit or two, so exact equality would test the BLAS, not us.
// scikit-learn runs once on each BLAS installed (the reference one and OpenBLAS at least).
TEST(MakeClassificationConformance, EqualsScikitLearnWhateverItsBlas) {
  RARENET_REQUIRE_PYTHON("sklearn", "python3-sklearn");
  RARENET_REQUIRE_BOTH_BLAS(blases);
  const auto cases = generator_cases();
  json requests = json::array();
  for (const auto& p : cases)
    requests.push_back({{"op", "make_classification"}, {"params", to_sklearn_params(p)}});
  for (const auto& blas : blases) {
    SCOPED_TRACE("numpy on the " + blas.name);
    const json replies = testing::ask_oracle("sklearn_data.py", requests, &blas);
    ASSERT_EQ(replies.size(), cases.size());
    for (std::size_t c = 0; c < cases.size(); ++c) {
      const auto& p = cases[c];
      const ClassificationData got = make_classification(p);
      const auto& X = replies[c].at("X");
      ASSERT_EQ(got.X.rows(), static_cast<Index>(X.size()));
      for (Index i = 0; i < got.X.rows(); ++i)
        for (Index j = 0; j < got.X.cols(); ++j)
          ASSERT_NEAR(got.X(i, j), X[i][j].get<double>(),
                      1e-12 * std::max(1.0, std::fabs(X[i][j].get<double>())))
              << "row " << i << " column " << j << " of case " << c;
      EXPECT_EQ(got.y, replies[c].at("y").get<Labels>()) << "case " << c;
    }
  }
}

TEST(MakeClassificationConformance, TutorialDatasetCounts) {
  const ClassificationData d = make_classification(tutorial_params());
  const auto counts = class_counts(d.y, {0, 1});
  EXPECT_EQ(counts[0], 98970);
  EXPECT_EQ(counts[1], 1030);
}

TEST(MakeClassificationConformance, ValidationErrorsAsScikitLearn) {
  MakeClassificationParams p;
  p.n_features = 3, p.n_informative = 2, p.n_redundant = 2;
  EXPECT_THROW(make_classification(p), ConfigError);
  p = {};
  p.n_informative = 1, p.n_classes = 3, p.n_clusters_per_class = 1, p.n_redundant = 0;
  try {
    make_classification(p);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("must be smaller or equal 2**n_informative(1)=2"),
              std::string::npos);
  }
  p = {};
  p.weights = {0.2, 0.3, 0.5, 0.1};
  EXPECT_THROW(make_classification(p), ConfigError);
}

TEST(SplitConformance, TrainTestSplitEqualsScikitLearn) {
  RARENET_REQUIRE_PYTHON("sklearn", "python3-sklearn");
  const ClassificationData d = make_classification(tutorial_params());
  struct Case {
    json params;
    TrainTestSplitParams ours;
    bool stratify;
  };
  std::vector<Case> cases;
  auto add = [&](json params, std::optional<SplitSize> test, std::optional<SplitSize> train,
                 bool shuffle, std::uint32_t seed, bool stratify) {
    TrainTestSplitParams t;
    t.test_size = test;
    t.train_size = train;
    t.shuffle = shuffle;
    t.random_state = seed;
    cases.push_back({params, t, stratify});
  };
  add({{"test_size", 0.2}, {"random_state", 42}}, SplitSize::fraction(0.2), {}, true, 42, false);
  add({{"test_size", 0.2}, {"random_state", 42}}, SplitSize::fraction(0.2), {}, true, 42, true);
  add({{"test_size", 1234}, {"train_size", 5000}, {"random_state", 3}}, SplitSize::count(1234),
      SplitSize::count(5000), true, 3, true);
  add({{"train_size", 0.333}, {"random_state", 0}}, {}, SplitSize::fraction(0.333), true, 0, false);
  add({{"test_size", 0.1}, {"shuffle", false}}, SplitSize::fraction(0.1), {}, false, 0, false);
  for (auto& c : cases) {
    if (c.stratify) c.ours.stratify = &d.y;
    const json expected =
        testing::ask_oracle("sklearn_data.py", {{"op", "train_test_split"},
                                                {"n", d.y.size()},
                                                {"params", c.params},
                                                {"y", c.stratify ? json(d.y) : json(nullptr)}});
    const TrainTestIndices got = train_test_split(static_cast<std::int64_t>(d.y.size()), c.ours);
    EXPECT_EQ(got.train, expected.at("train").get<std::vector<std::int64_t>>()) << c.params.dump();
    EXPECT_EQ(got.test, expected.at("test").get<std::vector<std::int64_t>>()) << c.params.dump();
  }
}

TEST(SplitConformance, TutorialSplitCounts) {
  const ClassificationData d = make_classification(tutorial_params());
  TrainTestSplitParams t;
  t.test_size = SplitSize::fraction(0.2);
  t.random_state = 42;
  const auto idx = train_test_split(100000, t);
  Labels ytr, yte;
  for (auto i : idx.train) ytr.push_back(d.y[i]);
  for (auto i : idx.test) yte.push_back(d.y[i]);
  EXPECT_EQ(class_counts(ytr, {0, 1}), (std::vector<std::int64_t>{79183, 817}));
  EXPECT_EQ(class_counts(yte, {0, 1}), (std::vector<std::int64_t>{19787, 213}));
}

TEST(SplitConformance, SplitErrors) {
  TrainTestSplitParams t;
  t.test_size = SplitSize::fraction(1.5);
  EXPECT_THROW(train_test_split(100, t), ConfigError);
  t.test_size = SplitSize::count(100);
  EXPECT_THROW(train_test_split(100, t), ConfigError);
  Labels y(10, 0);
  y[0] = 1;
  t.test_size = SplitSize::fraction(0.3);
  t.stratify = &y;
  EXPECT_THROW(train_test_split(10, t), InputError);  // a class with one member
}

TEST(StratifiedKFoldConformance, FoldsEqualScikitLearn) {
  RARENET_REQUIRE_PYTHON("sklearn", "python3-sklearn");
  MakeClassificationParams p;
  p.n_samples = 1000, p.n_classes = 3, p.n_informative = 3, p.weights = {0.8, 0.15},
  p.random_state = 2;
  Labels multi = make_classification(p).y;
  Labels binary = make_classification(tutorial_params()).y;
  binary.resize(5000);
  Labels unsorted = {5, 5, 2, 9, 2, 5, 9, 9, 2, 5, 5, 2, 9, 5, 2, 2, 5, 9};
  json requests = json::array();
  std::vector<std::pair<const Labels*, StratifiedKFoldParams>> cases;
  for (const Labels* y : {&multi, &binary, &unsorted})
    for (int k : {2, 3, 5})
      for (bool shuffle : {false, true})
        for (std::uint32_t seed : {0u, 42u}) {
          requests.push_back({{"op", "stratified_kfold"},
                              {"y", *y},
                              {"n_splits", k},
                              {"shuffle", shuffle},
                              {"random_state", seed}});
          cases.push_back({y, {k, shuffle, seed}});
        }
  const json expected = testing::ask_oracle("sklearn_data.py", requests);
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const auto& [y, params] = cases[c];
    EXPECT_EQ(stratified_kfold_test_folds(*y, params),
              expected[c].at("folds").get<std::vector<int>>())
        << "n_splits " << params.n_splits << " shuffle " << params.shuffle << " seed "
        << params.random_state;
  }
}

TEST(StratifiedKFold, TooManySplitsIsAnError) {
  Labels y = {0, 0, 1, 1};
  EXPECT_THROW(stratified_kfold_test_folds(y, {3, false, 0}), InputError);
  EXPECT_THROW(stratified_kfold_test_folds(y, {1, false, 0}), ConfigError);
}

TEST(ClassWeightConformance, BalancedEqualsScikitLearn) {
  RARENET_REQUIRE_PYTHON("sklearn", "python3-sklearn");
  const std::vector<Labels> ys = {
      {0, 0, 0, 1}, {3, 7, 7, 1, 1, 1, 7, 3, 3, 3, 3}, make_classification(tutorial_params()).y};
  for (const Labels& y : ys) {
    const auto classes = unique_labels(y);
    const json expected = testing::ask_oracle(
        "sklearn_data.py", {{"op", "compute_class_weight"}, {"classes", classes}, {"y", y}});
    const auto got = compute_class_weight_balanced(classes, y);
    const auto want = expected.at("weights").get<std::vector<double>>();
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t c = 0; c < got.size(); ++c) EXPECT_NEAR(got[c], want[c], 1e-12 * want[c]);
  }
}

TEST(ScalerConformance, EqualsScikitLearn) {
  RARENET_REQUIRE_PYTHON("sklearn", "python3-sklearn");
  MakeClassificationParams p;
  p.n_samples = 300, p.scale = std::nullopt, p.shift = std::nullopt, p.random_state = 9;
  RowMatrixD X = make_classification(p).X;
  X.col(3).setConstant(4.25);  // a constant feature keeps scale 1
  json jx = json::array();
  for (Index i = 0; i < X.rows(); ++i)
    jx.push_back(std::vector<double>(X.row(i).data(), X.row(i).data() + X.cols()));
  const json expected =
      testing::ask_oracle("sklearn_data.py", {{"op", "standard_scaler"}, {"X", jx}, {"Z", jx}});
  const StandardScaler s = StandardScaler::fit(X);
  const RowMatrixD Z = s.transform(X);
  for (Index j = 0; j < X.cols(); ++j) {
    EXPECT_NEAR(s.mean(j), expected["mean"][j].get<double>(), 1e-12 * (1 + std::fabs(s.mean(j))));
    EXPECT_NEAR(s.scale(j), expected["scale"][j].get<double>(), 1e-12 * s.scale(j));
    for (Index i = 0; i < X.rows(); ++i)
      EXPECT_NEAR(Z(i, j), expected["Z"][i][j].get<double>(), 1e-10);
  }
}

}  // namespace
}  // namespace rarenet
