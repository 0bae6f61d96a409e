// Ingest: turns inputs (plain-text files, directories of them, HTML pages, JSON Lines,
// stdin) into Documents with UTF-8 text and the metadata the input carried. A bad input
// yields one error naming the file (and line) and the reader goes on with the next.
#pragma once

#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/core/document.h"
#include "depeche/core/status.h"

namespace depeche::ingest {

enum class Format { kAuto, kText, kHtml, kJsonLines };

// Decodes raw bytes to UTF-8: valid UTF-8 is kept (a BOM dropped), binary data is refused,
// anything else is read as Windows-1252. `where` names the input in the error.
Result<std::string> DecodeText(std::string_view bytes, const std::string& where);

// An HTML page -> document text (one block per line) and the metadata in its head.
Result<Document> FromHtml(std::string_view html, std::string id, const std::string& where);
// Plain text (any encoding DecodeText accepts).
Result<Document> FromText(std::string_view bytes, std::string id, const std::string& where);
// One JSON Lines record: {"id", "text" | "html", "pubdate", "url", "lang", "outlet", "title"}.
Result<Document> FromJsonLine(std::string_view line, const std::string& where);

// Reads the inputs in order, one document at a time (files are read whole, JSON Lines
// line by line). Directories are walked recursively in sorted order for .txt and .html
// files (and .jsonl with Format::kJsonLines); "-" is stdin.
class DocumentReader {
 public:
  explicit DocumentReader(std::vector<std::string> inputs, Format format = Format::kAuto);
  ~DocumentReader();
  DocumentReader(const DocumentReader&) = delete;
  DocumentReader& operator=(const DocumentReader&) = delete;

  // The next document or the error of one bad input; nullopt when all inputs are read.
  std::optional<Result<Document>> Next();

 private:
  bool OpenNextFile();
  std::optional<Result<Document>> ReadWholeFile(const std::string& path, const std::string& id);

  Format format_;
  std::deque<std::pair<std::string, std::string>> queue_;  // (path, id); path "-" = stdin
  std::deque<Status> pending_errors_;
  // The JSON Lines file being read.
  std::FILE* jsonl_ = nullptr;
  bool jsonl_is_stdin_ = false;
  std::string jsonl_path_;
  size_t jsonl_line_ = 0;
};

// The id a file gets: its path relative to the input directory, without extension.
std::string IdFromPath(const std::string& path, const std::string& root);

}  // namespace depeche::ingest
