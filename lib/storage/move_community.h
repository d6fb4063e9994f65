// Moving a community between engines: every row of a data file into a new community on a
// server (`shequ migrate --to postgresql://…`), or of a server's community into a new data file
// (`migrate --from … --to FILE`). Records, the audit log with its undo data and the running
// totals are copied as they are, in the destination's one transaction; nothing is recomputed.
#pragma once
#include <cstdint>

#include "io/progress.h"
#include "storage/db.h"

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

}  // namespace shequ
