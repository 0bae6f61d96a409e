// Store queries; see query.h.
#include "depeche/store/query.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "depeche/actors/kb.h"
#include "depeche/core/date.h"
#include "depeche/core/unicode.h"

namespace depeche::store {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string PkList(const std::vector<int64_t>& pks) {
  std::string s = "(";
  for (size_t i = 0; i < pks.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(pks[i]);
  }
  return s + ")";
}

// The day number of the first (or, for `is_end`, last) day a date bound designates.
Result<int64_t> DayBound(const std::string& s, bool is_end, const char* flag) {
  Precision p = Precision::kNone;
  auto d = ParseIsoDate(s, &p);
  if (!d) return InvalidArgument(std::string(flag) + ": not an ISO date: \"" + s + "\"");
  CivilDate c = *d;
  if (p == Precision::kYear) {
    c.month = is_end ? 12 : 1;
    c.day = is_end ? 31 : 1;
  } else if (p == Precision::kMonth) {
    c.day = is_end ? DaysInMonth(c.year, c.month) : 1;
  }
  return static_cast<int64_t>(DaysFromCivil(c));
}

struct Where {
  std::vector<std::string> clauses;
  std::vector<Value> binds;
  bool impossible = false;  // an actor that matches nothing: no rows, without asking SQLite

  std::string Sql() const {
    if (clauses.empty()) return {};
    std::string s = " WHERE ";
    for (size_t i = 0; i < clauses.size(); ++i) {
      if (i) s += " AND ";
      s += "(" + clauses[i] + ")";
    }
    return s;
  }
};

Result<Where> BuildWhere(Db& db, const Filter& f) {
  Where w;
  for (const std::string& a : f.actors) {
    auto pks = ResolveActor(db, a);
    if (!pks.ok()) return pks.status();
    if (pks->empty()) {
      w.impossible = true;
      continue;
    }
    const std::string list = PkList(*pks);
    w.clauses.push_back("o.source_pk IN " + list + " OR o.target_pk IN " + list);
  }
  if (!f.affiliation.empty()) {
    w.clauses.push_back(
        "o.source_pk IN (SELECT actor_pk FROM actors WHERE affiliation = ?) OR "
        "o.target_pk IN (SELECT actor_pk FROM actors WHERE affiliation = ?)");
    w.binds.push_back(Upper(f.affiliation));
    w.binds.push_back(Upper(f.affiliation));
  }
  if (!f.sector.empty()) {
    w.clauses.push_back("o.source_sector = ? OR o.target_sector = ?");
    w.binds.push_back(Upper(f.sector));
    w.binds.push_back(Upper(f.sector));
  }
  if (!f.types.empty()) {
    std::string c = "o.type IN (";
    for (size_t i = 0; i < f.types.size(); ++i) {
      c += i ? ",?" : "?";
      w.binds.push_back(Upper(f.types[i]));
    }
    w.clauses.push_back(c + ")");
  }
  if (!f.mode.empty()) {
    w.clauses.push_back("o.mode = ?");
    w.binds.push_back(Lower(f.mode));
  }
  if (!f.since.empty()) {
    auto d = DayBound(f.since, false, "--since");
    if (!d.ok()) return d.status();
    w.clauses.push_back("o.day >= ?");
    w.binds.push_back(*d);
  }
  if (!f.until.empty()) {
    auto d = DayBound(f.until, true, "--until");
    if (!d.ok()) return d.status();
    w.clauses.push_back("o.day <= ?");
    w.binds.push_back(*d);
  }
  if (!f.place.empty()) {
    w.clauses.push_back("o.place_name = ? COLLATE NOCASE");
    w.binds.push_back(f.place);
  }
  if (!f.country.empty()) {
    w.clauses.push_back("o.place_country = ?");
    w.binds.push_back(Upper(f.country));
  }
  if (!f.outlet.empty()) {
    w.clauses.push_back(
        "o.occ_pk IN (SELECT e.occ_pk FROM documents d JOIN events e ON e.doc_pk = d.doc_pk "
        "WHERE d.outlet = ? COLLATE NOCASE)");
    w.binds.push_back(f.outlet);
  }
  if (!f.text.empty()) {
    w.clauses.push_back(
        "o.occ_pk IN (SELECT e.occ_pk FROM evidence_fts JOIN evidence v "
        "ON v.evidence_pk = evidence_fts.rowid JOIN events e ON e.event_pk = v.event_pk "
        "WHERE evidence_fts MATCH ?)");
    w.binds.push_back(FtsQuery(f.text));
  }
  return w;
}

void BindAll(Stmt& s, const std::vector<Value>& binds) {
  for (size_t i = 0; i < binds.size(); ++i) {
    const int k = static_cast<int>(i + 1);
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) s.BindNull(k);
          else if constexpr (std::is_same_v<T, std::string>) s.Bind(k, std::string_view(v));
          else s.Bind(k, v);
        },
        binds[i]);
  }
}

Value ColumnValue(const Stmt& s, int c) {
  switch (s.ColumnType(c)) {
    case SQLITE_INTEGER: return s.Int(c);
    case SQLITE_FLOAT: return s.Real(c);
    case SQLITE_NULL: return std::monostate{};
    default: return s.Text(c);
  }
}

Result<Table> RunTable(Db& db, const std::string& sql, const std::vector<Value>& binds,
                       std::string title = {}) {
  auto q = db.Prepare(sql);
  if (!q.ok()) return q.status();
  BindAll(*q, binds);
  Table t;
  t.title = std::move(title);
  for (int c = 0; c < q->columns(); ++c) t.columns.push_back(q->ColumnName(c));
  Status err;
  while (q->Step(&err)) {
    std::vector<Value> row;
    row.reserve(t.columns.size());
    for (int c = 0; c < q->columns(); ++c) row.push_back(ColumnValue(*q, c));
    t.rows.push_back(std::move(row));
  }
  if (!err.ok()) return err;
  return t;
}

std::string LimitSql(int64_t limit) {
  return limit > 0 ? " LIMIT " + std::to_string(limit) : std::string();
}

}  // namespace

std::string FtsQuery(const std::string& text) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    std::string word;
    if (text[i] == '"') {
      const size_t end = text.find('"', i + 1);
      word = text.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
      i = end == std::string::npos ? text.size() : end + 1;
    } else {
      size_t j = i;
      while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      word = text.substr(i, j - i);
      i = j;
      if (word == "OR" || word == "AND" || word == "NOT") {
        if (!parts.empty()) parts.push_back(word);
        continue;
      }
    }
    std::string quoted = "\"";
    for (char c : word) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    parts.push_back(quoted + "\"");
  }
  while (!parts.empty() && (parts.back() == "OR" || parts.back() == "AND" || parts.back() == "NOT"))
    parts.pop_back();
  std::string q;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) q += ' ';
    q += parts[k];
  }
  return q.empty() ? "\"\"" : q;
}

Result<std::vector<int64_t>> ResolveActor(Db& db, const std::string& name_or_id) {
  std::vector<int64_t> pks;
  const std::string key = MatchKey(name_or_id);
  auto q = db.Prepare(
      "SELECT actor_pk FROM actors WHERE kb_id = ?1 OR key = ?1 OR name_key = ?2 "
      "ORDER BY actor_pk");
  if (!q.ok()) return q.status();
  q->Bind(1, name_or_id).Bind(2, key);
  Status err;
  while (q->Step(&err)) pks.push_back(q->Int(0));
  if (!err.ok()) return err;
  if (!pks.empty() || key.size() < 3) return pks;
  // No exact name: any actor whose folded name contains it ("erdogan" -> "recep tayyip erdogan").
  auto like = db.Prepare(
      "SELECT actor_pk FROM actors WHERE instr(name_key, ?) > 0 ORDER BY actor_pk");
  if (!like.ok()) return like.status();
  like->Bind(1, key);
  while (like->Step(&err)) pks.push_back(like->Int(0));
  if (!err.ok()) return err;
  return pks;
}

Result<FilterClause> FilterSql(Db& db, const Filter& f) {
  auto w = BuildWhere(db, f);
  if (!w.ok()) return w.status();
  FilterClause c;
  c.sql = w->Sql();
  if (w->impossible) c.sql += w->clauses.empty() ? " WHERE 0" : " AND 0";
  c.binds = std::move(w->binds);
  return c;
}

void BindValues(Stmt& s, const std::vector<Value>& binds) { BindAll(s, binds); }

Result<Table> QueryEvents(Db& db, const Filter& f) {
  auto w = BuildWhere(db, f);
  if (!w.ok()) return w.status();
  const std::string sql =
      "SELECT o.occ_pk AS id, o.date, o.precision, o.type, o.mode, o.cameo, "
      "sa.name AS source, sa.affiliation AS source_affiliation, o.source_sector, "
      "ta.name AS target, ta.affiliation AS target_affiliation, o.target_sector, "
      "o.place_name AS place, o.place_country AS country, o.intensity, o.num_mentions, "
      "o.num_sources, o.num_articles, d.id AS doc, d.outlet, v.text AS evidence "
      "FROM occasions o JOIN actors sa ON sa.actor_pk = o.source_pk "
      "LEFT JOIN actors ta ON ta.actor_pk = o.target_pk "
      "JOIN events fe ON fe.event_pk = o.first_event "
      "JOIN documents d ON d.doc_pk = fe.doc_pk "
      "LEFT JOIN evidence v ON v.event_pk = fe.event_pk AND v.ordinal = 0" +
      w->Sql() + (w->impossible ? std::string(w->clauses.empty() ? " WHERE 0" : " AND 0") : "") +
      " ORDER BY o.day, o.occ_pk" + LimitSql(f.limit);
  return RunTable(db, sql, w->binds, "events");
}

Result<Table> QueryDyads(Db& db, const Filter& f, bool undirected) {
  auto w = BuildWhere(db, f);
  if (!w.ok()) return w.status();
  const std::string a = undirected ? "min(o.source_pk, coalesce(o.target_pk, 0))" : "o.source_pk";
  const std::string b =
      undirected ? "CASE WHEN o.target_pk IS NULL THEN NULL ELSE max(o.source_pk, o.target_pk) END"
                 : "o.target_pk";
  std::string where = w->Sql();
  if (w->impossible) where += w->clauses.empty() ? " WHERE 0" : " AND 0";
  // Undirected pairs with no target keep the source first.
  const std::string a_fixed =
      undirected ? "CASE WHEN o.target_pk IS NULL THEN o.source_pk ELSE " + a + " END" : a;
  const std::string sql =
      "SELECT g.month, sa.name AS actor1, sa.affiliation AS actor1_affiliation, "
      "ta.name AS actor2, ta.affiliation AS actor2_affiliation, g.events, "
      "round(g.intensity, 2) AS intensity, g.articles "
      "FROM (SELECT " + a_fixed + " AS a1, " + b + " AS a2, o.month AS month, count(*) AS events, "
      "total(o.intensity) AS intensity, sum(o.num_articles) AS articles FROM occasions o" + where +
      " GROUP BY 1, 2, 3) g JOIN actors sa ON sa.actor_pk = g.a1 "
      "LEFT JOIN actors ta ON ta.actor_pk = g.a2 "
      "ORDER BY sa.name, ta.name, g.a1, g.a2, g.month" + LimitSql(f.limit);
  return RunTable(db, sql, w->binds, "dyads");
}

Result<std::vector<Table>> QueryActor(Db& db, const std::string& name,
                                      const actors::KnowledgeBase* kb, int top, bool by_month) {
  auto pks = ResolveActor(db, name);
  if (!pks.ok()) return pks.status();
  if (pks->empty()) return NotFound("no actor named \"" + name + "\" in " + db.path());
  const std::string list = PkList(*pks);
  std::vector<Table> out;

  auto ident = RunTable(
      db,
      "SELECT a.kb_id AS id, a.name, a.affiliation, a.sector, a.type, "
      "(SELECT count(*) FROM occasions WHERE source_pk = a.actor_pk) AS as_source, "
      "(SELECT count(*) FROM occasions WHERE target_pk = a.actor_pk) AS as_target, "
      "(SELECT count(*) FROM mentions WHERE actor_pk = a.actor_pk) AS mentions, "
      // min()/max() per side use the (source_pk, day) and (target_pk, day) indexes.
      "date(86400 * min(coalesce((SELECT min(day) FROM occasions WHERE source_pk = a.actor_pk), "
      "1e9), coalesce((SELECT min(day) FROM occasions WHERE target_pk = a.actor_pk), 1e9)), "
      "'unixepoch') AS first_day, "
      "date(86400 * max(coalesce((SELECT max(day) FROM occasions WHERE source_pk = a.actor_pk), "
      "-1e9), coalesce((SELECT max(day) FROM occasions WHERE target_pk = a.actor_pk), -1e9)), "
      "'unixepoch') AS last_day FROM actors a WHERE a.actor_pk IN " + list + " ORDER BY a.actor_pk",
      {}, "actor");
  if (!ident.ok()) return ident.status();

  if (kb) {
    Table posts;
    posts.title = "posts";
    posts.columns = {"id", "role", "org", "from", "to"};
    auto fmt = [](int d, bool is_end) -> Value {
      if ((!is_end && d == 0) || (is_end && d == 99999999)) return std::monostate{};
      std::string s = std::to_string(d / 10000);
      if (d / 100 % 100) s += "-" + std::string(d / 100 % 100 < 10 ? "0" : "") +
                              std::to_string(d / 100 % 100);
      if (d % 100) s += "-" + std::string(d % 100 < 10 ? "0" : "") + std::to_string(d % 100);
      return s;
    };
    for (const auto& row : ident->rows) {
      if (!std::holds_alternative<std::string>(row[0])) continue;
      const actors::Actor* a = kb->Find(std::get<std::string>(row[0]));
      if (!a) continue;
      for (const actors::Post& p : a->posts)
        posts.rows.push_back({a->id, p.role, p.org, fmt(p.from, false), fmt(p.to, true)});
    }
    out.push_back(std::move(ident.value()));
    out.push_back(std::move(posts));
  } else {
    out.push_back(std::move(ident.value()));
  }

  auto partners = RunTable(
      db,
      "SELECT pa.name AS partner, pa.affiliation, count(*) AS events, "
      "sum(p.outgoing) AS actor_as_source, count(*) - sum(p.outgoing) AS actor_as_target, "
      "round(total(p.intensity), 2) AS intensity FROM ("
      " SELECT o.target_pk AS partner, 1 AS outgoing, o.intensity FROM occasions o "
      "  WHERE o.source_pk IN " + list + " AND o.target_pk IS NOT NULL"
      " UNION ALL SELECT o.source_pk, 0, o.intensity FROM occasions o "
      "  WHERE o.target_pk IN " + list + ") p JOIN actors pa ON pa.actor_pk = p.partner "
      "WHERE p.partner NOT IN " + list +
      " GROUP BY p.partner ORDER BY events DESC, pa.name LIMIT " + std::to_string(std::max(1, top)),
      {}, "partners");
  if (!partners.ok()) return partners.status();
  out.push_back(std::move(partners.value()));

  const std::string period = by_month ? "o.month" : "substr(o.month, 1, 4)";
  auto types = RunTable(
      db,
      "SELECT " + period + " AS period, o.type, count(*) AS events, "
      "round(total(o.intensity), 2) AS intensity FROM occasions o "
      "WHERE o.source_pk IN " + list + " OR o.target_pk IN " + list +
      " GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
      {}, "types");
  if (!types.ok()) return types.status();
  out.push_back(std::move(types.value()));
  return out;
}

}  // namespace depeche::store
