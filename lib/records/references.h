// Natural keys inside the records path: how a key's text could be misread as a reference.
#pragma once
#include <string_view>
#include <vector>

#include "records/entity.h"

namespace shequ {

/// True if `s` would read as a prefixed id of some kind (R5, g03, B12).
bool reads_as_id(std::string_view s);

/// The one-line text fields of an entity's natural keys (only single-field keys if
/// `single_only`): how references find its records by name.
std::vector<const Field*> key_text_fields(const Entity& e, bool single_only);

}  // namespace shequ
