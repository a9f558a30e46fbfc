// Runs fn(i, worker) for i in [0, count) on up to `jobs` threads; returns when all are done.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace ms {

inline void run_parallel(std::size_t count, int jobs, const std::function<void(std::size_t, int)>& fn) {
  int n = std::max(1, std::min<int>(jobs, static_cast<int>(count)));
  if (n == 1) {
    for (std::size_t i = 0; i < count; ++i) fn(i, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < n; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t i; (i = next.fetch_add(1)) < count;) fn(i, t);
    });
  for (auto& th : threads) th.join();
}

}  // namespace ms
