// `rarenet metrics` end to end: the binary reads a scores CSV and prints the same evaluation the
// library computes (text byte for byte, JSON value for value), and fails with the documented exit
// codes and messages.
#include <nlohmann/json.hpp>

#include "rarenet/evaluation.hpp"
#include "rarenet/report_json.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using namespace rarenet::testing;
using nlohmann::json;

std::string q(const std::string& s) {
  return "'" + s + "'";
}

class MetricsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    // Binary scores with ties; an extra column that is neither target nor score.
    write_text(tmp_.file("binary.csv"),
               "id,y,score\n1,0,0.1\n2,0,0.4\n3,1,0.35\n4,1,0.8\n5,0,0.2\n6,0,0.35\n7,1,0.9\n"
               "8,0,0.6\n9,0,0.05\n10,1,0.5\n");
    y_ = {0, 0, 1, 1, 0, 0, 1, 0, 0, 1};
    scores_ = {0.1, 0.4, 0.35, 0.8, 0.2, 0.35, 0.9, 0.6, 0.05, 0.5};
    proba_.resize(10, 2);
    for (Index i = 0; i < 10; ++i) proba_.row(i) << 1 - scores_[i], scores_[i];
  }
  TempDir tmp_;
  Labels y_;
  std::vector<double> scores_;
  RowMatrixD proba_;
};

TEST_F(MetricsCli, TextIsTheLibraryEvaluation) {
  const auto r = rarenet("metrics " + q(tmp_.file("binary.csv")) + " --score score");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, format_evaluation(evaluate_predictions(y_, proba_, {0, 1}, 0.5), 2));
  EXPECT_TRUE(r.err.empty()) << r.err;
  // Threshold and digits are passed through.
  const auto r2 = rarenet("metrics " + q(tmp_.file("binary.csv")) +
                          " --target y --score score --threshold 0.35 --digits 4");
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  const Evaluation e = evaluate_predictions(y_, proba_, {0, 1}, 0.35);
  EXPECT_EQ(r2.out, format_evaluation(e, 4));
  EXPECT_EQ(e.predicted_positives, 7);  // >= 0.35 is positive
  EXPECT_NE(r2.out.find("weighted avg     0."), std::string::npos) << r2.out;
}

TEST_F(MetricsCli, JsonIsTheLibraryEvaluation) {
  const auto r =
      rarenet("metrics " + q(tmp_.file("binary.csv")) + " --score score --threshold 0.5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j, evaluation_to_json(evaluate_predictions(y_, proba_, {0, 1}, 0.5)));
  // Positive 0.35 beats 3 negatives and ties one, 0.8 and 0.9 beat all 6, 0.5 beats 5.
  EXPECT_DOUBLE_EQ(j["roc_auc"].get<double>(), (3.5 + 6 + 6 + 5) / 24.0);
  EXPECT_EQ(j["confusion_matrix"], json({{5, 1}, {1, 3}}));
  EXPECT_EQ(j["predicted_positives"], 4);
  EXPECT_EQ(j["actual_positives"], 4);
  EXPECT_EQ(j["warnings"], json::array());
}

TEST_F(MetricsCli, MultiClassFromProbabilityColumnsAndStandardInput) {
  const std::string csv =
      "label,p1,p3,p7\n1,0.8,0.1,0.1\n3,0.1,0.8,0.1\n7,0.3,0.3,0.4\n7,0.1,0.1,0.8\n"
      "1,0.7,0.1,0.2\n3,0.2,0.5,0.3\n1,0.2,0.2,0.6\n";
  const auto r = rarenet("metrics - --target label --proba p1,p3,p7 --json --digits 3", csv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  RowMatrixD p(7, 3);
  p << 0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.1, 0.1, 0.8, 0.7, 0.1, 0.2, 0.2, 0.5, 0.3,
      0.2, 0.2, 0.6;
  const Evaluation e = evaluate_predictions({1, 3, 7, 7, 1, 3, 1}, p, {1, 3, 7});
  EXPECT_EQ(json::parse(r.out), evaluation_to_json(e));
  EXPECT_TRUE(json::parse(r.out).contains("roc_auc_weighted"));
  const auto text = rarenet("metrics - --target label --proba p1,p3,p7 --digits 3", csv);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out, format_evaluation(e, 3));
}

TEST_F(MetricsCli, OneClassInTheTargetWarnsInsteadOfFailing) {
  write_text(tmp_.file("neg.csv"), "y,score\n0,0.1\n0,0.7\n0,0.2\n");
  const auto r = rarenet("metrics " + q(tmp_.file("neg.csv")) + " --score score --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["roc_auc"], 0.0);
  EXPECT_EQ(j["classes"].size(), 2u);  // 0 paired with 1
  bool warned = false;
  for (const auto& w : j["warnings"])
    warned |= w.get<std::string>().rfind("roc_auc undefined: only one class present", 0) == 0;
  EXPECT_TRUE(warned) << j["warnings"];
  EXPECT_EQ(r.out.find("null"), std::string::npos);
}

TEST_F(MetricsCli, ErrorsNameTheProblemWithTheirExitCodes) {
  const std::string f = q(tmp_.file("binary.csv"));
  auto r = rarenet("metrics " + f + " --score nope");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("no column named 'nope'"), std::string::npos) << r.err;
  r = rarenet("metrics " + f + " --target label --score score");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("'label'"), std::string::npos) << r.err;
  r = rarenet("metrics " + f + " --score score --threshold 1.5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--threshold must lie in [0, 1], got 1.5"), std::string::npos) << r.err;
  r = rarenet("metrics " + f + " --score score --threshold abc");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("threshold"), std::string::npos) << r.err;
  r = rarenet("metrics " + f + " --score score --digits -1");
  EXPECT_EQ(r.exit_code, 2);
  r = rarenet("metrics " + f);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--score"), std::string::npos) << r.err;
  r = rarenet("metrics " + f + " --score score --proba score,id");
  EXPECT_EQ(r.exit_code, 2);
  // id is not a probability.
  r = rarenet("metrics " + f + " --score id");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("not a probability"), std::string::npos) << r.err;
  r = rarenet("metrics " + f + " --proba score,id,y");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("3 columns"), std::string::npos) << r.err;
  r = rarenet("metrics " + q(tmp_.file("absent.csv")) + " --score score");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("absent.csv"), std::string::npos) << r.err;
  for (const auto& e : {r.out}) EXPECT_TRUE(e.empty());
}

}  // namespace
}  // namespace rarenet
