#include "storage/row_capture.h"

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "core/i18n.h"
#include "core/text.h"
#include "storage/catalog.h"
#include "storage/db.h"
#include "storage/engine.h"
#include "storage/schema.h"
#include "storage/server.h"

namespace shequ {

std::string_view row_op_name(RowOp op) {
  switch (op) {
    case RowOp::insert: return "insert";
    case RowOp::update: return "update";
    case RowOp::remove: return "delete";
  }
  return "update";
}

RowOp row_op_from_name(std::string_view name) {
  if (name == "insert") return RowOp::insert;
  if (name == "delete") return RowOp::remove;
  return RowOp::update;
}

namespace {

RowOp op_of(int sqlite_op) {
  return sqlite_op == SQLITE_INSERT ? RowOp::insert : sqlite_op == SQLITE_DELETE ? RowOp::remove : RowOp::update;
}

// Appends `s` as a JSON string: quotes, backslashes and control characters escaped, UTF-8 as is.
void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        else out += ch;
    }
  }
  out += '"';
}

// Appends `v` as JSON: integers and reals as numbers (a real keeps a decimal point, so it reads
// back as a real), text as a string, a blob as {"$hex": "…"}, NULL as null.
void append_json(std::string& out, sqlite3_value* v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: fmt::format_to(std::back_inserter(out), "{}", sqlite3_value_int64(v)); return;
    case SQLITE_FLOAT: {
      double d = sqlite3_value_double(v);
      if (!std::isfinite(d)) { out += "null"; return; }
      std::size_t at = out.size();
      fmt::format_to(std::back_inserter(out), "{}", d);
      if (out.find_first_of(".eE", at) == std::string::npos) out += ".0";
      return;
    }
    case SQLITE_TEXT: {
      auto p = reinterpret_cast<const char*>(sqlite3_value_text(v));
      append_json_string(out, std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v))));
      return;
    }
    case SQLITE_BLOB: {
      auto p = static_cast<const unsigned char*>(sqlite3_value_blob(v));
      out += "{\"$hex\":\"";
      for (int i = 0; i < sqlite3_value_bytes(v); ++i) fmt::format_to(std::back_inserter(out), "{:02x}", p[i]);
      out += "\"}";
      return;
    }
    default: out += "null";
  }
}

// Builds one JSON object member by member.
class JsonObject {
 public:
  explicit JsonObject(std::string& out) : out_(out) { out_ = "{"; }
  void add(const std::string& name, sqlite3_value* v) {
    if (out_.size() > 1) out_ += ',';
    append_json_string(out_, name);
    out_ += ':';
    append_json(out_, v);
  }
  void close() { out_ += '}'; }

 private:
  std::string& out_;
};

// The column names of each table, in the order a changeset holds them (columns added since a
// changeset was made come last, so an older changeset's positions still name the right ones).
class ColumnNames {
 public:
  explicit ColumnNames(Db& db) : db_(db) {}
  const std::vector<std::string>& of(const std::string& table) {
    auto [pos, fresh] = names_.try_emplace(table);
    if (fresh) pos->second = column_names(db_, table);
    return pos->second;
  }

 private:
  Db& db_;
  std::map<std::string, std::vector<std::string>> names_;
};

using Iter = std::unique_ptr<sqlite3_changeset_iter, decltype(&sqlite3changeset_finalize)>;

Iter start(std::string_view bytes) {
  sqlite3_changeset_iter* it = nullptr;
  if (sqlite3changeset_start(&it, static_cast<int>(bytes.size()), const_cast<char*>(bytes.data())) != SQLITE_OK)
    it = nullptr;
  return Iter(it, sqlite3changeset_finalize);
}

// Reads the changeset's rows as JSON text by column name.
bool read_rows(Db& db, std::string_view bytes, const std::function<void(const RowJson&)>& row) {
  if (bytes.empty()) return true;
  Iter it = start(bytes);
  if (!it) return false;
  ColumnNames names(db);
  RowJson r;
  int rc;
  while ((rc = sqlite3changeset_next(it.get())) == SQLITE_ROW) {
    const char* table = nullptr;
    int ncol = 0, op = 0, indirect = 0;
    sqlite3changeset_op(it.get(), &table, &ncol, &op, &indirect);
    unsigned char* pk = nullptr;
    sqlite3changeset_pk(it.get(), &pk, nullptr);
    r.table = table;
    r.op = op_of(op);
    JsonObject key(r.key), before(r.before), after(r.after);
    const auto& cols = names.of(table);
    for (int c = 0; c < ncol && c < static_cast<int>(cols.size()); ++c) {
      sqlite3_value* old_v = nullptr;
      sqlite3_value* new_v = nullptr;
      if (r.op != RowOp::insert) sqlite3changeset_old(it.get(), c, &old_v);
      if (r.op != RowOp::remove) sqlite3changeset_new(it.get(), c, &new_v);
      const std::string& name = cols[static_cast<std::size_t>(c)];
      if (pk && pk[c]) {
        key.add(name, r.op == RowOp::insert ? new_v : old_v);
        if (r.op == RowOp::update) continue;  // an update's images hold the changed columns only
      }
      if (old_v) before.add(name, old_v);
      if (new_v) after.add(name, new_v);
    }
    key.close();
    before.close();
    after.close();
    if (r.op == RowOp::insert) r.before.clear();
    if (r.op == RowOp::remove) r.after.clear();
    row(r);
  }
  return rc == SQLITE_DONE;
}

}  // namespace

// On a server, the rows the baseline's trigger shequ_capture kept in the connection's temporary
// table shequ_changes, made net per row as SQLite's session extension makes them: an insert then
// updates is one insert of the last values, an insert then a delete nothing, updates one update of
// the columns whose values differ at the end (none: nothing), a delete then an insert of the same
// key an update. Tables in the order first written, rows in the order first written.
class ServerCapture {
 public:
  explicit ServerCapture(Db& db) : db_(db) {
    // The trigger numbers the rows it writes (seq) without a sequence, which would be the
    // lastval() that gives an insert's id. The table is the community's own (migration 0017:
    // creating a temporary one cost every write a catalog write); only the community's writer,
    // under its lock, fills it, and finish() empties it in the same transaction (or its
    // rollback does), so it is empty whenever a transaction starts.
  }
  void enable(bool on) {
    count_written();
    db_.exec(on ? "SET LOCAL shequ.capture = 'on'" : "SET LOCAL shequ.capture = 'off'");
    on_ = on;
  }

  void finish(const std::function<bool(std::string_view)>& record) {
    enable(false);
    std::map<std::string, std::vector<std::string>> keys;  // table → its primary-key columns
    std::map<std::pair<std::string, std::string>, std::size_t> at;  // (table, key) → rows_
    std::set<std::string> captured;  // the tables that gave rows
    Stmt st(db_, "WITH taken AS (DELETE FROM shequ_changes RETURNING *) "
                 "SELECT table_name, op, old_row::text, new_row::text FROM taken ORDER BY seq");
    while (st.step()) {
      std::string table = st.text(0);
      captured.insert(table);
      if (!record(table)) continue;
      std::string op = st.text(1);
      Json old_row = st.is_null(2) ? Json() : Json::parse(st.text(2));
      Json new_row = st.is_null(3) ? Json() : Json::parse(st.text(3));
      const Json& image = op == "INSERT" ? new_row : old_row;
      // The key is the row's id where its table has one (every table shequ captures does, and
      // there it is the primary key: tests/pg/test_schema_match.sh); another's, from the catalog.
      if (!keys.contains(table)) keys[table] = image.contains("id") ? std::vector<std::string>{"id"} : key_columns(db_, table);
      Json key = Json::object();
      for (const auto& k : keys[table]) key[k] = image[k];
      auto [pos, fresh] = at.try_emplace({table, key.dump()}, rows_.size());
      if (fresh) {
        rows_.push_back({table, std::move(key), std::move(old_row), std::move(new_row)});
        continue;
      }
      Net& net = rows_[pos->second];
      net.after = std::move(new_row);  // null after a delete; the first image stays
    }
    // A table whose rows this write changed while capturing, but which gave none, has lost its
    // trigger: its change could not be undone, so it is not made (the full comparison of the
    // schema is `check`'s; on a file every write makes it, schema.h).
    for (const auto& [table, rows] : written_)
      if (rows > 0 && record(table) && table_keeps_undo_data(table) && !captured.contains(table) &&
          expected_schema().contains(table))  // not a temporary table of the command's own
        throw damaged(db_.path(), tr_format("schema: table {} has lost its trigger shequ_capture (its changes could not be undone)",
                                            "数据结构：表 {} 缺少触发器 shequ_capture（其改动将无法撤销）", table));
    // Table by table, in the order first written.
    std::vector<std::string> order;
    for (const auto& r : rows_)
      if (std::find(order.begin(), order.end(), r.table) == order.end()) order.push_back(r.table);
    std::stable_sort(rows_.begin(), rows_.end(), [&](const Net& a, const Net& b) {
      return std::find(order.begin(), order.end(), a.table) < std::find(order.begin(), order.end(), b.table);
    });
    std::erase_if(rows_, [&](Net& r) { return !settle(r, keys[r.table]); });
  }

  RowCapture::Counts counts() const {
    RowCapture::Counts c;
    std::map<std::string, std::map<std::string, int>> per_table;
    for (const auto& r : rows_) {
      per_table[r.table][std::string(row_op_name(r.op))]++;
      if (c.rows++ == 0) {
        c.first_table = r.table;
        const Json& row = r.op == RowOp::insert ? r.after : r.before;
        if (!row.empty() && row.begin()->is_number_integer()) c.first_id = row.begin()->get<std::int64_t>();
      }
    }
    c.per_table = per_table;
    return c;
  }

  void for_each(const std::function<void(const RowJson&)>& row) const {
    for (const auto& r : rows_)
      row({r.table, r.op, r.key.dump(), r.before.is_null() ? "" : r.before.dump(),
           r.after.is_null() ? "" : r.after.dump()});
  }

 private:
  using Json = nlohmann::ordered_json;  // columns in table order, as row_to_json gives them
  struct Net {
    std::string table;
    Json key, before, after;  // before: the row before the transaction (null: none); after: at its end
    RowOp op = RowOp::insert;
  };
  // The row's net change as the audit log keeps it; false if there is none.
  static bool settle(Net& r, const std::vector<std::string>& key_columns) {
    if (r.before.is_null() && r.after.is_null()) return false;  // inserted, then deleted
    if (r.before.is_null()) {
      r.op = RowOp::insert;
      return true;
    }
    if (r.after.is_null()) {
      r.op = RowOp::remove;
      return true;
    }
    r.op = RowOp::update;
    Json before = Json::object(), after = Json::object();
    for (const auto& [column, value] : r.after.items()) {
      if (std::find(key_columns.begin(), key_columns.end(), column) != key_columns.end()) continue;
      if (r.before.contains(column) && r.before[column] == value) continue;
      before[column] = r.before.contains(column) ? r.before[column] : Json();
      after[column] = value;
    }
    r.before = std::move(before);
    r.after = std::move(after);
    return !r.after.empty();
  }

  // The rows the connection's statements changed, by table, added up while capturing.
  void count_written() {
    for (auto& [table, rows] : db_.connection().take_rows_written())
      if (on_) written_[table] += rows;
  }

  Db& db_;
  std::vector<Net> rows_;
  bool on_ = false;
  std::map<std::string, std::int64_t> written_;
};

struct RowCapture::Impl {
  Db& db;
  std::function<bool(std::string_view)> record;
  sqlite3_session* session = nullptr;
  std::unique_ptr<void, decltype(&sqlite3_free)> data{nullptr, sqlite3_free};
  int size = 0;
  std::unique_ptr<ServerCapture> server;
};

namespace {
int filter(void* p, const char* table) {
  return static_cast<std::function<bool(std::string_view)>*>(p)->operator()(table) ? 1 : 0;
}
}  // namespace

RowCapture::RowCapture(Db& db, std::function<bool(std::string_view table)> record)
    : impl_(std::make_unique<Impl>(Impl{db, std::move(record)})) {
  if (db.on_server()) {
    impl_->server = std::make_unique<ServerCapture>(db);
    impl_->server->enable(true);
    return;
  }
  if (sqlite3session_create(db.handle(), "main", &impl_->session) != SQLITE_OK)
    db.fail(SQLITE_ERROR, "sqlite3session_create");
  sqlite3session_table_filter(impl_->session, filter, &impl_->record);
  sqlite3session_attach(impl_->session, nullptr);
}

RowCapture::~RowCapture() {
  if (impl_->session) sqlite3session_delete(impl_->session);
}

void RowCapture::enable(bool on) {
  if (impl_->server) impl_->server->enable(on);
  if (impl_->session) sqlite3session_enable(impl_->session, on ? 1 : 0);
}

void RowCapture::finish() {
  if (impl_->server) return impl_->server->finish(impl_->record);
  if (!impl_->session) return;
  void* data = nullptr;
  int rc = sqlite3session_changeset(impl_->session, &impl_->size, &data);
  impl_->data.reset(data);
  sqlite3session_delete(impl_->session);
  impl_->session = nullptr;
  if (rc != SQLITE_OK) impl_->db.fail(rc, "sqlite3session_changeset");
}

RowCapture::Counts RowCapture::counts() const {
  if (impl_->server) return impl_->server->counts();
  Counts c;
  if (impl_->size == 0) return c;
  Iter it = start(std::string_view(static_cast<const char*>(impl_->data.get()), static_cast<std::size_t>(impl_->size)));
  if (!it) return c;
  std::map<std::string, std::map<std::string, int>> per_table;
  while (sqlite3changeset_next(it.get()) == SQLITE_ROW) {
    const char* table = nullptr;
    int ncol = 0, op = 0, indirect = 0;
    sqlite3changeset_op(it.get(), &table, &ncol, &op, &indirect);
    per_table[table][std::string(row_op_name(op_of(op)))]++;
    if (c.rows++ == 0) {
      c.first_table = table;
      sqlite3_value* v = nullptr;
      if (op == SQLITE_INSERT) sqlite3changeset_new(it.get(), 0, &v);
      else sqlite3changeset_old(it.get(), 0, &v);
      if (v && sqlite3_value_type(v) == SQLITE_INTEGER) c.first_id = sqlite3_value_int64(v);
    }
  }
  c.per_table = per_table;
  return c;
}

void RowCapture::for_each(const std::function<void(const RowJson&)>& row) const {
  if (impl_->server) return impl_->server->for_each(row);
  read_rows(impl_->db, std::string_view(static_cast<const char*>(impl_->data.get()), static_cast<std::size_t>(impl_->size)),
            row);
}

bool for_each_stored_changeset_row(Db& db, std::string_view changeset, const std::function<void(const RowJson&)>& row) {
  return read_rows(db, changeset, row);
}

}  // namespace shequ
