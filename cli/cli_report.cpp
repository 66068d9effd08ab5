#include "cli_report.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "rarenet/csv.hpp"

namespace rarenet::cli {
namespace {

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_./:,=+@%") == std::string::npos)
    return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) t = std::strtoll(epoch, nullptr, 10);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

void add_report_option(CLI::App* sub, std::string& path) {
  sub->add_option("--report", path,
                  "Also write a self-contained HTML report (charts and tables; opens offline in "
                  "any browser)")
      ->check(CLI::Validator(
          [](std::string& p) -> std::string {
            const auto dir = std::filesystem::path(p).parent_path();
            const std::string d = dir.empty() ? "." : dir.string();
            if (!std::filesystem::is_directory(d))
              return "cannot write '" + p + "': directory '" + d + "' does not exist";
            if (access(d.c_str(), W_OK) != 0)
              return "cannot write '" + p + "': directory '" + d + "' is not writable";
            if (std::filesystem::is_directory(p)) return "'" + p + "' is a directory";
            return "";
          },
          "FILE.html"));
}

void write_report(const std::string& path, const CLI::App* sub, const std::string& data_file,
                  const std::vector<std::pair<std::string, std::int64_t>>& rows,
                  const std::function<std::string(const RunHeader&)>& page) {
  if (path.empty()) return;
  RunHeader h;
  h.command = "rarenet " + sub->get_name();
  for (const CLI::Option* opt : sub->get_options()) {
    const std::string name = opt->get_positional() ? "" : opt->get_name(false, false);
    if (name == "--help") continue;
    if (opt->count() > 0) {
      for (const auto& v : opt->results()) {
        if (opt->get_expected_min() == 0) {
          h.command += " " + name;
          break;
        }
        h.command += " " + (name.empty() ? "" : name + " ") + shell_quote(v);
      }
    }
    if (name.empty()) continue;
    std::string value;
    if (opt->count() > 0) {
      for (const auto& v : opt->results()) value += (value.empty() ? "" : ",") + v;
      if (opt->get_expected_min() == 0) value = "on";
    } else {
      value = opt->get_default_str();
    }
    if (!value.empty()) h.options.emplace_back(name, value);
  }
  h.data_file = data_file;
  h.rows_per_class = rows;
  h.date = now_utc();
  write_file_atomic(path, page(h));
}

}  // namespace rarenet::cli
