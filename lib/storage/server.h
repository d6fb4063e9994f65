// A street's communities on one PostgreSQL server: each community's data in a schema of its own
// (named by its code), the list of communities in the schema `shequ`. The same tables, triggers
// and SQL functions as a data file, from lib/migrations/postgresql/.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"

namespace shequ {

/// One community registered on the server.
struct Community {
  std::string code, name, created_at;
};

/// Whether `name` is 1–`max_chars` lower-case letters, digits and `_`, starting with a letter: a
/// name the server takes unquoted (a community's schema, an operator's login).
bool plain_identifier(std::string_view name, std::size_t max_chars);

/// Refuses (78, naming the setting) a code that cannot name a community's schema: 1–40 lower-case
/// letters, digits and `_`, starting with a letter; not `shequ`, `public` or `pg_…`.
void require_community_code(std::string_view code, std::string_view setting);

/// Opens community `code` on the server at `url`: refuses one not registered there (66, listing
/// those that are) or of a newer schema (65), applies pending migrations, and makes the
/// community's schema the only one the connection's statements see.
/// `setting` names where the code came from in a refusal.
std::unique_ptr<Db> open_community(const std::string& url, const std::string& code, int busy_timeout_ms,
                                   std::string_view setting = "database.community");

/// Makes community `code` the one the connection's statements see, with open_community()'s
/// checks and pending migrations (a street's connection goes from community to community).
void enter_community(Db& db, const std::string& code, std::string_view setting = "database.community");

/// What a community needs once its pending migrations are applied, run in their transaction.
using MigratedHook = void (*)(Db& db, const std::string& code);
/// Sets what enter_community() runs after it applied migrations to a community (none by default):
/// the domain's operator grants (lib/domain/operators.cpp), which a migration's new tables need,
/// are above the storage layer. Set once, at start-up.
void on_community_migrated(MigratedHook hook);

/// Opens the server at `url` for the street office: the registry of its communities, no
/// community yet (enter_community() picks one). A data file is refused (64): a street is a server.
std::unique_ptr<Db> open_street(const std::string& url, int busy_timeout_ms);

/// Registers community `code` named `name` and creates its schema with the current tables, in one
/// transaction; refuses (1) a code already registered or a schema of that name already there.
/// `fill`, if given, runs in that transaction before it commits (a community moved onto the
/// server arrives whole or not at all).
std::unique_ptr<Db> create_community(const std::string& url, const std::string& code, const std::string& name,
                                     int busy_timeout_ms, const std::function<void(Db&)>& fill = {});

/// Makes (or brings up to date) the registry of communities and operators, under its lock, in
/// the open transaction.
void ensure_registry(Db& db);

/// Removes a community made by create_community() whose filling failed (init --sample), schema
/// and registration, in one transaction.
void drop_new_community(Db& db, const std::string& code);

/// The SQL condition that a table named by `name_column` keeps undo data through the row trigger
/// shequ_capture: every table but the audit log's own, the version row and the running totals
/// (which their own triggers rebuild). create_community adds the trigger to these tables, and
/// check reports one that lacks it.
std::string keeps_undo_data(std::string_view name_column);
/// The same rule for one table by name.
bool table_keeps_undo_data(std::string_view table);

/// A community's table that only a server has (its version row, the undo data a write is
/// capturing): not in a data file, not copied by migrate.
bool server_only_table(std::string_view table);
/// The table the trigger shequ_capture fills while a write captures (empty between writes).
inline constexpr std::string_view kCaptureTable = "shequ_changes";

/// The communities registered on the server at `url`, by code (none on a server shequ never used).
std::vector<Community> list_communities(Db& db);

}  // namespace shequ
