#include "records/import.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "domain/held_totals.h"
#include "records/audit.h"
#include "storage/catalog.h"
#include "io/csv.h"
#include "core/i18n.h"
#include "io/json_reader.h"
#include "io/output.h"
#include "records/record_writer.h"
#include "io/paths.h"
#include "core/text.h"
#include "io/xlsx_reader.h"

namespace shequ {
namespace {

// Imports of files up to this size keep their row changes in the audit log (undoable).
constexpr std::uintmax_t kUndoableImportBytes = 4u << 20;
// SQLite page cache during an import (KiB): keeps a 1 M-row import well inside 64 MiB.
constexpr int kImportCacheKiB = 32 << 10;
// A workbook holds about this many times fewer bytes than the same rows as CSV (zip): the
// sizes above are CSV sizes.
constexpr std::uintmax_t kXlsxBytesFactor = 2;
// Files from this size on may import with the entity's deferrable indexes dropped and rebuilt,
// and its running totals added up at the end.
constexpr std::uintmax_t kBulkBytes = 4u << 20;
// From this size on (about a thousand rows), --skip-bad on a server adds the totals up at the end
// instead of by triggers: 10 persons into a community of 200,000 took 0.03 s by trigger, 0.19 s
// recounted; 2,000 persons of one grid 1.5 s by trigger, 0.4 s recounted.
constexpr std::uintmax_t kHeldStepsBytes = 64u << 10;
// Page cache once a large import's rows are in, while the dropped indexes are built again and
// the totals added up: both sort the whole table, and SQLite's sorter takes as much memory again
// as the page cache. A small one measured faster as well as leaner (five indexes over a million
// service entries: 3.9 s and 13 MiB at 4 MiB, 4.3 s and 54 MiB at 16 MiB; the recount of their
// totals 2.3 s against 3.0 s).
constexpr int kAfterLoadCacheKiB = 4 << 10;

// Whether rebuilding the report indexes (and adding up the running totals) once costs less
// than keeping them up to date row by row: building costs ~3 µs per row of the table, random
// inserts ~30 µs per new row, so rebuild unless the table holds far more rows than the file (at
// most 64 bytes a row is conservative).
bool bulk_sized(Db& db, const Entity& e, std::uintmax_t file_bytes) {
  if (file_bytes < kBulkBytes) return false;
  std::int64_t rows = db.scalar(fmt::format("SELECT max(id) FROM {}", e.table));
  return static_cast<std::uintmax_t>(rows) <= 4 * (file_bytes / 64);
}

// A header cell of a column import leaves alone: the reason column of a rejects file.
constexpr int kIgnoredColumn = -2;

bool is_rejects_column(std::string_view h) {
  return iequals_ascii(h, "rejection reason") || h == "拒绝原因";
}

// Maps header cells to field indexes (kIgnoredColumn for the rejects' reason column); unknown
// or repeated headers are problems.
std::vector<int> map_header(const Entity& e, const std::vector<std::string>& header,
                            std::vector<Problem>& problems) {
  std::vector<int> map;
  for (const auto& raw : header) {
    std::string h = trim(raw);
    if (is_rejects_column(h)) {
      map.push_back(kIgnoredColumn);
      continue;
    }
    int found = -1;
    for (std::size_t i = 0; i < e.fields.size(); ++i) {
      const Field& f = e.fields[i];
      if (!f.exported || (f.column.empty() && !f.hook)) continue;
      if (iequals_ascii(f.key, h) || f.zh == h || iequals_ascii(f.en, h)) found = static_cast<int>(i);
      for (const std::string& alias : f.aliases)
        if (iequals_ascii(alias, h)) found = static_cast<int>(i);
    }
    if (found < 0) {
      std::vector<std::string> keys;
      for (const auto& f : e.fields)
        if (f.exported && (!f.column.empty() || f.hook)) keys.push_back(f.key);
      problems.push_back({h, tr_format("unknown column (known: {})", "未知列（可用：{}）", join(keys, ", "))});
    } else if (std::find(map.begin(), map.end(), found) != map.end()) {
      problems.push_back({h, std::string(tr("column given twice", "列重复"))});
    }
    map.push_back(found);
  }
  for (const auto& f : e.fields) {
    if (!f.required || f.column.empty() || !f.exported) continue;
    if (std::find(map.begin(), map.end(), e.index(f.key)) == map.end())
      problems.push_back({f.key, std::string(tr("required column is missing", "缺少必填列"))});
  }
  return map;
}

// Drops an entity's deferrable indexes for the rest of the transaction and builds them again
// with rebuild(). Crash-safe: the drop and the rebuild commit together or not at all, so a failed
// or interrupted import leaves the indexes as they were.
class DeferredIndexes {
 public:
  DeferredIndexes(Db& db, const Entity& e) : db_(db) {
    // A statement left on a row (cached ones are reset only when next used) would lock the table.
    db_.reset_statements();
    for (const auto& name : e.deferrable_indexes)
      if (auto sql = index_definition(db_, e.table, name)) indexes_.emplace_back(name, *sql);
    for (const auto& [name, sql] : indexes_) db_.exec(fmt::format("DROP INDEX \"{}\"", name));
  }
  void rebuild() {
    for (const auto& [name, sql] : indexes_) db_.exec(sql);
    indexes_.clear();
  }

 private:
  Db& db_;
  std::vector<std::pair<std::string, std::string>> indexes_;
};

// The rows of the input, whatever its kind.
struct Source {
  std::unique_ptr<TextInput> text;  // a CSV file's decoded stream
  std::unique_ptr<RecordSource> records;
  InputKind kind = InputKind::text;
};

Source open_source(const ImportOptions& opt, const std::string& source) {
  Source s;
  s.kind = detect_input_kind(opt.path);
  switch (s.kind) {
    case InputKind::text:
      s.text = std::make_unique<TextInput>(opt.path, opt.encoding);
      s.records = std::make_unique<CsvReader>(s.text->stream(), source);
      break;
    case InputKind::xlsx: s.records = std::make_unique<XlsxReader>(opt.path, opt.sheet); break;
    case InputKind::json: s.records = std::make_unique<JsonReader>(opt.path, false); break;
    case InputKind::jsonl: s.records = std::make_unique<JsonReader>(opt.path, true); break;
  }
  if (!opt.sheet.empty() && s.kind != InputKind::xlsx)
    throw Error(Exit::usage, tr_format("{}: --sheet is for workbooks (.xlsx); this is not one",
                                       "{}：--sheet 只用于工作簿（.xlsx），此文件不是", source));
  return s;
}

// The bad rows, written as the input came: same format, encoding and header, plus the reason.
class Rejects {
 public:
  Rejects(const std::string& path, const Source& src, bool bom, const std::vector<std::string>& header)
      : file_(path) {
    Format f = src.kind == InputKind::xlsx ? Format::xlsx
               : src.kind == InputKind::json ? Format::json
               : src.kind == InputKind::jsonl ? Format::jsonl : Format::csv;
    Encoding enc = src.text ? src.text->detected() : Encoding::utf8;
    writer_.emplace(file_.stream(), f, enc, bom, std::string(tr("rejected", "退回")));
    std::vector<std::string> names = header;
    names.push_back(rejects_column());
    writer_->header(names, std::vector<XlsxKind>(names.size(), XlsxKind::text));
  }
  void add(const std::vector<std::string>& fields, const std::string& reason) {
    cells_.assign(fields.begin(), fields.end());
    cells_.emplace_back(reason);
    writer_->row(cells_);
    ++rows_;
  }
  // Writes the file only if it holds a row; returns whether it did.
  bool commit() {
    if (rows_ == 0) return false;
    writer_->finish();
    file_.commit();
    return true;
  }

 private:
  AtomicFile file_;
  std::optional<RecordWriter> writer_;
  std::vector<Cell> cells_;
  std::size_t rows_ = 0;
};

// The rows of the input, read ahead in blocks on a server: the references of a block's rows to
// each kind are asked of the server in one round trip (prefetch_references), not one a row.
class ReadAhead {
 public:
  ReadAhead(Context& ctx, const Entity& e, const std::vector<int>& map, RecordSource& reader)
      : ctx_(ctx), reader_(reader), on_server_(ctx.db.on_server()) {
    for (std::size_t c = 0; c < map.size(); ++c)
      if (map[c] >= 0 && e.fields[static_cast<std::size_t>(map[c])].type == FieldType::ref)
        refs_.emplace_back(c, &entity_named(e.fields[static_cast<std::size_t>(map[c])].target));
  }
  bool next(CsvRecord& rec) {
    if (!on_server_ || refs_.empty()) return reader_.next(rec);
    if (at_ == block_.size()) fill();
    if (at_ == block_.size()) return false;
    rec = std::move(block_[at_++]);
    return true;
  }

 private:
  void fill() {
    block_.clear();
    at_ = 0;
    CsvRecord rec;
    while (block_.size() < kBlock && reader_.next(rec)) block_.push_back(std::move(rec));
    for (const auto& [column, target] : refs_) {
      std::vector<std::string> texts;
      for (const auto& r : block_)
        if (column < r.fields.size()) texts.push_back(r.fields[column]);
      prefetch_references(ctx_, *target, texts);
    }
  }
  static constexpr std::size_t kBlock = 1000;
  Context& ctx_;
  RecordSource& reader_;
  bool on_server_;
  std::vector<std::pair<std::size_t, const Entity*>> refs_;  // input column, the kind it names
  std::vector<CsvRecord> block_;
  std::size_t at_ = 0;
};

}  // namespace

std::string rejects_column() { return std::string(tr("rejection reason", "拒绝原因")); }

ImportResult import_file(Context& ctx, const Entity& e, const ImportOptions& opt) {
  if (opt.path != "-") protect_file(opt.path, FileRole::input);  // --rejects FILE must not replace it
  std::string source = opt.path == "-" ? "stdin" : opt.path;
  Source src = open_source(opt, source);
  RecordSource& reader = *src.records;
  ImportResult result;
  result.kind = src.kind;
  if (src.text) result.encoding = src.text->detected();

  // The input column each field came from, for "FILE:LINE (D)" in a workbook.
  std::vector<std::optional<std::size_t>> column_of(e.fields.size());
  auto where = [&](std::size_t line, const Problem& p) {
    int i = p.field.empty() ? -1 : e.index(p.field);
    return reader.where(line, i >= 0 ? column_of[static_cast<std::size_t>(i)] : std::nullopt);
  };
  std::size_t problems_seen = 0;
  // Problems name the column as the file's header does (单元数 in a file with Chinese headers).
  std::vector<std::pair<std::string, std::string>> header_of;  // field key → header text
  auto as_in_file = [&](Problem p) {
    for (const auto& [key, header] : header_of)
      if (p.field == key) p.field = header;
    return p;
  };
  auto report = [&](std::vector<Problem>& ps, std::size_t line) {
    for (auto& p : ps) {
      p = as_in_file(std::move(p));
      ++problems_seen;
      if (opt.on_problem) opt.on_problem(describe({p}, where(line, p)));
    }
  };

  CsvRecord rec;
  if (!reader.next(rec)) {
    throw Error(Exit::data, tr_format("{}: empty file, expected a header row", "{}：文件为空，缺少表头行", source));
  }
  std::vector<Problem> header_problems;
  std::vector<int> map = map_header(e, rec.fields, header_problems);
  if (!header_problems.empty()) {
    report(header_problems, rec.line);
    throw Error(Exit::data, describe(header_problems, reader.where(rec.line, std::nullopt)));
  }
  for (std::size_t c = 0; c < map.size(); ++c)
    if (map[c] >= 0) {
      column_of[static_cast<std::size_t>(map[c])] = c;
      header_of.emplace_back(e.fields[static_cast<std::size_t>(map[c])].key, trim(rec.fields[c]));
    }

  std::optional<Rejects> rejects;
  if (opt.skip_bad && !opt.rejects_path.empty()) rejects.emplace(opt.rejects_path, src, opt.rejects_bom, rec.fields);

  // A page cache big enough for the indexes a large import touches: with SQLite's default
  // (2 MiB) the transaction's dirty pages spill to the WAL and are read back one pread at a time.
  set_cache_kib(ctx.db, kImportCacheKiB);
  // Each row's INSERT that fires a trigger (running totals) keeps a statement journal for its own
  // rollback; on disk that is a temp file written page by page for every row, in memory it is
  // a few pages, emptied when the row's statement ends. (SQLite allows the change only while no
  // transaction or statement is under way: an import inside another command's keeps the file.)
  // Not while the report indexes are built again: CREATE INDEX sorts in temp files, which in
  // memory would hold the whole table's keys (128 MiB for a million persons).
  std::error_code ec;
  auto size = opt.path == "-" ? std::uintmax_t(-1) : std::filesystem::file_size(opt.path, ec);
  if (!ec && size != std::uintmax_t(-1) && src.kind == InputKind::xlsx) size *= kXlsxBytesFactor;
  const bool bulk = !ec && size != std::uintmax_t(-1) && (!e.deferrable_indexes.empty() || e.recount_totals) &&
                    bulk_sized(ctx.db, e, size);
  const bool rebuilds = bulk && !e.deferrable_indexes.empty() && !ctx.db.on_server();
  // On a server each row of --skip-bad is a statement and a savepoint of its own: the totals'
  // triggers would write the same totals row again for every row, a new row version each time
  // that every later row steps over (2,000/4,000/8,000 persons of one grid and year took
  // 1.5/4.8/17 s). A file smaller than kHeldStepsBytes keeps them: its few rows cost less by
  // trigger than adding up a large community's totals again.
  const bool steps_on_server = opt.skip_bad && ctx.db.on_server() && size >= kHeldStepsBytes;
  const bool recounts = e.recount_totals && (steps_on_server || bulk);
  // In a data file a held trigger is gone until the end (held_totals.h), and with it each row's
  // statement journal (a table with totals has no other insert trigger); the temp files then
  // stay on disk, where adding the totals up sorts the whole table (in memory, a million persons
  // peaked at 117 MiB).
  const bool triggers_dropped = recounts && !ctx.db.on_server();
  const bool idle = !ctx.db.in_transaction() && ctx.db.busy_statements() == 0;
  // Back to files once the import is over (committed or rolled back): a bulk verification after
  // it would otherwise hold its millions of selected entries in memory.
  struct TempStoreInMemory {
    Db* db = nullptr;
    ~TempStoreInMemory() {
      if (db) set_temp_in_memory(*db, false);
    }
  } temp_store;
  if (idle && !rebuilds && !triggers_dropped && !temp_in_memory(ctx.db)) {
    set_temp_in_memory(ctx.db, true);
    temp_store.db = &ctx.db;
  }
  Change change(ctx);
  // A large import is summarised rather than recorded row by row, so memory stays flat;
  // smaller ones keep the changeset and can be undone.
  change.record_rows(!ec && size <= kUndoableImportBytes);
  change.subject(e.name, 0);
  // A large file's rows land in random order across the report indexes: building them once at
  // the end sorts instead of missing the page cache on every row.
  // Not on a server: there DROP INDEX would lock every reader of the table out until the commit.
  // Its running totals are added up once at the end too, instead of by triggers on every row
  // (on a server as well: what the transaction holds back, no other sees), from the rows that
  // stayed: a row --skip-bad undid alone counts nowhere.
  std::optional<DeferredIndexes> deferred;
  if (rebuilds) deferred.emplace(ctx.db, e);
  std::optional<HeldTotals> held;
  if (recounts) held.emplace(ctx.db, HeldTotals::Writes::row_by_row);
  ResolveMemo memo(ctx.db);
  // On a server the rows travel by COPY, a few round trips for thousands (db.h); with
  // --skip-bad each row is a step of its own, undone alone if the server refuses it.
  std::optional<DeferredInserts> deferred_rows;
  if (ctx.db.on_server() && !opt.skip_bad) deferred_rows.emplace(ctx.db);
  // A row the server refused ends the import there (PostgreSQL has ended its transaction): the
  // row held back by COPY is named by its line (DbError::tag), the rows after it go unread.
  auto refused_by_server = [&](const DbError& err, std::size_t line) {
    std::vector<Problem> problems{problem_of(e, err)};  // a constraint behind the checks; anything else ends the import
    if (err.tag() > 0) line = static_cast<std::size_t>(err.tag());
    ++result.rejected;
    report(problems, line);
    throw Error(Exit::data,
                tr_format("{}: {} bad rows up to line {}, where the server refused the row; nothing was imported",
                          "{0}：到第 {2} 行为止有 {1} 行有误（服务器拒绝了该行）；未导入任何数据", source,
                          result.rejected, line),
                std::string(tr("the rows after it were not checked: fix the rows above and import again, or use "
                               "--skip-bad --rejects FILE",
                               "其后各行未检查：请修正以上各行后重新导入，或使用 --skip-bad --rejects FILE")));
  };
  std::vector<std::uint32_t> seen_line;  // by record id: the line that wrote it in this run
  Input in;
  in.values.reserve(map.size());
  // A CSV file shows progress by bytes read; a workbook or JSON file (read through a decoder) by rows.
  const bool by_bytes = src.text != nullptr;
  ProgressStage progress(*ctx.progress, std::filesystem::path(source).filename().string(),
                         !by_bytes || ec || size == std::uintmax_t(-1) ? 0 : size,
                         by_bytes ? ProgressUnit::bytes : ProgressUnit::items);
  std::size_t rows_read = 0;
  ReadAhead ahead(ctx, e, map, reader);
  // A row held back for COPY and refused by the server surfaces at whichever later statement
  // sends it: named by its own line (DbError::tag).
  try {
    while (ahead.next(rec)) {
      in.values.clear();
      for (std::size_t c = 0; c < map.size() && c < rec.fields.size(); ++c)
        if (map[c] >= 0) in.values.emplace_back(e.fields[static_cast<std::size_t>(map[c])].key, rec.fields[c]);
      std::vector<Problem> problems;
      for (const auto& [c, message] : rec.cell_problems) {
        if (c < map.size() && map[c] == kIgnoredColumn) continue;
        problems.push_back({c < map.size() && map[c] >= 0 ? e.fields[static_cast<std::size_t>(map[c])].key : "", message});
      }
      if (problems.empty() && rec.fields.size() != map.size()) {
        problems.push_back(
            {"", tr_format("{} fields, the header has {}", "有 {} 个字段，表头为 {} 个", rec.fields.size(), map.size())});
      }
      Record r;
      std::optional<std::int64_t> existing;
      if (problems.empty()) {
        r = convert(ctx, e, in, std::nullopt, problems);
        existing = find_existing(ctx, e, r);
        if (existing && static_cast<std::size_t>(*existing) < seen_line.size() &&
            seen_line[static_cast<std::size_t>(*existing)] != 0) {
          problems.push_back(
              {"", tr_format("duplicate of line {}", "与第 {} 行重复", seen_line[static_cast<std::size_t>(*existing)])});
        }
        if (problems.empty()) check_record(e, r, !existing, problems);
        if (problems.empty()) check_key_collisions(ctx, e, r, existing, problems);
      }
      if (problems.empty()) {
        ctx.db.mark(static_cast<std::int64_t>(rec.line));
        try {
          // With --skip-bad, a row the schema refuses on a server is undone alone (a savepoint a
          // row: about twice as slow there as COPY, so only where rows are skipped).
          std::optional<Tentative> step;
          if (opt.skip_bad) step.emplace(ctx.db);
          auto [id, outcome] = write_record(ctx, e, r, existing);
          if (step) step->keep();
          if (static_cast<std::size_t>(id) >= seen_line.size())
            seen_line.resize(static_cast<std::size_t>(id) * 3 / 2 + 16, 0);
          seen_line[static_cast<std::size_t>(id)] = static_cast<std::uint32_t>(rec.line);
          if (outcome == Outcome::inserted) ++result.inserted;
          else if (outcome == Outcome::updated) ++result.updated;
          else ++result.unchanged;
        } catch (const DbError& err) {
          if (ctx.db.on_server() && !opt.skip_bad) refused_by_server(err, rec.line);
          problems.push_back(problem_of(e, err));  // a constraint behind the checks; anything else ends the import
        }
      }
      if (!problems.empty()) {
        ++result.rejected;
        report(problems, rec.line);
        if (rejects) rejects->add(rec.fields, describe(problems, ""));
      }
      if ((++rows_read & 1023) == 0) progress.update(by_bytes ? src.text->bytes_read() : rows_read);
    }
    if (deferred_rows) deferred_rows->finish();
  } catch (const DbError& err) {
    if (err.tag() > 0) refused_by_server(err, rec.line);
    throw;
  }

  if (problems_seen > 0 && !opt.skip_bad) {
    throw Error(
        Exit::data,
        tr_format("{}: {} bad rows; nothing was imported", "{}：{} 行有误；未导入任何数据", source, result.rejected),
        std::string(tr("fix the rows above, or use --skip-bad --rejects FILE",
                       "请修正以上各行，或使用 --skip-bad --rejects FILE")));
  }
  const bool wrote = result.inserted + result.updated > 0;
  if (bulk && wrote) set_cache_kib(ctx.db, kAfterLoadCacheKiB);
  if (deferred && wrote) deferred->rebuild();
  if (held) {
    if (wrote) e.recount_totals(*held);
    held->release();
  }
  if (rejects) result.wrote_rejects = rejects->commit();
  if (wrote)  // a no-op import leaves no trace, not even in the log
    change.summary(fmt::format(R"({{"{}":{{"file":{},"inserted":{},"updated":{},"unchanged":{},"rejected":{}}}}})",
                             e.table, nlohmann::json(source).dump(), result.inserted, result.updated,
                             result.unchanged, result.rejected));
  // Nothing written: the dropped indexes come back by rolling the drop back, untouched.
  if (!opt.dry_run && (wrote || !deferred)) change.commit();
  return result;
}


std::vector<std::pair<std::string, ImportResult>> import_directory(Context& ctx, const std::string& dir) {
  std::vector<std::pair<std::string, ImportResult>> out;
  for (const Entity* e : all_entities()) {
    auto path = std::filesystem::path(dir) / (e->plural + ".csv");
    if (!std::filesystem::exists(path)) continue;
    ImportOptions opt;
    opt.path = path.string();
    out.emplace_back(e->plural, import_file(ctx, *e, opt));
  }
  return out;
}

}  // namespace shequ
