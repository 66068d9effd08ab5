// `rarenet resample` end to end: the rows imbalanced-learn's fit_resample returns, in its order,
// with the input's columns (the target kept where it was), and the exit code of each error kind.
#include <cmath>

#include "rarenet/csv.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
using testing::rarenet;

// A CSV with the target in the middle: a, label, b (class 1 rare).
std::string input_csv() {
  std::string s = "a,label,b\n";
  for (int i = 0; i < 60; ++i) {
    const int label = i % 6 == 0 ? 1 : 0;
    s += std::to_string(std::sin(i * 1.7) + label) + "," + std::to_string(label) + "," +
         std::to_string(std::cos(i * 0.3) * 2 - label) + "\n";
  }
  return s;
}

TEST(ResampleCli, WritesImbalancedLearnsRowsWithTheInputsColumns) {
  testing::TempDir dir;
  testing::write_text(dir.file("in.csv"), input_csv());
  const Table in = read_csv(dir.file("in.csv"));
  json X = json::array(), y = json::array();
  for (Index i = 0; i < in.rows(); ++i) {
    X.push_back({in.values(i, 0), in.values(i, 2)});
    y.push_back(static_cast<std::int64_t>(in.values(i, 1)));
  }
  struct Run {
    std::string args;
    json request;
  };
  const std::vector<Run> runs = {
      {"--method smote:k=3 --sampling-strategy 0.5 --random-state 0",
       {{"method", "smote"}, {"k", 3}, {"sampling_strategy", 0.5}, {"random_state", 0}}},
      {"--method borderline-smote:kind=2 --random-state 3",
       {{"method", "borderline-smote"}, {"kind", 2}, {"random_state", 3}}},
      {"--method adasyn:k=4 --random-state 1",
       {{"method", "adasyn"}, {"k", 4}, {"random_state", 1}}},
      {"--method random-over --sampling-strategy 1:30 --random-state 2",
       {{"method", "random-over"}, {"sampling_strategy", {{"1", 30}}}, {"random_state", 2}}},
      {"--method random-under --random-state 5", {{"method", "random-under"}, {"random_state", 5}}},
  };
  json requests = json::array();
  for (const Run& r : runs) {
    json q = r.request;
    q["X"] = X;
    q["y"] = y;
    requests.push_back(q);
  }
  const json replies = testing::ask_oracle("imblearn_resample.py", requests);
  ASSERT_TRUE(replies.is_array());
  for (std::size_t n = 0; n < runs.size(); ++n) {
    SCOPED_TRACE(runs[n].args);
    const auto res = rarenet("resample '" + dir.file("in.csv") + "' --target label " +
                             runs[n].args + " -o '" + dir.file("out.csv") + "'");
    ASSERT_EQ(res.exit_code, 0) << res.err;
    EXPECT_NE(res.err.find("resampled ("), std::string::npos) << res.err;
    const Table out = read_csv(dir.file("out.csv"));
    EXPECT_EQ(out.names, in.names);
    const json& want = replies[n];
    ASSERT_FALSE(want.contains("error")) << want["error"];
    ASSERT_EQ(out.rows(), static_cast<Index>(want["y"].size()));
    for (Index i = 0; i < out.rows(); ++i) {
      EXPECT_EQ(out.values(i, 1), want["y"][i].get<double>()) << "row " << i;
      EXPECT_EQ(out.values(i, 0), want["X"][i][0].get<double>()) << "row " << i;
      EXPECT_EQ(out.values(i, 2), want["X"][i][1].get<double>()) << "row " << i;
    }
  }
}

TEST(ResampleCli, ErrorsExitWithTheirKind) {
  testing::TempDir dir;
  testing::write_text(dir.file("in.csv"), input_csv());
  const std::string in =
      "'" + dir.file("in.csv") + "' --target label -o '" + dir.file("o.csv") + "'";
  auto r = rarenet("resample " + in + " --method smot");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown resampling method 'smot'"), std::string::npos) << r.err;
  r = rarenet("resample " + in + " --method smote --sampling-strategy most");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--sampling-strategy"), std::string::npos) << r.err;
  r = rarenet("resample " + in + " --method smote:k=10");  // class 1 has 10 rows
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("k_neighbors=10"), std::string::npos) << r.err;
  r = rarenet("resample '" + dir.file("missing.csv") + "' --method smote -o '" + dir.file("o.csv") +
              "'");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_FALSE(std::filesystem::exists(dir.file("o.csv")));
}

}  // namespace
}  // namespace rarenet

namespace rarenet {
namespace {

// --resample on train, cv and sweep: accepted, reported, and refused with exit code 2 when
// malformed.
TEST(ResampleCli, TrainCvSweepTakeResample) {
  testing::TempDir dir;
  testing::write_text(dir.file("in.csv"), input_csv());
  const std::string data = "'" + dir.file("in.csv") + "' --target label --epochs 2 --hidden 3 ";
  auto r = testing::rarenet("train " + data + "--resample smote:k=3,ratio=0.5 -o '" +
                            dir.file("m.json") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE((r.out + r.err).find("resampled (smote:k=3,ratio=0.5,random_state=0): 60 rows -> 75"),
            std::string::npos)
      << r.out << r.err;
  r = testing::rarenet("cv " + data + "--n-splits 3 --resample borderline-smote:kind=1,k=3,m=5");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = testing::rarenet("sweep " + data + "--n-splits 3 --resample random-under");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = testing::rarenet("cv " + data + "--resample smote:q=1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--resample: smote has no parameter 'q'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace rarenet
