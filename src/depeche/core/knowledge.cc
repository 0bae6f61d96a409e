#include "depeche/core/knowledge.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace depeche {

KnowledgePaths KnowledgePaths::Default() {
  KnowledgePaths p{DEPECHE_SOURCE_DATA_DIR, DEPECHE_BUILD_DATA_DIR};
  if (const char* e = std::getenv("DEPECHE_DATA"); e && *e) p.source_dir = e;
  if (const char* e = std::getenv("DEPECHE_BUILD_DATA"); e && *e) p.build_dir = e;
  return p;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return IoError(path + ": read failed");
  return ss.str();
}

}  // namespace depeche
