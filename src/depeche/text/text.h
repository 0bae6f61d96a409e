// Text: language identification, tokenization and sentence segmentation of the content
// lines, for French and English. Every token keeps its byte offsets into Document::text.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "depeche/core/document.h"
#include "depeche/core/knowledge.h"
#include "depeche/core/status.h"

namespace depeche::text {

class Segmenter {
 public:
  // Reads data/text/abbreviations.txt and data/text/fr_hyphen_words.txt.
  static Result<Segmenter> Load(const KnowledgePaths& paths);

  // Tokens of text[span], appended to `out` (offsets into `text`).
  void Tokenize(std::string_view text, Span span, std::vector<Token>& out) const;

  // Sets doc.lang (given metadata, else CLD2 on the content, else stop-word counts), then
  // tokenizes the content lines (title, heading, body; every non-blank line when
  // doc.lines is empty) and groups their tokens into sentences. Never splits inside
  // a quotation or after an abbreviation or initial.
  Status Run(Document& doc) const;

 private:
  bool IsAbbreviation(std::string_view word) const;
  std::unordered_set<std::string> abbreviations_;   // MatchKey of each
  std::unordered_set<std::string> hyphen_words_;    // MatchKey of each
};

// Language of a text: CLD2 when reliable, else French/English stop-word counts.
Lang DetectLanguage(std::string_view text);

}  // namespace depeche::text
