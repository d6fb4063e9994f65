// The data file: creating, opening, checking and migrating it.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"
#include "io/progress.h"

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
/// Removes a data file create_data_file() made whose filling failed, with its -wal and -shm (a
/// half-made file is worse than none). Its connection must be closed first.
void remove_new_data_file(const std::string& path);

/// One problem `shequ check` found.
struct CheckProblem {
  std::string what;
};

/// How much of the file's structure `check` reads. `quick` (SQLite's quick_check) reads every page
/// and finds damaged pages, broken b-trees and bad records; `full` (integrity_check) also compares
/// every index with its table and checks UNIQUE constraints, which takes several times longer.
enum class Integrity { quick, full };

/// Integrity check, the schema against its definitions, the audit log's completeness, the
/// foreign-key check and the domain invariants registered by each noun. Progress counts the checks done.
std::vector<CheckProblem> check_data_file(Db& db, Integrity integrity = Integrity::full,
                                          Progress& progress = Progress::none());

/// A table, index or trigger as the migrations define it: its table and (indexes, triggers)
/// its statement as SQLite keeps it in sqlite_schema.
struct SchemaObject {
  std::string type, table, sql;
};
/// Every table, index and trigger the migrations of this binary define, by name.
const std::map<std::string, SchemaObject>& expected_schema();
/// What differs between the file's schema and expected_schema(): a missing or altered trigger,
/// index or table, or a trigger or index that is not shequ's. Cheap (the schema is in memory):
/// every write checks it before it changes anything.
std::vector<CheckProblem> schema_problems(Db& db);
/// Throws Error(Exit::io) "damaged" naming the first of schema_problems(db), if any (on a file;
/// on a server see the comment in schema.cpp).
void require_intact_schema(Db& db);
/// Error(Exit::io) for damaged data at `path`: what is wrong (`detail`), and the way back.
Error damaged(const std::string& path, const std::string& detail);

/// A named SQL query that returns one row per violation of a domain invariant (first column:
/// a description), or a function that returns them (for totals added up again over millions of
/// entries: storage/totals_check.h). Nouns add theirs to the list in schema.cpp.
struct Invariant {
  std::string_view name;
  std::string_view sql;
  std::vector<std::string> (*violations)(Db&) = nullptr;
};


/// Holds the data file for this connection alone (SQLite's locking_mode EXCLUSIVE): waits up to
/// the busy timeout for other processes to close the file, else throws Error(Exit::busy)
/// with nothing changed; until destruction no other process can read or write it.
class ExclusiveUse {
 public:
  explicit ExclusiveUse(Db& db);
  ~ExclusiveUse();
  ExclusiveUse(const ExclusiveUse&) = delete;
  ExclusiveUse& operator=(const ExclusiveUse&) = delete;
  /// Copies every page in the write-ahead log into the file and empties the log.
  void fold_wal();

 private:
  Db& db_;
};

/// Copies the data file to `target` consistently while others may write (SQLite online
/// backup into a temporary file, mode 0600, renamed into place). Error 1 if `target` exists.
void backup_data_file(Db& db, const std::string& target);

}  // namespace shequ
