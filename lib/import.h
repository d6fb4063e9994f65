// Importing a CSV file of any entity through the generic path.
#pragma once
#include <cstddef>
#include <functional>
#include <string>

#include "context.h"
#include "encoding.h"
#include "entity.h"

namespace shequ {

/// How `shequ import KIND FILE` runs.
struct ImportOptions {
  std::string path;  // "-" for stdin
  Encoding encoding = Encoding::auto_detect;
  bool dry_run = false;       // check everything, write nothing
  bool skip_bad = false;      // write the good rows; bad rows go to `rejects_path`
  std::string rejects_path;   // CSV of bad rows with a `reason` column (with skip_bad)
  /// Called with each problem as "FILE:LINE: column: problem" as soon as it is found.
  std::function<void(const std::string&)> on_problem;
};

/// The count line of an import.
struct ImportResult {
  std::size_t inserted = 0, updated = 0, unchanged = 0, rejected = 0;
  Encoding encoding = Encoding::utf8;
};

/// Imports a CSV file: header names are field keys or their Chinese labels; all-or-nothing
/// unless skip_bad (Error 65 after reporting every problem); idempotent on natural keys;
/// streams the file in constant memory. One audit row records the import. Reports progress to
/// ctx.progress by bytes read (of the file's size; unknown for stdin).
ImportResult import_file(Context& ctx, const Entity& e, const ImportOptions& opt);


/// Imports every `<kind>.csv` found in `dir` in dependency order (the sample community);
/// returns the per-kind results. All-or-nothing per file.
std::vector<std::pair<std::string, ImportResult>> import_directory(Context& ctx, const std::string& dir);

}  // namespace shequ
