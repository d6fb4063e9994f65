// Grid roles with history: grid leader, neighbourhood leader responsible for named buildings or
// units (包保), and the 1+1+N service team — committee member, public-service officer and
// party-member central households — plus the coverage check.
#pragma once
#include <cstdint>
#include <string>

#include "records/entity.h"

namespace shequ {

/// The role entity ("role", kind roles, prefix A): person, role, grid, household (central
/// household), covers (neighbourhood leader: "3,5-1" = all of building 3 and unit 1 of
/// building 5, all in the role's grid), from and to dates. A role is held from its from date
/// up to but not including its to date. At most one committee member and one officer per grid
/// at a time; one person's periods in the same role and grid never overlap.
const Entity& role_entity();

/// List filters for `role list`; empty members do not filter.
struct RoleFilter {
  std::string grid, person, role;
  bool include_ended = false;  // default: roles not ended (to date empty or after today)
};

/// The query for `role list`, ordered as the 1+1+N team reads: committee member, officer,
/// central households, grid leaders, neighbourhood leaders (references resolved, 66 if unknown).
Query role_query(Context& ctx, const RoleFilter& f);

/// `role assign`: gives a person a role in a grid.
struct Assign {
  std::string person, role, grid;
  std::string household;  // central-household: default the person's household
  std::string covers;     // neighbourhood-leader: buildings and units, "3,5-1"
  std::string date;       // from; default today
  std::string note;
  bool replace = false;   // committee member / officer: end the current holder on `date`
};

/// Assigns a role; refused (1) naming the holder when the grid already has an active committee
/// member or officer (unless replace), or when the person already holds the same role in the
/// grid; bad places are 65. Audited. Returns the role id.
std::int64_t assign_role(Context& ctx, const Assign& a);

/// Ends a role on `date` (default today); refused (1) if it has already ended. Audited.
void end_role(Context& ctx, std::string_view ref, std::string_view date, std::string_view reason);

/// The coverage check as of today: grids whose 1+1+N team is incomplete (no committee member,
/// no officer, no central household), building units no
/// active neighbourhood leader covers with their households, and summary counts. `grid` limits
/// it to one grid.
Document role_coverage(Context& ctx, std::string_view grid);

}  // namespace shequ
