// Grids: the management cells the community is divided into.
#pragma once
#include "records/entity.h"

namespace shequ {

/// The grid entity: local code (01–14), name, optional 12/15-digit national grid code;
/// listed with its building, household and resident counts.
const Entity& grid_entity();

}  // namespace shequ
