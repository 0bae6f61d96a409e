// depeche command-line entry point: a thin layer over the library (see commands.cc).
#include "cli/commands.h"

int main(int argc, char** argv) { return depeche::cli::Main(argc, argv); }
