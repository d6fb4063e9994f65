// Undo: reverting the last change from the audit log's changesets.
#pragma once
#include <cstdint>
#include <string>

#include "context.h"

namespace shequ {

/// What undo reverted (or would revert, in a dry run).
struct UndoResult {
  std::int64_t audit_id = 0;  // the audit row undone
  std::string at, operator_name, command, summary;
};

/// Reverts the most recent change not yet undone (repeating walks further back), as one audited
/// change of its own. Refuses with exit 1, changing nothing, when a later change touched the
/// same rows, when the change was too large to keep undo data, or when it forgot a person.
/// With dry_run, checks that the undo would apply and rolls it back.
UndoResult undo_last(Context& ctx, bool dry_run);

}  // namespace shequ
