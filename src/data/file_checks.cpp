#include "rarenet/file_checks.hpp"

#include <sys/stat.h>

#include <filesystem>

#include "rarenet/error.hpp"

namespace rarenet {
namespace {

struct Identity {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string normal;  // absolute, normalised, links followed where they exist
};

Identity identify(const std::string& path) {
  Identity id;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
  }
  std::error_code ec;
  const auto p = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  id.normal = ec ? path : p.string();
  return id;
}

bool same(const Identity& a, const Identity& b) {
  if (a.exists && b.exists) return a.dev == b.dev && a.ino == b.ino;
  return !a.exists && !b.exists && a.normal == b.normal;
}

}  // namespace

void check_outputs_are_not_inputs(const std::vector<NamedPath>& outputs,
                                  const std::vector<NamedPath>& inputs) {
  std::vector<Identity> out_ids;
  for (const NamedPath& o : outputs) out_ids.push_back(identify(o.path));
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const NamedPath& o = outputs[i];
    if (o.path.empty() || o.path == "-") continue;
    for (const NamedPath& in : inputs) {
      if (in.path.empty() || in.path == "-") continue;
      const Identity id = identify(in.path);
      // Devices (/dev/null given twice) are no data to protect.
      struct stat st {};
      if (id.exists && out_ids[i].exists && ::stat(in.path.c_str(), &st) == 0 &&
          !S_ISREG(st.st_mode))
        continue;
      if (id.exists && same(out_ids[i], id))
        throw ConfigError(o.option + " " + o.path + ": is the input file " + in.path + " (" +
                          in.option +
                          "); refusing to overwrite an input, expected a different output file");
    }
    for (std::size_t k = 0; k < i; ++k) {
      const NamedPath& other = outputs[k];
      if (other.path.empty() || other.path == "-") continue;
      struct stat st {};
      if (::stat(o.path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) continue;
      if (same(out_ids[i], out_ids[k]))
        throw ConfigError(o.option + " " + o.path + ": is also the output of " + other.option +
                          " (" + other.path + "), expected two different files");
    }
  }
}

}  // namespace rarenet
