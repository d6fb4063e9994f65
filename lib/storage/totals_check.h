// Running totals against what they total, added up again in one pass over the entries into hash
// maps: a GROUP BY of millions of entries sorts them, and comparing both ways with EXCEPT sorts
// again; this reads each entry and each total once. Used by `shequ check` (storage/schema.cpp).
#pragma once
#include <string>
#include <vector>

#include "storage/db.h"

namespace shequ {

/// Every row of project_hours_totals, volunteer_hours_totals and hours_totals (0009) that differs
/// from the verified and pending service entries, or that the entries lack: one line each.
std::vector<std::string> hours_totals_differences(Db& db);

/// Every row of volunteer_points_totals (0018) that differs from the ledger: one line each.
std::vector<std::string> points_totals_differences(Db& db);

}  // namespace shequ
