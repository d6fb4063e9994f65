// Buildings: numbered blocks of a grid, with units (entrances) and floors.
#pragma once
#include "records/entity.h"

namespace shequ {

/// The building entity: number, grid, units, floors; listed with household and resident counts.
const Entity& building_entity();

}  // namespace shequ
