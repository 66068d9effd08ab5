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
void parallel_for(std::size_t n, int jobs, const std::function<void(std::size_t)>& task);

}  // namespace rarenet
