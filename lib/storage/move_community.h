// Moving a community between engines: every row of a data file into a new community on a
// server (`shequ migrate --to postgresql://…`), or of a server's community into a new data file
// (`migrate --from … --to FILE`). Records, the audit log with its undo data and the running
// totals are copied as they are, in the destination's one transaction; nothing is recomputed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "io/progress.h"
#include "storage/db.h"
#include "storage/schema.h"

namespace shequ {

/// What copy_community() copied.
struct CopyCount {
  int tables = 0;
  std::int64_t rows = 0;
};

/// Copies every row of `from` into `to`, which must be new (made at the same schema version by
/// create_data_file or create_community) and inside a write transaction that the caller commits.
/// Rows the migrations seeded in `to` give way to `from`'s; the triggers of `to` do not fire
/// while it copies (the totals and the audit log arrive whole), and its id counters continue
/// after the copied ids; a server analyses the new tables. Reads `from` in one snapshot. Refuses (65) a source whose schema version
/// differs from this binary's, and fails (74) on a table or column that one side lacks.
CopyCount copy_community(Db& from, Db& to, Progress& progress = Progress::none());

/// What a move copied, and what `check` found in the copy: with problems nothing was kept.
struct MoveResult {
  CopyCount count;
  std::vector<CheckProblem> problems;
  std::string source, target;  // the file (absolute) or the server (its URL without a password)
};

/// `migrate --to URL`: the data file `file` into community `code` named `name`, made on the
/// server at `url` in one transaction that commits only if `check` finds the copy whole.
MoveResult move_onto_server(Db& file, const std::string& url, const std::string& code, const std::string& name,
                            int busy_timeout_ms, Progress& progress = Progress::none());

/// `migrate --from URL --to FILE`: community `code` on the server at `url` into the new data file
/// `path` (refused if it is protected or exists), removed again unless `check` finds the copy whole.
MoveResult move_into_file(const std::string& url, const std::string& code, const std::string& path,
                          int busy_timeout_ms, Sync sync, Progress& progress = Progress::none());

}  // namespace shequ
