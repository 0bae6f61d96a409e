#include "depeche/pipeline/pipeline.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "depeche/actors/actors.h"
#include "depeche/clean/clean.h"
#include "depeche/events/events.h"
#include "depeche/morph/morph.h"
#include "depeche/places/places.h"
#include "depeche/text/text.h"
#include "depeche/time/time.h"

namespace depeche {

struct Pipeline::Impl {
  Stage last;
  std::optional<clean::Cleaner> cleaner;
  std::optional<text::Segmenter> segmenter;
  std::optional<morph::Analyzer> analyzer;
  std::optional<timex::TimeTagger> times;
  std::optional<places::Gazetteer> places;
  std::optional<actors::ActorTagger> actors;
  std::optional<events::EventCoder> events;
};

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pipeline::~Pipeline() = default;

namespace {
template <typename T, typename Opt>
Status LoadInto(Opt& slot, const KnowledgePaths& paths) {
  auto r = T::Load(paths);
  if (!r.ok()) return r.status();
  slot.emplace(std::move(r).value());
  return Status::Ok();
}
}  // namespace

Result<std::unique_ptr<Pipeline>> Pipeline::Load(const KnowledgePaths& paths, Stage last) {
  auto impl = std::make_unique<Impl>();
  impl->last = last;
  DEPECHE_RETURN_IF_ERROR(LoadInto<clean::Cleaner>(impl->cleaner, paths));
  DEPECHE_RETURN_IF_ERROR(LoadInto<text::Segmenter>(impl->segmenter, paths));
  if (last >= Stage::kMorph) DEPECHE_RETURN_IF_ERROR(LoadInto<morph::Analyzer>(impl->analyzer, paths));
  if (last >= Stage::kTime) DEPECHE_RETURN_IF_ERROR(LoadInto<timex::TimeTagger>(impl->times, paths));
  if (last >= Stage::kPlaces) DEPECHE_RETURN_IF_ERROR(LoadInto<places::Gazetteer>(impl->places, paths));
  if (last >= Stage::kActors) DEPECHE_RETURN_IF_ERROR(LoadInto<actors::ActorTagger>(impl->actors, paths));
  if (last >= Stage::kEvents) DEPECHE_RETURN_IF_ERROR(LoadInto<events::EventCoder>(impl->events, paths));
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

Status Pipeline::Run(Document& doc) const {
  const Impl& p = *impl_;
  DEPECHE_RETURN_IF_ERROR(p.cleaner->Run(doc));
  // A text with no line the cleaner keeps (a bare sentence, a JSON record's short text) is
  // all content: the clutter rules are for pages, and dropping the whole input is never right.
  const bool any_content = std::any_of(doc.lines.begin(), doc.lines.end(), [](const Line& l) {
    return l.label == LineLabel::kTitle || l.label == LineLabel::kHeading || l.label == LineLabel::kBody;
  });
  if (!any_content)
    for (Line& l : doc.lines) l.label = LineLabel::kBody;
  DEPECHE_RETURN_IF_ERROR(p.segmenter->Run(doc));
  if (p.last >= Stage::kMorph) p.analyzer->Run(doc);
  if (p.last >= Stage::kTime) p.times->Run(doc);
  if (p.last >= Stage::kPlaces) p.places->Run(doc);
  if (p.last >= Stage::kActors) p.actors->Run(doc);
  if (p.last >= Stage::kEvents) {
    const places::Gazetteer& gaz = *p.places;
    p.events->Run(doc, [&gaz](const Document& d, Span s) { return gaz.EventLocation(d, s); });
  }
  return Status::Ok();
}

size_t RunParallel(ingest::DocumentReader& reader, int threads,
                   const std::function<Status(Document&)>& process,
                   const std::function<void(const Document&, std::string&)>& render,
                   const std::function<void(Result<Document>&, const std::string&)>& emit) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Documents are read in batches, processed (and rendered) in parallel, and emitted in
  // order: memory stays bounded by the batch and the output does not depend on the thread
  // count.
  const size_t batch_size = static_cast<size_t>(threads) * 16;
  size_t failures = 0;
  std::vector<Result<Document>> batch;
  std::vector<std::string> rendered;
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
    rendered.assign(batch.size(), std::string());
    std::atomic<size_t> cursor{0};
    auto work = [&] {
      for (size_t i; (i = cursor.fetch_add(1)) < batch.size();) {
        if (!batch[i].ok()) continue;
        Status st = process(batch[i].value());
        if (!st.ok()) {
          const std::string where = batch[i]->source;
          batch[i] = Result<Document>(Status(st.code(), where + ": " + st.message()));
        } else if (render) {
          render(batch[i].value(), rendered[i]);
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
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!batch[i].ok()) ++failures;
      emit(batch[i], rendered[i]);
    }
  }
  return failures;
}

size_t RunParallel(ingest::DocumentReader& reader, int threads,
                   const std::function<Status(Document&)>& process,
                   const std::function<void(Result<Document>&)>& emit) {
  return RunParallel(reader, threads, process, nullptr,
                     [&](Result<Document>& r, const std::string&) { emit(r); });
}

}  // namespace depeche
