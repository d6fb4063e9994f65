// The list of entities the generic path serves, in dependency order: an import of everything
// runs in this order, and `shequ export` / `shequ import` name their kinds from it.
#include "buildings.h"
#include "cases.h"
#include "entity.h"
#include "evaluations.h"
#include "events.h"
#include "meetings.h"
#include "needs.h"
#include "programmes.h"
#include "grids.h"
#include "households.h"
#include "partners.h"
#include "party.h"
#include "persons.h"
#include "roles.h"
#include "vocab.h"
#include "volunteers.h"
#include "teams.h"
#include "projects.h"
#include "rewards.h"
#include "hours.h"
#include "awards.h"

namespace shequ {

const std::vector<const Entity*>& all_entities() {
  static const std::vector<const Entity*> all = {
      &vocab_entity(),
      &grid_entity(),
      &building_entity(),
      &household_entity(),
      &person_entity(),
      &partner_entity(),
      &party_org_entity(),
      &membership_entity(),
      &role_entity(),
      &volunteer_entity(),
      &team_entity(),
      &team_member_entity(),
      &project_entity(),
      &reward_entity(),
      &case_entity(),
      &meeting_entity(),
      &need_entity(),
      &programme_entity(),
      &site_entity(),
      &delivery_entity(),
      &event_entity(),
      &evaluation_entity(),
      &hours_entity(),
      &award_entity(),
  };
  return all;
}

}  // namespace shequ
