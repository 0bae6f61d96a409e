#include "cli/commands.h"

#include <CLI/CLI.hpp>
#include <cstdio>

namespace depeche::cli {

int Main(int argc, char** argv) {
  CLI::App app{"depeche: political event data from news articles (French, English)"};
  app.set_version_flag("--version", std::string("depeche ") + DEPECHE_VERSION);
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}

}  // namespace depeche::cli
