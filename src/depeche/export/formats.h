// Writing what the store holds for other tools: query tables as aligned text, CSV or
// JSON Lines, and whole-store exports (our JSON records, PLOVER JSON, GDELT 1.0-style and
// ICEWS-style TSV, ACLED-style CSV, GraphML and GEXF actor networks). Columns of every
// format: docs/STORE.md.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/core/status.h"
#include "depeche/store/query.h"
#include "depeche/store/sqlite.h"

namespace depeche::exporter {

enum class TableFormat { kTable, kCsv, kJsonl };
Result<TableFormat> ParseTableFormat(std::string_view name);  // "table", "csv", "jsonl"

// Aligned text truncates cells to `max_width` code points (0 = never).
void WriteTable(const store::Table& t, TableFormat f, std::ostream& out, size_t max_width = 60);
// Several tables (an actor profile): titled blocks for text and CSV (blank line between),
// one JSON object per row with a "section" key for JSON Lines.
void WriteTables(const std::vector<store::Table>& ts, TableFormat f, std::ostream& out);

// The export formats, in the order `depeche export --help` lists them.
const std::vector<std::string>& ExportFormats();
// Streams every occasion the filter selects (all with an empty filter) in `format`.
Status Export(store::Db& db, std::string_view format, const store::Filter& filter,
              std::ostream& out);

// Building blocks, public for tests.
std::string CsvField(std::string_view s);  // RFC 4180: quoted when it holds , " CR or LF
std::string TsvField(std::string_view s);  // tabs and line breaks become spaces
std::string XmlEscape(std::string_view s);  // & < > " ' escaped; XML-illegal controls dropped

// CAMEO facts the GDELT and ICEWS exports need.
std::string DefaultCameo(std::string_view plover_type);  // "040" for CONSULT ...
double GoldsteinForCameo(std::string_view cameo);         // by root code; 0 when unknown
int QuadClassForCameo(std::string_view cameo);            // 1..4; 0 when unknown
const char* CameoRootName(std::string_view cameo);        // "Consult" ...; "" when unknown

}  // namespace depeche::exporter
