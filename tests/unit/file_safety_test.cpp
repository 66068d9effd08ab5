// Files are never lost: outputs that are inputs are refused, replaced files keep their mode,
// links and devices are written through, temporary files are recognisable and removed on
// Ctrl-C, and error messages show binary bytes escaped instead of cutting them short.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "rarenet/csv.hpp"
#include "rarenet/error.hpp"
#include "rarenet/file_checks.hpp"
#include "rarenet/temp_files.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

namespace fs = std::filesystem;
using testing::error_message;
using testing::read_text;
using testing::TempDir;
using testing::write_text;

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(OutputChecks, AnOutputThatIsAnInputIsRefusedWhateverItsSpelling) {
  TempDir tmp;
  const std::string data = tmp.file("data.csv");
  write_text(data, "a,y\n1,0\n");
  fs::create_symlink(data, tmp.path() / "link.csv");
  fs::create_hard_link(data, tmp.path() / "hard.csv");
  for (const std::string& out : {data, tmp.file("./data.csv"), tmp.file("link.csv"),
                                 tmp.file("hard.csv"), tmp.file("sub/../data.csv")}) {
    fs::create_directories(tmp.path() / "sub");
    const std::string msg = error_message([&] {
      check_outputs_are_not_inputs({{"-o", out}}, {{"data", data}});
    });
    EXPECT_NE(msg.find("-o " + out + ": is the input file " + data + " (data)"), std::string::npos)
        << msg;
  }
  EXPECT_NO_THROW(check_outputs_are_not_inputs({{"-o", tmp.file("new.csv")}}, {{"data", data}}));
  EXPECT_NO_THROW(check_outputs_are_not_inputs({{"-o", "-"}}, {{"data", "-"}}));
  EXPECT_NO_THROW(check_outputs_are_not_inputs({{"-o", "/dev/null"}}, {{"data", "/dev/null"}}));
  const std::string msg = error_message([&] {
    check_outputs_are_not_inputs(
        {{"--train-out", tmp.file("x.csv")}, {"--test-out", tmp.file("./x.csv")}},
        {{"data", data}});
  });
  EXPECT_NE(msg.find("is also the output of --train-out"), std::string::npos) << msg;
}

TEST(AtomicFileTargets, ReplacedFilesKeepTheirModeAndLinksStayLinks) {
  TempDir tmp;
  const std::string target = tmp.file("out.csv");
  write_text(target, "old");
  ::chmod(target.c_str(), 0640);
  write_file_atomic(target, "new");
  struct stat st {};
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(read_text(target), "new");

  fs::create_symlink("out.csv", tmp.path() / "link.csv");
  write_file_atomic(tmp.file("link.csv"), "through the link");
  EXPECT_TRUE(fs::is_symlink(tmp.path() / "link.csv"));
  EXPECT_EQ(read_text(target), "through the link");
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);

  fs::create_symlink("missing/x.csv", tmp.path() / "dangling.csv");
  const std::string msg = error_message([&] { write_file_atomic(tmp.file("dangling.csv"), "x"); });
  EXPECT_NE(msg.find("dangling.csv: cannot write: a symbolic link to a file that cannot be"),
            std::string::npos)
      << msg;
  EXPECT_EQ(entries(tmp.path()), (std::vector<std::string>{"dangling.csv", "link.csv", "out.csv"}));
}

TEST(AtomicFileTargets, DevicesAndPipesAreWrittenDirectly) {
  TempDir tmp;
  EXPECT_NO_THROW(write_file_atomic("/dev/null", "discarded"));
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));  // still the device, not a file that replaced it
  const std::string fifo = tmp.file("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = read_text(fifo); });
  write_file_atomic(fifo, "through the pipe");
  reader.join();
  EXPECT_EQ(got, "through the pipe");
  EXPECT_EQ(entries(tmp.path()), std::vector<std::string>{"pipe"});
}

TEST(TempFiles, StaleTemporariesOfDeadProcessesAreRemoved) {
  TempDir tmp;
  const std::string target = tmp.file("m.json");
  // A PID that runs no process (the highest ones are rarely in use).
  pid_t dead = 4194000;
  while (::kill(dead, 0) == 0 || errno != ESRCH) --dead;
  const std::string stale = tmp.file(".m.json.rarenet-tmp-" + std::to_string(dead) + "-abcdef");
  const std::string alive = tmp.file(".m.json.rarenet-tmp-1-abcdef");  // init runs
  const std::string other = tmp.file(".n.json.rarenet-tmp-" + std::to_string(dead) + "-abcdef");
  for (const auto& f : {stale, alive, other}) write_text(f, "partial");
  write_file_atomic(target, "{}");
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(alive));
  EXPECT_TRUE(fs::exists(other));
  EXPECT_EQ(read_text(target), "{}");
}

// A process interrupted while it writes: the temporary file goes, the exit code is 128 + signal.
int interrupted_writer(const std::string& target, int sig) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    install_temp_file_cleanup();
    AtomicFile f(target);
    f.write("half of it");
    ::raise(sig);
    ::_exit(99);  // not reached
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

TEST(TempFiles, CtrlCAndTermRemoveTheTemporaryAndExitWith128PlusTheSignal) {
  TempDir tmp;
  EXPECT_EQ(interrupted_writer(tmp.file("out.csv"), SIGINT), 130);
  EXPECT_TRUE(fs::is_empty(tmp.path()));
  write_text(tmp.file("out.csv"), "the old model");
  EXPECT_EQ(interrupted_writer(tmp.file("out.csv"), SIGTERM), 143);
  EXPECT_EQ(entries(tmp.path()), std::vector<std::string>{"out.csv"});
  EXPECT_EQ(read_text(tmp.file("out.csv")), "the old model");
}

TEST(ErrorMessages, BinaryBytesAreEscapedNotPrinted) {
  const std::string with_nul("column 'a\0b' \x01\xff", 15);
  EXPECT_EQ(std::string(InputError(with_nul).what()), "column 'a\\x00b' \\x01\\xFF");
  EXPECT_EQ(printable("caf\xc3\xa9 \xe2\x82\xac\n\tok"), "caf\xc3\xa9 \xe2\x82\xac\n\tok");
  EXPECT_EQ(printable("\xc3"), "\\xC3");                    // a truncated sequence
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(printable("\r\x1b[31m"), "\\x0D\\x1B[31m");
}

}  // namespace
}  // namespace rarenet
