#include "depeche/pipeline/pipeline.h"

#include <atomic>
#include <thread>
#include <vector>

#include "depeche/morph/morph.h"
#include "depeche/text/text.h"

namespace depeche {

struct Pipeline::Impl {
  Stage last;
  std::optional<text::Segmenter> segmenter;
  std::optional<morph::Analyzer> analyzer;
};

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pipeline::~Pipeline() = default;

Result<std::unique_ptr<Pipeline>> Pipeline::Load(const KnowledgePaths& paths, Stage last) {
  auto impl = std::make_unique<Impl>();
  impl->last = last;
  auto seg = text::Segmenter::Load(paths);
  if (!seg.ok()) return seg.status();
  impl->segmenter = std::move(seg).value();
  if (last >= Stage::kMorph) {
    auto an = morph::Analyzer::Load(paths);
    if (!an.ok()) return an.status();
    impl->analyzer = std::move(an).value();
  }
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

Status Pipeline::Run(Document& doc) const {
  const Impl& p = *impl_;
  DEPECHE_RETURN_IF_ERROR(p.segmenter->Run(doc));
  if (p.last >= Stage::kMorph) p.analyzer->Run(doc);
  return Status::Ok();
}

size_t RunParallel(ingest::DocumentReader& reader, int threads,
                   const std::function<Status(Document&)>& process,
                   const std::function<void(Result<Document>&)>& emit) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Documents are read in batches, processed in parallel, and emitted in order: memory
  // stays bounded by the batch and the output does not depend on the thread count.
  const size_t batch_size = static_cast<size_t>(threads) * 16;
  size_t failures = 0;
  std::vector<Result<Document>> batch;
  bool done = false;
  while (!done) {
    batch.clear();
    while (batch.size() < batch_size) {
      auto next = reader.Next();
      if (!next) {
        done = true;
        break;
      }
      batch.push_back(std::move(*next));
    }
    std::atomic<size_t> cursor{0};
    auto work = [&] {
      for (size_t i; (i = cursor.fetch_add(1)) < batch.size();) {
        if (!batch[i].ok()) continue;
        Status st = process(batch[i].value());
        if (!st.ok()) {
          const std::string where = batch[i]->source;
          batch[i] = Result<Document>(Status(st.code(), where + ": " + st.message()));
        }
      }
    };
    if (threads == 1 || batch.size() <= 1) {
      work();
    } else {
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t) pool.emplace_back(work);
      for (auto& t : pool) t.join();
    }
    for (auto& r : batch) {
      if (!r.ok()) ++failures;
      emit(r);
    }
  }
  return failures;
}

}  // namespace depeche
