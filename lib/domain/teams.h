// Volunteer teams (志愿服务队): members with roles and a membership history, and a leader.
#pragma once
#include <cstdint>
#include <string>

#include "records/entity.h"

namespace shequ {

/// The team entity: name, leader (a volunteer; made a member with role leader when set),
/// founded, description, active; listed with its current member count.
const Entity& team_entity();

/// The team-member entity (import/export kind team-members): team, volunteer, role, from, to.
const Entity& team_member_entity();

/// `team join`: opens a membership from `date` (default today); refuses (1) a current member.
/// Role "leader" also makes the volunteer the team's leader.
struct Joining {
  std::string team, volunteer, role = "member", date, note;
};
/// Opens the membership; audited. Returns the membership row id.
std::int64_t join_team(Context& ctx, const Joining& j);

/// `team leave`: closes the open membership on `date` (default today); refuses (1) a
/// non-member. A leaving leader leaves the team without a leader.
struct Leaving {
  std::string team, volunteer, date, reason;
};
/// Closes the membership; audited.
void leave_team(Context& ctx, const Leaving& l);

/// Membership history of a team (current and past), oldest first.
Table team_members(Context& ctx, std::int64_t team_id, bool include_past);

}  // namespace shequ
