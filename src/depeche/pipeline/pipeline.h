// The pipeline: the stages loaded once and run on one document at a time, and a runner
// that spreads documents over threads while emitting results in input order.
#pragma once

#include <functional>
#include <memory>

#include "depeche/core/document.h"
#include "depeche/core/knowledge.h"
#include "depeche/core/status.h"
#include "depeche/ingest/ingest.h"

namespace depeche {

// How far a run goes; each stage needs the ones before it.
enum class Stage { kText = 0, kMorph, kTime, kPlaces, kActors, kEvents };

class Pipeline {
 public:
  // Loads the knowledge every stage up to `last` needs. Heavy: do it once per process.
  static Result<std::unique_ptr<Pipeline>> Load(const KnowledgePaths& paths, Stage last);
  ~Pipeline();

  // Runs the stages on one document. Deterministic; safe to call from several threads.
  Status Run(Document& doc) const;

  struct Impl;

 private:
  explicit Pipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Reads every document of `reader`, runs `process` on `threads` workers (0 = all cores)
// and calls `emit` for each result in input order, on the calling thread. Returns the
// number of documents that failed (read errors and failed processing).
size_t RunParallel(ingest::DocumentReader& reader, int threads,
                   const std::function<Status(Document&)>& process,
                   const std::function<void(Result<Document>&)>& emit);

// The same, with `render` turning each processed document into its output text on the
// worker threads (so that writing JSON is parallel too); `emit` gets that text, in order.
size_t RunParallel(ingest::DocumentReader& reader, int threads,
                   const std::function<Status(Document&)>& process,
                   const std::function<void(const Document&, std::string&)>& render,
                   const std::function<void(Result<Document>&, const std::string&)>& emit);

}  // namespace depeche
