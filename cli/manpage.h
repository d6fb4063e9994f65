// The man page shequ(1), written in roff from the command tree (`shequ help man`, run by the build).
#pragma once
#include <ostream>

#include "command_tree.h"
#include "io/output.h"

namespace shequ::cli {

/// Writes shequ(1): synopsis, global options, a section per noun with each verb's options and
/// example, the exit codes (`exit_codes`: code, meaning), environment and files.
void write_man_page(const CommandInfo& root, const Table& exit_codes, std::ostream& os);

}  // namespace shequ::cli
