// vellum_bench: every workload of issue 7 run with vellum and with hand-written sqlite3 code in
// one process, interleaved (Google Benchmark's random interleaving of repetitions), then a
// summary, one line per workload: `<id> vellum_ns=<n> raw_ns=<n> ratio=<r>` (median CPU time of
// the repetitions; `-wal` ids ran on a WAL file, the others in memory).
//
//   vellum_bench                                   # defaults below; any --benchmark_* flag overrides
//   vellum_bench --benchmark_filter='W2|W3'        # some workloads
//   valgrind --tool=callgrind --instr-atstart=no vellum_bench --instructions=W2/memory/vellum --iterations=2000
//
// Defaults: --benchmark_repetitions=11 --benchmark_min_time=0.1 (W1: 5 repetitions of one
//           100k-row insert) --benchmark_enable_random_interleaving=true
//           --benchmark_display_aggregates_only=true. Many short repetitions, shuffled, so a burst
//           of load on a shared machine lands on both sides and the median ignores it.
#include <benchmark/benchmark.h>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define VELLUM_BENCH_CALLGRIND 1
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define VELLUM_BENCH_CALLGRIND 0
#endif

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "workload.hpp"

namespace bench {
namespace {

std::string case_name(const workload& w, storage where, side who) {
  return w.id + "/" + std::string(name_of(where)) + "/" + std::string(name_of(who));
}

/// Runners live from their first repetition to the end of the run, so databases are filled once.
std::map<std::string, std::unique_ptr<runner>>& runners() {
  static std::map<std::string, std::unique_ptr<runner>> all;
  return all;
}

runner& runner_for(const workload& w, storage where, side who) {
  auto& slot = runners()[case_name(w, where, who)];
  if (!slot) slot = w.make(where, who);
  return *slot;
}

void run_case(benchmark::State& state, const workload* w, storage where, side who) {
  runner* r = nullptr;
  try {
    r = &runner_for(*w, where, who);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  for (auto _ : state) {
    if (w->per_iteration_setup) {
      state.PauseTiming();
      r->before_iteration();
      state.ResumeTiming();
    }
    r->iterate();
  }
}

/// The console output, plus the median CPU time of each case for the summary.
class summary_reporter final : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      const std::string& name = run.run_name.function_name;
      if (run.run_type == Run::RT_Aggregate) {
        if (run.aggregate_name == "median") medians_[name] = run.GetAdjustedCPUTime();
      } else {
        samples_[name].push_back(run.GetAdjustedCPUTime());
      }
    }
  }

  /// Median nanoseconds per iteration of `name`, or a negative value when it did not run.
  [[nodiscard]] double median(const std::string& name) const {
    if (auto it = medians_.find(name); it != medians_.end()) return it->second;
    auto it = samples_.find(name);
    if (it == samples_.end() || it->second.empty()) return -1;
    auto values = it->second;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

 private:
  std::map<std::string, double> medians_;
  std::map<std::string, std::vector<double>> samples_;
};

void print_summary(const summary_reporter& report) {
  std::printf("\nsummary (median CPU time per iteration over the repetitions; ratio = vellum / raw)\n");
  double worst_memory_ratio = 0;
  for (const workload& w : workloads()) {
    for (storage where : w.storages) {
      const double ours = report.median(case_name(w, where, side::vellum));
      const double theirs = report.median(case_name(w, where, side::raw));
      if (ours < 0 || theirs <= 0) continue;
      const double ratio = ours / theirs;
      const std::string id = where == storage::memory ? w.id : w.id + "-wal";
      std::printf("%s vellum_ns=%.0f raw_ns=%.0f ratio=%.3f\n", id.c_str(), ours, theirs, ratio);
      if (where == storage::memory && w.id.size() >= 2 && w.id[0] == 'W' && w.id.find('@') == std::string::npos)
        worst_memory_ratio = std::max(worst_memory_ratio, ratio);
    }
  }
  for (const std::string id : {"W3", "R3"}) {
    const double small_v = report.median(id + "@10k/memory/vellum");
    const double large_v = report.median(id + "@1M/memory/vellum");
    const double small_r = report.median(id + "@10k/memory/raw");
    const double large_r = report.median(id + "@1M/memory/raw");
    if (small_v <= 0 || large_v <= 0) continue;
    std::printf("scale %s 1M/10k vellum=%.3f", id.c_str(), large_v / small_v);
    if (small_r > 0 && large_r > 0) std::printf(" raw=%.3f", large_r / small_r);
    std::printf(" (target <= 1.5: %s)\n", large_v / small_v <= 1.5 ? "met" : "NOT met");
  }
  if (worst_memory_ratio > 0)
    std::printf("worst in-memory W ratio=%.3f (target <= 1.10: %s)\n", worst_memory_ratio,
                worst_memory_ratio <= 1.10 ? "met" : "NOT met");
}

void print_explain() {
  std::printf("W3 SQL: %s\n", page_query_sql().c_str());
  bool uses_index = false;
  for (const std::string& step : explain_page_query()) {
    std::printf("W3 plan: %s\n", step.c_str());
    if (step.find("USING INDEX idx_content_collection_status_updated") != std::string::npos) uses_index = true;
  }
  std::printf("W3 uses idx_content_collection_status_updated: %s\n\n", uses_index ? "yes" : "NO");
}

/// --instructions=<id>/<storage>/<side>: runs that case --iterations times with callgrind's
/// instrumentation on only around the measured iterations (setup and warm-up are not counted).
int count_instructions(const std::string& name, long iterations) {
  for (const workload& w : workloads()) {
    for (storage where : w.storages) {
      for (side who : {side::vellum, side::raw}) {
        if (case_name(w, where, who) != name) continue;
        auto r = w.make(where, who);
        if (w.per_iteration_setup) {
          iterations = 1;
          r->before_iteration();
        } else {
          for (int i = 0; i < 20; ++i) r->iterate();  // statements prepared, caches warm
        }
        CALLGRIND_START_INSTRUMENTATION;
        for (long i = 0; i < iterations; ++i) r->iterate();
        CALLGRIND_STOP_INSTRUMENTATION;
        std::printf("instructions: %s iterations=%ld callgrind=%s\n", name.c_str(), iterations,
                    VELLUM_BENCH_CALLGRIND ? "yes" : "no (built without valgrind/callgrind.h)");
        r.reset();
        cleanup();
        return 0;
      }
    }
  }
  std::fprintf(stderr, "vellum_bench: no case named %s\n", name.c_str());
  return 2;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  using namespace bench;
  add_core_workloads();
  add_repository_workloads();

  std::vector<std::string> args{argv[0], "--benchmark_repetitions=11", "--benchmark_min_time=0.1",
                                "--benchmark_enable_random_interleaving=true",
                                "--benchmark_display_aggregates_only=true"};
  std::string instructions;
  long iterations = 1000;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--instructions=")) instructions = arg.substr(15);
    else if (arg.starts_with("--iterations=")) iterations = std::atol(argv[i] + 13);
    else args.emplace_back(arg);
  }
  try {
    if (!instructions.empty()) return count_instructions(instructions, iterations);

    std::vector<char*> arg_pointers;
    for (auto& a : args) arg_pointers.push_back(a.data());
    int count = static_cast<int>(arg_pointers.size());
    benchmark::Initialize(&count, arg_pointers.data());
    if (benchmark::ReportUnrecognizedArguments(count, arg_pointers.data())) return 1;

    for (const workload& w : workloads()) {
      for (storage where : w.storages) {
        for (side who : {side::vellum, side::raw}) {
          auto* b = benchmark::RegisterBenchmark(case_name(w, where, who).c_str(), run_case, &w, where, who);
          b->Unit(benchmark::kNanosecond);
          if (w.fixed_iterations > 0) b->Iterations(w.fixed_iterations);
          if (w.repetitions > 0) b->Repetitions(w.repetitions);
        }
      }
    }
    print_explain();
    summary_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    print_summary(reporter);
    runners().clear();
    cleanup();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vellum_bench: %s\n", e.what());
    runners().clear();
    cleanup();
    return 1;
  }
  return 0;
}
