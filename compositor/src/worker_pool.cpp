// SPDX-License-Identifier: MIT
#include "worker_pool.hpp"

#include <algorithm>
#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace fb::compositor_detail {
namespace {

// How long a worker spins on a changing value before it sleeps in the kernel. Waking a
// sleeping thread costs tens of microseconds (more when the core it slept on was halted, as
// an idle virtual CPU is), a large part of a frame's composition; frames arriving back to
// back, or bands finishing together, are caught by spinning instead.
constexpr auto kSpinBeforeSleeping = std::chrono::microseconds(200);

void pause_briefly() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__) || defined(__arm__)
  __asm__ __volatile__("yield");
#endif
}

// Waits until `value` no longer holds `old`; returns what it holds then. Spins first only when
// `spin`: with more workers than processors a spinning thread holds a processor another
// worker needs.
template <class T>
T wait_for_change(const std::atomic<T>& value, T old, bool spin) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinBeforeSleeping;
  for (unsigned spins = 0; spin; ++spins) {
    const T now = value.load(std::memory_order_acquire);
    if (now != old) return now;
    pause_briefly();
    if (spins % 64 == 63 && std::chrono::steady_clock::now() > deadline) break;
  }
  for (;;) {
    value.wait(old, std::memory_order_acquire);
    const T now = value.load(std::memory_order_acquire);
    if (now != old) return now;
  }
}

}  // namespace

WorkerPool::WorkerPool(unsigned workers)
    : spin_(workers <= std::max(std::thread::hardware_concurrency(), 1u)) {
  threads_.reserve(workers > 1 ? workers - 1 : 0);
  for (unsigned worker = 1; worker < workers; ++worker) {
    threads_.emplace_back([this, worker] { thread_main(worker); });
  }
}

WorkerPool::~WorkerPool() {
  stopping_ = true;
  generation_.fetch_add(1, std::memory_order_release);
  generation_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::run_items(size_t items, ItemFunction function, void* work) {
  if (threads_.empty() || items <= 1) {
    for (size_t item = 0; item < items; ++item) function(work, 0, item);
    return;
  }
  items_ = items;
  function_ = function;
  work_ = work;
  error_ = nullptr;
  next_item_.store(0, std::memory_order_relaxed);
  threads_busy_.store(static_cast<unsigned>(threads_.size()), std::memory_order_relaxed);
  // Publishes the job: the threads read it after they see the new generation.
  generation_.fetch_add(1, std::memory_order_release);
  generation_.notify_all();
  take_items(0);
  // Every thread acknowledges every generation, so none is still inside this job when the
  // next one is written.
  for (unsigned busy = threads_busy_.load(std::memory_order_acquire); busy != 0;) {
    busy = wait_for_change(threads_busy_, busy, spin_);
  }
  if (error_) std::rethrow_exception(error_);
}

void WorkerPool::take_items(unsigned worker) {
  for (;;) {
    const size_t item = next_item_.fetch_add(1, std::memory_order_relaxed);
    if (item >= items_) return;
    try {
      function_(work_, worker, item);
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
      next_item_.store(items_, std::memory_order_relaxed);
    }
  }
}

void WorkerPool::thread_main(unsigned worker) {
  uint64_t seen = 0;
  for (;;) {
    seen = wait_for_change(generation_, seen, spin_);
    if (stopping_) return;
    take_items(worker);
    if (threads_busy_.fetch_sub(1, std::memory_order_acq_rel) == 1) threads_busy_.notify_one();
  }
}

}  // namespace fb::compositor_detail
