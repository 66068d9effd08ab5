// Errors: one base class, one subclass per kind of failure.
//
// Every message names what was wrong (file, line, column, option), the value found and what was
// expected. The library throws; only the CLI's main turns an error into a message and an exit
// code (see exit_code()). Nothing in the library prints or exits.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace rarenet {

// `text` with every byte that a terminal would not show as text escaped as \xNN: control
// characters other than newline and tab (a NUL would cut the message short), and bytes that are
// not part of valid UTF-8 (binary input echoed raw). Printable text, UTF-8 included, is unchanged.
std::string printable(std::string_view text);

class Error : public std::runtime_error {
 public:
  explicit Error(std::string_view message) : std::runtime_error(printable(message)) {}
  explicit Error(const char* message) : Error(std::string_view(message)) {}
  explicit Error(const std::string& message) : Error(std::string_view(message)) {}
  // The process exit code the CLI uses for this kind of error.
  virtual int exit_code() const noexcept { return 1; }
};

// A bad option or parameter value (also scikit-learn's parameter validation errors).
class ConfigError : public Error {
 public:
  using Error::Error;
  int exit_code() const noexcept override { return 2; }
};

// Data that cannot be used as given: malformed CSV, a single class, NaN, wrong shapes.
class InputError : public Error {
 public:
  using Error::Error;
  int exit_code() const noexcept override { return 3; }
};

// A file that cannot be opened, read, written or renamed.
class FileError : public Error {
 public:
  using Error::Error;
  int exit_code() const noexcept override { return 4; }
};

// A model file that is corrupt, truncated, foreign or of a newer format version.
class FormatError : public Error {
 public:
  using Error::Error;
  int exit_code() const noexcept override { return 5; }
};

}  // namespace rarenet
