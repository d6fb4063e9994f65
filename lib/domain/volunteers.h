// Volunteers: residents and outside helpers with a public volunteer number, skills and status;
// star ratings follow from their cumulative verified service hours.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "records/entity.h"

namespace shequ {

/// The volunteer entity: person, volunteer number (generated from volunteer.number_format when
/// not given, never the ID number), recruitment channel, skills, joined date, status, and the
/// computed name, grid, teams, verified hours and points balance.
const Entity& volunteer_entity();

/// The `volunteer` column of records that belong to a volunteer (hours, team members, awards):
/// shown and exported as the volunteer number, read back through it.
Field volunteer_ref_field(bool required);
/// The volunteer's name beside it, for listings only (not exported).
Field volunteer_name_field();

/// `volunteer add`: makes a volunteer of an existing person (`person` key in `volunteer`) or of a
/// new one described by `person` (name, phone, …; an existing person with the same natural key
/// is reused). Refuses (1) a person who already is a volunteer. Audited; returns the id.
std::int64_t add_volunteer(Context& ctx, const Input& volunteer, const Input& person);

/// Star level (0–N) of `minutes` of verified service under stars.thresholds_hours.
int star_level(const Config& config, std::int64_t minutes);

/// List filters; empty members do not filter.
struct VolunteerFilter {
  std::string team, skill, status, grid;
  std::optional<int> stars;  // exactly this many stars
};

/// `volunteer list`: the generic listing plus a `stars` column after `hours`.
Table list_volunteers(Context& ctx, const VolunteerFilter& f, std::int64_t limit = -1);
/// `volunteer show`: every field plus stars and the date the current level was reached.
Table show_volunteer(Context& ctx, std::int64_t id);

/// One star level reached: the level, its threshold and the service date it was reached on.
struct StarStep {
  int level;
  std::int64_t threshold_hours;
  std::string reached_on;  // empty if not reached yet
};

/// The star levels and when each was reached: verified entries summed in service-date order.
std::vector<StarStep> star_history(Context& ctx, std::int64_t volunteer_id);
/// star_history() as a table (level, threshold, reached on).
Table star_table(Context& ctx, std::int64_t volunteer_id);

}  // namespace shequ
