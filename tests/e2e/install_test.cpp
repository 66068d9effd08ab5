// The installed package: `cmake --install` into a temporary prefix, then examples/cpp configured
// with find_package(rarenet), built and run on a CSV file of the repository.
#include <gtest/gtest.h>

#include "support.hpp"

namespace rarenet::testing {
namespace {

TEST(Install, FindPackageBuildsAndRunsTheExample) {
  TempDir tmp;
  const std::string build_dir = std::filesystem::path(kBinary).parent_path().string();
  const std::string prefix = tmp.file("prefix"), example = tmp.file("example");
  auto r = run("cmake --install '" + build_dir + "' --prefix '" + prefix + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(prefix + "/include/rarenet/rarenet.hpp"));
  EXPECT_TRUE(std::filesystem::exists(prefix + "/lib/cmake/rarenet/rarenetConfigVersion.cmake"));
  EXPECT_FALSE(std::filesystem::exists(prefix + "/include/rarenet/backprop.hpp"))
      << "engine internals must stay private";
  r = run("cmake -S '" + kSourceDir + "/examples/cpp' -B '" + example +
          "' -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH='" + prefix + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = run("cmake --build '" + example + "' -j2");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // A data file of the repository: make_classification through the installed program.
  r = run("'" + prefix + "/bin/rarenet' make-classification --n-samples 600 --weights 0.9 " +
          "--random-state 1 -o '" + tmp.file("d.csv") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run("'" + example + "/rarenet_example' '" + tmp.file("d.csv") + "' y");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("precision"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ROC AUC"), std::string::npos) << r.out;
  // A version the package does not satisfy is refused by find_package.
  std::filesystem::create_directories(tmp.file("v"));
  write_text(tmp.file("v/CMakeLists.txt"),
             "cmake_minimum_required(VERSION 3.20)\nproject(v LANGUAGES CXX)\n"
             "find_package(rarenet 9.0 REQUIRED)\n");
  r = run("cmake -S '" + tmp.file("v") + "' -B '" + tmp.file("v/b") + "' -DCMAKE_PREFIX_PATH='" +
          prefix + "'");
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace rarenet::testing
