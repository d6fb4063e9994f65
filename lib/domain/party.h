// The party organisation (党组织): the four-level tree committee → grid branch → building group
// → central household, and party memberships with their history.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "records/entity.h"

namespace shequ {

/// The value field `key` of `e` will have once `r` is written over record `existing`: the
/// given value, else the stored one, else null (shared by the party and role rules).
Value effective_value(Context& ctx, const Entity& e, const Record& r, std::optional<std::int64_t> existing,
                      std::string_view key);

/// SQL for a person column in listings and exports: the name when it is unique, else R<id>,
/// so that an export reads back unambiguously. `column` is the person id expression.
std::string person_ref_sql(std::string_view column);

/// The party-org entity ("party org", kind party-orgs, prefix O): unique name, level, parent
/// (exactly one level up; found from the place when omitted), and the place its level needs:
/// branch → grid, group → building in the branch's grid, central household → household in the
/// group's building.
const Entity& party_org_entity();

/// The membership entity ("party member", kind memberships, prefix S): person, organisation,
/// kind (resident | directly-managed | partner-unit, the last linked to its partner), joined and
/// left dates. A person's memberships never overlap; closed ones stay as history.
const Entity& membership_entity();

/// List filters for `party member list`; empty members do not filter.
struct MemberFilter {
  std::string org;       // this organisation and everything below it
  std::string person, kind, partner;
  bool include_left = false;
};

/// The query for `party member list` (references resolved, 66 if unknown).
Query member_query(Context& ctx, const MemberFilter& f);

/// `party join`: enrols a person in an organisation.
struct Join {
  std::string person, org;
  std::string kind;       // empty: partner-unit if a partner is given, else resident
  std::string partner;    // partner-unit members: their unit
  std::string date;       // joined; default today
  std::string note;
  bool transfer = false;  // close the person's open membership on `date` first
};

/// Enrols a member; refused (1) if the person is already a member (unless transfer, which
/// closes the open membership on the same day and keeps kind and partner unless given) or
/// already in that organisation; audited.
/// Returns the membership id.
std::int64_t join_party(Context& ctx, const Join& j);

/// `party leave`: closes a person's open membership.
struct Leave {
  std::string person;
  std::string org;     // optional: must be the organisation the person is in
  std::string date;    // default today
  std::string reason;
};

/// Closes the open membership; refused (1) if the person is not a member now (never joined,
/// already left, or a member of another organisation than `org`); audited.
void leave_party(Context& ctx, const Leave& l);

/// The organisation tree, depth first, with active members per node and in its subtree.
/// `drawn`: one indented `org` column with tree lines (for people); otherwise id, parent and
/// depth columns (for csv/json).
Table party_tree(Context& ctx, bool drawn);

}  // namespace shequ
