// parallel_for: runs task(i) for i in [0, n) on up to `jobs` threads.
//
// Each task writes only its own result slot, so the outcome is the same for any number of
// threads; jobs <= 0 means one thread per hardware core. The first exception thrown by a task is
// rethrown to the caller after all threads have stopped.
#pragma once

#include <cstddef>
#include <functional>

namespace rarenet {

int resolve_jobs(int jobs);
// Threads each of `tasks` tasks run by parallel_for(tasks, jobs) may use for itself (one model's
// training) without oversubscribing the machine: the cores left per running task, at least 1,
// and at most `threads` when that is > 0. Keeps jobs x threads <= cores.
int threads_per_task(int threads, int jobs, std::size_t tasks);
void parallel_for(std::size_t n, int jobs, const std::function<void(std::size_t)>& task);

}  // namespace rarenet
