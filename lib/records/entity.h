// The one generic path for records: a column description per entity drives adding, setting,
// listing, showing, importing and exporting, so fifteen entities are not fifteen copies.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/context.h"
#include "io/output.h"

namespace shequ {

class HeldTotals;

/// A stored or converted value: null, integer, real or text (the same type as an output Cell).
using Value = Cell;

/// How a field's text is checked and stored.
enum class FieldType {
  text,       // any UTF-8 text
  integer,    // whole number
  real,       // decimal number
  date,       // calendar date, stored ISO (accepts 2026/3/5, 2026年3月5日, …)
  datetime,   // ISO timestamp
  boolean,    // yes/no, true/false, 1/0, 是/否
  phone,      // mainland mobile or landline, normalised
  id_number,  // GB 11643 ID number, check digit verified
  ref,        // a reference to another entity, stored as its id
  vocab,      // a code of a vocabulary kind
  tags,       // comma-separated codes of a vocabulary kind
  choice,     // one of a fixed list of codes
};

/// How a field is protected in outputs (DOMAIN.md, "Personal information"): masked values and
/// searches together never rebuild a phone or ID number. The same flag masks the field's
/// option in audit command lines.
enum class Privacy {
  none,
  phone,         // masked 138****1234 unless --reveal
  id_number,     // masked 420113************ unless --reveal
  birth_date,    // masked 1952-**-** (the year) unless --reveal: it is part of the ID number
  confidential,  // hidden entirely unless --reveal (case text)
};

/// Personal text that `person forget` removes from other records (DOMAIN.md, "Personal
/// information"): forget's statements are generated from these flags (forget_statements()), so a
/// personal field is marked where it is described and nowhere else.
enum class Personal {
  none,
  about_owner,  // free text about the person the record belongs to (its first person or volunteer
                // reference): cleared when that person is forgotten
  their_name,   // a name typed as text: where it is the forgotten person's, cleared (set to the
                // field's fallback where the column cannot be empty); about_owner as well
  their_phone,  // a phone typed as text: cleared where it is the forgotten person's; about_owner as well
};

/// One column of an entity: its file/JSON key, labels, type and where it lives.
struct Field {
  std::string key;          // stable ASCII snake_case: CSV header, JSON key, --fields name
  std::string en;           // English label
  std::string zh;           // Chinese label; also accepted as a CSV header
  FieldType type = FieldType::text;
  std::string column;       // column in the entity's table; empty = computed (read-only)
  std::string select;       // SQL expression over alias `t` for listing/export; default t.column
  std::string target;       // ref: entity name; vocab/tags: vocab kind
  std::vector<std::string> choices;  // choice: allowed codes
  bool required = false;    // must be given when a record is created
  Privacy privacy = Privacy::none;
  bool listed = true;       // shown by `list` (always by `show`)
  bool exported = true;     // written by `export`, read by `import`
  bool numeric = false;     // right-aligned, JSON number (integer/real set this implicitly)
  bool hook = false;        // no column: read through `select`, written by the entity's after_write
  // The rules of a value, the same on every path (add, set, import), checked before writing:
  std::optional<double> min, max;  // integer/real: the smallest and largest value accepted
  std::size_t max_chars = 0;       // at most this many characters (0: kMaxLineChars, or kMaxTextChars if multiline)
  bool multiline = false;          // free text: tab and line breaks allowed (other control characters never)
  std::string fallback;            // what a blank takes where the column cannot be empty (the schema's DEFAULT)
  bool past = false;               // date: not after today (births, joins, deliveries, evaluations)
  std::string not_before;          // date: the key of the record's date field this one may not precede
  std::vector<std::string> aliases; // older keys still read by import and as hidden options (scripts keep working)
  bool normalize = false;          // text: stored NFKC-normalised (full-width digits typed in addresses);
                                   // every other type but text always is, and so is a natural key's text
  Personal personal = Personal::none;  // what `person forget` removes (see Personal)
};

/// Characters a one-line text value may have unless its field says otherwise.
inline constexpr std::size_t kMaxLineChars = 200;
/// Characters a free-text (multiline) value may have unless its field says otherwise.
inline constexpr std::size_t kMaxTextChars = 20000;

/// Text values for one record, by field key, with where they came from (for messages).
struct Input {
  std::vector<std::pair<std::string, std::string>> values;
  std::string where;  // "FILE:LINE" or "" for the command line
  /// The value given for `key`, if any.
  const std::string* get(std::string_view key) const;
  void set(std::string key, std::string value);
};

/// A converted record about to be written: values by field index; `present` marks given ones.
struct Record {
  std::vector<Value> values;
  std::vector<bool> present;
  /// Converted value of field `key` (null if absent).
  const Value& get(const struct Entity& e, std::string_view key) const;
  void put(const struct Entity& e, std::string_view key, Value v);
  bool has(const struct Entity& e, std::string_view key) const;
  /// Set by convert() for entities that match before prepare: the record the natural keys found.
  bool matched = false;
  std::optional<std::int64_t> match;
};

/// A problem with one value: which field and what is wrong.
struct Problem {
  std::string field;
  std::string message;
};

/// What writing one record did.
enum class Outcome { inserted, updated, unchanged };

/// An entity's description; see grids.cpp for the simplest example.
struct Entity {
  std::string name;      // singular noun: "person"
  std::string plural;    // import/export kind: "persons"
  char prefix = 0;       // reference prefix: 'R'
  std::string en, zh;    // labels for messages
  std::string table;     // SQL table
  std::string from;      // FROM clause for listing (alias t); default "<table> t"
  std::string order_by = "t.id";
  std::vector<Field> fields;
  /// Ways to find the existing record for an input, tried in order; each a list of field keys
  /// that must all be non-null. Empty lists: records are never matched (always inserted).
  /// `key?`: may be null (compared with IS).
  std::vector<std::vector<std::string>> natural_keys;
  /// convert() finds the existing record by the natural keys before prepare() and hands it over,
  /// so prepare need not look it up again; prepare must then leave the key fields as they are.
  bool match_before_prepare = false;
  /// Indexes of `table` that no lookup of an import uses (report indexes): a large import into a
  /// data file drops them and builds them again at its end, in the same transaction, instead of
  /// updating them row by row in random order (not on a server: readers would wait for the commit).
  std::vector<std::string> deferrable_indexes;
  /// Adds up the table's running totals again, from all its rows: a large import (on either
  /// engine), and one with --skip-bad of 64 KiB or more on a server, holds the totals' row
  /// triggers (domain/held_totals.h) and calls this once at its end.
  /// Empty: the table has no totals, or they are kept row by row.
  std::function<void(HeldTotals&)> recount_totals;
  /// SQL returning (id, label) of records a reference text may mean; ?1 is the text.
  std::string lookup_sql;
  /// The stored spelling of a natural key typed another way ("3栋2单元501室" → "3-2-501"), tried
  /// when lookup_sql finds nothing for the text as typed; empty: none.
  std::function<std::optional<std::string>(std::string_view)> key_form;
  /// SQL returning (id, label) of records that lookup_sql would find for ?1 other than by the
  /// exact natural key ("3" finds grid "03"): a new key it finds is refused. Uses indexes only
  /// (it runs for every new row of an import). Empty: the lookup is the natural key itself.
  std::string collision_sql;
  /// Derives and cross-checks values before writing (e.g. an address into building/unit/room).
  std::function<void(Context&, Record&, std::optional<std::int64_t> existing,
                     std::vector<Problem>&)> prepare;
  /// Runs after a record was written (e.g. residence history).
  std::function<void(Context&, std::int64_t id, Outcome, const Record&)> after_write;

  const Field* field(std::string_view key) const;
  int index(std::string_view key) const;
};

/// Every entity the generic path knows, in dependency order (import/export kinds).
const std::vector<const Entity*>& all_entities();
/// The import/export kinds (each entity's plural), in that order.
std::vector<std::string> entity_kinds();
/// The entity with this singular name or plural kind; Error(64) listing the kinds if none.
const Entity& entity_named(std::string_view name);

/// Formats a record id with the entity's prefix: R42.
std::string ref_text(const Entity& e, std::int64_t id);

/// The command-line option of a field (or field key): moved_in → --moved-in.
std::string option_name(std::string_view field_key);

/// Resolves a reference (prefixed id or natural key) to an id: 66 if nothing matches, 65 listing
/// the candidates if several do.
std::int64_t resolve(Context& ctx, const Entity& e, std::string_view text);
/// Like resolve() but by entity name.
std::int64_t resolve(Context& ctx, std::string_view entity, std::string_view text);

/// While alive, resolve() on this connection remembers what each reference text meant (bulk
/// imports repeat the same volunteer or household thousands of times). A kind's answers are
/// forgotten as soon as a table its lookup reads is written. One at a time per connection.
class ResolveMemo {
 public:
  explicit ResolveMemo(Db& db);
  ~ResolveMemo();
  ResolveMemo(const ResolveMemo&) = delete;
  ResolveMemo& operator=(const ResolveMemo&) = delete;
  struct State;

 private:
  Db& db_;
  std::unique_ptr<State> state_;
};

/// Remembers what each of `texts` (references to `target`, as a file gives them) means, asked of
/// the server in one round trip while a ResolveMemo lives on a server connection (a no-op
/// otherwise): resolve() then answers them from memory. Texts that find no record or several
/// are left to resolve() and its messages.
void prefetch_references(Context& ctx, const Entity& target, const std::vector<std::string>& texts);

/// What `ask` answers about `table` for `key` (a vocabulary's code for a label): while a
/// ResolveMemo lives on this connection, asked once per key and forgotten when the table is written.
std::optional<std::string> remembered_answer(Context& ctx, const std::string& table, const std::string& key,
                                             const std::function<std::optional<std::string>()>& ask);

/// `column` of `table`'s row `id`: while a ResolveMemo lives on this connection, asked once per
/// row (on a server, with the rows of the next ids in the same round trip) and forgotten when
/// the table is written.
std::optional<std::string> remembered_value(Context& ctx, const std::string& table, const std::string& column,
                                            std::int64_t id);

/// Converts the text of every given value, runs prepare(); problems are appended.
Record convert(Context& ctx, const Entity& e, const Input& in,
               std::optional<std::int64_t> existing, std::vector<Problem>& problems);

/// Finds the record an input means by the entity's natural keys.
std::optional<std::int64_t> find_existing(Context& ctx, const Entity& e, const Record& r);

/// Inserts (existing empty) or updates the given columns of a converted record.
std::pair<std::int64_t, Outcome> write_record(Context& ctx, const Entity& e, const Record& r,
                                              std::optional<std::int64_t> existing);

/// The checks every path makes on a converted record: required fields (all when inserting, the
/// given ones otherwise) and natural-key text that would read as a prefixed id (R5, G9).
void check_record(const Entity& e, const Record& r, bool inserting, std::vector<Problem>& problems);

/// Refuses a single-field natural key that the entity's lookup would also read as another record
/// (grid code "3" beside "03", volunteer number "nky1" beside "NKY1"); `self` is the record's own id.
void check_key_collisions(Context& ctx, const Entity& e, const Record& r, std::optional<std::int64_t> self,
                          std::vector<Problem>& problems);

/// write_record(), with a constraint the schema enforces (a safety net behind the checks above)
/// turned into Error naming the field, without SQL: 65 for a bad value, 1 for a duplicate or a rule.
std::pair<std::int64_t, Outcome> write_checked(Context& ctx, const Entity& e, const Record& r,
                                               std::optional<std::int64_t> existing, std::string_view where);

/// The problem a failed constraint of `e` is (the field its column belongs to); rethrows any
/// other DbError.
Problem problem_of(const Entity& e, const DbError& err);

/// `NOUN add`: converts, refuses (1) a duplicate natural key, inserts; audited. Returns the id.
std::int64_t add_record(Context& ctx, const Entity& e, const Input& in);
/// `NOUN set REF`: converts and updates the given fields of one record; audited.
Outcome set_record(Context& ctx, const Entity& e, std::string_view ref, const Input& in);

/// A filter for listing: SQL condition over alias t and its bound values.
struct Query {
  std::vector<std::string> where;
  std::vector<Value> binds;
  std::string order_by;  // default: entity's
  std::int64_t limit = -1;
  /// Adds a condition with one `?` placeholder bound to `v`.
  void add(std::string condition, Value v);
};

/// Binds a query's values to `st`, from parameter 1 on (a statement built from q.where).
void bind_query(Stmt& st, const Query& q);

/// Narrows a query to records whose field `key` matches `text`: a reference is resolved (66 if
/// unknown); a vocabulary, tag or choice value is read as `add` reads it (its code or a label;
/// a retired code still finds old records) and one that is neither is 65 naming `option`
/// (default --KEY) and listing the valid codes; tags match one code; anything else must be
/// equal. No-op for empty text. Every list filter goes through here.
void match(Context& ctx, const Entity& e, Query& q, std::string_view key, std::string_view text,
           std::string_view option = {});

/// Rows of an entity as an output table: id column plus listed fields, masked unless revealed.
Table list_records(Context& ctx, const Entity& e, const Query& q);
/// One record as a two-column table (field, value), every field, masked unless revealed.
Table show_record(Context& ctx, const Entity& e, std::int64_t id);

/// Streams every exported field of every record (the rows `import` reads back), calling
/// `row` with the header first. Masked fields stay masked unless ctx.reveal.
void export_records(Context& ctx, const Entity& e, bool zh_headers,
                    const std::function<void(const std::vector<std::string>&)>& row);

/// Like export_records, with the values as they are stored (numbers as numbers) and the
/// fields first, so a writer can tell dates and text apart (xlsx).
void export_rows(Context& ctx, const Entity& e,
                 const std::function<void(const std::vector<const Field*>&)>& header,
                 const std::function<void(const std::vector<Cell>&)>& row);

/// Joins problems into one message: "WHERE: field: message" per line.
std::string describe(const std::vector<Problem>& problems, std::string_view where);

/// Throws Error(65) describing the problems, if any.
void throw_if(const std::vector<Problem>& problems, std::string_view where);

}  // namespace shequ
