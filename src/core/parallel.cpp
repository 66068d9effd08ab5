#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace rarenet {

int resolve_jobs(int jobs) {
  if (jobs > 0) return jobs;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

int threads_per_task(int threads, int jobs, std::size_t tasks) {
  const int cores = resolve_jobs(0);
  const int running =
      static_cast<int>(std::max<std::size_t>(1, std::min<std::size_t>(tasks, resolve_jobs(jobs))));
  const int left = std::max(1, cores / running);
  return threads > 0 ? std::min(threads, left) : left;
}

void parallel_for(std::size_t n, int jobs, const std::function<void(std::size_t)>& task) {
  const std::size_t threads =
      std::min<std::size_t>(n, static_cast<std::size_t>(resolve_jobs(jobs)));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) task(i);
    return;
  }
  // Tasks are handed out in index order from a shared counter: uneven tasks balance themselves.
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      try {
        task(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next.store(n);  // stop handing out work
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace rarenet
