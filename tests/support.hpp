// Helpers shared by the tests: temporary directories, running commands (the rarenet binary and
// the Python oracles) and capturing what they print.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>
#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/sweep.hpp"

namespace rarenet::testing {

// The sweep's tests of other mechanics start from the class-weight search alone.
using rarenet::weight_search_only;

inline const std::string kSourceDir = RARENET_SOURCE_DIR;
inline const std::string kBinary = RARENET_BINARY;
// Debian's Python, which owns python3-sklearn / numpy / torch (another python3 may come first).
inline const std::string kPython = "/usr/bin/python3";

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary);
  out << s;
}

// A fresh directory removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("rarenet-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Runs a shell command, capturing stdout and stderr separately.
inline CommandResult run(const std::string& command, const std::string& stdin_text = "") {
  TempDir tmp;
  const std::string in = tmp.file("stdin"), out = tmp.file("stdout"), err = tmp.file("stderr");
  write_text(in, stdin_text);
  const std::string full = "(" + command + ") <'" + in + "' >'" + out + "' 2>'" + err + "'";
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

// Runs the rarenet binary with the given arguments (already shell-quoted where needed).
inline CommandResult rarenet(const std::string& args, const std::string& stdin_text = "") {
  return run("'" + kBinary + "' " + args, stdin_text);
}

// True when Debian's Python has every module named (comma-separated, e.g. "numpy,sklearn").
inline bool python_has(const std::string& modules) {
  const auto r = run(kPython + " -c 'import " + modules + "'");
  return r.exit_code == 0;
}

// Fails the current test, naming the Debian package, when an oracle is absent (a conformance
// test that cannot run proves nothing; CI installs every oracle).
#define RARENET_REQUIRE_PYTHON(modules, package)                                                \
  do {                                                                                          \
    if (!::rarenet::testing::python_has(modules))                                               \
      GTEST_FAIL() << "oracle unavailable: /usr/bin/python3 cannot import " << (modules)        \
                   << " (install Debian's " << (package) << ", e.g. scripts/bootstrap --test)"; \
  } while (0)

// The message of the rarenet::Error that f throws, or "(no error)".
inline std::string error_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// make_classification's rows as a Dataset: features f0, f1, ..., one target y.
inline Dataset dataset_of(const ClassificationData& g) {
  Dataset d;
  d.X = g.X;
  d.Y.resize(g.X.rows(), 1);
  for (Index i = 0; i < g.X.rows(); ++i) d.Y(i, 0) = static_cast<double>(g.y[i]);
  for (Index j = 0; j < g.X.cols(); ++j) d.feature_names.push_back("f" + std::to_string(j));
  d.target_names = {"y"};
  d.source = "generated";
  return d;
}

// A BLAS that numpy can run on. Debian's alternatives choose one for the whole machine (OpenBLAS
// when installed); one process takes another when its directory leads LD_LIBRARY_PATH. Their
// products round differently, so conformance that involves numpy's matrix products is checked
// on each of them.
struct NumpyBlas {
  std::string name;  // "reference BLAS" or "OpenBLAS (openblas-openmp)"
  std::string dir;   // holds its libblas.so.3
};

// The reference BLAS and the OpenBLAS builds installed, reference first.
inline std::vector<NumpyBlas> installed_blas() {
  namespace fs = std::filesystem;
  std::vector<NumpyBlas> found;
  for (const char* lib : {"/usr/lib", "/usr/lib64"}) {
    std::error_code ec;
    for (const auto& arch : fs::directory_iterator(lib, ec)) {
      const fs::path ref = arch.path() / "blas";
      if (fs::exists(ref / "libblas.so.3", ec)) found.push_back({"reference BLAS", ref.string()});
      for (const char* variant : {"openblas-pthread", "openblas-openmp", "openblas-serial"}) {
        const fs::path dir = arch.path() / variant;
        if (fs::exists(dir / "libblas.so.3", ec))
          found.push_back({std::string("OpenBLAS (") + variant + ")", dir.string()});
      }
    }
  }
  std::stable_partition(found.begin(), found.end(),
                        [](const NumpyBlas& b) { return b.name == "reference BLAS"; });
  return found;
}

// The libblas.so.3 that numpy loads when given this BLAS (empty if numpy cannot start), to
// prove that choosing a BLAS took effect.
inline std::string numpy_blas_library(const NumpyBlas& blas) {
  const auto r = run("LD_LIBRARY_PATH='" + blas.dir + "' " + kPython +
                     " -c 'import numpy\n"
                     "print(next(l.split()[-1] for l in open(\"/proc/self/maps\") "
                     "if \"libblas.so\" in l))'");
  return r.exit_code == 0 ? r.out.substr(0, r.out.find('\n')) : "";
}

// Fails the current test unless both the reference BLAS and an OpenBLAS are installed and
// numpy can be made to run on each.
#define RARENET_REQUIRE_BOTH_BLAS(var)                                                         \
  const std::vector<::rarenet::testing::NumpyBlas> var = ::rarenet::testing::installed_blas(); \
  do {                                                                                         \
    if ((var).size() < 2 || (var).front().name != "reference BLAS")                            \
      GTEST_FAIL() << "numpy must be checked on the reference BLAS and OpenBLAS; install "     \
                      "Debian's libblas3 and libopenblas0 (scripts/bootstrap --test)";         \
    for (const auto& b : (var))                                                                \
      if (::rarenet::testing::numpy_blas_library(b).rfind(b.dir + "/", 0) != 0)                \
        GTEST_FAIL() << "numpy did not load the " << b.name << " from " << b.dir;              \
  } while (0)

// Sends a JSON request to an oracle script (tests/oracle/SCRIPT) on its standard input and
// returns its JSON reply; fails the test if the script fails. With `blas`, numpy runs on it.
inline nlohmann::json ask_oracle(const std::string& script, const nlohmann::json& request,
                                 const NumpyBlas* blas = nullptr) {
  const std::string env = blas ? "LD_LIBRARY_PATH='" + blas->dir + "' " : "";
  const auto r =
      run(env + kPython + " '" + kSourceDir + "/tests/oracle/" + script + "'", request.dump());
  EXPECT_EQ(r.exit_code, 0) << "oracle " << script << " failed:\n" << r.err;
  if (r.exit_code != 0) return nullptr;
  return nlohmann::json::parse(r.out);
}

}  // namespace rarenet::testing
