// Operators on a server (SPEC §8; DOMAIN.md "A street office and its communities"): each is a
// PostgreSQL login role holding one shequ role, and what a role may see and do is enforced by the
// server itself — GRANTs on tables and columns, row-level security policies — so that a raw psql
// session as that role sees no more than shequ shows. On a data file the file's owner is the one
// operator.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/context.h"
#include "io/output.h"

namespace shequ {

/// One shequ role: the one place a role is described (its grants are in operators.cpp).
struct OperatorRole {
  std::string_view code;      ///< `--role CODE`
  std::string_view en, zh;    ///< what it may do: `operator --help` and a refusal's hint
  bool community = true;      ///< belongs to one community (--community)
  bool grids = false;         ///< --grid G,…: the grids it works in
  bool person = false;        ///< --person REF: the person it is in the community (a mediator)
  bool reveal = false;        ///< may --reveal
};

/// Every role, in the order `operator --help` lists them.
const std::vector<OperatorRole>& operator_roles();
/// The role `code` names; Error(64) listing the roles if none.
const OperatorRole& operator_role(std::string_view code);

/// `operator add|set`: every text as typed.
struct OperatorSpec {
  std::string name;                ///< the database role (a login name: letters, digits, _)
  std::string role;                ///< a code of operator_roles()
  std::string community;           ///< the community's code (not for `street`)
  std::vector<std::string> grids;  ///< grid-worker: grid codes of the community
  std::string person;              ///< mediator: a person reference in the community
};

/// Creates the login role `name` (if new; it gets no password: the administrator sets one or
/// lets peer authentication in) and makes it an operator of the role: its community's group role
/// for it is made or brought up to date (grants, row-level security) and granted to it; recorded
/// in shequ.operator. Refused (1) for a name already an operator or a superuser. Only the
/// database's owner may do it (77 otherwise, from the server).
void add_operator(Context& ctx, const OperatorSpec& spec);
/// Changes an operator's role, grids or person (absent members of `spec` stay as they are).
void set_operator(Context& ctx, const OperatorSpec& spec);
/// Takes the role from the operator (the login role stays: it may own other things).
void remove_operator(Context& ctx, const std::string& name);
/// The operators: name, role, community, grids, person. On a data file, its owner alone.
Table list_operators(Context& ctx);

/// A refusal's hint: what the connection's operator role may do ("" if it is none).
std::string operator_may(std::string_view role);

/// Brings every group role of community `code` up to date (its tables may be new since the
/// grants were made), in the open transaction, which holds the registry's lock (ensure_registry():
/// roles are the whole server's); run by `operator add|set` and welcome_community(). The
/// functions the policies call keep PostgreSQL's default EXECUTE for everyone: each answers
/// only about the role that calls it.
void grant_community_roles(Db& db, const std::string& code);
/// Community `code` just migrated (storage/server.h's on_community_migrated(), in the migration's
/// transaction): if it has group roles (an operator was ever made in it), they are brought up to
/// date as `operator set` would, so a restricted role reads and writes a migration's new tables at
/// once; nothing for a community without operators.
void regrant_after_migrations(Db& db, const std::string& code);
/// A new community on a server with street operators: the street reads it as it reads the
/// others (grant_community_roles); nothing on a server without them.
void welcome_community(Db& db, const std::string& code);

}  // namespace shequ
