// The store's SQLite schema, versioned with PRAGMA user_version, and the migrations that
// bring an older database up to the current version. docs/STORE.md describes every table.
#pragma once

#include "depeche/core/status.h"
#include "depeche/store/sqlite.h"

namespace depeche::store {

// The schema this build writes. Bump it with a new entry in schema.cc's migration list.
inline constexpr int kSchemaVersion = 1;

// Creates or migrates the schema to kSchemaVersion in one transaction. A database written
// by a newer depeche (user_version > kSchemaVersion) is refused, not touched.
Status Migrate(Db& db);

}  // namespace depeche::store
