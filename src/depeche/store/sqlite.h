// A thin RAII layer over the SQLite C API: a connection, prepared statements with typed
// binds and reads, errors as Status values naming the database file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "depeche/core/status.h"

namespace depeche::store {

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_), next_(o.next_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Binds are 1-based like SQLite's; an empty optional / empty string_view with
  // `null_if_empty` binds NULL.
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v);  // text; bound by copy
  Stmt& BindBlob(int i, std::string_view v);
  Stmt& BindNull(int i);
  Stmt& BindOrNull(int i, std::string_view v) { return v.empty() ? BindNull(i) : Bind(i, v); }
  template <typename T>
  Stmt& BindOpt(int i, const std::optional<T>& v) { return v ? Bind(i, *v) : BindNull(i); }

  // Binds the next parameter (1, 2, ... since the last Reset), for long column lists.
  template <typename T>
  Stmt& Add(const T& v) { return Bind(++next_, v); }
  Stmt& AddOrNull(std::string_view v) { return BindOrNull(++next_, v); }
  template <typename T>
  Stmt& AddOpt(const std::optional<T>& v) { return BindOpt(++next_, v); }
  Stmt& AddNull() { return BindNull(++next_); }
  Stmt& AddBlob(std::string_view v) { return BindBlob(++next_, v); }

  // One step: true when a row is ready, false when done; an error sets `status`.
  bool Step(Status* status);
  // Runs to completion (for statements that return no rows).
  Status Exec();
  void Reset();

  bool IsNull(int col) const;
  int64_t Int(int col) const;
  double Real(int col) const;
  std::string Text(int col) const;  // "" for NULL
  std::string_view Blob(int col) const;
  int columns() const;
  std::string ColumnName(int col) const;
  int ColumnType(int col) const;  // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_NULL...

  sqlite3_stmt* raw() const { return s_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
  int next_ = 0;
};

class Db {
 public:
  Db() = default;
  Db(Db&& o) noexcept : db_(o.db_), path_(std::move(o.path_)) { o.db_ = nullptr; }
  Db& operator=(Db&&) = delete;
  Db(const Db&) = delete;
  ~Db();

  static Result<Db> Open(const std::string& path, bool read_only);
  Status Exec(std::string_view sql);
  Result<Stmt> Prepare(std::string_view sql);
  // A single integer from a query (e.g. PRAGMA user_version, SELECT count(*)).
  Result<int64_t> QueryInt(std::string_view sql);
  Status Error(std::string_view what) const;  // "<path>: what: <sqlite message>"

  sqlite3* raw() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace depeche::store
