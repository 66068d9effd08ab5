// The bad-input matrix: every way a hostile or careless user can misuse the rarenet program, one
// test each. Every case asserts the exit code, a message naming the file or option and what was
// expected, that no output (nor any temporary file) is left behind and that no input changed.
// docs/RELIABILITY.md lists the cases.
#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "support.hpp"

namespace rarenet {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::read_text;
using testing::write_text;

struct BadCase {
  std::string name;
  std::string args;  // "{d}" stands for the case's directory
  int exit_code;
  std::vector<std::string> messages;  // each must appear in standard error ("{d}" as above)
  // Extra files the case needs, made in its directory before the run.
  std::function<void(const fs::path&)> prepare = nullptr;
  std::string stdin_text = "";
};

std::string expand(std::string s, const std::string& dir) {
  for (std::size_t at; (at = s.find("{d}")) != std::string::npos;) s.replace(at, 3, dir);
  return s;
}

// Edits a copy of model.json into NAME.
std::function<void(const fs::path&)> model_edit(const std::string& name,
                                                std::function<void(json&)> edit) {
  return [name, edit](const fs::path& d) {
    json m = json::parse(read_text(d / "model.json"));
    edit(m);
    write_text(d / name, m.dump());
  };
}

std::function<void(const fs::path&)> file(const std::string& name, const std::string& text) {
  return [name, text](const fs::path& d) { write_text(d / name, text); };
}

std::vector<BadCase> cases() {
  const std::string mc = "make-classification --n-samples 50 -o {d}/out.csv ";
  return {
      // make-classification (its weights once corrupted the heap)
      {"mc_weights_negative",
       mc + "--weights -0.5,1.5",
       2,
       {"weights: value 1 is -0.5", "expected a class proportion in [0, 1]"}},
      {"mc_weights_above_one", mc + "--weights 1.5", 2, {"weights", "1.5", "[0, 1]"}},
      {"mc_weights_sum",
       mc + "--weights 0.6,0.6",
       2,
       {"weights", "sum to 1.2, expected at most 1"}},
      {"mc_weights_count", mc + "--weights 0.1,0.2,0.3", 2, {"weights", "3 values given"}},
      {"mc_weights_text", mc + "--weights 0.1,x", 2, {"--weights '0.1,x'", "expected"}},
      {"mc_flip_y", mc + "--flip-y 1.5", 2, {"flip_y", "[0, 1]"}},
      {"mc_flip_y_negative", mc + "--flip-y -0.1", 2, {"flip_y", "[0, 1]"}},
      // model files
      {"model_prior_short",
       "predict {d}/bad.json {d}/data.csv -o {d}/out.csv",
       5,
       {"{d}/bad.json", "\"prior_correction\"", "expected 2 (one per class)"},
       model_edit("bad.json", [](json& m) { m["prior_correction"] = {1.0}; })},
      {"model_prior_zero",
       "predict {d}/bad.json {d}/data.csv -o {d}/out.csv",
       5,
       {"{d}/bad.json", "\"prior_correction[0]\"", "positive"},
       model_edit("bad.json",
                  [](json& m) {
                    m["prior_correction"] = {0.0, 1.0};
                  })},
  };
}

class BadInput : public ::testing::TestWithParam<BadCase> {
 protected:
  static void SetUpTestSuite() {
    base_ = new testing::TempDir;
    const std::string d = base_->path().string();
    auto r = testing::rarenet(
        "make-classification --n-samples 300 --n-features 4 --n-informative 2 --weights 0.8 "
        "--random-state 1 -o '" +
        d + "/data.csv'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = testing::rarenet(
        "make-classification --n-samples 300 --n-features 4 --n-classes 3 "
        "--n-clusters-per-class 1 --random-state 2 -o '" +
        d + "/multi.csv'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = testing::rarenet("train '" + d + "/data.csv' --hidden 4 --epochs 2 --quiet -o '" + d +
                         "/model.json'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete base_;
    base_ = nullptr;
  }
  static testing::TempDir* base_;
};
testing::TempDir* BadInput::base_ = nullptr;

// Every entry under dir (recursively, hidden ones included): content and mode of regular files,
// the kind of the others.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    struct stat st {};
    ::lstat(e.path().c_str(), &st);
    std::string what = std::to_string(st.st_mode);
    if (S_ISREG(st.st_mode)) what += ":" + read_text(e.path());
    out[fs::relative(e.path(), dir).string()] = what;
  }
  return out;
}

TEST_P(BadInput, FailsClearlyAndLeavesEverythingAsItWas) {
  const BadCase& c = GetParam();
  testing::TempDir tmp;
  const std::string d = tmp.path().string();
  fs::copy(base_->path(), tmp.path(), fs::copy_options::recursive);
  if (c.prepare) c.prepare(tmp.path());
  const auto before = snapshot(tmp.path());
  const auto r = testing::rarenet(expand(c.args, d), c.stdin_text);
  EXPECT_EQ(r.exit_code, c.exit_code) << "stderr: " << r.err;
  for (const std::string& m : c.messages)
    EXPECT_NE(r.err.find(expand(m, d)), std::string::npos)
        << "expected '" << expand(m, d) << "' in stderr: " << r.err;
  EXPECT_EQ(r.err.rfind("rarenet: ", 0), 0u) << r.err;
  const auto after = snapshot(tmp.path());
  for (const auto& [name, what] : after) EXPECT_TRUE(before.count(name)) << "left behind: " << name;
  for (const auto& [name, what] : before) {
    ASSERT_TRUE(after.count(name)) << "removed: " << name;
    EXPECT_TRUE(after.at(name) == what) << "changed: " << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Matrix, BadInput, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace rarenet
