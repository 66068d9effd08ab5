// StandardScaler against scikit-learn's (tests/oracle/sklearn_scaler.py): mean, scale and the
// transformed values agree to 1e-12 (relative), constant features included.
#include <cmath>

#include "rarenet/random.hpp"
#include "rarenet/scaler.hpp"
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

bool close(double got, double want, double tol = 1e-12) {
  return std::fabs(got - want) <= tol * std::max(1.0, std::fabs(want));
}

// Columns of different kinds: offsets and spreads far apart, constants, near-constants.
RowMatrixD awkward_matrix(std::uint32_t seed, Index rows) {
  RandomState rng(seed);
  RowMatrixD X(rows, 8);
  for (Index i = 0; i < rows; ++i) {
    X(i, 0) = rng.standard_normal();
    X(i, 1) = 1e6 + 1e-3 * rng.standard_normal();  // large offset, small spread
    X(i, 2) = -3e-8 * rng.uniform(0, 1);           // tiny values
    X(i, 3) = 4.25;                                // constant
    X(i, 4) = 0.1;                                 // constant whose mean is inexact
    X(i, 5) = static_cast<double>(rng.randint(0, 2));
    X(i, 6) = 1e5 + (i == 0 ? 1e-11 : 0.0);  // variance far below the rounding bound
    X(i, 7) = rng.normal(-50, 1e4);
  }
  return X;
}

TEST(ScalerConformance, MatchesScikitLearn) {
  RARENET_REQUIRE_PYTHON("numpy,sklearn", "python3-sklearn");
  const std::vector<std::pair<std::uint32_t, Index>> cases = {{1, 1}, {2, 2}, {3, 37}, {4, 1000}};
  json requests = json::array();
  std::vector<RowMatrixD> fits, tests;
  for (const auto& [seed, rows] : cases) {
    fits.push_back(awkward_matrix(seed, rows));
    tests.push_back(awkward_matrix(seed + 100, 20));
    requests.push_back({{"fit", to_json(fits.back())}, {"transform", to_json(tests.back())}});
  }
  const json replies = testing::ask_oracle("sklearn_scaler.py", requests);
  ASSERT_TRUE(replies.is_array());
  for (std::size_t k = 0; k < cases.size(); ++k) {
    SCOPED_TRACE("case " + std::to_string(k) + " (" + std::to_string(fits[k].rows()) + " rows)");
    const json& r = replies[k];
    const StandardScaler s = StandardScaler::fit(fits[k]);
    const RowMatrixD Z = s.transform(tests[k]);
    for (Index j = 0; j < fits[k].cols(); ++j) {
      const double mean = r["mean"][j].get<double>(), scale = r["scale"][j].get<double>();
      EXPECT_TRUE(close(s.mean(j), mean))
          << "mean of column " << j << ": " << s.mean(j) << " vs " << mean;
      EXPECT_TRUE(close(s.scale(j), scale, 1e-12 * std::max(1.0, 1 / scale)))
          << "scale of column " << j << ": " << s.scale(j) << " vs " << scale;
      EXPECT_EQ(s.scale(j) == 1.0, scale == 1.0) << "constant-feature decision, column " << j;
      for (Index i = 0; i < Z.rows(); ++i)
        EXPECT_TRUE(close(Z(i, j), r["Z"][i][j].get<double>()))
            << "Z(" << i << ", " << j << "): " << Z(i, j) << " vs " << r["Z"][i][j];
    }
  }
}

// Rows for the robust and quantile scalings: a skewed column, a discrete one with many ties (the
// quantile transform's two interpolations then disagree, and their average is what counts),
// a 0/1 column, a constant one; test rows also outside the training range and on its bounds.
RowMatrixD skewed_matrix(std::uint32_t seed, Index rows) {
  RandomState rng(seed);
  RowMatrixD X(rows, 5);
  for (Index i = 0; i < rows; ++i) {
    X(i, 0) = std::exp(2 * rng.standard_normal());
    X(i, 1) = static_cast<double>(rng.randint(0, 7));
    X(i, 2) = rng.random_sample() < 0.1 ? 1.0 : 0.0;
    X(i, 3) = 2.5;
    X(i, 4) = rng.normal(3, 1e3);
  }
  return X;
}

TEST(ScalerConformance, RobustAndQuantileScalingsMatchScikitLearn) {
  RARENET_REQUIRE_PYTHON("numpy,sklearn", "python3-sklearn");
  struct Case {
    std::string kind;  // robust, robust-clip, uniform, normal
    Index rows;
    int n_quantiles;
    std::int64_t subsample;
  };
  const std::vector<Case> cases = {{"robust", 1, 0, 0},
                                   {"robust", 2, 0, 0},
                                   {"robust", 501, 0, 0},
                                   {"robust", 1000, 0, 0},
                                   {"robust-clip", 1000, 0, 0},
                                   {"robust-clip", 7, 0, 0},
                                   {"uniform", 1, 1000, 100000},
                                   {"uniform", 7, 1000, 100000},
                                   {"uniform", 600, 1000, 100000},
                                   {"normal", 600, 1000, 100000},
                                   {"uniform", 3000, 100, 100000},
                                   {"normal", 3000, 37, 100000},
                                   {"normal", 2000, 400, 500},
                                   {"uniform", 900, 10, 300}};
  json requests = json::array();
  std::vector<RowMatrixD> fits, tests;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    fits.push_back(skewed_matrix(static_cast<std::uint32_t>(k + 1), cases[k].rows));
    RowMatrixD T = skewed_matrix(static_cast<std::uint32_t>(k + 50), 30);
    // Test rows at the training minimum and maximum, and beyond them.
    T.row(0) = fits.back().colwise().minCoeff();
    T.row(1) = fits.back().colwise().maxCoeff();
    T.row(2) = fits.back().colwise().minCoeff().array() - 1;
    T.row(3) = fits.back().colwise().maxCoeff().array() + 1;
    T.row(4) = fits.back().row(0);
    tests.push_back(T);
    json r = {{"fit", to_json(fits.back())}, {"transform", to_json(T)}};
    if (cases[k].kind.starts_with("robust")) {
      r["kind"] = cases[k].kind;
    } else {
      r["kind"] = "quantile";
      r["output"] = cases[k].kind;
      r["n_quantiles"] = cases[k].n_quantiles;
      r["subsample"] = cases[k].subsample;
      r["random_state"] = 11;
    }
    requests.push_back(r);
  }
  const json replies = testing::ask_oracle("sklearn_scaler.py", requests);
  ASSERT_TRUE(replies.is_array());
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    SCOPED_TRACE(c.kind + ", " + std::to_string(c.rows) + " rows, n_quantiles " +
                 std::to_string(c.n_quantiles) + ", subsample " + std::to_string(c.subsample));
    const json& r = replies[k];
    const bool robust = c.kind.starts_with("robust");
    const StandardScaler s = robust ? StandardScaler::fit_robust(fits[k], c.kind == "robust-clip")
                                    : StandardScaler::fit_quantile(fits[k], c.kind == "normal",
                                                                   c.n_quantiles, c.subsample, 11);
    const RowMatrixD Z = s.transform(tests[k]);
    if (robust) {
      for (Index j = 0; j < Z.cols(); ++j) {
        EXPECT_EQ(s.mean(j), r["center"][j].get<double>()) << "center " << j;
        EXPECT_EQ(s.scale(j), r["scale"][j].get<double>()) << "scale " << j;
      }
    } else {
      ASSERT_EQ(static_cast<std::size_t>(s.references.size()), r["references"].size());
      for (Index q = 0; q < s.references.size(); ++q)
        EXPECT_EQ(s.references(q), r["references"][q].get<double>()) << "reference " << q;
      for (Index j = 0; j < Z.cols(); ++j)
        for (Index q = 0; q < s.quantiles.rows(); ++q)
          EXPECT_EQ(s.quantiles(q, j), r["quantiles"][j][q].get<double>())
              << "quantile " << q << " of column " << j;
    }
    // Uniform and robust outputs bit for bit; the normal output through rarenet's own normal
    // quantile function (AS241) against scipy's ndtri, to 1e-13.
    const double tol = c.kind == "normal" ? 1e-13 : 0.0;
    for (Index i = 0; i < Z.rows(); ++i)
      for (Index j = 0; j < Z.cols(); ++j)
        EXPECT_NEAR(Z(i, j), r["Z"][i][j].get<double>(),
                    tol * std::max(1.0, std::fabs(r["Z"][i][j].get<double>())))
            << "Z(" << i << ", " << j << ")";
    // Smooth clipping bounds every value, even far beyond the training range.
    if (c.kind == "robust-clip") {
      EXPECT_LT(Z.cwiseAbs().maxCoeff(), 3.0);
    }
  }
}

}  // namespace
}  // namespace rarenet
