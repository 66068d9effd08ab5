// Real imbalanced data (data/satimage.csv): the network and the sweep reach the
// figures the peers reach.
#include <nlohmann/json.hpp>

#include "rarenet/classifier.hpp"
#include "rarenet/evaluation.hpp"
#include "rarenet/split.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

const std::string kSatimage = testing::kSourceDir + "/data/satimage.csv";

Dataset satimage() {
  return read_dataset(kSatimage);
}

TEST(Satimage, FileHasTheDocumentedShape) {
  const Dataset d = satimage();
  EXPECT_EQ(d.n_samples(), 6435);
  EXPECT_EQ(d.n_features(), 36);
  EXPECT_EQ(class_counts(d.labels(), {0, 1}), (std::vector<std::int64_t>{5809, 626}));
}

TEST(Satimage, BalancedNetworkReachesRocAuc095OnAStratifiedTestSplit) {
  const Dataset d = satimage();
  const Labels y = d.labels();
  TrainTestSplitParams p;
  p.test_size = SplitSize::fraction(0.2);
  p.random_state = 0;
  p.stratify = &y;
  const TrainTestIndices idx = train_test_split(d.n_samples(), p);
  const Dataset train = d.take(idx.train), test = d.take(idx.test);
  TrainOptions o;
  o.hidden = {64, 64};
  o.class_weight = parse_class_weight("balanced");
  o.train.epochs = 20;
  o.train.batch_size = 32;
  const Classifier model = train_classifier(train, o);
  const Evaluation e =
      evaluate_predictions(test.labels(), model.predict_proba(test.X), model.classes);
  EXPECT_GE(e.roc_auc, 0.95);
}

TEST(Satimage, EveryWeightStrategyTrainsAndEvaluatesEndToEnd) {
  testing::TempDir tmp;
  for (const char* cw : {"none", "balanced", "0:1,1:5", "capped:0.8", "effective:0.999"}) {
    const std::string model = tmp.file("m.json");
    auto r = testing::rarenet("train '" + kSatimage +
                              "' --hidden 16 --epochs 3 --quiet --class-weight " + cw + " -o '" +
                              model + "'");
    ASSERT_EQ(r.exit_code, 0) << cw << ": " << r.err;
    r = testing::rarenet("evaluate '" + model + "' '" + kSatimage + "' --json");
    ASSERT_EQ(r.exit_code, 0) << cw << ": " << r.err;
    EXPECT_GT(nlohmann::json::parse(r.out)["roc_auc"].get<double>(), 0.85) << cw;
  }
}

// --scale robust-auto decides per table: satimage's pixel columns stay within 4 interquartile
// ranges of their medians (robust), spam's counts reach hundreds (robust-clip).
TEST(Satimage, RobustAutoClipsOnlyTheTableWithATail) {
  testing::TempDir tmp;
  for (const auto& [file, kind] :
       {std::pair{kSatimage, "robust"}, {testing::kSourceDir + "/data/spam.csv", "robust-clip"}}) {
    const std::string model = tmp.file("m.json");
    const auto r =
        testing::rarenet("train '" + file +
                         "' --scale robust-auto --hidden 4 --epochs 1 --quiet -o '" + model + "'");
    ASSERT_EQ(r.exit_code, 0) << file << ": " << r.err;
    EXPECT_EQ(nlohmann::json::parse(testing::read_text(model))["scaler"]["kind"], kind) << file;
    const auto e = testing::rarenet("evaluate '" + model + "' '" + file + "' --json");
    EXPECT_EQ(e.exit_code, 0) << file << ": " << e.err;
  }
}

// The documented sweep (README): 5-fold CV figures at least those of gradient boosting with
// balanced weights (0.963 / 0.788 / 0.851) on ROC AUC, and at least 0.78 / 0.85 on the others.
TEST(Satimage, DocumentedSweepReachesThePeerFigures) {
  const auto r = testing::rarenet("sweep '" + kSatimage +
                                  "' --ratios 1,2,3 --criterion balanced-accuracy --epochs 100 "
                                  "--batch-size 100 --weight-decay 0.001 --random-state 0 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& chosen = j["candidates"][j["chosen"].get<int>()]["mean"];
  EXPECT_GE(chosen["roc_auc"].get<double>(), 0.96);
  EXPECT_GE(chosen["average_precision"].get<double>(), 0.78);
  EXPECT_GE(chosen["balanced_accuracy"].get<double>(), 0.85);
}

}  // namespace
}  // namespace rarenet
