// Partner units (共建单位): outside organisations that contribute resources to the community.
#pragma once
#include <string>

#include "records/entity.h"

namespace shequ {

/// The partner entity: unique name, type (vocab partner-type), contact person and phone
/// (masked), since, resources offered, active flag; listed with its active party members.
const Entity& partner_entity();

/// List filters for `partner list`; empty members do not filter.
struct PartnerFilter {
  std::string type;        // partner-type code
  bool active_only = false;
};

/// The query for `partner list` with these filters.
Query partner_query(Context& ctx, const PartnerFilter& f);

}  // namespace shequ
