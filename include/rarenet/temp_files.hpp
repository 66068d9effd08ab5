// Temporary files that must not outlive the process: a registry that a signal handler can empty.
//
// The atomic writer (csv.hpp's AtomicFile) registers its temporary file while it exists. When
// the program is interrupted by a catchable signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT), the
// handler that install_temp_file_cleanup() sets removes every registered file and exits with
// 128 + the signal number (130 for Ctrl-C), so an interrupted run leaves no half-written file.
// The registry is a fixed array of slots: registering and the handler neither allocate nor lock,
// which is what a signal handler may do (unlink and _exit are async-signal-safe).
//
// Temporary names follow one pattern, `.NAME.rarenet-tmp-PID-XXXXXX` beside the target NAME,
// so that files a killed process (SIGKILL, a power cut) left behind can be recognised and removed
// by a later run: remove_stale_temp_files.
#pragma once

#include <string>

namespace rarenet {

// Slot to pass to unregister_temp_file; -1 when every slot is taken (the file is then only
// removed by its owner, as before).
int register_temp_file(const std::string& path) noexcept;
void unregister_temp_file(int slot) noexcept;

// Installs the handler for SIGINT, SIGTERM, SIGHUP and SIGQUIT (a program calls it once, from
// main; the library never installs handlers by itself).
void install_temp_file_cleanup();

// The temporary name for `target` (same directory): .NAME.rarenet-tmp-PID-SUFFIX.
std::string temp_file_name(const std::string& target, const std::string& suffix);

// Removes temporary files of `target` whose process no longer runs. Returns how many.
int remove_stale_temp_files(const std::string& target) noexcept;

}  // namespace rarenet
