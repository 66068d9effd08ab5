#include "rarenet/temp_files.hpp"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace rarenet {
namespace {

constexpr int kSlots = 64;
constexpr std::size_t kPathMax = 4096;

// A slot is free (0), being written (1) or holds a path (2). The handler only reads slots in
// state 2, whose path is complete.
struct Slot {
  std::atomic<int> state{0};
  char path[kPathMax];
};
Slot g_slots[kSlots];

extern "C" void remove_and_exit(int sig) {
  for (Slot& s : g_slots)
    if (s.state.load(std::memory_order_acquire) == 2) ::unlink(s.path);
  ::_exit(128 + sig);
}

constexpr const char* kMarker = ".rarenet-tmp-";

}  // namespace

int register_temp_file(const std::string& path) noexcept {
  if (path.size() + 1 > kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) {
      std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
      g_slots[i].state.store(2, std::memory_order_release);
      return i;
    }
  }
  return -1;
}

void unregister_temp_file(int slot) noexcept {
  if (slot >= 0 && slot < kSlots) g_slots[slot].state.store(0, std::memory_order_release);
}

void install_temp_file_cleanup() {
  struct sigaction sa {};
  sa.sa_handler = remove_and_exit;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&sa.sa_mask, sig);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
    struct sigaction old {};
    ::sigaction(sig, nullptr, &old);
    if (old.sa_handler == SIG_IGN) continue;  // e.g. nohup: keep ignoring
    ::sigaction(sig, &sa, nullptr);
  }
}

std::string temp_file_name(const std::string& target, const std::string& suffix) {
  const std::filesystem::path p(target);
  const std::string dir = p.has_parent_path() ? p.parent_path().string() + "/" : "";
  return dir + "." + p.filename().string() + kMarker + std::to_string(::getpid()) + "-" + suffix;
}

int remove_stale_temp_files(const std::string& target) noexcept {
  try {
    const std::filesystem::path p(target);
    const std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
    const std::string prefix = "." + p.filename().string() + kMarker;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return 0;
    int removed = 0;
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name.compare(0, prefix.size(), prefix) != 0) continue;
      // PID, '-', suffix: remove only when that process is gone.
      const char* digits = name.c_str() + prefix.size();
      char* end = nullptr;
      const long pid = std::strtol(digits, &end, 10);
      if (end == digits || *end != '-' || pid <= 0 || pid == ::getpid()) continue;
      if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
      if (::unlink((dir + "/" + name).c_str()) == 0) ++removed;
    }
    ::closedir(d);
    return removed;
  } catch (...) {
    return 0;
  }
}

}  // namespace rarenet
