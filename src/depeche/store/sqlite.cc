// SQLite RAII layer; see sqlite.h.
#include "depeche/store/sqlite.h"

namespace depeche::store {

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (s_) sqlite3_finalize(s_);
    db_ = o.db_;
    s_ = o.s_;
    next_ = o.next_;
    o.s_ = nullptr;
  }
  return *this;
}

Stmt::~Stmt() {
  if (s_) sqlite3_finalize(s_);
}

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  sqlite3_bind_double(s_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}
Stmt& Stmt::BindBlob(int i, std::string_view v) {
  sqlite3_bind_blob64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

bool Stmt::Step(Status* status) {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE && status)
    *status = IoError(std::string("sqlite: ") + sqlite3_errmsg(db_) + " in: " +
                      std::string(sqlite3_sql(s_)).substr(0, 120));
  return false;
}

Status Stmt::Exec() {
  Status st;
  while (Step(&st)) {
  }
  sqlite3_reset(s_);
  return st;
}

void Stmt::Reset() {
  next_ = 0;
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

bool Stmt::IsNull(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
int64_t Stmt::Int(int c) const { return sqlite3_column_int64(s_, c); }
double Stmt::Real(int c) const { return sqlite3_column_double(s_, c); }
std::string Stmt::Text(int c) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, c))) : std::string();
}
std::string_view Stmt::Blob(int c) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, c));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, c)))
           : std::string_view();
}
int Stmt::columns() const { return sqlite3_column_count(s_); }
std::string Stmt::ColumnName(int c) const { return sqlite3_column_name(s_, c); }
int Stmt::ColumnType(int c) const { return sqlite3_column_type(s_, c); }

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

Result<Db> Db::Open(const std::string& path, bool read_only) {
  Db db;
  db.path_ = path;
  const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db.db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    Status st = IoError(path + ": cannot open database: " +
                        (db.db_ ? sqlite3_errmsg(db.db_) : "out of memory"));
    return st;
  }
  // Another process (a concurrent ingest, an analyst's query) may hold the write lock.
  sqlite3_busy_timeout(db.db_, 10000);
  return db;
}

Status Db::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    Status st = IoError(path_ + ": " + (err ? err : "sqlite error") + " in: " + s.substr(0, 120));
    sqlite3_free(err);
    return st;
  }
  return Status::Ok();
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK)
    return Error("cannot prepare \"" + std::string(sql.substr(0, 120)) + "\"");
  return Stmt(db_, s);
}

Result<int64_t> Db::QueryInt(std::string_view sql) {
  auto st = Prepare(sql);
  if (!st.ok()) return st.status();
  Status err;
  if (!st->Step(&err)) return err.ok() ? Status(NotFound(path_ + ": no row")) : err;
  return st->Int(0);
}

Status Db::Error(std::string_view what) const {
  return IoError(path_ + ": " + std::string(what) + ": " + sqlite3_errmsg(db_));
}

}  // namespace depeche::store
