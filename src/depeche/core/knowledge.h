// Where knowledge files are found: the reviewable sources in data/ and what the build
// compiled from packages into <build>/data. DEPECHE_DATA and DEPECHE_BUILD_DATA override
// the compiled-in paths (for an installed binary or a relocated checkout).
#pragma once

#include <string>

#include "depeche/core/status.h"

namespace depeche {

struct KnowledgePaths {
  std::string source_dir;  // data/
  std::string build_dir;   // <build>/data

  static KnowledgePaths Default();
  std::string Source(const std::string& rel) const { return source_dir + "/" + rel; }
  std::string Built(const std::string& rel) const { return build_dir + "/" + rel; }
};

// Reads a whole file; the error names the path.
Result<std::string> ReadFile(const std::string& path);

}  // namespace depeche
