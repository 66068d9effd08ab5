// The rarenet program under conditions that used to fail silently: pipes and /dev/stdin as
// inputs, devices and links as outputs, Ctrl-C in the middle of a write, the automatic threshold
// with early stopping, and cv --json run twice.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "support.hpp"

namespace rarenet {
namespace {

namespace fs = std::filesystem;
using testing::rarenet;
using testing::read_text;
using testing::TempDir;

std::string q(const std::string& s) {
  return "'" + s + "'";
}

class ReliabilityCli : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = tmp_.file("data.csv");
    auto r =
        rarenet("make-classification --n-samples 400 --n-features 4 --weights 0.8 -o " + q(data_));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    model_ = tmp_.file("model.json");
    r = rarenet("train " + q(data_) + " --hidden 4 --epochs 2 --quiet -o " + q(model_));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TempDir tmp_;
  std::string data_, model_;
};

TEST_F(ReliabilityCli, PipesFifosAndDevStdinAreReadAsFiles) {
  const std::string expected = read_text(data_);
  const std::string direct = rarenet("predict " + q(model_) + " " + q(data_)).out;
  ASSERT_FALSE(direct.empty());
  // A FIFO, /dev/stdin on a pipe, process substitution's /dev/fd/N, standard input.
  const std::string fifo = tmp_.file("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto r = testing::run("(cat " + q(data_) + " > " + q(fifo) + " &) ; '" + testing::kBinary +
                        "' predict " + q(model_) + " " + q(fifo));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, direct);
  r = testing::run("cat " + q(data_) + " | '" + testing::kBinary + "' predict " + q(model_) +
                   " /dev/stdin");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, direct);
  r = testing::run("bash -c \"'" + testing::kBinary + "' predict <(cat " + q(model_) + ") <(cat " +
                   q(data_) + ")\"");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, direct);
  r = rarenet("predict " + q(model_) + " -", expected);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, direct);
}

TEST_F(ReliabilityCli, DevicesAndLinksAsOutputs) {
  auto r = rarenet("predict " + q(model_) + " " + q(data_) + " -o /dev/null");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  const std::string target = tmp_.file("p.csv");
  testing::write_text(target, "old");
  ::chmod(target.c_str(), 0600);
  fs::create_symlink("p.csv", tmp_.path() / "link.csv");
  r = rarenet("predict " + q(model_) + " " + q(data_) + " -o " + q(tmp_.file("link.csv")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(tmp_.path() / "link.csv"));
  EXPECT_EQ(read_text(target), rarenet("predict " + q(model_) + " " + q(data_)).out);
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
}

// Ctrl-C while the output is being written: exit 130, no output, no temporary file.
TEST(ReliabilityInterrupt, CtrlCDuringAWriteLeavesNothingHalfWritten) {
  TempDir tmp;
  const std::string out = tmp.file("big.csv");
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    ::execl(testing::kBinary.c_str(), "rarenet", "make-classification", "--n-samples", "400000",
            "--n-features", "20", "-o", out.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Wait for the temporary file, the sign that writing has begun.
  bool writing = false;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!writing && std::chrono::steady_clock::now() < give_up) {
    for (const auto& e : fs::directory_iterator(tmp.path()))
      if (e.path().filename().string().rfind(".big.csv.rarenet-tmp-", 0) == 0) writing = true;
    if (!writing) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(writing) << "no temporary file appeared";
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_TRUE(fs::is_empty(tmp.path())) << "something was left in " << tmp.path();
}

TEST_F(ReliabilityCli, AutoThresholdWithValidationAndEarlyStopping) {
  const std::string val = tmp_.file("val.csv");
  ASSERT_EQ(rarenet("make-classification --n-samples 200 --n-features 4 --weights 0.8 "
                    "--random-state 7 -o " +
                    q(val))
                .exit_code,
            0);
  const auto r = rarenet("train " + q(data_) + " --validation " + q(val) +
                         " --early-stopping 2 --threshold auto:f1 --hidden 4 --epochs 4 -o " +
                         q(tmp_.file("m.json")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("chosen by out-of-fold f1"), std::string::npos) << r.err;
}

TEST_F(ReliabilityCli, CvJsonIsTheSameFromRunToRun) {
  const std::string cv = "cv " + q(data_) + " --hidden 4 --epochs 2 --n-splits 3 --json";
  const auto a = rarenet(cv), b = rarenet(cv + " --jobs 1");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_FALSE(nlohmann::json::parse(a.out).contains("seconds"));
}

// A 2-2-1 ReLU network at a learning rate that kills its hidden units on some seeds: the model is
// still written (it is what was asked for) but train, cv and sweep say that its output is
// constant, in text and in JSON.
TEST(ReliabilityWarnings, ConstantOutputsAreReportedByTrainCvAndSweep) {
  TempDir tmp;
  const std::string data = tmp.file("t.csv"), model = tmp.file("m.json");
  auto r = rarenet(
      "make-classification --n-samples 2000 --n-features 2 --n-informative 2 --n-redundant 0 "
      "--n-clusters-per-class 1 --weights 0.95 --class-sep 0.5 --random-state 0 -o " +
      q(data));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string net = " --hidden 2 --epochs 5 --learning-rate 3 ";
  const std::string warning = "the network gives every training row the same output";
  r = rarenet("train " + q(data) + net + "--seed 1 --quiet -o " + q(model));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("rarenet: warning: " + warning), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the leaky_relu activation"), std::string::npos) << r.err;
  // Every probability the model gives is the same.
  r = rarenet("predict " + q(model) + " " + q(data));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> probabilities;
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) probabilities.insert(line.substr(0, line.find(',')));
  EXPECT_EQ(probabilities.size(), 1u);
  r = rarenet("train " + q(data) + net + "--seed 1 --json -o " + q(model));
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["warnings"].size(), 1u);
  EXPECT_NE(j["warnings"][0].get<std::string>().find(warning), std::string::npos);
  r = rarenet("train " + q(data) + net + "--seed 2 --json -o " + q(model));  // a live network
  EXPECT_TRUE(nlohmann::json::parse(r.out)["warnings"].empty()) << r.out;

  r = rarenet("cv " + q(data) + net + "--seed 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["constant_output_folds"], nlohmann::json::array({0, 1}));
  ASSERT_FALSE(j["warnings"].empty());
  EXPECT_EQ(j["warnings"][0].get<std::string>().rfind("folds 0, 1: " + warning, 0), 0u);
  r = rarenet("cv " + q(data) + net + "--seed 1");
  EXPECT_NE(r.out.find("warning: folds 0, 1: " + warning), std::string::npos) << r.out;

  r = rarenet("sweep " + q(data) + net +
              "--seed 1 --ratios 1,10 --no-linear --dropouts 0 --network-learning-rate 0 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j["candidates"][0]["constant_output_folds"].empty());
  r = rarenet("sweep " + q(data) + net +
              "--seed 1 --ratios 1,10 --no-linear --dropouts 0 --network-learning-rate 0");
  EXPECT_NE(r.out.find("  !\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warning (!): in some folds"), std::string::npos) << r.out;
}

// Three positive rows in five stratified folds: two folds hold none. Their ROC AUC and average
// precision are undefined: reported as n/a (text) and left out of the mean, with a warning.
TEST(ReliabilityWarnings, CvFoldsWithoutAPositiveRowAreLeftOutOfTheRocAucMean) {
  TempDir tmp;
  const std::string data = tmp.file("few.csv");
  auto r = rarenet(
      "make-classification --n-samples 200 --n-features 3 --n-informative 2 --n-redundant 0 "
      "--weights 0.985 --flip-y 0 --random-state 3 -o " +
      q(data));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = rarenet("cv " + q(data) + " --hidden 4 --epochs 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["folds"].size(), 5u);
  double sum = 0;
  int defined = 0;
  for (std::size_t f = 2; f < 5; ++f, ++defined) sum += j["folds"][f]["roc_auc"].get<double>();
  EXPECT_EQ(j["mean_over_folds"]["roc_auc"], 3);
  EXPECT_EQ(j["mean_over_folds"]["balanced_accuracy"], 5);
  EXPECT_NEAR(j["mean"]["roc_auc"].get<double>(), sum / defined, 1e-12);
  ASSERT_EQ(j["warnings"].size(), 1u);
  EXPECT_EQ(j["warnings"][0],
            "folds 0, 1 hold no row of class 1: ROC AUC and average precision are undefined there "
            "and left out of their mean and std, which are over the other 3 folds; use fewer "
            "folds (--n-splits) than the rarest class has rows");
  r = rarenet("cv " + q(data) + " --hidden 4 --epochs 3");
  EXPECT_NE(r.out.find("roc_auc                 n/a      n/a"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warning: folds 0, 1 hold no row of class 1"), std::string::npos);
}

// Starts the rarenet program with these arguments (standard error to /dev/null).
pid_t start_rarenet(const std::vector<std::string>& args) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    std::vector<char*> argv = {const_cast<char*>("rarenet")};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(testing::kBinary.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

std::vector<std::string> temporaries(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".rarenet-tmp-") != std::string::npos)
      found.push_back(e.path().filename().string());
  return found;
}

// SIGKILL at 30 moments of `train -o model.json` replacing an existing model, from the start to
// past the end (half of them in the last quarter, where the model is written): whatever the
// moment, model.json is the old model or the new one, byte for byte, and predicts. The next
// write removes what a SIGKILL left; after SIGINT or SIGTERM nothing is left at all.
TEST(ReliabilityFaults, KillingTrainingWhileItReplacesAModelLeavesTheOldOrTheNewModel) {
  TempDir tmp;
  const std::string data = tmp.file("data.csv"), model = tmp.file("model.json");
  ASSERT_EQ(
      rarenet("make-classification --n-samples 3000 --n-features 10 --random-state 4 -o " + q(data))
          .exit_code,
      0);
  const std::vector<std::string> train = {"train", data,     "--hidden", "64,64",  "--epochs",
                                          "3",     "--seed", "1",        "--quiet"};
  auto with_output = [&](const std::string& out) {
    auto args = train;
    args.insert(args.end(), {"-o", out});
    return args;
  };
  // The new model (training is deterministic: the same bytes every time) and how long it takes.
  const auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  ::waitpid(start_rarenet(with_output(tmp.file("new.json"))), &status, 0);
  const auto duration = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const std::string new_model = read_text(tmp.file("new.json"));
  ASSERT_EQ(rarenet("train " + q(data) + " --hidden 64,64 --epochs 1 --seed 2 --quiet -o " +
                    q(tmp.file("old.json")))
                .exit_code,
            0);
  const std::string old_model = read_text(tmp.file("old.json"));
  ASSERT_NE(old_model, new_model);

  int kept_old = 0, got_new = 0;
  for (int i = 0; i < 30; ++i) {
    testing::write_text(model, old_model);
    const double share = i < 15 ? i / 15.0 : 0.75 + 0.35 * (i - 15) / 15.0;
    const pid_t pid = start_rarenet(with_output(model));
    std::this_thread::sleep_for(
        std::chrono::duration_cast<std::chrono::microseconds>(duration * share));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    const std::string now = read_text(model);
    ASSERT_TRUE(now == old_model || now == new_model)
        << "kill " << i << " left a model that is neither the old nor the new one (" << now.size()
        << " bytes)";
    (now == old_model ? kept_old : got_new)++;
    const auto r = rarenet("predict " + q(model) + " " + q(data) + " -o /dev/null");
    ASSERT_EQ(r.exit_code, 0) << "kill " << i << ": " << r.err;
  }
  RecordProperty("kept_old", kept_old);
  RecordProperty("got_new", got_new);
  // A complete write removes the temporaries SIGKILLed writers left (their processes are gone).
  ::waitpid(start_rarenet(with_output(model)), &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(read_text(model), new_model);
  EXPECT_TRUE(temporaries(tmp.path()).empty()) << temporaries(tmp.path()).front();

  // Catchable signals: the temporary goes with the process.
  for (const int sig : {SIGINT, SIGTERM})
    for (int i = 0; i < 4; ++i) {
      testing::write_text(model, old_model);
      const pid_t pid = start_rarenet(with_output(model));
      std::this_thread::sleep_for(
          std::chrono::duration_cast<std::chrono::microseconds>(duration * (0.7 + 0.1 * i)));
      ::kill(pid, sig);
      ::waitpid(pid, &status, 0);
      const std::string now = read_text(model);
      if (WIFSIGNALED(status)) {
        // The signal came before the handlers were installed (a loaded machine can hold a
        // process in its start-up that long): it had read nothing and written nothing.
        EXPECT_EQ(WTERMSIG(status), sig);
        EXPECT_EQ(now, old_model);
        EXPECT_TRUE(temporaries(tmp.path()).empty());
        continue;
      }
      ASSERT_TRUE(WIFEXITED(status));
      // 0: finished before the signal came; otherwise 128 + the signal (the rename may have
      // happened just before it).
      if (WEXITSTATUS(status) != 0) {
        EXPECT_EQ(WEXITSTATUS(status), 128 + sig);
      }
      EXPECT_TRUE(now == old_model || now == new_model);
      if (WEXITSTATUS(status) == 0) {
        EXPECT_EQ(now, new_model);
      }
      EXPECT_TRUE(temporaries(tmp.path()).empty())
          << "signal " << sig << " left " << temporaries(tmp.path()).front();
    }
}

}  // namespace
}  // namespace rarenet
