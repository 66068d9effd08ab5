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

// The sweep on a multi-label table: the cap of the per-label weight matrix searched, a threshold
// tuned per label, stored in the model and applied by predict and evaluate.
TEST(MultilabelCli, SweepTunesAThresholdPerLabelThatPredictAndEvaluateApply) {
  TempDir tmp;
  const std::string data = tmp.file("ml.csv"), model = tmp.file("m.json");
  const std::string report = tmp.file("sweep.html"), predicted = tmp.file("p.csv");
  ASSERT_EQ(rarenet("make-multilabel-classification --n-samples 800 --n-features 15 "
                    "--n-classes 5 --n-labels 1 --length 40 --random-state 2 -o '" +
                    data + "'")
                .exit_code,
            0);
  const std::string sweep =
      "sweep '" + data +
      "' --target y0,y1,y2,y3,y4 --hidden 16 --epochs 20 --batch-size 32 "
      "--criterion f1 --n-splits 3 --no-linear --dropouts 0 --input-weight-decays 0";
  const auto r = rarenet(sweep + " --json -o '" + model + "' --report '" + report + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_TRUE(j.at("multilabel").get<bool>());
  ASSERT_EQ(j.at("candidates").size(), 5u);  // capped:0.5 ... capped:0.99
  EXPECT_EQ(j.at("candidates")[0].at("strategy"), "capped:0.5");
  const json& best = j.at("candidates")[j.at("chosen").get<std::size_t>()];
  const auto thresholds = best.at("label_thresholds").get<std::vector<double>>();
  ASSERT_EQ(thresholds.size(), 5u);
  for (const auto& [label, fig] : best.at("per_label").items())
    EXPECT_GT(fig.at("roc_auc").get<double>(), 0.6) << label;  // out-of-fold, 800 short documents

  const json m = json::parse(testing::read_text(model));
  EXPECT_EQ(m.at("label_thresholds").get<std::vector<double>>(), thresholds);
  EXPECT_NE(testing::read_text(report).find("on label y4"), std::string::npos);

  // predict decides each label at its own threshold; --threshold overrides all of them.
  ASSERT_EQ(rarenet("predict '" + model + "' '" + data + "' -o '" + predicted + "'").exit_code, 0);
  const Table p = read_csv(predicted);
  std::size_t differ_from_half = 0;
  for (Index i = 0; i < p.rows(); ++i)
    for (Index l = 0; l < 5; ++l) {
      const double prob = p.values(i, p.column("p_y" + std::to_string(l)));
      const double label = p.values(i, p.column("label_y" + std::to_string(l)));
      ASSERT_EQ(label, prob >= thresholds[l] ? 1.0 : 0.0) << i << " " << l;
      differ_from_half += label != (prob >= 0.5 ? 1.0 : 0.0);
    }
  EXPECT_GT(differ_from_half, 0u);  // the tuned thresholds do decide differently
  ASSERT_EQ(rarenet("predict '" + model + "' '" + data + "' --threshold 0.5 -o '" + predicted + "'")
                .exit_code,
            0);
  const Table half = read_csv(predicted);
  for (Index i = 0; i < half.rows(); ++i)
    ASSERT_EQ(half.values(i, half.column("label_y0")),
              half.values(i, half.column("p_y0")) >= 0.5 ? 1.0 : 0.0);

  const auto judged = rarenet("evaluate '" + model + "' '" + data + "' --json");
  ASSERT_EQ(judged.exit_code, 0) << judged.err;
  const json e = json::parse(judged.out);
  for (std::size_t l = 0; l < 5; ++l)
    EXPECT_EQ(e.at("labels").at("y" + std::to_string(l)).at("threshold").get<double>(),
              thresholds[l]);

  // The text form names every label, and a label of one value is refused by name.
  const auto text = rarenet(sweep);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("per label, chosen candidate"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("mean f1 over 5 labels"), std::string::npos) << text.out;
  const auto counts = rarenet("sweep '" + data + "' --target y0,x0 --hidden 4 --epochs 1");
  EXPECT_EQ(counts.exit_code, 3);
  EXPECT_NE(counts.err.find("ml.csv:"), std::string::npos) << counts.err;  // and the line
  EXPECT_NE(counts.err.find(": target 'x0' is "), std::string::npos) << counts.err;
  EXPECT_NE(counts.err.find("each is a 0/1 label (multi-label)"), std::string::npos) << counts.err;
}

// train --threshold auto:CRITERION on a multi-label target: a threshold per label, in the model
// and in the output.
TEST(MultilabelCli, TrainAutoThresholdTunesEachLabel) {
  TempDir tmp;
  const std::string data = tmp.file("ml.csv"), model = tmp.file("m.json");
  ASSERT_EQ(rarenet("make-multilabel-classification --n-samples 600 --n-features 15 "
                    "--n-classes 3 --n-labels 1 --length 40 --random-state 4 -o '" +
                    data + "'")
                .exit_code,
            0);
  const auto r = rarenet("train '" + data +
                         "' --target y0,y1,y2 --hidden 8 --epochs 10 --class-weight capped:0.9 "
                         "--threshold auto:f1 --json -o '" +
                         model + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j.at("threshold_tuning").at("labels").size(), 3u);
  const json m = json::parse(testing::read_text(model));
  ASSERT_EQ(m.at("label_thresholds").size(), 3u);
  EXPECT_EQ(m.at("label_thresholds")[1], j.at("label_thresholds").at("y1"));
  EXPECT_EQ(m.at("label_thresholds")[2],
            j.at("threshold_tuning").at("labels").at("y2").at("threshold"));
}

}  // namespace
}  // namespace rarenet
