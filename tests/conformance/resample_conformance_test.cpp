// The samplers against imbalanced-learn 0.10 (tests/oracle/imblearn_resample.py): for the same
// data, parameters and random_state, the same rows in the same order (indices identical for the
// random samplers) and synthetic rows equal to 1e-12 relative. The data include exact ties in the
// neighbour search (duplicated rows, points on an integer grid) on both of scikit-learn's search
// paths (kd-tree and brute force), multi-class targets and every kind of sampling_strategy.
#include <cmath>

#include "../../src/resample/neighbors.hpp"
#include "rarenet/random.hpp"
#include "rarenet/resample.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

json to_json(const RowMatrixD& X) {
  json rows = json::array();
  for (Index i = 0; i < X.rows(); ++i)
    rows.push_back(std::vector<double>(X.row(i).data(), X.row(i).data() + X.cols()));
  return rows;
}

struct Data {
  RowMatrixD X;
  Labels y;
};

// Gaussian clouds, one per class, centred `sep` apart along each axis in turn; `grid`: values
// rounded to integers (many exact ties); `dup`: every 5th row duplicated from the row before.
Data blobs(std::uint32_t seed, const std::vector<int>& counts, Index d, double sep, bool grid,
           bool dup = false) {
  RandomState rs(seed);
  Index n = 0;
  for (int c : counts) n += c;
  Data out{RowMatrixD(n, d), Labels(static_cast<std::size_t>(n))};
  Index i = 0;
  for (std::size_t c = 0; c < counts.size(); ++c)
    for (int r = 0; r < counts[c]; ++r, ++i) {
      out.y[i] = static_cast<std::int64_t>(c);
      for (Index j = 0; j < d; ++j) {
        double v = rs.standard_normal() * (grid ? 1.5 : 1.0) +
                   (static_cast<Index>(c) % d == j ? sep * (1 + c / d) : 0.0);
        if (grid) v = std::nearbyint(v);
        out.X(i, j) = v;
      }
      if (dup && r > 0 && r % 5 == 0) out.X.row(i) = out.X.row(i - 1);
    }
  // Interleave the classes (imbalanced-learn takes rows by class in row order).
  RandomState shuffle(seed + 1000);
  const auto perm = shuffle.permutation(n);
  Data mixed{RowMatrixD(n, d), Labels(static_cast<std::size_t>(n))};
  for (Index k = 0; k < n; ++k) {
    mixed.X.row(k) = out.X.row(perm[k]);
    mixed.y[k] = out.y[perm[k]];
  }
  return mixed;
}

struct Case {
  std::string name;
  Data data;
  std::string method;
  SamplingStrategy strategy;
  json strategy_json;
  std::uint32_t random_state = 0;
  int k = 5, m = 10, kind = 1;
  bool replacement = false;
};

ResampleResult run_case(const Case& c) {
  ResampleSpec spec;
  spec.method = c.method;
  spec.sampling_strategy = c.strategy;
  spec.random_state = c.random_state;
  spec.k_neighbors = c.k;
  spec.m_neighbors = c.m;
  spec.kind = c.kind;
  spec.replacement = c.replacement;
  return resample(spec, c.data.X, c.data.y);
}

SamplingStrategy named(const std::string& s) {
  return SamplingStrategy::parse(s);
}

std::vector<Case> cases() {
  std::vector<Case> out;
  auto add = [&](std::string name, Data d, std::string method, std::string strategy,
                 json strategy_json, std::uint32_t seed, int k = 5, int m = 10, int kind = 1,
                 bool replacement = false) {
    out.push_back({std::move(name), std::move(d), std::move(method), named(strategy),
                   std::move(strategy_json), seed, k, m, kind, replacement});
  };
  const Data bin2 = blobs(1, {170, 30}, 2, 2.0, false);          // kd-tree (2 features)
  const Data bin20 = blobs(2, {300, 40}, 20, 1.5, false);        // brute force (> 15 features)
  const Data grid3 = blobs(3, {250, 45}, 3, 1.0, true, true);    // ties, kd-tree
  const Data grid18 = blobs(4, {200, 30}, 18, 1.0, true, true);  // ties, brute force
  const Data small = blobs(5, {40, 9}, 2, 1.0, true, true);      // k >= n // 2: brute force
  const Data multi = blobs(6, {150, 60, 25, 12}, 3, 1.5, false);
  const Data multi_grid = blobs(7, {120, 50, 20}, 4, 1.0, true, true);
  const Data overlap = blobs(8, {400, 60}, 2, 0.8, false);  // borderline rows exist
  const Data overlap20 = blobs(9, {300, 50}, 17, 0.6, false);

  for (std::uint32_t seed : {0u, 42u}) {
    add("smote kd", bin2, "smote", "auto", "auto", seed);
    add("smote brute", bin20, "smote", "0.5", 0.5, seed, 3);
    add("smote ties kd", grid3, "smote", "auto", "auto", seed, 5);
    add("smote ties brute", grid18, "smote", "0.8", 0.8, seed, 7);
    add("smote small class", small, "smote", "auto", "auto", seed, 4);
    add("smote multi", multi, "smote", "not majority", "not majority", seed, 5);
    add("smote multi all", multi_grid, "smote", "all", "all", seed, 3);
    add("smote dict", multi, "smote", "1:80;2:60;3:12", json{{"1", 80}, {"2", 60}, {"3", 12}}, seed,
        4);
    add("smote minority", multi_grid, "smote", "minority", "minority", seed, 2);
    for (int kind : {1, 2}) {
      const std::string b = "borderline-" + std::to_string(kind);
      add(b, overlap, "borderline-smote", "auto", "auto", seed, 5, 10, kind);
      add(b + " brute", overlap20, "borderline-smote", "0.6", 0.6, seed, 4, 8, kind);
      add(b + " ties", grid3, "borderline-smote", "auto", "auto", seed, 5, 10, kind);
      add(b + " multi", multi, "borderline-smote", "not majority", "not majority", seed, 3, 6,
          kind);
    }
    add("adasyn", overlap, "adasyn", "auto", "auto", seed);
    add("adasyn brute", overlap20, "adasyn", "0.7", 0.7, seed, 4);
    add("adasyn ties", grid3, "adasyn", "auto", "auto", seed, 6);
    add("adasyn multi", multi, "adasyn", "not majority", "not majority", seed, 5);
    add("random-over", multi, "random-over", "auto", "auto", seed);
    add("random-over ratio", bin2, "random-over", "0.4", 0.4, seed);
    add("random-over dict", multi, "random-over", "0:150;3:100", json{{"0", 150}, {"3", 100}},
        seed);
    add("random-under", multi, "random-under", "auto", "auto", seed);
    add("random-under majority", multi, "random-under", "majority", "majority", seed);
    add("random-under ratio", bin2, "random-under", "0.5", 0.5, seed);
    add("random-under dict", multi, "random-under", "0:30;1:25", json{{"0", 30}, {"1", 25}}, seed);
    add("random-under replacement", multi, "random-under", "not minority", "not minority", seed, 5,
        10, 1, true);
  }
  return out;
}

TEST(ResampleConformance, SameRowsAsImbalancedLearn) {
  const std::vector<Case> all = cases();
  json requests = json::array();
  for (const Case& c : all)
    requests.push_back({{"method", c.method},
                        {"X", to_json(c.data.X)},
                        {"y", c.data.y},
                        {"sampling_strategy", c.strategy_json},
                        {"random_state", c.random_state},
                        {"k", c.k},
                        {"m", c.m},
                        {"kind", c.kind},
                        {"replacement", c.replacement}});
  const json replies = testing::ask_oracle("imblearn_resample.py", requests);
  ASSERT_TRUE(replies.is_array());
  ASSERT_EQ(replies.size(), all.size());
  int synthetic_cases = 0;
  for (std::size_t n = 0; n < all.size(); ++n) {
    const Case& c = all[n];
    const json& r = replies[n];
    SCOPED_TRACE(c.name + " (random_state " + std::to_string(c.random_state) + ")");
    ASSERT_FALSE(r.contains("error")) << r["error"];
    const ResampleResult got = run_case(c);
    const auto want_y = r["y"].get<Labels>();
    ASSERT_EQ(got.y, want_y);
    ASSERT_EQ(got.X.rows(), static_cast<Index>(r["X"].size()));
    if (r.contains("sample_indices")) {
      EXPECT_EQ(got.source_a, r["sample_indices"].get<std::vector<std::int64_t>>());
    }
    if (got.n_synthetic() > 0) ++synthetic_cases;
    int bad = 0;
    for (Index i = 0; i < got.X.rows(); ++i)
      for (Index j = 0; j < got.X.cols(); ++j) {
        const double want = r["X"][i][j].get<double>();
        if (std::fabs(got.X(i, j) - want) > 1e-12 * std::max(1.0, std::fabs(want)) && bad++ < 5)
          ADD_FAILURE() << "row " << i << " column " << j << ": " << got.X(i, j) << " vs " << want;
      }
  }
  EXPECT_GT(synthetic_cases, 30);
}

// The neighbour search alone, tie-heavy, on both paths, and with few queries against many
// fitted rows (scikit-learn's parallel-on-fitted-rows strategy).
TEST(ResampleConformance, NeighboursInScikitLearnsOrder) {
  struct Q {
    Data fit, query;
    int k;
  };
  std::vector<Q> qs;
  const Data g2 = blobs(11, {300}, 2, 0, true, true);
  const Data g16 = blobs(12, {700}, 16, 0, true, true);
  const Data c3 = blobs(13, {500}, 3, 0, false);
  qs.push_back({g2, g2, 6});
  qs.push_back({g2, blobs(14, {40}, 2, 0, true), 11});
  qs.push_back({g16, blobs(15, {60}, 16, 0, true), 9});  // brute, split over fitted rows
  qs.push_back({g16, g16, 6});                           // brute, split over queries
  qs.push_back({c3, c3, 250});                           // k >= n // 2: brute
  qs.push_back({c3, blobs(16, {30}, 3, 0, false), 31});  // kd-tree, deep heap
  json requests = json::array();
  for (const Q& q : qs)
    requests.push_back({{"method", "kneighbors"},
                        {"fit", to_json(q.fit.X)},
                        {"query", to_json(q.query.X)},
                        {"k", q.k}});
  // scikit-learn's brute-force distances are matrix products: ties must fall the same way
  // whichever BLAS numpy runs on.
  RARENET_REQUIRE_BOTH_BLAS(blases);
  for (const auto& blas : blases) {
    SCOPED_TRACE("numpy on the " + blas.name);
    const json replies = testing::ask_oracle("imblearn_resample.py", requests, &blas);
    ASSERT_TRUE(replies.is_array());
    for (std::size_t n = 0; n < qs.size(); ++n) {
      const Q& q = qs[n];
      SCOPED_TRACE("query set " + std::to_string(n) + " (" +
                   replies[n]["method"].get<std::string>() + ")");
      EXPECT_EQ(detail::uses_brute_force(q.fit.X.rows(), q.fit.X.cols(), q.k),
                replies[n]["method"] == "brute");
      const auto got = detail::kneighbors(q.fit.X, q.query.X, q.k);
      int bad = 0;
      for (Index i = 0; i < q.query.X.rows(); ++i)
        for (int j = 0; j < q.k; ++j)
          if (got[i * q.k + j] != replies[n]["indices"][i][j].get<std::int64_t>() && bad++ < 5)
            ADD_FAILURE() << "query " << i << " neighbour " << j << ": " << got[i * q.k + j]
                          << " vs " << replies[n]["indices"][i][j];
    }
  }
}

// Where imbalanced-learn refuses, rarenet refuses too.
TEST(ResampleConformance, RefusesWhatImbalancedLearnRefuses) {
  const Data small = blobs(21, {30, 4}, 2, 2.0, false);
  std::vector<Case> bad = {
      {"k larger than the class", small, "smote", named("auto"), "auto", 0, 5},
      {"ratio removes rows", small, "smote", named("0.05"), 0.05, 0, 2},
      {"under ratio adds rows", small, "random-under", named("0.05"), 0.05, 0},
      {"dict below count", small, "random-over", named("1:2"), json{{"1", 2}}, 0},
  };
  json requests = json::array();
  for (const Case& c : bad)
    requests.push_back({{"method", c.method},
                        {"X", to_json(c.data.X)},
                        {"y", c.data.y},
                        {"sampling_strategy", c.strategy_json},
                        {"k", c.k}});
  const json replies = testing::ask_oracle("imblearn_resample.py", requests);
  ASSERT_TRUE(replies.is_array());
  for (std::size_t n = 0; n < bad.size(); ++n) {
    SCOPED_TRACE(bad[n].name);
    EXPECT_TRUE(replies[n].contains("error"));
    EXPECT_NE(testing::error_message([&] { run_case(bad[n]); }), "(no error)");
  }
}

}  // namespace
}  // namespace rarenet
