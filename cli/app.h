// The state of one `shequ` run shared by every command file: global options, the lazily
// opened config and data file, and the one place that prints tables.
#pragma once
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/context.h"
#include "storage/db.h"
#include "records/entity.h"
#include "storage/schema.h"
#include "core/i18n.h"
#include "io/atomic_file.h"
#include "io/output.h"
#include "progress_bar.h"

namespace shequ::cli {

/// tr() as a std::string, the type CLI11 takes for help texts.
inline std::string T(std::string_view en, std::string_view zh) { return std::string(tr(en, zh)); }

struct App {
  // Global options (SPEC §2).
  std::string config_path, db_path, community_code, format, lang, as, out, color = "auto", fields;
  std::vector<std::string> overrides;
  bool reveal = false, quiet = false, no_headers = false, bom = false;
  std::string command_line;

  /// The effective settings (loaded on first use; 78 on a broken file).
  Config& config();
  /// The data file path (or a server's URL) after --db, $SHEQU_DB, database.url, database.path,
  /// ./shequ.sqlite.
  std::string data_path();
  /// On a server: the community after --community, $SHEQU_COMMUNITY, database.community ("" if none).
  std::string community();
  /// The context for a library call: opens the data file (66 if missing).
  Context& context();
  /// The context for a street command: the server with no community chosen (64 for a data file).
  Context& street_context();
  /// Sets the context's data file to one just created by `init`.
  Context& adopt(std::unique_ptr<Db> db);
  /// A refusal's hint on a server: what the operator's role may do ("" if it has none).
  std::string refusal_hint() const;
  /// The busy timeout (database.busy_timeout_ms) and sync mode (database.sync) to open it with.
  int busy_timeout_ms();
  Sync sync();

  /// Prints a listing in the chosen format to stdout or --out.
  void emit(const Table& t);
  /// Prints one record: as field/value lines on a terminal, as one row otherwise.
  void emit_record(const Table& t);
  /// Prints a report document.
  void emit(const Document& d);
  /// Runs `body` on stdout, or on --out written atomically (never over the data file, its -wal or
  /// -shm, the settings file or an input: exit 64).
  void write_output(const std::function<void(std::ostream&)>& body);
  /// A message for people on stderr (suppressed by --quiet).
  void note(const std::string& text);
  /// A line on stderr even with --quiet (an import's problems), written over the progress bar.
  void problem(const std::string& text);
  /// Where long work reports progress: the bar on a terminal without --quiet, else nothing.
  Progress& progress();

  /// Output format chosen by --format, the --out extension, or the terminal.
  Format output_format(Format default_when_piped = Format::tsv) const;
  RenderOptions render_options() const;
  /// Refuses (64) an -o FILE whose extension names no format shequ writes, unless --format is
  /// given, and an unknown --format: run before any command does its work.
  void check_output_target() const;
  /// Refuses (64) a binary format (xlsx) bound for a terminal.
  void refuse_binary_on_terminal(Format f) const;

 private:
  /// emit() of a table or a document: masked unless --reveal, then rendered.
  template <class Report>
  void emit_report(const Report& report);

  std::optional<Config> config_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<Context> ctx_;
  ProgressBar bar_;
};

/// A check for an option that takes one of fixed choice codes: the code, its label or a common
/// spelling (女, 流动人口) is accepted and turned into the code; CLI11 describes it as {a,b,c}.
CLI::Validator choice_of(std::vector<std::string> choices);

/// Adds a verb to a noun with its help text and the examples shown under --help: one command a
/// line, each runnable as printed on a fresh `shequ init --sample`, in order (tests/e2e/test_examples.sh).
CLI::App* verb(CLI::App& noun, const std::string& name, const std::string& help, const std::string& example);
/// Sets the "Examples:" footer of a noun (or any command) from lines as verb() takes them.
void examples(CLI::App& cmd, const std::string& lines);
/// "shequ programme site": how `cmd` is typed, for generated examples.
std::string command_path(const CLI::App& cmd);

/// Adds one `--field-name VALUE` option per writable field of an entity, collecting into `in`.
void add_field_options(CLI::App& cmd, const Entity& e, Input& in, bool creating);

/// Adds list filters: `filters(list, fn)` adds options to the list verb and sets `fn` to narrow the Query.
using ListFilters = std::function<void(CLI::App&, std::function<void(Query&)>&)>;

/// `add`: one option per field, prints the new record's prefixed id.
void add_add_verb(CLI::App& noun, App& app, const Entity& e, const std::string& example);
/// `list` with --limit and the given filters (help and example default from the entity).
void add_list_verb(CLI::App& noun, App& app, const Entity& e, const ListFilters& filters = {},
                   std::string help = {}, std::string example = {});
/// `show REF`: one record, every field.
void add_show_verb(CLI::App& noun, App& app, const Entity& e);
/// `set REF --field value…`: changes the given fields.
void add_set_verb(CLI::App& noun, App& app, const Entity& e, std::string help = {}, std::string example = {});
/// All four: add / list / show / set.
void add_record_verbs(CLI::App& noun, App& app, const Entity& e, const std::string& add_example,
                      const ListFilters& filters = {});

}  // namespace shequ::cli
