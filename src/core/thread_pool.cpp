#include "core/thread_pool.hpp"

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace rarenet {
namespace {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#else
  std::this_thread::yield();
#endif
}

// How long a waiting thread spins before it sleeps: longer than the serial work between two
// phases (summing the shards' gradients and the optimiser step, a few microseconds), shorter
// than a futex wake-up in a virtual machine (tens of microseconds), which would otherwise be
// paid on every step. Measured as time, since a pause instruction lasts 10 to 140 cycles
// depending on the processor.
constexpr auto kSpinTime = std::chrono::microseconds(50);

// Spins until ready() or kSpinTime has passed; returns ready().
template <class Ready>
bool spin_until(Ready ready) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
  for (;;) {
    for (int i = 0; i < 32; ++i) {
      if (ready()) return true;
      cpu_relax();
    }
    if (std::chrono::steady_clock::now() > deadline) return ready();
  }
}

}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int t = 1; t < threads; ++t) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  stop_ = true;
  generation_.fetch_add(1, std::memory_order_release);
  generation_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::work() {
  for (std::size_t i; (i = next_.fetch_add(1, std::memory_order_relaxed)) < n_;) {
    try {
      (*task_)(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
      next_.store(n_, std::memory_order_relaxed);  // stop handing out work
    }
  }
}

void ThreadPool::worker_loop() {
  std::uint64_t seen = 0;
  for (;;) {
    if (!spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; })) {
      generation_.wait(seen, std::memory_order_acquire);
      continue;
    }
    const std::uint64_t g = generation_.load(std::memory_order_acquire);
    seen = g;
    if (stop_) return;
    work();
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.notify_one();
  }
}

void ThreadPool::run(std::size_t n, const std::function<void(std::size_t)>& task) {
  if (workers_.empty() || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) task(i);
    return;
  }
  task_ = &task;
  n_ = n;
  error_ = nullptr;
  next_.store(0, std::memory_order_relaxed);
  pending_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_release);
  generation_.notify_all();
  work();
  spin_until([&] { return pending_.load(std::memory_order_acquire) == 0; });
  for (int p; (p = pending_.load(std::memory_order_acquire)) != 0;) {
    pending_.wait(p, std::memory_order_acquire);
  }
  task_ = nullptr;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

}  // namespace rarenet
