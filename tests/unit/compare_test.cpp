// compare_remedies: every remedy on the same split, each row equal to training that remedy alone
// on the training rows and judging it on the held-out rows; and `rarenet compare`'s output.
#include <cstdlib>
#include <fstream>

#include "rarenet/classifier.hpp"
#include "rarenet/compare.hpp"
#include "rarenet/error.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/split.hpp"
#include "rarenet/workflow_report.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

Dataset generated(std::int64_t n_classes = 2) {
  MakeClassificationParams p;
  p.n_samples = 500, p.n_features = 5, p.n_informative = 3, p.random_state = 8;
  p.n_classes = n_classes;
  p.weights = n_classes == 2 ? std::vector<double>{0.9} : std::vector<double>{0.8, 0.15};
  return testing::dataset_of(make_classification(p));
}

TrainOptions small_options() {
  TrainOptions o;
  o.hidden = {8};
  o.train.epochs = 5;
  o.train.batch_size = 16;
  return o;
}

TEST(Compare, EachRowIsItsRemedyAloneOnTheSameSplit) {
  const Dataset d = generated();
  CompareOptions c;
  c.test_size = 0.25;
  c.random_state = 3;
  const CompareResult r = compare_remedies(d, small_options(), c);
  ASSERT_EQ(r.runs.size(), 7u);
  EXPECT_EQ(r.train_rows + r.test_rows, 500);
  EXPECT_EQ(r.test_rows, 125);
  const Labels y = d.labels();
  TrainTestSplitParams split;
  split.test_size = SplitSize::fraction(0.25);
  split.random_state = 3;
  split.stratify = &y;
  const TrainTestIndices rows = train_test_split(d.n_samples(), split);
  const Dataset train = d.take(rows.train), test = d.take(rows.test);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"", ""},
      {"class_weight", "balanced"},
      {"resample", "random-over"},
      {"resample", "random-under"},
      {"resample", "smote:k=5"},
      {"loss", "focal:gamma=2,alpha=0.25"},
      {"batch_sampler", "balanced"}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(r.runs[i].name);
    TrainOptions o = small_options();
    if (!want[i].first.empty()) set_option(o, want[i].first, want[i].second);
    const Classifier m = train_classifier(train, o);
    const RowMatrixD p = m.predict_proba(test);
    Labels y_test;
    for (auto row : rows.test) y_test.push_back(y[row]);
    const Evaluation e = evaluate_predictions(y_test, p, {0, 1}, 0.5);
    EXPECT_EQ(r.runs[i].evaluation.roc_auc, e.roc_auc);
    EXPECT_EQ(r.runs[i].evaluation.average_precision, e.average_precision);
    EXPECT_EQ(r.runs[i].evaluation.predicted_positives, e.predicted_positives);
    EXPECT_EQ(r.runs[i].evaluation.report.per_class[1].f1, e.report.per_class[1].f1);
  }
  // Rows of an epoch: over-sampling balances the classes upwards, under-sampling and balanced
  // batches downwards.
  const auto counts = class_counts(train.labels(), {0, 1});
  EXPECT_EQ(r.runs[0].training_rows, 375);
  EXPECT_EQ(r.runs[2].training_rows, 2 * counts[0]);
  EXPECT_EQ(r.runs[3].training_rows, 2 * counts[1]);
  EXPECT_EQ(r.runs[6].training_rows, 2 * counts[1]);
  // Reports: one row per remedy with the figures the issue names.
  const std::string text = format_compare(r);
  for (const char* s : {"class weights", "random over-sampling", "random under-sampling", "SMOTE",
                        "focal loss", "balanced batches", "--resample smote:k=5", "precision",
                        "recall", "ROC AUC", "AP", "pred/actual +"})
    EXPECT_NE(text.find(s), std::string::npos) << s;
  const auto j = compare_to_json(r);
  ASSERT_EQ(j["runs"].size(), 7u);
  for (const char* key : {"remedy", "setting", "precision", "recall", "f1", "roc_auc",
                          "average_precision", "predicted_positives", "evaluation"})
    EXPECT_TRUE(j["runs"][4].contains(key)) << key;
  EXPECT_EQ(j["runs"][4]["remedy"], "SMOTE");
}

TEST(Compare, NeedsABinaryTargetAndFocalAndSmoteSettings) {
  EXPECT_NE(testing::error_message([] {
              compare_remedies(generated(3), small_options(), CompareOptions{});
            }).find("binary"),
            std::string::npos);
  CompareOptions c;
  EXPECT_THROW(set_option(c, "smote", "tomek"), ConfigError);
  set_option(c, "focal", "crossentropy");  // parses, but is not a focal loss
  EXPECT_NE(testing::error_message([&] {
              compare_remedies(generated(), small_options(), c);
            }).find("focal"),
            std::string::npos);
}

TEST(CompareCli, TextAndJson) {
  testing::TempDir tmp;
  const std::string data = std::string(RARENET_SOURCE_DIR) + "/data/pima.csv";
  const std::string run =
      std::string(RARENET_BINARY) + " compare " + data + " --hidden 8 --epochs 3 --jobs 1";
  ASSERT_EQ(std::system((run + " > " + tmp.file("out.txt")).c_str()), 0);
  ASSERT_EQ(std::system((run + " --json > " + tmp.file("out.json")).c_str()), 0);
  std::ifstream text_in(tmp.file("out.txt")), json_in(tmp.file("out.json"));
  const std::string text((std::istreambuf_iterator<char>(text_in)), {});
  EXPECT_NE(text.find("judged on the same 154 held-out rows"), std::string::npos) << text;
  const auto j = nlohmann::json::parse(json_in);
  EXPECT_EQ(j["runs"].size(), 7u);
  EXPECT_EQ(j["test_rows"], 154);
  EXPECT_FALSE(j["runs"][0].contains("seconds"));
  // A class_weight flag is the compare's own business: refused as a usage error.
  EXPECT_EQ(std::system((run + " --class-weight balanced > /dev/null 2>&1").c_str()) >> 8, 2);
}

}  // namespace
}  // namespace rarenet
