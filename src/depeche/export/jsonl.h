// Our own JSON Lines records: the analysed document (`depeche analyze`), actor mentions
// (`depeche actors`) and events in the record of spec EVENTS.md (`depeche extract`).
#pragma once

#include <string>

#include "depeche/core/document.h"

namespace depeche::exporter {

// One line (no trailing newline) per call.
std::string DocumentJson(const Document& doc);
std::string MentionJson(const Document& doc, const Mention& m);
std::string EventJson(const Document& doc, const Event& e, bool explain);
// {"error": ..., "source": ...} for a document that failed.
std::string ErrorJson(const std::string& message);

}  // namespace depeche::exporter
