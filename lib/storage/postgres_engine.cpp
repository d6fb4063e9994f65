// The PostgreSQL engine behind Db, Stmt and Txn: a street office's server ("postgresql://…").
// libpq is loaded with dlopen() the first time a server is named, so a command on a data file
// pays nothing for it at start-up (SPEC §7), as libxlsxwriter is for workbooks.
#include <dlfcn.h>
#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/date.h"
#include "core/i18n.h"
#include "io/interrupt.h"
#include "storage/deferred_rows.h"
#include "storage/dialect.h"
#include "storage/engine.h"
#include "storage/server.h"

namespace shequ::engine {
namespace {

// ---- libpq, loaded on first use ----

#define SHEQU_PQ_FUNCTIONS(X)                                                                     \
  X(PQconnectdb) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQprepare) X(PQexecPrepared)         \
  X(PQexec) X(PQexecParams) X(PQresultStatus) X(PQresultErrorField) X(PQclear) X(PQntuples)       \
  X(PQnfields) X(PQgetvalue) X(PQgetlength) X(PQgetisnull) X(PQftype) X(PQfname) X(PQcmdTuples)   \
  X(PQtransactionStatus) X(PQgetCancel) X(PQcancel) X(PQfreeCancel) X(PQunescapeBytea)            \
  X(PQfreemem) X(PQserverVersion) X(PQsetNoticeProcessor) X(PQresultErrorMessage) X(PQdescribePrepared)   \
  X(PQputCopyData) X(PQputCopyEnd) X(PQgetResult) X(PQuser)

struct Pq {
#define SHEQU_PQ_MEMBER(name) decltype(&::name) name = nullptr;
  SHEQU_PQ_FUNCTIONS(SHEQU_PQ_MEMBER)
#undef SHEQU_PQ_MEMBER
};

const Pq& pq() {
  static const Pq api = [] {
    void* lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
      throw Error(Exit::config,
                  tr_format("cannot reach a PostgreSQL server: libpq is not installed ({})",
                            "无法连接 PostgreSQL 服务器：未安装 libpq（{}）", dlerror()),
                  std::string(tr("install it (Debian: apt-get install libpq5)", "请安装（Debian：apt-get install libpq5）")));
    Pq a;
#define SHEQU_PQ_LOAD(name)                                           \
  a.name = reinterpret_cast<decltype(a.name)>(dlsym(lib, #name));     \
  if (!a.name) throw Error(Exit::config, fmt::format("libpq: {} missing", #name));
    SHEQU_PQ_FUNCTIONS(SHEQU_PQ_LOAD)
#undef SHEQU_PQ_LOAD
    return a;
  }();
  return api;
}

// Result OIDs (pg_type.dat): how a column's text reads back as SQLite would give it.
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kOid = 26, kFloat4 = 700,
              kFloat8 = 701, kNumeric = 1700;
constexpr Oid kNull = 0xFFFFFFFF;  // not a type: a parameter bound to NULL (PgStatement::bound_types)

ColumnType column_type_of(Oid oid) {
  switch (oid) {
    case kBool:
    case kInt8:
    case kInt2:
    case kInt4:
    case kOid: return ColumnType::integer;
    case kFloat4:
    case kFloat8:
    case kNumeric: return ColumnType::real;
    case kBytea: return ColumnType::blob;
    default: return ColumnType::text;
  }
}

// What an SQLSTATE means, whichever statement raised it (Appendix A of the PostgreSQL manual).
DbFault fault_of(std::string_view state) {
  if (state == "23505") return DbFault::duplicate;
  if (state.substr(0, 2) == "23") return DbFault::constraint;  // not null, check, foreign key
  if (state == "P0001") return DbFault::rule;                   // a trigger's RAISE EXCEPTION
  if (state == "40001" || state == "40P01" || state == "55P03") return DbFault::busy;
  if (state == "57014") return DbFault::interrupted;
  if (state == "42501" || state.substr(0, 2) == "28") return DbFault::not_permitted;
  if (state == "3D000" || state == "3F000") return DbFault::not_found;  // no such database or schema
  if (state == "53100") return DbFault::full;
  if (state == "XX001" || state == "XX002") return DbFault::damaged;
  return DbFault::io;
}

// The column a failed constraint guards: libpq names it for NOT NULL; a UNIQUE's detail reads
// "Key (code)=(G1) already exists."; a CHECK or foreign key is named after its table and column
// ("building_units_check", "person_household_id_fkey").
std::string constraint_column(const PGresult* res) {
  const Pq& p = pq();
  if (const char* col = p.PQresultErrorField(res, PG_DIAG_COLUMN_NAME)) return col;
  if (const char* detail = p.PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL)) {
    std::string_view d = detail;
    if (d.substr(0, 5) == "Key (") {
      auto end = d.find(')');
      std::string_view cols = d.substr(5, end == std::string_view::npos ? 0 : end - 5);
      return std::string(cols.substr(0, cols.find(',')));
    }
  }
  const char* table = p.PQresultErrorField(res, PG_DIAG_TABLE_NAME);
  const char* name = p.PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
  if (!table || !name) return {};
  std::string_view n = name;
  if (n.substr(0, std::string_view(table).size() + 1) != std::string(table) + "_") return {};
  n.remove_prefix(std::string_view(table).size() + 1);
  for (std::string_view suffix : {"_check", "_fkey", "_key"})
    if (n.size() > suffix.size() && n.substr(n.size() - suffix.size()) == suffix) return std::string(n.substr(0, n.size() - suffix.size()));
  return {};
}

ConstraintKind constraint_kind(std::string_view state) {
  if (state == "23505") return ConstraintKind::unique;
  if (state == "23502") return ConstraintKind::not_null;
  if (state == "23503") return ConstraintKind::foreign_key;
  return ConstraintKind::other;
}

// One $N in a statement as PostgreSQL reads it.
struct Occurrence {
  std::size_t at, size;
  int n;
  bool null_test;  // followed by IS [NOT] NULL
};

// Whether the SQL at `at` reads IS NULL or IS NOT NULL (after spaces), in any case.
bool null_test_at(std::string_view sql, std::size_t at) {
  while (at < sql.size() && std::isspace(static_cast<unsigned char>(sql[at]))) ++at;
  auto reads = [&](std::string_view word) {
    if (at + word.size() > sql.size()) return false;
    for (std::size_t w = 0; w < word.size(); ++w)
      if (std::toupper(static_cast<unsigned char>(sql[at + w])) != word[w]) return false;
    return true;
  };
  return reads("IS NULL") || reads("IS NOT NULL");
}

// Rewrites SQLite's parameters (`?`, `?N`) as PostgreSQL's (`$N`), leaving string literals,
// quoted names and comments alone; `used` gets, for ?1 up to the highest, whether the statement
// names it, and `where` each $N written.
std::string numbered_parameters(std::string_view sql, std::vector<bool>& used, std::vector<Occurrence>& where) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  used.clear();
  where.clear();
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {  // a literal or quoted name, its quote doubled inside
      std::size_t j = i + 1;
      while (j < sql.size() && !(sql[j] == c && (j + 1 >= sql.size() || sql[j + 1] != c))) j += sql[j] == c ? 2 : 1;
      out.append(sql.substr(i, j + 1 - i));
      i = j;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      std::size_t j = sql.find('\n', i);
      if (j == std::string_view::npos) j = sql.size();
      out.append(sql.substr(i, j - i));
      i = j - 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      std::size_t j = sql.find("*/", i + 2);
      j = j == std::string_view::npos ? sql.size() : j + 2;
      out.append(sql.substr(i, j - i));
      i = j - 1;
    } else if (c == '?') {
      std::size_t j = i + 1;
      int n = 0;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) n = n * 10 + (sql[j++] - '0');
      if (j == i + 1) n = ++next;
      else next = n;
      if (n > 0 && static_cast<std::size_t>(n) > used.size()) used.resize(static_cast<std::size_t>(n));
      if (n > 0) used[static_cast<std::size_t>(n - 1)] = true;
      std::string token = fmt::format("${}", n);
      where.push_back({out.size(), token.size(), n, null_test_at(sql, j)});  // `?1 IS NULL`: no type to infer
      out += token;
      i = j - 1;
    } else {
      out += c;
    }
  }
  return out;
}

// The table an INSERT, UPDATE or DELETE writes ("" for any other statement), unquoted, for Db::on_write.
std::string written_table(std::string_view sql) {
  auto words = [&] {
    std::vector<std::string> w;
    std::size_t i = 0;
    while (w.size() < 3 && i < sql.size()) {
      while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
      std::size_t j = i;
      while (j < sql.size() && !std::isspace(static_cast<unsigned char>(sql[j])) && sql[j] != '(') ++j;
      if (j == i) break;
      std::string word(sql.substr(i, j - i));
      for (char& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      w.push_back(std::move(word));
      i = j;
    }
    return w;
  }();
  std::string table;
  if (words.size() >= 3 && (words[0] == "insert" || words[0] == "delete") && (words[1] == "into" || words[1] == "from"))
    table = words[2];
  else if (words.size() >= 2 && words[0] == "update")
    table = words[1];
  if (table.size() >= 2 && table.front() == '"' && table.back() == '"') table = table.substr(1, table.size() - 2);
  return table;
}

// A statement's first six letters after its leading spaces, lower-case ("insert", "delete", …).
std::string verb_of(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  std::string verb(sql.substr(i, 6));
  for (char& ch : verb) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return verb;
}

// The table an INSERT adds rows to or a DELETE removes rows from ("" for any other statement),
// unquoted.
std::string resized_table(std::string_view sql) {
  std::string verb = verb_of(sql);
  return verb == "delete" || verb == "insert" ? written_table(sql) : std::string();
}

// Whether an INSERT names the rows' own ids (a column list with `id`, or none at all): the
// table's sequence then no longer follows its highest id. A DELETE may remove the highest.
bool realigns(std::string_view sql) {
  auto space = [&](std::size_t i) {
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
    return i;
  };
  auto word_end = [&](std::size_t i) {
    while (i < sql.size() && !std::isspace(static_cast<unsigned char>(sql[i])) && sql[i] != '(') ++i;
    return i;
  };
  std::string verb = verb_of(sql);
  if (verb == "delete") return true;
  if (verb != "insert") return false;
  std::size_t i = space(word_end(space(word_end(space(0)))));  // past INSERT INTO
  i = space(word_end(i));                   // past the table's name
  if (i >= sql.size() || sql[i] != '(') return true;  // no column list: every column, id too
  std::size_t close = sql.find(')', i);
  std::string_view cols = sql.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
  for (std::size_t at = 0; at <= cols.size();) {
    std::size_t end = std::min(cols.find(',', at), cols.size());
    std::string_view name = cols.substr(at, end - at);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) name.remove_prefix(1);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.remove_suffix(1);
    if (name == "id" || name == "\"id\"") return true;
    at = end + 1;
  }
  return false;
}

struct Result {
  PGresult* res = nullptr;
  Result() = default;
  explicit Result(PGresult* r) : res(r) {}
  ~Result() {
    if (res) pq().PQclear(res);
  }
  Result(const Result&) = delete;
  Result& operator=(Result&& o) noexcept {
    std::swap(res, o.res);
    return *this;
  }
};

class PgConnection;

class PgStatement final : public Statement {
 public:
  PgStatement(PgConnection& conn, std::string_view sql);

  void bind_integer(int index, std::int64_t value) override { set(index, std::to_string(value), kInt8); }
  void bind_real(int index, double value) override { set(index, fmt::format("{}", value), kFloat8); }
  // Text goes untyped, as a literal would: the server reads it as the column it meets.
  void bind_text(int index, std::string_view value) override { set(index, std::string(value), 0); }
  void bind_blob(int index, const void* data, int size) override {
    std::string hex = "\\x";
    auto* b = static_cast<const unsigned char*>(data);
    for (int i = 0; i < size; ++i) hex += fmt::format("{:02x}", b[i]);
    set(index, std::move(hex), kBytea);
  }
  void bind_null(int index) override {
    ready();
    slot(index) = Param{};
  }

  bool step() override;
  void reset(bool clear) override {
    result_ = Result();
    row_ = -1;
    if (clear) params_.assign(params_.size(), Param{});
  }
  bool busy() const override { return result_.res && row_ < rows_; }
  int column_count() const override;
  ColumnType type(int col) const override;
  std::int64_t integer(int col) const override;
  double real(int col) const override;
  std::string text(int col) const override;
  std::string blob(int col) const override;
  std::string column_name(int col) const override;
  int parameter_count() const override { return count_; }
  // Whether its row may be held back (Db::defer_inserts): a plain INSERT of one row.
  bool deferrable() const { return shape_.has_value() && !returning_; }
  // The new row's id in the INSERT's own round trip: the statement gains RETURNING id.
  std::int64_t insert() override;

 private:
  // Holds its row back (Db::defer_inserts), with `id` if it takes one beforehand.
  void hold(std::optional<std::int64_t> id);
  std::int64_t run_insert() {
    if (!returning_) {
      returning_ = true;
      sql_ += " RETURNING id";
      prepared_.clear();
      ran_once_.clear();
      described_ = Result();
    }
    if (!step()) throw DbError(DbFault::io, 0, "INSERT returned no id: " + sql_);
    std::int64_t id = integer(0);
    reset(false);
    return id;
  }
  struct Param {
    bool null = true;
    std::string value;
    Oid type = 0;
  };
  Param& slot(int index) {
    if (index < 1 || index > count_) throw DbError(DbFault::io, 0, fmt::format("parameter {} out of range in: {}", index, sql_));
    return params_[static_cast<std::size_t>(index - 1)];
  }
  void set(int index, std::string value, Oid type) {
    ready();
    slot(index) = Param{false, std::move(value), type};
  }
  // A statement bound again after it ran starts afresh.
  void ready() {
    if (result_.res) reset(false);
  }
  const char* cell(int col) const { return pq().PQgetvalue(result_.res, row_, col); }
  // The types bound now (0: text, untyped; kNull: NULL).
  std::vector<Oid> bound_types() const;
  // The statement as sent for `types` (a NULL written in), and the types sent with it.
  std::pair<std::string, std::vector<Oid>> statement_for(const std::vector<Oid>& types) const;
  const std::string& prepare(const std::vector<Oid>& types);
  // The result's columns, known before it runs (a caller may name them before the first step).
  const PGresult* shape() const;

  PgConnection& conn_;
  std::string sql_;       // as PostgreSQL reads it ($N)
  std::string written_;   // the table it writes, if it does
  std::string resized_;   // the table it adds rows to or removes rows from, if it does
  bool realigns_ = false;  // whether it may leave that table's sequence behind its highest id
  bool returning_ = false;  // RETURNING id added (insert())
  std::optional<InsertShape> shape_;  // a row COPY can carry (Db::defer_inserts)
  bool reads_only_ = false;  // a SELECT: rows held back need not be sent before it, unless it reads them
  int count_ = 0;
  std::vector<bool> used_;  // which of ?1…?count_ the statement names
  std::vector<Occurrence> occurrences_;
  std::vector<Param> params_;
  std::map<std::vector<Oid>, std::string> prepared_;  // server-side names, by the types prepared for
  std::set<std::vector<Oid>> ran_once_;  // types it ran with unprepared
  Result result_;
  mutable Result described_;
  int rows_ = 0, row_ = -1;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) : url_(url) {
    const Pq& p = pq();
    conn_ = p.PQconnectdb(url.c_str());
    if (p.PQstatus(conn_) != CONNECTION_OK) {
      std::string why = p.PQerrorMessage(conn_);
      while (!why.empty() && std::isspace(static_cast<unsigned char>(why.back()))) why.pop_back();
      p.PQfinish(conn_);
      conn_ = nullptr;
      bool refused = why.find("authentication") != std::string::npos || why.find("permission") != std::string::npos;
      throw DbError(refused ? DbFault::not_permitted : DbFault::io, 0,
                    tr_format("cannot connect to the PostgreSQL server {}: {}", "无法连接 PostgreSQL 服务器 {}：{}",
                              redacted_url(url), why));
    }
    p.PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // NOTICEs are not for the user
    cancel_ = p.PQgetCancel(conn_);
    // shequ_today() reads the day shequ works on ($SHEQU_TODAY in tests), as on SQLite.
    exec(fmt::format("SET shequ.today = '{}'; SET client_encoding = 'UTF8'",
                     to_iso(today())));
  }
  ~PgConnection() override {
    if (cancel_) pq().PQfreeCancel(cancel_);
    if (conn_) pq().PQfinish(conn_);
  }

  std::unique_ptr<Statement> prepare(std::string_view sql) override {
    return std::make_unique<PgStatement>(*this, sql);
  }

  void exec(std::string_view sql) override {
    check_interrupt();
    // Rows held back are sent first; a rollback discards them (a savepoint sent those before it).
    if (sql.starts_with("ROLLBACK")) deferred_.clear();
    else send_deferred();
    if (writing_) {
      if (sql == "COMMIT") {
        for (const auto& [table, pool] : ids_)  // ids taken beforehand and not given
          if (pool.next < pool.ids.size()) realign_.insert(table);
        align_sequences(realign_);
      }
      else if (sql.starts_with("SAVEPOINT shequ_step")) rows_before_step_ = rows_written_;
      else if (sql.starts_with("ROLLBACK TO")) {
        realign_.insert(resized_.begin(), resized_.end());  // the undone step took ids
        if (sql.starts_with("ROLLBACK TO SAVEPOINT shequ_step")) rows_written_ = rows_before_step_;
      } else {
        resized(resized_table(sql), realigns(sql));
      }
    }
    Result r(pq().PQexec(conn_, std::string(sql).c_str()));
    if (!in_transaction()) end_write();
    check(r.res, sql);
    note_changes(r.res);
    wrote(written_table(sql));  // the first statement's table, as the ones prepared are told
  }
  void exec_quietly(const char* sql) noexcept override {
    if (std::string_view(sql).starts_with("ROLLBACK")) deferred_.clear();
    try {
      send_deferred();
    } catch (...) {  // the rows held back fail with the statement's transaction
    }
    if (writing_ && std::string_view(sql) == "ROLLBACK" && in_transaction()) restore_sequences();
    end_write();
    pq().PQclear(pq().PQexec(conn_, sql));
  }
  bool in_transaction() override { return pq().PQtransactionStatus(conn_) != PQTRANS_IDLE; }
  // The guarantees BEGIN IMMEDIATE gives on a file, for the community this connection works in:
  // one writer at a time (gap-free numbers, balances, caps), other communities never blocked.
  // A lock not granted within the lock timeout is busy (75), with no transaction left open. The
  // savepoint after it is where a rolled-back write returns to first (restore_sequences).
  void begin_write() override {
    try {
      exec("BEGIN; SELECT pg_advisory_xact_lock(hashtext(current_schema())); SAVEPOINT shequ_write");
      writing_ = true;
      realign_after_lost_writer();
    } catch (...) {
      exec_quietly("ROLLBACK");
      throw;
    }
  }

  void on_write(std::function<void(std::string_view)>* hook) override { write_hook_ = hook; }
  // shequ's SQL functions exist in the server's schema (its migrations define them).
  void define_function(const std::string&, int, SqlFunction*, bool) override {}
  void interrupt() noexcept override {
    char buf[256];
    if (cancel_) pq().PQcancel(cancel_, buf, sizeof buf);
  }
  void busy_timeout(int ms) override { exec(fmt::format("SET lock_timeout = {}", ms)); }
  // Results are read whole, so no statement holds the connection between steps.
  int busy_statements() override { return 0; }
  void reset_statements() override {}
  void defer_foreign_keys() override { exec("SET CONSTRAINTS ALL DEFERRED"); }
  // Whether a deferred foreign key would fail at COMMIT: checked now (SET CONSTRAINTS … IMMEDIATE
  // runs the pending checks), inside a savepoint that a failed check is rolled back to; the
  // constraints stay deferred either way.
  bool foreign_keys_pending() override {
    exec("SAVEPOINT shequ_fk_check");
    Result r(pq().PQexec(conn_, "SET CONSTRAINTS ALL IMMEDIATE"));
    const char* state = pq().PQresultStatus(r.res) == PGRES_COMMAND_OK ? nullptr : pq().PQresultErrorField(r.res, PG_DIAG_SQLSTATE);
    bool pending = state && std::string_view(state) == "23503";
    if (state && !pending) check(r.res, "SET CONSTRAINTS ALL IMMEDIATE");
    exec(state ? "ROLLBACK TO SAVEPOINT shequ_fk_check; SET CONSTRAINTS ALL DEFERRED"
               : "SET CONSTRAINTS ALL DEFERRED; RELEASE SAVEPOINT shequ_fk_check");
    return pending;
  }
  int changes() override { return changes_; }
  std::map<std::string, std::int64_t> take_rows_written() override { return std::exchange(rows_written_, {}); }
  void defer_inserts(bool on) override { deferring_ = on; }
  void mark(std::int64_t tag) override { tag_ = tag; }
  void send_deferred() override;
  // Whether `st`'s row is held back instead of run (Db::defer_inserts): in a write, while on.
  bool holds(const PgStatement& st) const;
  // Holds back a row of `shape` (a plain INSERT's) of `values` (null: NULL), with `id` if given.
  void hold(const InsertShape& shape, std::vector<const std::string*> values, std::optional<std::int64_t> id);
  // Whether a read of `sql` must first see the rows held back.
  bool must_send_before(std::string_view sql) const { return deferred_.seen_by(sql); }
  std::vector<std::string> written_by_triggers(const std::string& table);
  // The next id of `table`'s sequence, taken beforehand in growing blocks (0: it has none).
  std::int64_t next_id(const std::string& table);
  const Dialect& dialect() const override { return postgres_dialect(); }
  std::unique_ptr<BulkLoad> bulk_load(const std::string& table, const std::vector<std::string>& columns) override;

  PGconn* native() { return conn_; }
  std::string next_statement_name() { return fmt::format("s{}", ++statements_); }
  void note_changes(const PGresult* res) {
    const char* n = pq().PQcmdTuples(const_cast<PGresult*>(res));
    if (n && *n) changes_ = std::atoi(n);
  }
  // A write added rows to or removed rows from `table` (while a write is open); `realigns` if
  // its sequence may no longer follow its highest id.
  void resized(const std::string& table, bool realigns) {
    // A temporary table, or the undo data being captured, has no ids to align.
    if (!writing_ || table.empty() || table.starts_with("pg_temp.") || table == kCaptureTable) return;
    resized_.insert(table);
    if (realigns) realign_.insert(table);
  }
  void wrote(const std::string& table) {
    if (table.empty()) return;
    if (writing_) rows_written_[table] += changes_;
    if (write_hook_ && *write_hook_) (*write_hook_)(table);
    keep_statistics(table);
  }
  // The planner's statistics of a table this connection grows (an import, a sample's load),
  // gathered again each time the rows it wrote there double from 1,000: a plan made while the
  // table was small (or, to the statistics, empty) would scan it for every later row, and an
  // import of 100,000 persons would take many minutes instead of seconds. Autovacuum cannot do
  // it: the rows are not committed yet, and ANALYZE in the same transaction counts them.
  void keep_statistics(const std::string& table) {
    auto& [written, next] = growth_[table];
    written += changes_;
    if (written < next) return;
    next = written * 2;
    exec(fmt::format("ANALYZE {}", table));
  }

  // Throws the DbError for a failed result (or a lost connection), the statement as context.
  void check(const PGresult* res, std::string_view what) {
    const Pq& p = pq();
    ExecStatusType st = res ? p.PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return;
    if (!res) throw DbError(DbFault::io, 0, tr_format("the PostgreSQL server {}: {}", "PostgreSQL 服务器 {}：{}",
                                                      redacted_url(url_), p.PQerrorMessage(conn_)));
    const char* state_text = p.PQresultErrorField(res, PG_DIAG_SQLSTATE);
    std::string state = state_text ? state_text : "";
    const char* primary = p.PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    std::string msg = primary ? primary : p.PQresultErrorMessage(res);
    DbFault fault = fault_of(state);
    if (fault == DbFault::interrupted || interrupt_signal() != 0)
      throw DbError(DbFault::interrupted, 0, std::string(tr("interrupted", "已中断")));
    if (fault == DbFault::rule) throw DbError(fault, 0, msg);  // RAISE EXCEPTION 'rule'
    if (fault == DbFault::constraint || fault == DbFault::duplicate) {
      std::string column = constraint_column(res);
      throw DbError(fault, 0, constraint_text(constraint_kind(state), column), column);
    }
    if (fault == DbFault::not_permitted && state == "42501")
      throw DbError(fault, 0, tr_format("{}: the server does not let the database role {} do this (nothing was changed)",
                                        "{}：服务器不允许数据库角色 {} 执行此操作（未做任何改动）", redacted_url(url_),
                                        p.PQuser(conn_) ? p.PQuser(conn_) : "?"));
    if (fault == DbFault::busy)
      throw DbError(fault, 0, tr_format("{}: the community's data is busy: another process is writing in it (nothing was changed)",
                                        "{}：本社区数据正忙，另一进程正在写入（未做任何改动）", redacted_url(url_)));
    std::string context(what.substr(0, 200));
    throw DbError(fault, 0, fmt::format("{}: {} [{}]{}", redacted_url(url_), msg, state,
                                        context.empty() ? "" : fmt::format(" (in: {})", context)));
  }

 private:
  // A rolled-back write (a dry run, a refusal) takes no ids, as on a file, where a row rolled
  // back never took its rowid: its rows undone (back to the savepoint), the sequences are set
  // while the write lock is still held.
  void restore_sequences() noexcept {
    const Pq& p = pq();
    Result back(p.PQexec(conn_, "ROLLBACK TO SAVEPOINT shequ_write"));
    if (p.PQresultStatus(back.res) != PGRES_COMMAND_OK) return;
    try {
      align_sequences(resized_);
    } catch (...) {  // the ROLLBACK that follows is what matters
    }
  }

  // A writer that died (kill -9, a lost connection) after taking ids could not give them back:
  // audit ids left ahead of the log would read to check as deleted rows. Under the lock, the next
  // writer finds the audit sequence ahead and sets every table's sequence back to its highest id.
  void realign_after_lost_writer() {
    const Pq& p = pq();
    Result last(p.PQexec(conn_,  // NULL before the first write (no audit table yet) or never used
        "SELECT CASE WHEN has_sequence_privilege(s, 'SELECT, UPDATE') THEN pg_sequence_last_value(CAST(s AS regclass)) END "
        "FROM pg_get_serial_sequence(CAST(to_regclass('audit') AS text), 'id') AS s"));
    check(last.res, "the audit log's sequence");
    if (p.PQntuples(last.res) != 1 || p.PQgetisnull(last.res, 0, 0)) return;
    Result ahead(p.PQexec(conn_, fmt::format("SELECT coalesce(max(id), 0) < {} FROM audit",
                                             std::strtoll(p.PQgetvalue(last.res, 0, 0), nullptr, 10)).c_str()));
    check(ahead.res, "the audit log's sequence");
    if (p.PQntuples(ahead.res) != 1 || std::string_view(p.PQgetvalue(ahead.res, 0, 0)) != "t") return;
    Result tables(p.PQexec(conn_, "SELECT relname FROM pg_class WHERE relnamespace = CAST(current_schema() AS regnamespace) "
                                  "AND relkind IN ('r', 'p')"));
    check(tables.res, "the community's tables");
    std::set<std::string> all;
    for (int i = 0; i < p.PQntuples(tables.res); ++i) all.insert(p.PQgetvalue(tables.res, i, 0));
    align_sequences(all);
  }

  void end_write() {
    writing_ = false;
    deferred_.clear();
    ids_.clear();
    resized_.clear();
    realign_.clear();
    rows_written_.clear();
  }

  // Ids as on a file, where a new row takes one past the highest: before a write ends, under
  // the write lock, the sequences of `tables` are set to their highest id (an undone add gives
  // its id to the next, as SQLite does; a row undo puts back under its own id is not given
  // again). A committed write realigns only the tables it removed rows from, gave rows with their
  // own ids, or took ids for in a step it undid: a plain INSERT leaves the sequence at the
  // highest id it gave. A sequence the operator may not set is left alone.
  void align_sequences(std::set<std::string>& tables) {
    if (tables.empty()) return;
    std::string names;
    for (const std::string& t : tables) {
      std::string quoted;
      for (char c : t) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      names += (names.empty() ? "'" : ", '") + quoted + "'";
    }
    tables.clear();
    Result r(pq().PQexec(conn_, fmt::format(
        "WITH t AS MATERIALIZED (SELECT CAST(c.oid AS regclass) AS tab, "
        "pg_get_serial_sequence(CAST(CAST(c.oid AS regclass) AS text), 'id') AS seq "
        "FROM unnest(ARRAY[{}]) n JOIN pg_class c ON c.oid = to_regclass(n) "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id' AND a.attidentity <> '') "
        "SELECT string_agg(format('SELECT setval(%L, coalesce(max(id), 1), max(id) IS NOT NULL) FROM %s', seq, tab), "
        "'; ') FROM t WHERE has_sequence_privilege(seq, 'UPDATE')", names).c_str()));
    check(r.res, "the sequences of the tables written");
    if (pq().PQntuples(r.res) != 1 || pq().PQgetisnull(r.res, 0, 0)) return;
    Result set(pq().PQexec(conn_, pq().PQgetvalue(r.res, 0, 0)));
    check(set.res, "setting the sequences of the tables written");
  }

  std::string url_;
  PGconn* conn_ = nullptr;
  std::set<std::string> resized_;  // the tables the open write added rows to or removed rows from
  std::set<std::string> realign_;  // those whose sequence it may have left behind (realigns())
  std::map<std::string, std::int64_t> rows_written_;  // by table, since take_rows_written()
  std::map<std::string, std::int64_t> rows_before_step_;  // as they were at Tentative's savepoint
  bool writing_ = false;  // begin_write's transaction is open
  PGcancel* cancel_ = nullptr;
  std::function<void(std::string_view)>* write_hook_ = nullptr;
  struct Growth {
    std::int64_t written = 0, next = 1000;
  };
  std::map<std::string, Growth> growth_;  // by table: rows written, when to ANALYZE it again
  DeferredRows deferred_;
  bool deferring_ = false;
  std::int64_t tag_ = 0;  // mark(): the rows held back from now on belong to it
  struct IdPool {
    std::vector<std::int64_t> ids;  // taken from the sequence; those from `next` on not yet given
    std::size_t next = 0;
    std::int64_t block = 8;
  };
  std::map<std::string, IdPool> ids_;  // by table, for the open write
  int changes_ = 0;
  int statements_ = 0;
};

// A bulk load by COPY … FROM STDIN in its text format: a row is its values separated by tabs,
// NULL as \N, a backslash, tab, newline or carriage return in a value escaped, a bytea as \\x
// and its hex digits. The rows go to the server in pieces of about 256 KiB.
class CopyLoad final : public BulkLoad {
 public:
  CopyLoad(PgConnection& conn, const std::string& table, const std::vector<std::string>& columns)
      : conn_(conn), table_(table) {
    std::string names;
    for (const auto& c : columns) names += (names.empty() ? "" : ", ") + c;
    conn_.send_deferred();
    check_interrupt();
    Result r(pq().PQexec(conn_.native(), fmt::format("COPY {} ({}) FROM STDIN", table, names).c_str()));
    if (pq().PQresultStatus(r.res) != PGRES_COPY_IN) conn_.check(r.res, "COPY " + table);
    copying_ = true;
  }
  ~CopyLoad() override {
    if (copying_) {  // abandoned: the server ends the COPY with an error, the transaction with it
      pq().PQputCopyEnd(conn_.native(), "abandoned");
      drain(false);
    }
  }
  void null() override { field("\\N"); }
  void integer(std::int64_t v) override { field(std::to_string(v)); }
  void real(double v) override { field(fmt::format("{}", v)); }
  void text(std::string_view v) override {
    separate();
    append_copy_text(buf_, v);
  }
  void blob(std::string_view b) override {
    separate();
    buf_ += "\\\\x";
    for (unsigned char c : b) fmt::format_to(std::back_inserter(buf_), "{:02x}", c);
  }
  void end_row() override {
    buf_ += '\n';
    first_ = true;
    if (buf_.size() >= 256 * 1024) send();
  }
  // Rows already in COPY's text format, each ending in a newline.
  void rows(std::string_view data) {
    send();
    put(data);
  }
  void finish() override {
    send();
    copying_ = false;
    if (pq().PQputCopyEnd(conn_.native(), nullptr) != 1) conn_.check(nullptr, "COPY " + table_);
    drain(true);
  }

 private:
  void separate() {
    if (!first_) buf_ += '\t';
    first_ = false;
  }
  void field(std::string_view v) {
    separate();
    buf_ += v;
  }
  void send() {
    put(buf_);
    buf_.clear();
  }
  void put(std::string_view data) {
    check_interrupt();
    if (!data.empty() && pq().PQputCopyData(conn_.native(), data.data(), static_cast<int>(data.size())) != 1)
      conn_.check(nullptr, "COPY " + table_);
  }
  // Reads the COPY's results to the end; `report` throws for the first that failed (a refused
  // value), its DbError tagged with the line of the data it refused.
  void drain(bool report) {
    std::optional<Result> failed;
    while (PGresult* res = pq().PQgetResult(conn_.native())) {
      Result r(res);
      ExecStatusType st = pq().PQresultStatus(res);
      if (st != PGRES_COMMAND_OK && !failed) failed.emplace(std::exchange(r.res, nullptr));
    }
    if (!failed || !report) return;
    const char* context = pq().PQresultErrorField(failed->res, PG_DIAG_CONTEXT);
    try {
      conn_.check(failed->res, "COPY " + table_);
    } catch (DbError& err) {
      err.set_tag(static_cast<std::int64_t>(copy_line_of(context ? context : "")));
      throw;
    }
  }

  PgConnection& conn_;
  std::string table_;
  std::string buf_;
  bool first_ = true, copying_ = false;
};

// The rows held back, table by table, each table's by one COPY: a refused row's DbError carries
// its mark instead of its line in the COPY.
void PgConnection::send_deferred() {
  for (const DeferredRows::Batch& b : deferred_.take()) {
    CopyLoad load(*this, b.table, b.columns);
    load.rows(b.data);
    try {
      load.finish();
    } catch (DbError& err) {
      auto line = static_cast<std::size_t>(err.tag());
      err.set_tag(line >= 1 && line <= b.tags.size() ? b.tags[line - 1] : 0);
      throw;
    }
  }
}

// The tables that rows inserted into `table` change through its triggers, and theirs in turn
// (totals kept, the undo data captured); "*" if a trigger's SQL is dynamic or not PL/pgSQL.
std::vector<std::string> PgConnection::written_by_triggers(const std::string& table) {
  static constexpr const char* kWritten = R"(
    SELECT c.relname FROM pg_trigger t JOIN pg_proc f ON f.oid = t.tgfoid, pg_class c
    WHERE t.tgrelid = to_regclass($1) AND NOT t.tgisinternal AND c.relkind = 'r'
      AND (c.relnamespace = pg_my_temp_schema() OR c.relnamespace = to_regnamespace(current_schema()))
      AND f.prosrc ~* ('(update|insert\s+into|delete\s+from)\s+(\w+\.)?' || c.relname || '\M')
    UNION
    SELECT '*' FROM pg_trigger t JOIN pg_proc f ON f.oid = t.tgfoid JOIN pg_language l ON l.oid = f.prolang
    WHERE t.tgrelid = to_regclass($1) AND NOT t.tgisinternal
      AND (l.lanname NOT IN ('plpgsql', 'sql') OR f.prosrc ~* '\mexecute\M'))";
  std::vector<std::string> out, todo{table};
  while (!todo.empty()) {
    std::string next = std::move(todo.back());
    todo.pop_back();
    std::array<const char*, 1> param{next.c_str()};
    Result r(pq().PQexecParams(conn_, kWritten, 1, nullptr, param.data(), nullptr, nullptr, 0));
    check(r.res, "the triggers of " + next);
    for (int i = 0; i < pq().PQntuples(r.res); ++i) {
      std::string written = pq().PQgetvalue(r.res, i, 0);
      if (written == table || std::find(out.begin(), out.end(), written) != out.end()) continue;
      out.push_back(written);
      if (written != "*") todo.push_back(written);
    }
  }
  return out;
}

bool PgConnection::holds(const PgStatement& st) const { return deferring_ && writing_ && st.deferrable(); }

void PgConnection::hold(const InsertShape& shape, std::vector<const std::string*> values,
                        std::optional<std::int64_t> id) {
  if (!deferred_.knows(shape.table)) deferred_.affects(shape.table, written_by_triggers(shape.table));
  if (!id) {
    deferred_.add(shape, values, tag_);
  } else {
    InsertShape with_id = shape;
    with_id.columns.push_back("id");
    const std::string id_text = std::to_string(*id);
    values.push_back(&id_text);
    deferred_.add(with_id, values, tag_);
  }
  changes_ = 1;
  if (deferred_.bytes() >= 4u << 20) send_deferred();
}

std::int64_t PgConnection::next_id(const std::string& table) {
  IdPool& pool = ids_[table];
  if (pool.next == pool.ids.size()) {
    Result r(pq().PQexecParams(conn_, fmt::format(
        "SELECT nextval(pg_get_serial_sequence(CAST(CAST(c.oid AS regclass) AS text), 'id')) "
        "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id' AND a.attidentity <> '', "
        "generate_series(1, {}) WHERE c.oid = to_regclass($1)", pool.block).c_str(),
        1, nullptr, std::array<const char*, 1>{table.c_str()}.data(), nullptr, nullptr, 0));
    check(r.res, "the ids of " + table);
    pool.ids.clear();
    pool.next = 0;
    for (int i = 0; i < pq().PQntuples(r.res); ++i) pool.ids.push_back(std::strtoll(pq().PQgetvalue(r.res, i, 0), nullptr, 10));
    if (pool.ids.empty()) return 0;
    pool.block = std::min<std::int64_t>(pool.block * 2, 4096);
  }
  return pool.ids[pool.next++];
}

std::unique_ptr<BulkLoad> PgConnection::bulk_load(const std::string& table, const std::vector<std::string>& columns) {
  return std::make_unique<CopyLoad>(*this, table, columns);
}

PgStatement::PgStatement(PgConnection& conn, std::string_view sql)
    : conn_(conn), written_(written_table(sql)), resized_(resized_table(sql)), realigns_(realigns(sql)) {
  sql_ = numbered_parameters(sql, used_, occurrences_);
  shape_ = insert_shape(sql_);
  reads_only_ = written_.empty() && verb_of(sql) == "select";
  count_ = static_cast<int>(used_.size());
  params_.resize(used_.size());
}

std::vector<Oid> PgStatement::bound_types() const {
  // A parameter the statement never names (?2 without ?1) has no type to infer: text.
  std::vector<Oid> types(params_.size());
  for (std::size_t i = 0; i < params_.size(); ++i)
    types[i] = !used_[i] ? kText : params_[i].null ? kNull : params_[i].type;
  return types;
}

std::pair<std::string, std::vector<Oid>> PgStatement::statement_for(const std::vector<Oid>& types) const {
  // A NULL has no type, and `?2 IS NULL OR id = ?2` gives it none the server can infer: the
  // statement is sent with NULL written where the parameter was, as SQLite reads it.
  std::string sql;
  std::size_t done = 0;
  for (const Occurrence& o : occurrences_) {
    if (types[static_cast<std::size_t>(o.n - 1)] != kNull) continue;
    sql.append(sql_, done, o.at - done).append("NULL");
    done = o.at + o.size;
  }
  sql.append(sql_, done);
  std::vector<Oid> sent = types;
  for (Oid& t : sent)
    if (t == kNull) t = kText;  // no longer named
  for (const Occurrence& o : occurrences_)
    if (o.null_test && sent[static_cast<std::size_t>(o.n - 1)] == 0) sent[static_cast<std::size_t>(o.n - 1)] = kText;
  return {std::move(sql), std::move(sent)};
}

// Prepared once per set of parameter types: an integer where text was bound before, or a NULL
// where a value was (an import's rows with and without a phone), is another statement to the
// server.
const std::string& PgStatement::prepare(const std::vector<Oid>& types) {
  auto at = prepared_.find(types);
  if (at != prepared_.end()) return at->second;
  auto [sql, sent] = statement_for(types);
  std::string name = conn_.next_statement_name();
  Result r(pq().PQprepare(conn_.native(), name.c_str(), sql.c_str(), count_, sent.data()));
  conn_.check(r.res, sql_);
  return prepared_.emplace(types, std::move(name)).first->second;
}

const PGresult* PgStatement::shape() const {
  if (result_.res) return result_.res;
  if (!described_.res) {
    auto* self = const_cast<PgStatement*>(this);
    const std::string& name = self->prepare(bound_types());
    Result r(pq().PQdescribePrepared(conn_.native(), name.c_str()));
    conn_.check(r.res, sql_);
    described_ = std::move(r);
  }
  return described_.res;
}

void PgStatement::hold(std::optional<std::int64_t> id) {
  std::vector<const std::string*> values;
  values.reserve(params_.size() + 1);
  for (const Param& p : params_) values.push_back(p.null ? nullptr : &p.value);
  conn_.hold(*shape_, std::move(values), id);
  conn_.wrote(written_);
  conn_.resized(resized_, realigns_);
}

std::int64_t PgStatement::insert() {
  if (conn_.holds(*this))
    if (std::int64_t id = conn_.next_id(shape_->table)) {
      hold(id);
      return id;
    }
  return run_insert();
}

bool PgStatement::step() {
  if (!result_.res && conn_.holds(*this)) {
    hold(std::nullopt);  // no row to read: it runs with the others, later
    return false;
  }
  if (!result_.res) {
    check_interrupt();
    // A write, or a read of what rows held back change, runs after them.
    if (!reads_only_ || conn_.must_send_before(sql_)) conn_.send_deferred();
    const Pq& p = pq();
    std::vector<const char*> values(params_.size());
    for (std::size_t i = 0; i < params_.size(); ++i) values[i] = params_[i].null ? nullptr : params_[i].value.c_str();
    // A statement run once costs one round trip unprepared (most of a one-row command's are);
    // run again with the same types, it is prepared on the server and reused.
    std::vector<Oid> types = bound_types();
    Result r;
    if (prepared_.contains(types) || ran_once_.contains(types)) {
      const std::string& name = prepare(types);
      r = Result(p.PQexecPrepared(conn_.native(), name.c_str(), count_, values.data(), nullptr, nullptr, 0));
    } else {
      auto [sql, sent] = statement_for(types);
      r = Result(p.PQexecParams(conn_.native(), sql.c_str(), count_, sent.data(), values.data(), nullptr, nullptr, 0));
      ran_once_.insert(std::move(types));
    }
    conn_.check(r.res, sql_);
    conn_.note_changes(r.res);
    result_ = std::move(r);
    rows_ = p.PQntuples(result_.res);
    row_ = -1;
    conn_.wrote(written_);
    conn_.resized(resized_, realigns_);
  }
  ++row_;
  return row_ < rows_;
}

int PgStatement::column_count() const { return pq().PQnfields(shape()); }
ColumnType PgStatement::type(int col) const {
  if (pq().PQgetisnull(result_.res, row_, col)) return ColumnType::null;
  return column_type_of(pq().PQftype(result_.res, col));
}
std::int64_t PgStatement::integer(int col) const {
  const char* v = cell(col);
  if (*v == 't') return 1;  // a boolean
  if (*v == 'f') return 0;
  return std::strtoll(v, nullptr, 10);
}
double PgStatement::real(int col) const { return std::strtod(cell(col), nullptr); }
std::string PgStatement::text(int col) const {
  if (pq().PQgetisnull(result_.res, row_, col)) return {};
  if (pq().PQftype(result_.res, col) == kBool) return *cell(col) == 't' ? "1" : "0";
  if (pq().PQftype(result_.res, col) == kBytea) return blob(col);
  return std::string(cell(col), static_cast<std::size_t>(pq().PQgetlength(result_.res, row_, col)));
}
std::string PgStatement::blob(int col) const {
  if (pq().PQftype(result_.res, col) != kBytea)
    return std::string(cell(col), static_cast<std::size_t>(pq().PQgetlength(result_.res, row_, col)));
  std::size_t n = 0;
  unsigned char* bytes = pq().PQunescapeBytea(reinterpret_cast<const unsigned char*>(cell(col)), &n);
  std::string out(reinterpret_cast<const char*>(bytes), n);
  pq().PQfreemem(bytes);
  return out;
}
std::string PgStatement::column_name(int col) const { return pq().PQfname(shape(), col); }

}  // namespace

std::string redacted_url(const std::string& url) {
  std::string out = url;
  // user:password@host
  auto scheme = out.find("://");
  auto at = out.find('@');
  auto query = out.find('?');
  if (scheme != std::string::npos && at != std::string::npos && at < query) {
    auto colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
  }
  // …?password=secret&…
  for (auto p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    if (p == 0 || (out[p - 1] != '?' && out[p - 1] != '&')) continue;
    auto end = out.find('&', p);
    out.replace(p + 9, end == std::string::npos ? std::string::npos : end - p - 9, "***");
  }
  return out;
}

}  // namespace shequ::engine

namespace shequ {

bool is_server_url(std::string_view location) {
  return location.substr(0, 13) == "postgresql://" || location.substr(0, 11) == "postgres://";
}

}  // namespace shequ

namespace shequ::engine {

std::unique_ptr<Connection> open_postgres(const std::string& url) { return std::make_unique<PgConnection>(url); }

}  // namespace shequ::engine
