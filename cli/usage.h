// Usage errors in shequ's voice: CLI11's parse errors said again in the chosen language, naming
// the word that was wrong and suggesting the nearest command or option (as git and gh do), and
// CLI11's help pages with their labels in that language.
#pragma once
#include <memory>

#include <CLI/CLI.hpp>

#include "core/error.h"

namespace shequ::cli {

/// The Error (exit 64) that a CLI11 parse error of `root`'s command line means to the user.
Error usage_error(const CLI::App& root, const CLI::ParseError& e);

/// Gives `root` (before its commands are added: they inherit it) help pages whose labels, help
/// flag and group names follow the language.
void localize_help(CLI::App& root);

}  // namespace shequ::cli
