// The command tree as data, read from the CLI11 tree the help uses: what completions
// (cli/completion.cpp) and the man page (cli/manpage.cpp) are generated from, so they never
// drift from the commands.
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace shequ::cli {

/// What a value is completed with.
struct Offer {
  std::vector<std::string> words;  // a fixed list: table, csv, …
  std::string dynamic;             // looked up at completion time: "vocab:KIND", "vocab-kinds", "reports"
};

/// Records what `opt`'s values are when the help text cannot say (the import kinds, saved reports).
CLI::Option* offer(CLI::Option* opt, Offer values);

struct OptionInfo {
  std::vector<std::string> names;  // "--format", "-o"; a positional's is its name ("KIND")
  std::string help;
  bool takes_value = false;
  bool positional = false;
  Offer values;
};

struct CommandInfo {
  std::vector<std::string> path;  // {"person", "add"}; empty for shequ itself
  std::string help, footer;
  std::vector<OptionInfo> options;
  std::vector<CommandInfo> subcommands;
  /// "person add" (or "" for the root).
  std::string path_text() const;
};

/// The visible commands and options under `app`, hidden ones left out. Values come from, in
/// order: offer(), a CLI::IsMember check, a help text that is a list (`auto|always|never`, or
/// one ending `[a|b|c]`), and the vocabulary of the entity field the option sets.
CommandInfo describe(const CLI::App& app);

}  // namespace shequ::cli
