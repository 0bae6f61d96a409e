// What analysts ask of the store: occasions matching filters, dyad series (counts and
// summed PLOVER intensity per actor pair and month), and actor profiles. Results are
// plain tables that export/formats.h writes as aligned text, CSV or JSON Lines.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "depeche/core/status.h"
#include "depeche/store/sqlite.h"

namespace depeche::actors {
class KnowledgeBase;
}

namespace depeche::store {

struct Filter {
  std::vector<std::string> actors;  // each: a KB id or a name (folded); all must take part
  std::string affiliation;          // either side's affiliation (ISO3 / IGO code)
  std::string sector;               // either side's sector
  std::vector<std::string> types;   // PLOVER types (any of)
  std::string mode;
  std::string since, until;         // ISO dates (YYYY, YYYY-MM or YYYY-MM-DD), inclusive
  std::string place;                // place name (case-insensitive)
  std::string country;              // ISO3 of the place
  std::string outlet;               // any source article's outlet (case-insensitive)
  std::string text;                 // full-text search over evidence (FTS5 words / phrases)
  int64_t limit = 0;                // 0 = no limit
};

using Value = std::variant<std::monostate, int64_t, double, std::string>;

struct Table {
  std::string title;  // a section name (actor profiles have several tables)
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
};

// The WHERE clause (" WHERE ...", or "" for no filter) a filter makes over `occasions o`,
// with its bound values in order; export uses it too.
struct FilterClause {
  std::string sql;
  std::vector<Value> binds;
};
Result<FilterClause> FilterSql(Db& db, const Filter& filter);
void BindValues(Stmt& stmt, const std::vector<Value>& binds);

// One row per occasion, ordered by day then id.
Result<Table> QueryEvents(Db& db, const Filter& filter);
// One row per (source, target, month): occasions and summed intensity. `undirected`
// folds A->B and B->A together (the actor with the smaller store key first).
Result<Table> QueryDyads(Db& db, const Filter& filter, bool undirected);
// The actor's identity (and posts, when `kb` knows it), top partners, and event types
// per year (or per month with `by_month`). Several tables; NotFound when no actor matches.
Result<std::vector<Table>> QueryActor(Db& db, const std::string& name,
                                      const actors::KnowledgeBase* kb, int top_partners,
                                      bool by_month);

// Turns free words into an FTS5 query: each word becomes a quoted phrase (so apostrophes
// and hyphens cannot break the syntax); "quoted phrases" and OR / AND / NOT are kept.
std::string FtsQuery(const std::string& text);

// The store keys of the actors a name or id designates (exact id, folded name; else a
// folded-name substring). Empty when none.
Result<std::vector<int64_t>> ResolveActor(Db& db, const std::string& name_or_id);

}  // namespace depeche::store
