// The list of entities the generic path serves, in dependency order: an import of everything
// runs in this order, and `shequ export` / `shequ import` name their kinds from it.
#include "domain/buildings.h"
#include "domain/cases.h"
#include "records/entity.h"
#include "domain/evaluations.h"
#include "domain/events.h"
#include "domain/meetings.h"
#include "domain/needs.h"
#include "domain/programmes.h"
#include "domain/grids.h"
#include "domain/households.h"
#include "domain/partners.h"
#include "domain/party.h"
#include "domain/persons.h"
#include "domain/roles.h"
#include "records/vocab.h"
#include "domain/volunteers.h"
#include "domain/teams.h"
#include "domain/projects.h"
#include "domain/rewards.h"
#include "domain/hours.h"
#include "domain/awards.h"

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
