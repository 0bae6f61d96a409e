// The event store: analysed documents, their actor mentions, events and evidence in one
// SQLite file (WAL mode), with events from different documents merged into occasions as
// documents arrive. Writes happen inside caller-controlled transactions, so a batch of
// documents is committed whole or not at all. Schema: schema.h and docs/STORE.md.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "depeche/core/document.h"
#include "depeche/core/status.h"
#include "depeche/dedup/minhash.h"
#include "depeche/dedup/occasion.h"
#include "depeche/store/sqlite.h"

namespace depeche::store {

struct StoreOptions {
  bool read_only = false;
  dedup::MergeSettings merge;
  dedup::MinHashParams minhash;
  // Written into documents.engine_version; recode compares against it.
  std::string engine_version = DEPECHE_VERSION;
};

struct StoreCounts {
  int64_t documents = 0, mentions = 0, events = 0, occasions = 0, actors = 0, evidence = 0;
};

class Store {
 public:
  // Opens (creating and migrating when writable) the database at `path`.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const StoreOptions& options);
  ~Store();

  // One write transaction (BEGIN IMMEDIATE ... COMMIT). Rollback also forgets cached ids.
  Status Begin();
  Status Commit();
  void Rollback();

  enum class Outcome { kUnchanged, kAdded, kReplaced };
  // Stores an analysed document inside the open transaction. A document stored under the
  // same id with the same content hash is left alone (kUnchanged) unless `force`; a
  // changed one has its mentions and events replaced, and the occasions they joined are
  // recounted (and dropped when left empty).
  Result<Outcome> Put(const Document& doc, bool force = false);

  // The content hash stored for document `id`, "" when none. Reads committed data on a
  // connection of its own, so worker threads may call it while the writer works.
  std::string StoredHash(const std::string& id);
  // What decides "same document": the text and the metadata the input gave.
  static std::string ContentHash(const Document& doc);

  // doc_pk of every stored document, in storage order.
  Result<std::vector<int64_t>> DocumentKeys();
  // A stored document as the input gave it (id, text, given metadata, source), ready to
  // be analysed again.
  Result<Document> LoadDocument(int64_t doc_pk);

  Result<StoreCounts> Counts();
  // PRAGMA integrity_check plus the store's own invariants (no orphan rows, counts that
  // match); "" when all hold, else what failed.
  Result<std::string> Check();

  Db& db() { return *db_; }
  const StoreOptions& options() const { return options_; }

  struct Impl;

 private:
  Store() = default;
  StoreOptions options_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<Db> reader_;
  std::mutex reader_mu_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace depeche::store
