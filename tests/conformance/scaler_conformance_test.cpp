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

}  // namespace
}  // namespace rarenet
