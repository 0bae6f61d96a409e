// The store's subcommands: ingest, recode, query (events, dyads, actor), export, db-info.
#pragma once

#include <CLI/CLI.hpp>

namespace depeche::cli {

// Adds the subcommands to `app`; each runs from its own callback and reports a non-zero
// exit status by throwing CLI::RuntimeError(status), which CLI11_PARSE turns into the
// process's return value without printing anything.
void AddStoreCommands(CLI::App& app);

}  // namespace depeche::cli
