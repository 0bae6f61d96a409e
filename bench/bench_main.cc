// depeche_bench: throughput of `analyze` and `extract` on a fixed corpus, measured in-process
// with the same reader, parallel runner and JSON writers as the CLI (output discarded).
//
//   depeche_bench [--stage ingest|analyze|extract] [--threads N] [--repeat R] [--no-write] INPUT...
//
// --no-write skips the JSON writing, to separate the engine's cost from the output's;
// --stage ingest only reads the documents (on the calling thread, as RunParallel does): the
// serial part that bounds what more threads can gain.
// Prints one `key=value` line per repeat (parsed by bench/run.sh): input bytes, documents,
// sentences, events, load and run wall times, CPU time, and peak RSS from getrusage.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "depeche/core/knowledge.h"
#include "depeche/export/jsonl.h"
#include "depeche/ingest/ingest.h"
#include "depeche/pipeline/pipeline.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;  // kilobytes on Linux
}

int Usage() {
  std::fprintf(stderr,
               "usage: depeche_bench [--stage ingest|analyze|extract] [--threads N] [--repeat R] "
               "[--no-write] INPUT...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string stage = "extract";
  int threads = 0;
  int repeat = 1;
  bool write = true;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--stage" && i + 1 < argc) stage = argv[++i];
    else if (a == "--threads" && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (a == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
    else if (a == "--no-write") write = false;
    else if (!a.empty() && a[0] == '-') return Usage();
    else inputs.push_back(a);
  }
  if (inputs.empty() || (stage != "ingest" && stage != "analyze" && stage != "extract") || repeat < 1) return Usage();
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  uintmax_t input_bytes = 0;
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(in, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(in, ec))
        if (e.is_regular_file(ec)) input_bytes += e.file_size(ec);
    } else {
      input_bytes += std::filesystem::file_size(in, ec);
    }
  }

  // Same stages as the CLI commands: analyze stops at places, extract goes to events.
  const depeche::Stage last =
      stage == "extract" ? depeche::Stage::kEvents : depeche::Stage::kPlaces;
  const auto t_load = Clock::now();
  auto pipeline = depeche::Pipeline::Load(depeche::KnowledgePaths::Default(), last);
  const double load_s = Seconds(t_load, Clock::now());
  if (!pipeline.ok()) {
    std::fprintf(stderr, "depeche_bench: %s\n", pipeline.status().message().c_str());
    return 3;
  }
  const depeche::Pipeline& p = *pipeline.value();

  for (int r = 0; r < repeat; ++r) {
    size_t docs = 0, sentences = 0, tokens = 0, events = 0, text_bytes = 0, out_bytes = 0;
    std::string buf;
    depeche::ingest::DocumentReader reader(inputs);
    const double cpu0 = CpuSeconds();
    const auto t0 = Clock::now();
    const size_t failed = depeche::RunParallel(
        reader, threads,
        [&](depeche::Document& d) {
          return stage == "ingest" ? depeche::Status::Ok() : p.Run(d);
        },
        [&](depeche::Result<depeche::Document>& res) {
          if (!res.ok()) return;
          const depeche::Document& d = res.value();
          ++docs;
          sentences += d.sentences.size();
          tokens += d.tokens.size();
          events += d.events.size();
          text_bytes += d.text.size();
          if (!write) return;
          buf.clear();
          if (stage == "analyze") {
            buf = depeche::exporter::DocumentJson(d);
          } else {
            for (const depeche::Event& e : d.events) buf += depeche::exporter::EventJson(d, e, false);
          }
          out_bytes += buf.size();
        });
    const double run_s = Seconds(t0, Clock::now());
    const double cpu_s = CpuSeconds() - cpu0;
    std::printf(
        "stage=%s threads=%d repeat=%d write=%d input_bytes=%ju text_bytes=%zu docs=%zu failed=%zu "
        "sentences=%zu tokens=%zu events=%zu output_bytes=%zu load_s=%.3f run_s=%.3f "
        "cpu_s=%.3f mb_per_s=%.2f docs_per_s=%.1f sentences_per_s=%.1f "
        "sentences_per_cpu_s=%.1f peak_rss_kb=%ld\n",
        stage.c_str(), threads, r, write ? 1 : 0, input_bytes, text_bytes, docs, failed, sentences, tokens,
        events, out_bytes, load_s, run_s, cpu_s,
        static_cast<double>(input_bytes) / (1 << 20) / run_s, static_cast<double>(docs) / run_s,
        static_cast<double>(sentences) / run_s, static_cast<double>(sentences) / cpu_s,
        PeakRssKb());
    std::fflush(stdout);
  }
  return 0;
}
