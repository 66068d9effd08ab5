// Multi-class targets through the rarenet program: the sweep tunes a decision rule per
// candidate, train --threshold auto:CRITERION stores the rule in the model, and predict,
// evaluate and the reports apply it and show every class's figures.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>

#include "rarenet/csv.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
using testing::rarenet;
using testing::TempDir;

class MultiClassCli : public ::testing::Test {
 protected:
  void SetUp() override {
    data = tmp.file("mc.csv");
    const auto made = rarenet(
        "make-classification --n-samples 600 --n-features 6 --n-informative 4 --n-redundant 0 "
        "--n-classes 3 --n-clusters-per-class 1 --weights 0.8,0.15,0.05 --random-state 1 -o '" +
        data + "'");
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  TempDir tmp;
  std::string data;
};

TEST_F(MultiClassCli, SweepTunesARulePerCandidateAndReportsEveryClass) {
  const std::string model = tmp.file("m.json"), report = tmp.file("s.html");
  const auto r = rarenet(
      "sweep '" + data +
      "' --criterion f1 --epochs 20 --hidden 16 --n-splits 3 --betas 0.99 "
      "--powers 0,0.5,1 --no-linear --dropouts 0 --input-weight-decays 0 --json --report '" +
      report + "' -o '" + model + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_TRUE(j.at("multiclass").get<bool>());
  ASSERT_EQ(j.at("candidates").size(), 4u);
  for (const json& c : j.at("candidates")) {
    ASSERT_EQ(c.at("decision_weights").size(), 3u) << c.dump();
    EXPECT_GE(c.at("criterion_value").get<double>(), c.at("argmax_criterion_value").get<double>());
    for (const char* k : {"0", "1", "2"}) {
      const json& pc = c.at("per_class").at(k);
      for (const char* f : {"precision", "recall", "f1"}) {
        EXPECT_GE(pc.at(f).get<double>(), 0.0);
        EXPECT_LE(pc.at(f).get<double>(), 1.0);
      }
      EXPECT_GT(pc.at("support").get<int>(), 0);
      EXPECT_TRUE(c.at("mean").contains(std::string("recall_") + k));
    }
    // The classes are separable: a macro F1 far above a constant guess's 0.3.
    EXPECT_GT(c.at("mean").at("macro_f1").get<double>(), 0.7);
  }
  // The refitted model decides with the chosen candidate's rule.
  const json chosen = j.at("candidates").at(j.at("chosen").get<std::size_t>());
  const json m = json::parse(testing::read_text(model));
  ASSERT_EQ(m.at("decision_weights").size(), 3u);
  for (int c = 0; c < 3; ++c)
    EXPECT_EQ(m.at("decision_weights")[c].get<double>(),
              chosen.at("decision_weights").at(std::to_string(c)).get<double>());
  const std::string html = testing::read_text(report);
  EXPECT_NE(html.find("decision weights"), std::string::npos);
  EXPECT_NE(html.find("macro F1"), std::string::npos);
  // The text form: the table, then the chosen candidate's classes.
  const auto text = rarenet("sweep '" + data + "' --criterion mcc --epochs 20 --hidden 16 " +
                            "--n-splits 3 --powers 0,1");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("decision weights"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("per class, chosen candidate"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("macro avg"), std::string::npos) << text.out;
}

TEST_F(MultiClassCli, TrainAutoCriterionStoresTheRuleThatPredictAndEvaluateApply) {
  const std::string model = tmp.file("m.json"), preds = tmp.file("p.csv");
  const auto t = rarenet(
      "train '" + data +
      "' --threshold auto:balanced-accuracy --epochs 20 --hidden 16 --json -o '" + model + "'");
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const json tj = json::parse(t.out);
  const json& rule = tj.at("decision_rule");
  EXPECT_EQ(rule.at("criterion"), "balanced-accuracy");
  EXPECT_GE(rule.at("value").get<double>(), rule.at("argmax_value").get<double>());
  ASSERT_EQ(rule.at("weights").size(), 3u);
  EXPECT_EQ(rule.at("out_of_fold").at("classes").size(), 3u);
  const json m = json::parse(testing::read_text(model));
  EXPECT_EQ(m.at("version"), 4);
  ASSERT_EQ(m.at("decision_weights").size(), 3u);

  // predict's labels are the argmax of weight x probability.
  ASSERT_EQ(rarenet("predict '" + model + "' '" + data + "' -o '" + preds + "'").exit_code, 0);
  const Table p = read_csv(preds);
  ASSERT_EQ(p.names, (std::vector<std::string>{"p_0", "p_1", "p_2", "label"}));
  std::vector<double> w;
  for (const auto& v : m.at("decision_weights")) w.push_back(v.get<double>());
  for (Index i = 0; i < p.values.rows(); ++i) {
    Index best = 0;
    for (Index c = 1; c < 3; ++c)
      if (p.values(i, c) * w[c] > p.values(i, best) * w[best]) best = c;
    ASSERT_EQ(p.values(i, 3), static_cast<double>(best)) << "row " << i;
  }
  // evaluate judges those labels and shows the rule and every class.
  const auto e = rarenet("evaluate '" + model + "' '" + data + "' --json");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const json ej = json::parse(e.out);
  EXPECT_EQ(ej.at("decision_weights").size(), 3u);
  EXPECT_EQ(ej.at("classes").size(), 3u);
  const auto et = rarenet("evaluate '" + model + "' '" + data + "'");
  EXPECT_NE(et.out.find("decision weights"), std::string::npos) << et.out;
  // A corrupt rule is refused with the field named (exit 5).
  json bad = m;
  bad["decision_weights"][1] = -1.0;
  testing::write_text(tmp.file("bad.json"), bad.dump());
  const auto refused = rarenet("predict '" + tmp.file("bad.json") + "' '" + data + "'");
  EXPECT_EQ(refused.exit_code, 5);
  EXPECT_NE(refused.err.find("decision_weights[1]"), std::string::npos) << refused.err;
}

TEST_F(MultiClassCli, BinaryCriteriaAreRefusedForThreeClasses) {
  const auto s = rarenet("sweep '" + data + "' --criterion break-even --epochs 1");
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.err.find("macro criterion"), std::string::npos) << s.err;
  const auto t = rarenet("train '" + data + "' --threshold auto:recall-at-precision:0.9 -o '" +
                         tmp.file("m.json") + "'");
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_NE(t.err.find("macro criterion"), std::string::npos) << t.err;
  EXPECT_FALSE(std::filesystem::exists(tmp.file("m.json")));
}

// data/glass.csv: UCI Glass, six classes with their published labels (data/README.md).
const std::string kGlass = testing::kSourceDir + "/data/glass.csv";

TEST(Glass, FileHasTheDocumentedShape) {
  const Table t = read_csv(kGlass);
  ASSERT_EQ(t.values.rows(), 214);
  ASSERT_EQ(t.names,
            (std::vector<std::string>{"RI", "Na", "Mg", "Al", "Si", "K", "Ca", "Ba", "Fe", "y"}));
  std::map<int, int> counts;
  for (Index i = 0; i < t.values.rows(); ++i) ++counts[static_cast<int>(t.values(i, 9))];
  EXPECT_EQ(counts, (std::map<int, int>{{1, 70}, {2, 76}, {3, 17}, {5, 13}, {6, 9}, {7, 29}}));
}

// A fast sweep on Glass: every class's figures reported, sane, and the tuned rule no worse than
// the argmax; the refitted model judged by evaluate gives every class too.
TEST(Glass, SweepReportsEveryClassAndTheRuleHelps) {
  TempDir tmp;
  const std::string model = tmp.file("m.json");
  const auto r = rarenet("sweep '" + kGlass +
                         "' --criterion f1 --powers 0,1 --hidden 16 --epochs 60 --n-splits 3 "
                         "--no-linear --dropouts 0 --input-weight-decays 0 "
                         "--json -o '" +
                         model + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j.at("candidates").size(), 2u);
  const std::vector<std::string> classes = {"1", "2", "3", "5", "6", "7"};
  for (const json& c : j.at("candidates")) {
    int support = 0;
    ASSERT_EQ(c.at("per_class").size(), 6u);
    for (const std::string& k : classes) {
      const json& pc = c.at("per_class").at(k);
      for (const char* f : {"precision", "recall", "f1"}) {
        EXPECT_GE(pc.at(f).get<double>(), 0.0) << k << f;
        EXPECT_LE(pc.at(f).get<double>(), 1.0) << k << f;
      }
      support += pc.at("support").get<int>();
      EXPECT_TRUE(c.at("mean").contains("recall_" + k));
    }
    EXPECT_EQ(support, 214);
    EXPECT_GE(c.at("criterion_value").get<double>(), c.at("argmax_criterion_value").get<double>());
    // Far above a constant guess (macro F1 about 0.08) and a uniform random one (about 0.15).
    EXPECT_GT(c.at("criterion_value").get<double>(), 0.45);
    EXPECT_GT(c.at("mean").at("balanced_accuracy").get<double>(), 0.4);
  }
  const auto e = rarenet("evaluate '" + model + "' '" + kGlass + "' --json");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const json ej = json::parse(e.out);
  ASSERT_EQ(ej.at("classes").size(), 6u);
  ASSERT_EQ(ej.at("decision_weights").size(), 6u);
  for (const std::string& k : classes)
    EXPECT_GT(ej.at("classes").at(k).at("support").get<int>(), 0);
}

}  // namespace
}  // namespace rarenet
