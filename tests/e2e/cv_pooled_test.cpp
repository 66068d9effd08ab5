// cv's pooled evaluation: every row's out-of-fold probability (the --oof-out file) judged at
// once, as scikit-learn's metrics on cross_val_predict's output.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rarenet/csv.hpp"
#include "rarenet/metrics.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
using testing::rarenet;
using testing::TempDir;

TEST(CvPooled, JudgesTheOutOfFoldFileAtOnce) {
  TempDir tmp;
  const std::string data = std::string(RARENET_SOURCE_DIR) + "/data/pima.csv";
  const std::string oof = tmp.file("oof.csv");
  const auto r = rarenet("cv '" + data + "' --epochs 3 --n-splits 4 --class-weight balanced " +
                         "--json --oof-out '" + oof + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  const Table t = read_csv(oof);
  const Index y_col = t.column("y"), p_col = t.column("p_1");
  Labels y;
  std::vector<double> p;
  long long counts[2][2] = {{0, 0}, {0, 0}};
  for (Index i = 0; i < t.rows(); ++i) {
    y.push_back(static_cast<std::int64_t>(t.values(i, y_col)));
    p.push_back(t.values(i, p_col));
    ++counts[y.back()][p.back() >= 0.5 ? 1 : 0];
  }
  const json& pooled = j.at("pooled");
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      EXPECT_EQ(pooled.at("confusion_matrix")[a][b].get<long long>(), counts[a][b]);
  EXPECT_DOUBLE_EQ(pooled.at("roc_auc").get<double>(), roc_auc_score(y, p));
  EXPECT_DOUBLE_EQ(pooled.at("average_precision").get<double>(), average_precision_score(y, p));
  EXPECT_DOUBLE_EQ(j.at("pooled_figures").at("roc_auc").get<double>(),
                   pooled.at("roc_auc").get<double>());
  // Pooled figures differ from the mean of the folds' in general (AUC is not additive).
  EXPECT_NE(pooled.at("roc_auc").get<double>(), j.at("mean").at("roc_auc").get<double>());
  const auto text = rarenet("cv '" + data + "' --epochs 3 --n-splits 4 --class-weight balanced");
  EXPECT_NE(text.out.find("pooled"), std::string::npos);
}

}  // namespace
}  // namespace rarenet
