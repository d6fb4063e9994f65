// Undo: reverting the last change from the audit log's changesets.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/context.h"

namespace shequ {

/// What undo reverted (or would revert, in a dry run).
struct UndoResult {
  std::int64_t audit_id = 0;  // the audit row undone
  std::string at, operator_name, command, summary;
  std::vector<std::string> steps;  // the entries appended to append-only records, one line each
};

/// Reverts the most recent change not yet undone (repeating walks further back; an undo itself
/// is never undone), as one audited change of its own. Rows of ordinary tables get their old
/// values back; append-only records are never deleted or edited: points entries get reversal
/// entries (an undone reversal restores the entry it reversed), redemptions are marked returned
/// by the reversal of their points, decided service entries go back one state as the ledger
/// allows (a logged entry is rejected as "undone"), case timelines and need progress get an
/// entry saying what was undone. Refuses with exit 1, changing nothing, when a later change
/// touched the same rows, when a reversal would take a points balance below zero, when the
/// change opened a case (case numbers stay gap-free), was too large to keep undo data, or
/// forgot a person. With dry_run, does all of it and rolls it back.
UndoResult undo_last(Context& ctx, bool dry_run);

}  // namespace shequ
