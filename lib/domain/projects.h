// Projects (项目): the standing lines of volunteer work under the four post types.
#pragma once
#include "records/entity.h"

namespace shequ {

/// The project entity: name, post type (vocab post-type), run by a team and/or a partner,
/// points coefficient (points = hours × coefficient × points.per_hour), active.
const Entity& project_entity();

}  // namespace shequ
