// The list of entities the generic path serves, in dependency order: an import of everything
// runs in this order, and `shequ export` / `shequ import` name their kinds from it.
#include "buildings.h"
#include "entity.h"
#include "grids.h"
#include "households.h"
#include "persons.h"
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
      &volunteer_entity(),
      &team_entity(),
      &team_member_entity(),
      &project_entity(),
      &reward_entity(),
      &hours_entity(),
      &award_entity(),
  };
  return all;
}

}  // namespace shequ
