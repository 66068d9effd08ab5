// The tutorial: its figures over ten seeds (through the library) and the command's output.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "rarenet/compare.hpp"
#include "rarenet/tutorial.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double minority_recall(const TutorialRun& r) {
  return r.evaluation.report.per_class.at(1).recall;
}

TEST(Tutorial, FiguresAreTheTutorialsInKindAcrossTenSeeds) {
  std::vector<double> baseline, balanced, manual;
  for (std::uint32_t seed = 0; seed < 10; ++seed) {
    TutorialOptions o;
    o.seed = seed;
    o.sweep = false;
    o.remedies = false;
    const TutorialResult t = run_tutorial(o);
    ASSERT_EQ(t.runs.size(), 3u);
    baseline.push_back(minority_recall(t.runs[0]));
    balanced.push_back(minority_recall(t.runs[1]));
    manual.push_back(minority_recall(t.runs[2]));
  }
  EXPECT_LE(median(baseline), 0.05);
  EXPECT_GE(median(balanced), 0.3);
  EXPECT_LE(median(balanced), 0.75);
  EXPECT_GE(median(manual), 0.9);
}

TEST(Tutorial, DatasetSplitAndBalancedWeightsAreScikitLearns) {
  TutorialOptions o;
  o.sweep = false;
  o.remedies = false;
  o.epochs = 1;
  const TutorialResult t = run_tutorial(o);
  EXPECT_EQ(t.counts, (std::vector<std::int64_t>{98970, 1030}));
  EXPECT_EQ(t.train_counts, (std::vector<std::int64_t>{79183, 817}));
  EXPECT_EQ(t.test_counts, (std::vector<std::int64_t>{19787, 213}));
  // compute_class_weight('balanced'): 80000 / (2 * count).
  EXPECT_DOUBLE_EQ(t.balanced_weights[0], 80000.0 / (2 * 79183));
  EXPECT_DOUBLE_EQ(t.balanced_weights[1], 80000.0 / (2 * 817));
}

// Steps 3, 5 and 6 train side by side: on one thread or three, the same runs in the same order,
// and the progress callback sees every epoch of each, one call at a time.
TEST(Tutorial, FirstThreeRunsDoNotDependOnTheThreads) {
  std::vector<TutorialResult> results;
  for (const int jobs : {1, 3}) {
    TutorialOptions o;
    o.sweep = false;
    o.remedies = false;
    o.epochs = 3;
    o.jobs = jobs;
    std::map<std::string, int> epochs_seen;
    int inside = 0, overlapped = 0;
    results.push_back(run_tutorial(o, [&](const std::string& run, const EpochRecord&) {
      overlapped += ++inside > 1;  // not atomic on purpose: the calls must not overlap
      ++epochs_seen[run];
      --inside;
    }));
    EXPECT_EQ(overlapped, 0);
    EXPECT_EQ(epochs_seen,
              (std::map<std::string, int>{{"baseline", 3}, {"balanced", 3}, {"manual", 3}}))
        << "jobs " << jobs;
  }
  ASSERT_EQ(results[0].runs.size(), 3u);
  ASSERT_EQ(results[1].runs.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(results[0].runs[i].name, results[1].runs[i].name);
    EXPECT_EQ(results[0].runs[i].evaluation.confusion.counts,
              results[1].runs[i].evaluation.confusion.counts);
    EXPECT_EQ(results[0].runs[i].evaluation.roc_auc, results[1].runs[i].evaluation.roc_auc);
  }
  EXPECT_EQ(results[0].runs[0].name, "baseline");
  EXPECT_EQ(results[0].runs[2].name, "manual");
}

// Step 9 runs every remedy on the tutorial's own split: its "none" and "class weights" rows are
// the baseline and balanced runs again, and the resamplers see the training rows only.
TEST(Tutorial, RemediesRunOnTheTutorialsSplit) {
  TutorialOptions o;
  o.sweep = false;
  o.epochs = 5;
  const TutorialResult t = run_tutorial(o);
  ASSERT_TRUE(t.remedies.has_value());
  const CompareResult& c = *t.remedies;
  EXPECT_EQ(c.train_rows, 80000);
  EXPECT_EQ(c.test_rows, 20000);
  std::vector<std::string> names;
  for (const RemedyRun& r : c.runs) names.push_back(r.name);
  EXPECT_EQ(names, (std::vector<std::string>{"none", "class weights", "random over-sampling",
                                             "random under-sampling", "SMOTE", "focal loss",
                                             "balanced batches"}));
  const auto same = [](const Evaluation& a, const Evaluation& b) {
    EXPECT_EQ(a.confusion.counts, b.confusion.counts);
    EXPECT_EQ(a.roc_auc, b.roc_auc);
    EXPECT_EQ(a.average_precision, b.average_precision);
  };
  same(c.runs[0].evaluation, t.runs[0].evaluation);  // none = baseline
  same(c.runs[1].evaluation, t.runs[1].evaluation);  // class weights = balanced
  // Over-sampling (random and SMOTE) lifts class 1 to class 0's 79,183 training rows;
  // under-sampling and balanced batches cut class 0 to class 1's 817.
  EXPECT_EQ(c.runs[2].training_rows, 2 * 79183);
  EXPECT_EQ(c.runs[3].training_rows, 2 * 817);
  EXPECT_EQ(c.runs[4].training_rows, 2 * 79183);
  EXPECT_EQ(c.runs[6].training_rows, 2 * 817);
  for (const RemedyRun& r : c.runs) {
    EXPECT_EQ(r.evaluation.actual_positives, 213) << r.name;
    EXPECT_GT(r.evaluation.roc_auc, 0.5) << r.name;
  }
  // Rebalancing the rows finds class 1 at 0.5 where the unweighted baseline does not.
  for (std::size_t i : {2u, 3u, 4u, 6u}) EXPECT_GT(c.runs[i].evaluation.predicted_positives, 0);
}

TEST(TutorialCommand, TextShowsEveryStepAndJsonHasTheDocumentedShape) {
  auto r = testing::rarenet("tutorial --no-sweep");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* part :
       {"Step 1.", "98,970", "79,183 / 817", "Step 3.", "Step 4.", "class_weight = {0: 0.505",
        "1: 48.95", "Step 5.", "Step 6.", "Step 7. Summary",
        "precision    recall  f1-score   support", "ROC AUC", "Weights buy recall with precision"})
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
  EXPECT_EQ(r.err, "");                                 // no progress lines outside a terminal
  EXPECT_EQ(r.out.find("Step 9."), std::string::npos);  // --no-sweep skips steps 8 and 9

  r = testing::rarenet("tutorial --json --epochs 3 --seed 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["dataset"]["counts"], json({98970, 1030}));
  EXPECT_EQ(j["dataset"]["train_counts"], json({79183, 817}));
  EXPECT_EQ(j["dataset"]["test_counts"], json({19787, 213}));
  EXPECT_NEAR(j["class_weight_balanced"]["1"].get<double>(), 48.9596, 1e-4);
  for (const char* run : {"baseline", "balanced", "manual", "sweep"}) {
    ASSERT_TRUE(j["runs"].contains(run)) << run;
    EXPECT_TRUE(j["runs"][run].contains("roc_auc")) << run;
    EXPECT_TRUE(j["seconds"].contains(run)) << run;
  }
  EXPECT_TRUE(j["seconds"].contains("total"));
  EXPECT_EQ(j["sweep"]["candidates"].size(), 9u);
  ASSERT_EQ(j["remedies"]["runs"].size(), 7u);
  for (const json& run : j["remedies"]["runs"])
    for (const char* k : {"remedy", "setting", "precision", "recall", "f1", "roc_auc",
                          "average_precision", "predicted_positives", "training_rows"})
      EXPECT_TRUE(run.contains(k)) << k;

  r = testing::rarenet("tutorial --epochs 3 --no-remedies --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(json::parse(r.out).contains("remedies"));
  EXPECT_TRUE(json::parse(r.out).contains("sweep"));
  r = testing::rarenet("tutorial --epochs 3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* part :
       {"Step 9. The other remedies", "random over-sampling", "--resample smote:k=5",
        "--loss focal:gamma=2,alpha=0.25", "--batch-sampler balanced", "158,366"})
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
}

}  // namespace
}  // namespace rarenet
