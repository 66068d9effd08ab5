// --report FILE.html on every judging command: the page is written, its record holds the command's
// --json figures, bad input writes no page, an unwritable path fails before any work.
#include <nlohmann/json.hpp>

#include <filesystem>

#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
using testing::rarenet;
using testing::read_text;
using testing::TempDir;

std::string q(const std::string& s) {
  return "'" + s + "'";
}

json record_of(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"rarenet-record\">";
  const auto a = page.find(open);
  if (a == std::string::npos) return nullptr;
  const auto b = page.find("</script>", a);
  return json::parse(page.substr(a + open.size(), b - a - open.size()));
}

json without(json j, const std::string& key) {
  j.erase(key);
  return j;
}

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = tmp_.file("data.csv");
    ASSERT_EQ(rarenet("make-classification --n-samples 3000 --n-features 4 --weights 0.93 "
                      "--random-state 5 -o " +
                      q(data_))
                  .exit_code,
              0);
    ASSERT_EQ(rarenet("split " + q(data_) + " --test-size 0.3 --stratify --random-state 2 " +
                      "--train-out " + q(tmp_.file("train.csv")) + " --test-out " +
                      q(tmp_.file("test.csv")))
                  .exit_code,
              0);
  }
  TempDir tmp_;
  std::string data_;
};

TEST_F(ReportCli, TrainAndEvaluateWritePagesHoldingTheirJson) {
  const std::string model = tmp_.file("m.json"), train_page = tmp_.file("train.html");
  const auto t =
      rarenet("train " + q(tmp_.file("train.csv")) +
              " --epochs 4 --class-weight balanced --quiet --json --validation " +
              q(tmp_.file("test.csv")) + " -o " + q(model) + " --report " + q(train_page));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const json tr = record_of(read_text(train_page));
  ASSERT_FALSE(tr.is_null());
  EXPECT_EQ(tr["kind"], "train");
  const json printed = json::parse(t.out);
  ASSERT_EQ(tr["result"]["epochs"].size(), printed["epochs"].size());
  for (std::size_t i = 0; i < printed["epochs"].size(); ++i)
    EXPECT_EQ(tr["result"]["epochs"][i]["val_loss"], printed["epochs"][i]["val_loss"]);
  EXPECT_EQ(tr["result"]["class_weight"], printed["class_weight"]);
  EXPECT_TRUE(tr["result"].contains("validation"));
  EXPECT_EQ(tr["run"]["data_file"], tmp_.file("train.csv"));
  EXPECT_NE(tr["run"]["command"].get<std::string>().find("--class-weight balanced"),
            std::string::npos);

  const std::string page = tmp_.file("eval.html");
  const auto e = rarenet("evaluate " + q(model) + " " + q(tmp_.file("test.csv")) +
                         " --json --report " + q(page));
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const json er = record_of(read_text(page));
  EXPECT_EQ(er["kind"], "evaluate");
  // The same figures as --json (which also counts the file's unseen categories).
  json evaluate_json = json::parse(e.out);
  evaluate_json.erase("unknown_categories");
  EXPECT_EQ(er["result"], evaluate_json);
  // The validation section of the training page judged the same rows with the same model.
  EXPECT_EQ(tr["result"]["validation"], er["result"]);
  std::int64_t rows = 0;
  for (const auto& [k, v] : er["run"]["rows_per_class"].items()) rows += v.get<std::int64_t>();
  EXPECT_EQ(rows, 900);
}

TEST_F(ReportCli, CvSweepAndTutorialWritePagesHoldingTheirJson) {
  const std::string cv = tmp_.file("cv.html");
  const auto c = rarenet("cv " + q(data_) + " --epochs 3 --n-splits 3 --json --report " + q(cv));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(without(record_of(read_text(cv))["result"], "seconds"),
            without(json::parse(c.out), "seconds"));

  const std::string sw = tmp_.file("sweep.html");
  const auto s =
      rarenet("sweep " + q(data_) +
              " --epochs 3 --n-splits 3 --ratios 1,10 --balanced --json --report " + q(sw));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const json sr = record_of(read_text(sw));
  EXPECT_EQ(sr["kind"], "sweep");
  EXPECT_EQ(sr["result"], json::parse(s.out));

  const std::string tu = tmp_.file("tutorial.html");
  const auto u = rarenet("tutorial --epochs 2 --quiet --json --report " + q(tu));
  ASSERT_EQ(u.exit_code, 0) << u.err;
  const json ur = record_of(read_text(tu));
  EXPECT_EQ(ur["kind"], "tutorial");
  EXPECT_EQ(without(ur["result"], "seconds"), without(json::parse(u.out), "seconds"));
  EXPECT_TRUE(ur["result"].contains("sweep"));
  EXPECT_EQ(ur["run"]["rows_per_class"]["1"], ur["result"]["dataset"]["counts"][1]);
}

TEST_F(ReportCli, SameRunSameDateSameBytes) {
  const std::string model = tmp_.file("m.json");
  ASSERT_EQ(rarenet("train " + q(tmp_.file("train.csv")) + " --epochs 2 --quiet -o " + q(model))
                .exit_code,
            0);
  const std::string page = tmp_.file("page.html");
  std::string first;
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(testing::run("SOURCE_DATE_EPOCH=1700000000 '" + testing::kBinary + "' evaluate " +
                           q(model) + " " + q(tmp_.file("test.csv")) + " --report " + q(page))
                  .exit_code,
              0);
    if (i == 0) first = read_text(page);
  }
  const std::string a = read_text(page);
  EXPECT_TRUE(a == first) << "two runs wrote different pages";
  EXPECT_EQ(record_of(a)["run"]["date"], "2023-11-14T22:13:20Z");
}

TEST_F(ReportCli, BadInputWritesNoPageAndAnUnwritablePathFailsAtOnce) {
  const std::string model = tmp_.file("m.json"), page = tmp_.file("page.html");
  ASSERT_EQ(rarenet("train " + q(tmp_.file("train.csv")) + " --epochs 2 --quiet -o " + q(model))
                .exit_code,
            0);
  const auto missing = rarenet("evaluate " + q(model) + " " + q(tmp_.file("test.csv")) +
                               " --target nope --report " + q(page));
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(page));

  const std::string nowhere = tmp_.file("no-such-dir") + "/page.html";
  const auto bad = rarenet("cv " + q(data_) + " --epochs 50 --report " + q(nowhere));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("no-such-dir"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("does not exist"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.out, "");  // refused before training

  const auto dir = rarenet("evaluate " + q(model) + " " + q(tmp_.file("test.csv")) + " --report " +
                           q(tmp_.path().string()));
  EXPECT_EQ(dir.exit_code, 2);
  EXPECT_NE(dir.err.find("is a directory"), std::string::npos) << dir.err;
}

TEST_F(ReportCli, ValidationFiguresAppearOnlyWhenMeasured) {
  // Without validation data there is nothing to report: no zeros posing as figures.
  const std::string model = tmp_.file("plain.json");
  const auto plain =
      rarenet("train " + q(tmp_.file("train.csv")) + " --epochs 2 --quiet --json -o " + q(model));
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const json printed = json::parse(plain.out);  // the loop must not outlive the parsed value
  for (const json& e : printed["epochs"]) {
    EXPECT_TRUE(e.contains("loss"));
    EXPECT_FALSE(e.contains("val_loss") || e.contains("val_roc_auc") ||
                 e.contains("val_minority_recall"));
  }
  EXPECT_FALSE(json::parse(read_text(model))["history"]["epochs"][0].contains("val_loss"));

  const std::string checked = tmp_.file("checked.json");
  const auto validated =
      rarenet("train " + q(tmp_.file("train.csv")) + " --epochs 2 --quiet --json --validation " +
              q(tmp_.file("test.csv")) + " -o " + q(checked));
  ASSERT_EQ(validated.exit_code, 0) << validated.err;
  const json printed_validated = json::parse(validated.out);
  for (const json& e : printed_validated["epochs"]) {
    EXPECT_GT(e.at("val_loss").get<double>(), 0);
    EXPECT_GT(e.at("val_roc_auc").get<double>(), 0.5);
  }
  // The model file keeps them as printed.
  const json saved = json::parse(read_text(checked))["history"]["epochs"];
  EXPECT_EQ(saved, json::parse(validated.out)["epochs"]);
}

}  // namespace
}  // namespace rarenet
