// Schema creation and migrations; see schema.h and docs/STORE.md.
#include "depeche/store/schema.h"

#include <string>
#include <vector>

namespace depeche::store {
namespace {

// Migration i takes a database from user_version i to i + 1. Never edit a released step:
// add a new one.
const char* const kMigrations[] = {
    // 0 -> 1: the first schema.
    R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE documents (
  doc_pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  url TEXT, outlet TEXT, title TEXT, pubdate TEXT, language TEXT, author TEXT, dateline TEXT,
  given_url TEXT, given_outlet TEXT, given_title TEXT, given_pubdate TEXT, given_lang TEXT,
  given_author TEXT,
  source TEXT,
  content_hash TEXT NOT NULL,
  text TEXT NOT NULL,
  story INTEGER NOT NULL,
  minhash BLOB,
  engine_version TEXT NOT NULL,
  ingested_at TEXT NOT NULL
);
CREATE INDEX documents_story ON documents(story);
CREATE INDEX documents_outlet ON documents(outlet COLLATE NOCASE);

CREATE TABLE lsh (
  key INTEGER NOT NULL,
  doc_pk INTEGER NOT NULL REFERENCES documents(doc_pk),
  PRIMARY KEY (key, doc_pk)
) WITHOUT ROWID;

CREATE TABLE actors (
  actor_pk INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  kb_id TEXT,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  affiliation TEXT,
  sector TEXT,
  type TEXT
);
CREATE INDEX actors_name ON actors(name_key);
CREATE INDEX actors_kb ON actors(kb_id);
CREATE INDEX actors_affiliation ON actors(affiliation);

CREATE TABLE mentions (
  mention_pk INTEGER PRIMARY KEY,
  doc_pk INTEGER NOT NULL REFERENCES documents(doc_pk),
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL,
  actor_pk INTEGER REFERENCES actors(actor_pk),
  post TEXT,
  method TEXT,
  confidence REAL
);
CREATE INDEX mentions_doc ON mentions(doc_pk);
CREATE INDEX mentions_actor ON mentions(actor_pk);

CREATE TABLE occasions (
  occ_pk INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  mode TEXT,
  cameo TEXT,
  source_pk INTEGER NOT NULL REFERENCES actors(actor_pk),
  target_pk INTEGER REFERENCES actors(actor_pk),
  source_sector TEXT,
  target_sector TEXT,
  pair_lo INTEGER NOT NULL,
  pair_hi INTEGER NOT NULL,
  date TEXT,
  precision TEXT,
  day INTEGER,
  month TEXT,
  place_name TEXT,
  place_country TEXT,
  lat REAL,
  lon REAL,
  geonames_id INTEGER,
  feature TEXT,
  intensity REAL,
  quad INTEGER,
  confidence REAL,
  num_mentions INTEGER NOT NULL,
  num_articles INTEGER NOT NULL,
  num_sources INTEGER NOT NULL,
  num_stories INTEGER NOT NULL,
  first_event INTEGER NOT NULL,
  added TEXT NOT NULL
);
CREATE INDEX occasions_match ON occasions(type, pair_lo, pair_hi, day);
CREATE INDEX occasions_day ON occasions(day);
CREATE INDEX occasions_source ON occasions(source_pk, day);
CREATE INDEX occasions_target ON occasions(target_pk, day);
CREATE INDEX occasions_type ON occasions(type, day);
CREATE INDEX occasions_country ON occasions(place_country, day);
CREATE INDEX occasions_dyad ON occasions(source_pk, target_pk, month, intensity, num_articles);

CREATE TABLE events (
  event_pk INTEGER PRIMARY KEY,
  doc_pk INTEGER NOT NULL REFERENCES documents(doc_pk),
  ordinal INTEGER NOT NULL,
  occ_pk INTEGER NOT NULL REFERENCES occasions(occ_pk),
  type TEXT NOT NULL,
  mode TEXT,
  modality TEXT,
  cameo TEXT,
  source_pk INTEGER NOT NULL REFERENCES actors(actor_pk),
  target_pk INTEGER REFERENCES actors(actor_pk),
  source_sector TEXT, source_post TEXT,
  target_sector TEXT, target_post TEXT,
  source_also TEXT,
  target_also TEXT,
  date TEXT,
  precision TEXT,
  day INTEGER,
  place_name TEXT,
  place_country TEXT,
  lat REAL,
  lon REAL,
  geonames_id INTEGER,
  feature TEXT,
  confidence REAL,
  trigger TEXT,
  pattern TEXT,
  path TEXT
);
CREATE INDEX events_doc ON events(doc_pk);
CREATE INDEX events_occ ON events(occ_pk);

CREATE TABLE evidence (
  evidence_pk INTEGER PRIMARY KEY,
  event_pk INTEGER NOT NULL REFERENCES events(event_pk),
  ordinal INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  sentence INTEGER,
  text TEXT NOT NULL
);
CREATE INDEX evidence_event ON evidence(event_pk);

CREATE VIRTUAL TABLE evidence_fts USING fts5(
  text, content='evidence', content_rowid='evidence_pk',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER evidence_ai AFTER INSERT ON evidence BEGIN
  INSERT INTO evidence_fts(rowid, text) VALUES (new.evidence_pk, new.text);
END;
CREATE TRIGGER evidence_ad AFTER DELETE ON evidence BEGIN
  INSERT INTO evidence_fts(evidence_fts, rowid, text) VALUES ('delete', old.evidence_pk, old.text);
END;
)sql",
};

constexpr int kNumMigrations = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kNumMigrations == kSchemaVersion, "one migration per schema version");

}  // namespace

Status Migrate(Db& db) {
  auto v = db.QueryInt("PRAGMA user_version");
  if (!v.ok()) return v.status();
  if (*v > kSchemaVersion)
    return InvalidArgument(db.path() + ": schema version " + std::to_string(*v) +
                           " is newer than this depeche understands (" +
                           std::to_string(kSchemaVersion) + ")");
  if (*v == kSchemaVersion) return Status::Ok();
  DEPECHE_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  // Re-read under the write lock: another process may have migrated meanwhile.
  auto again = db.QueryInt("PRAGMA user_version");
  if (!again.ok()) {
    (void)db.Exec("ROLLBACK");
    return again.status();
  }
  for (int64_t i = *again; i < kSchemaVersion; ++i) {
    Status st = db.Exec(kMigrations[i]);
    if (!st.ok()) {
      (void)db.Exec("ROLLBACK");
      return st;
    }
  }
  Status st = db.Exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
  if (st.ok()) st = db.Exec("COMMIT");
  if (!st.ok()) (void)db.Exec("ROLLBACK");
  return st;
}

}  // namespace depeche::store
