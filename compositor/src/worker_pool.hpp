// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace fb::compositor_detail {

/// A fixed set of threads that share out numbered work items. The calling thread works too: a
/// pool of N workers starts N-1 threads, once, when it is built; running work allocates
/// nothing. Items are handed out in increasing order to whichever worker asks next, so each
/// worker's items (bands of a frame) follow one another down the screen.
class WorkerPool {
 public:
  /// `workers` counts the calling thread: 1 starts no thread.
  explicit WorkerPool(unsigned workers);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned workers() const { return static_cast<unsigned>(threads_.size()) + 1; }

  /// Calls work(worker, item) once for every item in [0, items), worker in [0, workers()), the
  /// calling thread being worker 0, and returns when every call has returned. Calls with the
  /// same worker number never overlap. If a call throws, no further items are handed out and
  /// the first exception is rethrown here once the others have finished.
  template <class Work>
  void run(size_t items, Work& work) {
    run_items(items, &call<Work>, &work);
  }

 private:
  using ItemFunction = void (*)(void* work, unsigned worker, size_t item);
  template <class Work>
  static void call(void* work, unsigned worker, size_t item) {
    (*static_cast<Work*>(work))(worker, item);
  }

  void run_items(size_t items, ItemFunction function, void* work);
  void take_items(unsigned worker);
  void thread_main(unsigned worker);

  const bool spin_;  // wait by spinning first: only when every worker has a processor
  std::vector<std::thread> threads_;
  // The job: written by the caller before `generation_` moves on, read by the threads after.
  size_t items_ = 0;
  ItemFunction function_ = nullptr;
  void* work_ = nullptr;
  bool stopping_ = false;
  std::atomic<uint64_t> generation_{0};
  std::atomic<size_t> next_item_{0};
  std::atomic<unsigned> threads_busy_{0};
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

}  // namespace fb::compositor_detail
