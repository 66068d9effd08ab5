// rarenet make-multilabel-classification: the generator's table, and a multi-label model trained
// and judged on it end to end.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rarenet/csv.hpp"
#include "rarenet/make_classification.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
using testing::rarenet;
using testing::TempDir;

TEST(MultilabelCli, GeneratesTheLibrarysTableAndTrainsOnIt) {
  TempDir tmp;
  const std::string data = tmp.file("ml.csv"), model = tmp.file("m.json");
  const auto made = rarenet(
      "make-multilabel-classification --n-samples 600 --n-features 15 "
      "--n-classes 4 --n-labels 1 --length 40 --random-state 5 -o '" +
      data + "'");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const Table t = read_csv(data);
  ASSERT_EQ(t.names.size(), 19u);
  EXPECT_EQ(t.names[0], "x0");
  EXPECT_EQ(t.names[15], "y0");
  MakeMultilabelParams p;
  p.n_samples = 600, p.n_features = 15, p.n_classes = 4, p.n_labels = 1, p.length = 40;
  p.random_state = 5;
  const MultilabelData expected = make_multilabel_classification(p);
  EXPECT_EQ(t.values.leftCols(15), expected.X);
  EXPECT_EQ(t.values.rightCols(4), expected.Y);

  const auto trained = rarenet("train '" + data +
                               "' --target y0,y1,y2,y3 --hidden 16 --epochs 30 --batch-size 32 "
                               "--class-weight balanced --quiet -o '" +
                               model + "'");
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  const auto judged = rarenet("evaluate '" + model + "' '" + data + "' --json");
  ASSERT_EQ(judged.exit_code, 0) << judged.err;
  const json j = json::parse(judged.out);
  ASSERT_EQ(j.at("labels").size(), 4u);
  for (const auto& [label, e] : j.at("labels").items())
    EXPECT_GT(e.at("roc_auc").get<double>(), 0.7) << label;  // word counts do tell the labels
}

TEST(MultilabelCli, BadArgumentsAreNamed) {
  const auto r = rarenet("make-multilabel-classification --n-classes 0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'n_classes' should be an integer greater than 0. Got 0 instead."),
            std::string::npos)
      << r.err;
  const auto words = rarenet("make-multilabel-classification --n-features 0");
  EXPECT_EQ(words.exit_code, 2);
  EXPECT_NE(words.err.find("--n-features"), std::string::npos) << words.err;
}

}  // namespace
}  // namespace rarenet
