// The depeche subcommands. Each parses its flags with CLI11 and calls the library.
#pragma once

namespace depeche::cli {
int Main(int argc, char** argv);
}
