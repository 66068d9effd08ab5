// The rarenet binary end to end: every subcommand, its outputs, and its errors.
#include <nlohmann/json.hpp>

#include "rarenet/csv.hpp"
#include "rarenet/random.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
using testing::rarenet;
using testing::read_text;
using testing::TempDir;
using testing::write_text;

std::string q(const std::string& s) {
  return "'" + s + "'";
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = tmp_.file("data.csv");
    const auto r = rarenet(
        "make-classification --n-samples 1500 --n-features 6 --weights 0.9 "
        "--random-state 3 -o " +
        q(data_));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TempDir tmp_;
  std::string data_;
};

TEST_F(Cli, MakeClassificationWritesTheRequestedColumnsToFileAndStdout) {
  const Table t = read_csv(data_);
  EXPECT_EQ(t.names, (std::vector<std::string>{"x0", "x1", "x2", "x3", "x4", "x5", "y"}));
  EXPECT_EQ(t.rows(), 1500);
  const auto r = rarenet(
      "make-classification --n-samples 1500 --n-features 6 --weights 0.9 --random-state 3 -o -");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, read_text(data_));  // same arguments, same bytes
}

TEST_F(Cli, SplitAndFoldsFollowTheRequestedSizes) {
  const auto r =
      rarenet("split " + q(data_) + " --test-size 0.2 --stratify --random-state 1 --train-out " +
              q(tmp_.file("tr.csv")) + " --test-out " + q(tmp_.file("te.csv")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_csv(tmp_.file("tr.csv")).rows(), 1200);
  EXPECT_EQ(read_csv(tmp_.file("te.csv")).rows(), 300);
  EXPECT_NE(r.err.find("test: 300 rows"), std::string::npos) << r.err;
  const auto f = rarenet("folds " + q(data_) + " --n-splits 3 -o " + q(tmp_.file("f.csv")));
  ASSERT_EQ(f.exit_code, 0) << f.err;
  const Table folds = read_csv(tmp_.file("f.csv"));
  EXPECT_EQ(folds.names.back(), "fold");
  std::vector<int> per_fold(3, 0);
  for (Index i = 0; i < folds.rows(); ++i)
    ++per_fold.at(static_cast<int>(folds.values(i, folds.cols() - 1)));
  EXPECT_EQ(per_fold, (std::vector<int>{500, 500, 500}));
}

TEST_F(Cli, SplitWritesBothFilesOrNeither) {
  const std::string train = tmp_.file("train.csv");
  const auto r = rarenet("split " + q(data_) + " --train-out " + q(train) + " --test-out " +
                         q(tmp_.file("missing-dir/test.csv")));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("missing-dir/test.csv: cannot write"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(train));
}

TEST_F(Cli, TrainPredictEvaluateRoundTrip) {
  const std::string model = tmp_.file("model.json"), preds = tmp_.file("p.csv");
  auto r = rarenet("train " + q(data_) + " --hidden 16 --epochs 15 --class-weight balanced -o " +
                   q(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("class weights (balanced): {0: "), std::string::npos) << r.err;
  r = rarenet("predict " + q(model) + " " + q(data_) + " -o " + q(preds));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Table p = read_csv(preds);
  EXPECT_EQ(p.names, (std::vector<std::string>{"p_0", "p_1", "label"}));
  EXPECT_NEAR(p.values(0, 0) + p.values(0, 1), 1.0, 1e-12);
  r = rarenet("evaluate " + q(model) + " " + q(data_));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("    accuracy"), std::string::npos);
  EXPECT_NE(r.out.find("ROC AUC"), std::string::npos);
  r = rarenet("evaluate " + q(model) + " " + q(data_) + " --json --threshold 0.7");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["threshold"], 0.7);
  for (const char* key : {"classes", "accuracy", "macro_avg", "weighted_avg", "confusion_matrix",
                          "roc_auc", "average_precision", "balanced_accuracy", "mcc", "specificity",
                          "g_mean", "log_loss", "brier"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_GT(j["roc_auc"].get<double>(), 0.8);
  EXPECT_TRUE(j["classes"].contains("1"));
}

TEST_F(Cli, TrainJsonReportsTheWeightsTheLossSaw) {
  const auto r = rarenet("train " + q(data_) +
                         " --hidden 8 --epochs 3 --class-weight 0:1,1:7.5 --json --quiet -o " +
                         q(tmp_.file("m.json")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["class_weight"]["0"], 1.0);
  EXPECT_EQ(j["class_weight"]["1"], 7.5);
  EXPECT_EQ(j["epochs"].size(), 3u);
  EXPECT_EQ(j["task"], "binary");
}

TEST_F(Cli, QuietTrainingPrintsNothingAndTheSameSeedGivesTheSameModel) {
  const std::string a = tmp_.file("a.json"), b = tmp_.file("b.json");
  const auto r1 =
      rarenet("train " + q(data_) + " --hidden 8 --epochs 5 --quiet --seed 4 -o " + q(a));
  const auto r2 =
      rarenet("train " + q(data_) + " --hidden 8 --epochs 5 --quiet --seed 4 -o " + q(b));
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  EXPECT_EQ(r1.out + r1.err, "");
  EXPECT_EQ(read_text(a), read_text(b));
}

TEST_F(Cli, OneOrTwoThreadsWriteTheSameModelFile) {
  // 64-64 hidden layers on 6 features at batch 256: large enough to be cut into shards.
  const std::string a = tmp_.file("a.json"), b = tmp_.file("b.json");
  const std::string args =
      "train " + q(data_) + " --hidden 64,64 --batch-size 256 --epochs 3 --quiet --seed 4 -o ";
  const auto r1 = rarenet(args + q(a) + " --threads 1");
  const auto r2 = rarenet(args + q(b) + " --threads 2");
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(read_text(a), read_text(b));
  EXPECT_EQ(read_text(a).find("\"threads\""), std::string::npos);  // a run setting, not stored
  EXPECT_NE(rarenet(args + q(a) + " --threads -1").exit_code, 0);
}

TEST_F(Cli, AutoThresholdAndPriorCalibrationAreStoredInTheModel) {
  const std::string model = tmp_.file("m.json");
  const auto r = rarenet("train " + q(data_) +
                         " --hidden 8 --epochs 8 --class-weight 0:1,1:5 "
                         "--threshold auto:f1 --calibrate prior --quiet -o " +
                         q(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json m = json::parse(read_text(model));
  EXPECT_NE(m["threshold"].get<double>(), 0.5);
  EXPECT_EQ(m["prior_correction"], json({1.0, 5.0}));
}

TEST_F(Cli, MetricsJudgesAScoresFile) {
  write_text(tmp_.file("s.csv"), "y,score\n0,0.1\n0,0.4\n1,0.35\n1,0.8\n0,0.2\n");
  auto r = rarenet("metrics " + q(tmp_.file("s.csv")) + " --score score --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_DOUBLE_EQ(j["roc_auc"].get<double>(), 5.0 / 6.0);
  EXPECT_EQ(j["confusion_matrix"], json({{3, 0}, {1, 1}}));
  r = rarenet("metrics " + q(tmp_.file("s.csv")) + " --score nope");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no column named 'nope'"), std::string::npos) << r.err;
}

TEST_F(Cli, CrossValidationAndSweepGiveJsonInTheDocumentedShape) {
  auto r = rarenet("cv " + q(data_) + " --hidden 8 --epochs 5 --n-splits 3 --json --oof-out " +
                   q(tmp_.file("oof.csv")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["folds"].size(), 3u);
  EXPECT_TRUE(j["mean"].contains("recall_1"));
  EXPECT_TRUE(j["std"].contains("roc_auc"));
  EXPECT_EQ(read_csv(tmp_.file("oof.csv")).rows(), 1500);
  const std::string sweep = "sweep " + q(data_) +
                            " --hidden 8 --epochs 5 --n-splits 3 --ratios 1,4 --most 0.8 "
                            "--criterion f1 --additive --json";
  r = rarenet(sweep + " --jobs 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = json::parse(r.out);
  EXPECT_EQ(j["criterion"], "f1");
  // The default search (the linear model standard and robustly scaled, the --hidden network
  // without and with dropout 0.2, each without and with the input decay 0.01, scaled robust-auto)
  // and the additive model, with the three weightings; the refit averages five seeds.
  ASSERT_EQ(j["candidates"].size(), 21u);
  EXPECT_LT(j["chosen"].get<int>(), 21);
  for (int c = 0; c < 21; ++c) {
    // linear standard, linear robust, network, + input decay, + dropout, + both, additive
    const int group = c / 3;
    const bool network = group >= 2 && group <= 5;
    EXPECT_EQ(j["candidates"][c]["hidden"], network ? json::array({8}) : json::array());
    EXPECT_EQ(j["candidates"][c]["dropout"], group == 4 || group == 5 ? 0.2 : 0.0);
    EXPECT_EQ(j["candidates"][c]["input_weight_decay"], group == 3 || group == 5 ? 0.01 : 0.0);
    EXPECT_EQ(j["candidates"][c]["embedding"], group < 6 ? "none" : "piecewise:bins=16");
    EXPECT_EQ(j["candidates"][c]["scale"], group == 0   ? "standard"
                                           : group == 1 ? "robust"
                                                        : "robust-auto");
    EXPECT_TRUE(j["candidates"][c].contains("threshold"));
  }
  EXPECT_EQ(j["refit_ensemble"], 5);
  EXPECT_EQ(rarenet(sweep + " --jobs 2").out, r.out);  // the thread count changes nothing
}

TEST_F(Cli, BadInputsFailWithAMessageNamingTheProblemAndLeaveNoOutput) {
  write_text(tmp_.file("bad.csv"), "a,b,y\n1,2,0\n3,x,1\n");
  write_text(tmp_.file("one.csv"), "a,b,y\n1,2,0\n3,4,0\n");
  write_text(tmp_.file("corrupt.json"), "{\"format\": \"rarenet-model\", \"version\": 1, \"task\"");
  write_text(tmp_.file("newer.json"), "{\"format\": \"rarenet-model\", \"version\": 9}");
  const std::string out = tmp_.file("never.json");
  struct Case {
    std::string args, message;
  } cases[] = {
      {"train " + q(tmp_.file("bad.csv")) + " --numeric b -o " + q(out),
       "bad.csv:3: column 2 ('b'): 'x' is not a number, and --numeric names this column as "
       "numeric"},
      {"train " + q(tmp_.file("one.csv")) + " -o " + q(out), "only one class"},
      {"train " + q(data_) + " --target nope -o " + q(out), "no column named 'nope'"},
      {"train " + q(data_) + " --hidden 64,x -o " + q(out),
       "--hidden: '64,x': expected comma-separated positive integers"},
      {"train " + q(data_) + " --class-weight capped:0.3 -o " + q(out),
       "MOST must lie in [0.5, 1)"},
      {"train " + q(data_) + " --optimizer rmsprop -o " + q(out),
       "'rmsprop' is not one of adam,sgd"},
      {"train " + q(tmp_.file("missing.csv")) + " -o " + q(out), "missing.csv: cannot open"},
      {"evaluate " + q(tmp_.file("corrupt.json")) + " " + q(data_), "not a rarenet model"},
      {"evaluate " + q(tmp_.file("newer.json")) + " " + q(data_), "newer rarenet"},
      {"sweep " + q(data_) + " --criterion best", "valid criteria: break-even"},
      {"train " + q(data_) + " --no-such-option -o " + q(out), "--no-such-option"},
  };
  for (const Case& c : cases) {
    const auto r = rarenet(c.args);
    EXPECT_NE(r.exit_code, 0) << c.args;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << "\nstderr: " << r.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << c.args;
  }
}

TEST(CliMultiLabel, EveryWeightStrategyTrainsAndEvaluatesPerLabel) {
  TempDir tmp;
  // Three labels from two features: rare (about 5 %), common, and an interaction.
  std::string csv = "a,b,y1,y2,y3\n";
  RandomState rng(2);
  for (int i = 0; i < 800; ++i) {
    const double a = rng.standard_normal(), b = rng.standard_normal();
    csv += std::to_string(a) + "," + std::to_string(b) + "," + (a > 1.6 ? "1" : "0") + "," +
           (b > 0 ? "1" : "0") + "," + (a * b > 0.5 ? "1" : "0") + "\n";
  }
  write_text(tmp.file("ml.csv"), csv);
  for (const char* cw : {"none", "balanced", "0:1,1:4", "capped:0.8", "effective:0.99"}) {
    const std::string model = tmp.file("ml.json");
    auto r = rarenet("train " + q(tmp.file("ml.csv")) +
                     " --target y1,y2,y3 --hidden 16 --epochs 30 --class-weight " + cw + " -o " +
                     q(model));
    ASSERT_EQ(r.exit_code, 0) << cw << ": " << r.err;
    EXPECT_NE(r.err.find("class weights of y1: {0: "), std::string::npos) << r.err;
    r = rarenet("evaluate " + q(model) + " " + q(tmp.file("ml.csv")) + " --json");
    ASSERT_EQ(r.exit_code, 0) << cw << ": " << r.err;
    const json j = json::parse(r.out);
    for (const char* label : {"y1", "y2", "y3"}) {
      ASSERT_TRUE(j["labels"].contains(label)) << cw;
      EXPECT_GT(j["labels"][label]["roc_auc"].get<double>(), 0.8) << cw << " " << label;
    }
    r = rarenet("predict " + q(model) + " " + q(tmp.file("ml.csv")) + " -o " +
                q(tmp.file("p.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(
        read_csv(tmp.file("p.csv")).names,
        (std::vector<std::string>{"p_y1", "p_y2", "p_y3", "label_y1", "label_y2", "label_y3"}));
  }
}

TEST(CliBadData, EveryMalformedFileExitsWithCode3AndNamesThePlace) {
  TempDir tmp;
  struct Case {
    std::string content, message;
  } cases[] = {
      {"a,b,y\n1,2,0\n3,x,1\n", "bad.csv:3: column 2 ('b'): 'x' is not a number"},  // --numeric b
      {"a,b,y\n1,2,0\n3,1\n", "bad.csv:3: found 2 fields, expected 3"},
      {"", "bad.csv: empty file"},
      {"a,b,y\n1,nan,0\n3,1,1\n", "bad.csv:2: column 2 ('b'): missing value; pass --impute"},
      {"a,b,y\n1,inf,0\n3,1,1\n",
       "bad.csv:2: column 2 ('b'): feature value inf is not a finite number"},
      {"a,a,y\n1,2,0\n3,1,1\n", "bad.csv:1: column 2: duplicate column name 'a'"},
      {"a,b,c\n1,2,0\n3,1,1\n", "bad.csv: no column named 'y' (columns: a, b, c)"},
  };
  const std::string model = tmp.file("m.json");
  for (const Case& c : cases) {
    write_text(tmp.file("bad.csv"), c.content);
    const auto r = rarenet("train " + q(tmp.file("bad.csv")) +
                           " --target y --numeric a,b --epochs 1 -o " + q(model));
    EXPECT_EQ(r.exit_code, 3) << c.message << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(model));
  }
  const auto missing = rarenet("train " + q(tmp.file("absent.csv")) + " -o " + q(model));
  EXPECT_EQ(missing.exit_code, 4);
  const auto option = rarenet("train " + q(tmp.file("bad.csv")) + " --epochs many -o " + q(model));
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.err.find("--epochs"), std::string::npos);
}

TEST(CliHelp, EverySubcommandHasHelp) {
  for (const char* sub : {"tutorial", "make-classification", "split", "folds", "train", "predict",
                          "evaluate", "metrics", "cv", "sweep"}) {
    const auto r = rarenet(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub;
  }
}

}  // namespace
}  // namespace rarenet
