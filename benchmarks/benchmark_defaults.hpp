// SPDX-License-Identifier: MIT
// Google Benchmark started with a benchmark's own default flags, so that its figures hold on a
// busy machine without the user knowing which flags to give.
#pragma once

#include <benchmark/benchmark.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace fb::bench {

/// benchmark::Initialize on `defaults` followed by the command line's flags, which come later
/// and so win. False (after Google Benchmark has said why) when a flag is not recognised.
inline bool initialize_with_defaults(int& argc, char**& argv,
                                     std::initializer_list<const char*> defaults) {
  // Google Benchmark keeps pointers into argv: the rewritten one lives as long as the program.
  static std::vector<std::string> flags;
  static std::vector<char*> args;
  flags.assign(defaults.begin(), defaults.end());
  args.assign(argv, argv + 1);
  for (std::string& flag : flags) args.push_back(flag.data());
  args.insert(args.end(), argv + 1, argv + argc);
  argc = static_cast<int>(args.size());
  argv = args.data();
  benchmark::Initialize(&argc, argv);
  return !benchmark::ReportUnrecognizedArguments(argc, argv);
}

}  // namespace fb::bench
