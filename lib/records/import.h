// Importing a CSV file of any entity through the generic path.
#pragma once
#include <cstddef>
#include <functional>
#include <string>

#include "core/context.h"
#include "io/encoding.h"
#include "records/entity.h"
#include "records/input_kind.h"

namespace shequ {

/// How `shequ import KIND FILE` runs.
struct ImportOptions {
  std::string path;  // "-" for stdin
  Encoding encoding = Encoding::auto_detect;
  std::string sheet;          // of a workbook: a name or a number from 1; empty: the first
  bool rejects_bom = false;   // a UTF-8 BOM at the start of a CSV rejects file
  bool dry_run = false;       // check everything, write nothing
  bool skip_bad = false;      // write the good rows; bad rows go to `rejects_path`
  /// The bad rows (with skip_bad) in the input's format and encoding, under the input's header
  /// and a reason column (rejects_column()); written only if a row was rejected.
  std::string rejects_path;
  /// Called with each problem as "FILE:LINE: column: problem" as soon as it is found.
  std::function<void(const std::string&)> on_problem;
};

/// The count line of an import.
struct ImportResult {
  std::size_t inserted = 0, updated = 0, unchanged = 0, rejected = 0;
  Encoding encoding = Encoding::utf8;  // of a CSV file
  InputKind kind = InputKind::text;
  bool wrote_rejects = false;
};

/// The header of the rejects file's reason column in the current language. Import ignores a
/// column headed so in either language, so a fixed rejects file imports as it is.
std::string rejects_column();

/// Imports a CSV file, a workbook's sheet (.xlsx/.xlsm, told by content) or JSON (.json/.jsonl)
/// (input_kind.h): header names are field keys or their Chinese labels; all-or-nothing
/// unless skip_bad (Error 65 after reporting every problem); idempotent on natural keys;
/// streams the file in constant memory. One audit row records the import. Reports progress to
/// ctx.progress by bytes read (of the file's size; unknown for stdin).
ImportResult import_file(Context& ctx, const Entity& e, const ImportOptions& opt);


/// Imports every `<kind>.csv` found in `dir` in dependency order (the sample community);
/// returns the per-kind results. All-or-nothing per file.
std::vector<std::pair<std::string, ImportResult>> import_directory(Context& ctx, const std::string& dir);

}  // namespace shequ
