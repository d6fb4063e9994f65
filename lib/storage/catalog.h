// What the data file's schema holds, asked the engine's own way, for the few places that walk
// every table instead of naming them (forget's free-text scrub, undo's referrers and totals,
// the undo data's column names) and for the settings of bulk work.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shequ {

class Db;

/// One column of one of shequ's tables (never the engine's own), in table and column order.
struct ColumnInfo {
  std::string table, name;
  bool text = false;  // holds text (free text, codes, dates)
  bool key = false;   // part of the primary key
};
std::vector<ColumnInfo> table_columns(Db& db);
/// The columns of one table, in their order.
std::vector<std::string> column_names(Db& db, const std::string& table);

/// The primary-key columns of one table, in the key's order.
std::vector<std::string> key_columns(Db& db, const std::string& table);

/// A column of `table` that refers to a row of `parent`.
struct ForeignKey {
  std::string table, column, parent;
};
std::vector<ForeignKey> foreign_keys_to(Db& db, const std::string& parent);

/// The statement that creates index `name` on `table`, if it exists.
std::optional<std::string> index_definition(Db& db, const std::string& table, const std::string& name);
/// A data file's triggers whose statement names `word`: (name, CREATE TRIGGER statement) each;
/// none on a server.
std::vector<std::pair<std::string, std::string>> triggers_naming(Db& db, std::string_view word);

/// On a server, the function that gives an operator masked copies of the personal numbers of
/// `table` it may not read ("shequ_masked_person"; made by lib/domain/operators.cpp): one row per
/// row of the table the operator may see, its id and a column per masked field, named by the
/// field's key.
std::string masked_copy_function(std::string_view table);
/// For an operator who may not read some of `table`'s columns (Db::unreadable): the fields, by
/// key, the server gives it a masked copy of through masked_copy_function(table); none otherwise.
std::set<std::string> masked_copies(Db& db, const std::string& table);

/// How much memory one connection's page cache may use (bulk work raises it).
void set_cache_kib(Db& db, long kib);
/// Whether temporary tables and sort files live in memory (`true`) or in files as configured.
bool temp_in_memory(Db& db);
/// Putting them back (`false`) never fails, so it may run while unwinding.
void set_temp_in_memory(Db& db, bool on);
/// Whether space freed by deleting rows is overwritten (forget turns it on).
void set_secure_delete(Db& db, bool on);

}  // namespace shequ
