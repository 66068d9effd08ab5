// Checks on the files a command is given, made before any work: an output that is one of the
// inputs (`train data.csv -o data.csv`) would destroy the data it was computed from, and two
// outputs that are one file would keep only one of them.
#pragma once

#include <string>
#include <vector>

namespace rarenet {

// A path as the user gave it, with the option (or argument name) that gave it.
struct NamedPath {
  std::string option;  // "-o", "--train-out", "data" ...
  std::string path;    // "-" (standard input or output) is never a conflict
};

// ConfigError naming both options and paths when an output is the same file as an input
// (compared by file system identity: device and inode, with links followed, not by spelling),
// or when two outputs are the same file (identity when they exist, else the normalised path).
void check_outputs_are_not_inputs(const std::vector<NamedPath>& outputs,
                                  const std::vector<NamedPath>& inputs);

}  // namespace rarenet
