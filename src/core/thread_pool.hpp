// ThreadPool: a fixed set of threads, started once, that run the tasks of many short parallel
// phases (one per training step), so that no thread is started per step.
//
// run(n, task) calls task(i) for every i in [0, n) on the pool's threads and the calling thread,
// and returns when all have finished. Tasks are handed out in index order from a shared counter;
// each must write only its own slot, so results never depend on the number of threads. The
// first exception thrown by a task is rethrown by run() after every task has stopped. Between
// phases the workers spin for a few microseconds (steps follow each other closely), then sleep
// on a futex (std::atomic::wait), so an idle pool costs no CPU.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace rarenet {

class ThreadPool {
 public:
  // threads: total threads including the caller (>= 1); 1 starts no thread.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }
  void run(std::size_t n, const std::function<void(std::size_t)>& task);

 private:
  void work();  // hand out tasks until none is left
  void worker_loop();

  std::vector<std::thread> workers_;
  std::atomic<std::uint64_t> generation_{0};  // bumped once per phase (and to stop)
  std::atomic<int> pending_{0};               // workers still inside the current phase
  std::atomic<std::size_t> next_{0};
  std::size_t n_ = 0;
  const std::function<void(std::size_t)>* task_ = nullptr;
  bool stop_ = false;
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

}  // namespace rarenet
