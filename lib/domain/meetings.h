// Council meetings (小区议事会) and micro-grid deliberation halls (微网格议事厅): where residents
// raise needs and the community decides what to do about them.
#pragma once
#include <cstdint>
#include <string>

#include "records/entity.h"

namespace shequ {

/// The meeting entity: kind (council | micro-grid-hall), date, grid, place, attendees count,
/// attending organisations, topics, decisions; listed with the needs it raised and how many are open.
const Entity& meeting_entity();

/// Filters for `meeting list`; empty members do not filter.
struct MeetingFilter {
  std::string kind, grid, from, to;
};
/// The query for `meeting list` (a grid resolved: 66 if unknown; a bad date is 65).
Query meeting_query(Context& ctx, const MeetingFilter& f);

/// The needs a meeting raised, with their category, state, assignee and progress.
Table meeting_needs(Context& ctx, std::int64_t meeting_id);

}  // namespace shequ
