// The piecewise-linear embedding's bin edges against numpy (tests/oracle/numpy_quantile_edges.py):
// np.unique(np.quantile(column, np.linspace(0, 1, bins + 1))), bit for bit, on columns with
// ties, a constant, skew, tiny and huge values, and bin counts that do and do not divide the rows.
#include <cmath>

#include "rarenet/embedding.hpp"
#include "rarenet/random.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

std::vector<double> column(int kind, Index rows, std::uint32_t seed) {
  RandomState rng(seed);
  std::vector<double> c(static_cast<std::size_t>(rows));
  for (auto& v : c) switch (kind) {
      case 0:
        v = rng.standard_normal();
        break;
      case 1:
        v = std::exp(3 * rng.standard_normal());  // skewed
        break;
      case 2:
        v = static_cast<double>(rng.randint(0, 4));  // many ties
        break;
      case 3:
        v = 0.1;  // constant
        break;
      case 4:
        v = 1e6 + 1e-3 * rng.standard_normal();
        break;
      default:
        v = -3e-8 * rng.uniform(0, 1);
    }
  return c;
}

TEST(EmbeddingConformance, EdgesEqualNumpysQuantiles) {
  RARENET_REQUIRE_PYTHON("numpy", "python3-numpy");
  json requests = json::array();
  std::vector<std::pair<std::vector<double>, int>> cases;
  std::uint32_t seed = 1;
  for (int kind = 0; kind < 6; ++kind)
    for (Index rows : {1, 2, 7, 100, 1001})
      for (int bins : {1, 3, 16, 50}) {
        cases.push_back({column(kind, rows, seed++), bins});
        requests.push_back({{"column", cases.back().first}, {"bins", bins}});
      }
  const json replies = testing::ask_oracle("numpy_quantile_edges.py", requests);
  ASSERT_EQ(replies.size(), cases.size());
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const auto got = PiecewiseLinearEncoder::quantile_edges(cases[k].first, cases[k].second);
    const auto want = replies[k]["edges"].get<std::vector<double>>();
    EXPECT_EQ(got, want) << "case " << k << ": " << cases[k].first.size() << " rows, "
                         << cases[k].second << " bins";
  }
}

}  // namespace
}  // namespace rarenet
