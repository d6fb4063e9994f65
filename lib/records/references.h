// References inside the records path: how SQL spells one (from the target entity's prefix or
// natural key), and how a key's text could be misread as a reference.
//
// SQL written before there is a database (field selects, invariants) names references as
// placeholders that expand_sql() spells when the statement is built:
//   %ref(ENTITY, ID)        the record of ENTITY whose id is ID
//   %kind_ref(KIND, ID)     the record of the entity named by KIND (a column or a quoted name)
//   %label(EXPR)            a label shown after a reference (" " || EXPR), not written by export
// As RefSpelling::id (list, show, check) a reference reads R42; as RefSpelling::key (export) it is
// the natural key import reads back (kind references "team:NAME"), the prefixed id only where no
// key names the record alone.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "records/entity.h"

namespace shequ {

/// SQL of the reference to the record of `entity` whose id is the SQL `id_expr`, spelled from the
/// entity's prefix: ref_sql("person", "t.person_id") is 'R' || t.person_id (null where the id is).
std::string ref_sql(std::string_view entity, std::string_view id_expr);

/// SQL of the text import reads back as the record of `e` whose id is `id_expr`, found from the
/// entity's natural keys in their order: a single-field key's value; else, if the entity's lookup
/// finds the record alone by it, a key field's value, the key's required fields together
/// ("困难家庭帮扶 2025-12-27") or the whole key as the lookup's label shows it, references by their
/// own key ("… 2025-12-27 07"); else the prefixed id (no key tells the record apart). Private fields
/// (an ID number, a phone) serve only if `reveal`.
std::string key_sql(const Entity& e, std::string_view id_expr, bool reveal);

/// How expand_sql() spells reference placeholders.
enum class RefSpelling {
  id,   // R42, with its %label
  key,  // the natural key (key_sql), without labels
};

/// `sql` with its reference placeholders (above) and its dialect placeholders (storage/dialect.h)
/// spelled for the engine behind `db`.
std::string expand_sql(const Db& db, std::string_view sql, RefSpelling refs = RefSpelling::id, bool reveal = false);

/// True if `s` would read as a prefixed id of some kind (R5, g03, B12).
bool reads_as_id(std::string_view s);

/// The one-line text fields of an entity's natural keys (only single-field keys if
/// `single_only`): how references find its records by name.
std::vector<const Field*> key_text_fields(const Entity& e, bool single_only);

}  // namespace shequ
