// A real table with text columns, missing cells and text labels (data/credit_data.csv, from
// Debian's r-cran-modeldata): cross-validation, training, prediction and evaluation run on the
// file as it is, with no preprocessing by the user.
#include <nlohmann/json.hpp>

#include "rarenet/mixed_csv.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
using testing::rarenet;

const std::string kCredit = testing::kSourceDir + "/data/credit_data.csv";

std::string q(const std::string& s) {
  return "'" + s + "'";
}

TEST(CreditData, FileHasTheDocumentedShape) {
  const Table t = read_table(kCredit);
  EXPECT_EQ(t.rows(), 4454);
  EXPECT_EQ(t.cols(), 14);
  for (const char* c : {"Status", "Home", "Marital", "Records", "Job"})
    EXPECT_TRUE(t.is_categorical(t.column(c))) << c;
  EXPECT_FALSE(t.is_categorical(t.column("Income")));
  int missing = 0;
  for (Index i = 0; i < t.values.size(); ++i) missing += std::isnan(t.values.data()[i]);
  EXPECT_EQ(missing, 455);  // as R counts them: sum(is.na(credit_data))
}

TEST(CreditData, CrossValidatesWithNoPreprocessingByTheUser) {
  const auto r = rarenet("cv " + q(kCredit) +
                         " --target Status --positive-class bad --impute median --class-weight "
                         "balanced --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_GT(j["mean"]["roc_auc"].get<double>(), 0.75);
  EXPECT_GT(j["mean"]["recall_bad"].get<double>(), 0.5);
  EXPECT_TRUE(j["folds"][0]["classes"].contains("bad"));
  // Without --impute the first missing cell stops it, and the message says how to allow it.
  const auto e = rarenet("cv " + q(kCredit) + " --target Status");
  EXPECT_EQ(e.exit_code, 3);
  EXPECT_NE(e.err.find("credit_data.csv:"), std::string::npos) << e.err;
  EXPECT_NE(e.err.find("missing value; pass --impute median"), std::string::npos) << e.err;
}

TEST(CreditData, PredictAndEvaluateMapColumnsByNameAndWriteTheLabels) {
  testing::TempDir tmp;
  const std::string model = tmp.file("m.json");
  auto r = rarenet("train " + q(kCredit) +
                   " --target Status --impute median --add-indicator --min-frequency 20 "
                   "--class-weight good:1,bad:3 --epochs 10 --quiet -o " +
                   q(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json m = json::parse(testing::read_text(model));
  EXPECT_EQ(m["class_names"], json({"good", "bad"}));
  EXPECT_EQ(m["class_weight"]["values"][0], json({1.0, 3.0}));
  EXPECT_EQ(m["preprocessor"]["columns"][1]["kind"], "categorical");
  // Columns reversed, an extra one, and a category never seen in training.
  const std::string text = testing::read_text(kCredit);
  std::string reordered =
      "Extra,Price,Amount,Debt,Assets,Income,Expenses,Job,Records,Marital,"
      "Age,Time,Home,Seniority,Status\n";
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  for (int i = 0; i < 200 && std::getline(in, line); ++i) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    cells.resize(14);
    if (i == 3) cells[2] = "\"castle\"";
    reordered += "x";
    for (int c = 13; c >= 0; --c) reordered += "," + cells[static_cast<std::size_t>(c)];
    reordered += "\n";
  }
  testing::write_text(tmp.file("new.csv"), reordered);
  r = rarenet("predict " + q(model) + " " + q(tmp.file("new.csv")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "p_good,p_bad,label");
  EXPECT_TRUE(r.out.find(",good\n") != std::string::npos ||
              r.out.find(",bad\n") != std::string::npos);
  EXPECT_NE(r.err.find("1 cell(s) held categories unseen in training"), std::string::npos) << r.err;
  r = rarenet("evaluate " + q(model) + " " + q(tmp.file("new.csv")) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json e = json::parse(r.out);
  EXPECT_EQ(e["unknown_categories"], 1);
  EXPECT_TRUE(e["classes"].contains("bad"));
  // A missing column is named.
  testing::write_text(tmp.file("few.csv"), "Income,Status\n100,good\n");
  r = rarenet("predict " + q(model) + " " + q(tmp.file("few.csv")));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("missing column(s) 'Seniority', 'Home'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace rarenet
