// The data file: creating, opening, checking and migrating it.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"
#include "progress.h"

namespace shequ {

/// `PRAGMA application_id` of every shequ data file ("SHQU").
constexpr int kApplicationId = 0x53485155;

/// The numbered migrations compiled into this binary, oldest first (index 0 = version 1).
const std::vector<std::string_view>& migrations();
/// The schema version this binary writes.
int current_schema_version();

/// How a command's commit reaches the disk (database.sync): `full` syncs the WAL at every commit,
/// so a finished command survives a power cut; `normal` syncs only at checkpoints, so a power
/// cut may lose the last commands but never the file's consistency.
enum class Sync { full, normal };

/// Opens an existing data file: refuses a missing (66), foreign or newer (65) file untouched,
/// then sets foreign keys, WAL, the sync mode and the busy timeout and applies pending migrations.
std::unique_ptr<Db> open_data_file(const std::string& path, int busy_timeout_ms, Sync sync = Sync::full);

/// Creates a new data file (mode 0600) with the current schema; refuses an existing path (1).
std::unique_ptr<Db> create_data_file(const std::string& path, int busy_timeout_ms, Sync sync = Sync::full);

/// One problem `shequ check` found.
struct CheckProblem {
  std::string what;
};

/// Integrity check, foreign-key check and the domain invariants registered by each noun.
/// Progress counts the checks done.
std::vector<CheckProblem> check_data_file(Db& db, Progress& progress = Progress::none());

/// A named SQL query that returns one row per violation of a domain invariant (first column:
/// a description). Nouns add theirs to the list in schema.cpp.
struct Invariant {
  std::string_view name;
  std::string_view sql;
};


/// Copies the data file to `target` consistently while others may write (SQLite online
/// backup into a temporary file, mode 0600, renamed into place). Error 1 if `target` exists.
void backup_data_file(Db& db, const std::string& target);

}  // namespace shequ
