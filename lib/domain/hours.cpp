#include "domain/hours.h"

#include "core/period.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "records/audit.h"
#include "core/date.h"
#include "core/i18n.h"
#include "domain/held_totals.h"
#include "domain/points.h"
#include "core/text.h"
#include "domain/volunteers.h"
#include "storage/catalog.h"

namespace shequ {
namespace {

// Above this many entries a decision is summarised in the audit log rather than row by row,
// and keeps the pages it changes in a page cache of this size (KiB) instead of spilling them to
// the WAL and reading them back.
constexpr std::int64_t kRecordRowsUpTo = 2000;
constexpr long kBulkCacheKiB = 32 << 10;

// A status code as people read it; the code itself in English.
std::string status_label(const std::string& status) {
  if (language() == Lang::en) return status;
  if (status == "pending") return "待审核";
  if (status == "verified") return "已确认";
  if (status == "rejected") return "已驳回";
  if (status == "void") return "已作废";
  return status;
}

std::string hhmm(int minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }

// Every rule of SPEC "Service hours", applied to a converted record (command or CSV row).
// A key of the form log-hours gives: cli-N (any case).
bool is_cli_key(std::string_view k) {
  return k.size() > 4 && iequals_ascii(k.substr(0, 4), "cli-") &&
         std::all_of(k.begin() + 4, k.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void apply_rules(Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
  const Entity& e = hours_entity();
  // `existing` is the entry with this external key: convert() looked it up (match_before_prepare).
  if (!existing) {
    if (!std::holds_alternative<std::string>(r.get(e, "recorder"))) r.put(e, "recorder", ctx.operator_name);
    r.put(e, "logged_at", now_iso());
    // "cli-N" is the key log-hours gives entry N; taken by another entry it would block that one.
    if (auto k = std::get_if<std::string>(&r.get(e, "external_key")); k && is_cli_key(*k))
      problems.push_back(
          {"external_key", tr_format("\"{}\" has the form shequ gives entries logged with log-hours "
                                     "(cli-N); choose another key",
                                     "“{}”是 shequ 给 log-hours 登记的记录所用的形式（cli-N）；请换一个", *k)});
  }
  // Times of day: HH:MM, end after start.
  std::optional<int> start, end;
  for (const char* key : {"start", "end"}) {
    auto text = std::get_if<std::string>(&r.get(e, key));
    if (!text) continue;
    auto t = parse_time_of_day(*text);
    if (!t) {
      problems.push_back(
          {key, tr_format("\"{}\" is not a time of day (use 09:30)", "“{}”不是有效时间（格式如 09:30）", *text)});
      continue;
    }
    r.put(e, key, hhmm(*t));
    (std::string_view(key) == "start" ? start : end) = *t;
  }
  if (std::holds_alternative<std::string>(r.get(e, "start")) != std::holds_alternative<std::string>(r.get(e, "end")))
    problems.push_back({"end", std::string(tr("give both start and end, or neither", "开始和结束时间须同时给出"))});
  std::optional<int> span;
  if (start && end) {
    if (*end <= *start)
      problems.push_back({"end", tr_format("{} is not after the start {} (an entry cannot pass midnight)",
                                           "{} 不晚于开始时间 {}（单条记录不能跨越午夜）", hhmm(*end), hhmm(*start))});
    else
      span = *end - *start;
  }
  std::optional<std::int64_t> given;
  if (auto m = std::get_if<std::int64_t>(&r.get(e, "minutes"))) {
    if (*m <= 0)
      problems.push_back({"minutes", tr_format("{} is not a positive number of minutes", "{} 不是正的分钟数", *m)});
    else given = *m;
  }
  if (given && span && *given > *span)
    problems.push_back(
        {"minutes",
         tr_format("{} minutes is more than the {}–{} span ({} minutes); travel time is not counted",
                   "{} 分钟超过了 {}–{} 的时段（{} 分钟）；路途时间不计入", *given, hhmm(*start), hhmm(*end), *span)});
  if (!given && span) given = *span;
  if (!given) {
    if (!span && problems.empty())
      problems.push_back({"minutes", std::string(tr("give the service time: minutes (or hours), or start and end",
                                                    "请给出服务时长：分钟数（或小时数），或开始与结束时间"))});
    return;
  }
  if (!problems.empty()) return;

  // Rounding to the minimum unit.
  const std::int64_t unit = ctx.config.integer("volunteer.min_unit_minutes");
  const std::string rounding = ctx.config.string("volunteer.rounding");
  std::int64_t units = rounding == "up" ? (*given + unit - 1) / unit
                     : rounding == "nearest" ? (*given + unit / 2) / unit
                                             : *given / unit;
  std::int64_t counted = units * unit;
  if (counted <= 0) {
    const bool up = rounding == "up", nearest = rounding == "nearest";
    const std::int64_t least = up ? 1 : nearest ? unit - unit / 2 : unit;  // the fewest minutes that count
    problems.push_back(
        {"minutes", tr_format("rule minimum unit: {0} minutes is 0 when rounded {2} of {1} minutes; "
                              "an entry needs at least {3} minutes (volunteer.min_unit_minutes, volunteer.rounding)",
                              "规则“最小计量单位”：{0} 分钟按 {1} 分钟的整数倍{2}取整后为 0；每条至少 {3} 分钟"
                              "（volunteer.min_unit_minutes、volunteer.rounding）",
                              *given, unit,
                              up ? tr("up to a multiple", "向上")
                                 : nearest ? tr("to the nearest multiple", "四舍五入")
                                           : tr("down to a multiple", "向下"),
                              least)});
    return;
  }
  r.put(e, "minutes", counted);
  const std::int64_t max_entry = ctx.config.integer("volunteer.max_minutes_per_entry");
  if (counted > max_entry)
    problems.push_back(
        {"minutes",
         tr_format("rule maximum per entry: {} minutes is more than {} (volunteer.max_minutes_per_entry)",
                   "规则“单条上限”：{} 分钟超过 {} 分钟（volunteer.max_minutes_per_entry）", counted, max_entry)});

  auto volunteer = std::get_if<std::int64_t>(&r.get(e, "volunteer"));
  auto date = std::get_if<std::string>(&r.get(e, "date"));
  if (!volunteer || !date) return;
  std::string today_iso = to_iso(today());
  if (*date > today_iso)
    problems.push_back({"date", tr_format("rule no future dates: {} is after today ({})",
                                          "规则“不得登记未来日期”：{} 晚于今天（{}）", *date, today_iso)});
  {
    auto st = ctx.db.cached("SELECT joined FROM volunteer WHERE id = ?");
    st.bind(1, *volunteer);
    if (st.step() && *date < st.text(0))
      problems.push_back(
          {"date", tr_format("rule not before joining: {} is before V{} joined on {}",
                             "规则“不得早于加入日期”：{} 早于 V{} 的加入日期 {}", *date, *volunteer, st.text(0))});
  }
  const std::int64_t max_day = ctx.config.integer("volunteer.max_minutes_per_day");
  {
    auto st = ctx.db.cached(
        "SELECT coalesce(sum(minutes), 0) FROM service_hours WHERE volunteer_id = ?1 AND date = ?2 "
        "AND status IN ('pending', 'verified') AND id IS DISTINCT FROM ?3");
    st.bind_all(*volunteer, *date);
    st.bind(3, existing);
    std::int64_t already = st.step() ? st.integer(0) : 0;
    if (already + counted > max_day)
      problems.push_back(
          {"minutes", tr_format("rule maximum per day: V{0} already has {1} minutes on {2}; {3} more makes {4}, "
                                "over {5} (volunteer.max_minutes_per_day)",
                                "规则“每日上限”：V{0} 在 {2} 已登记 {1} 分钟，再加 {3} 分钟共 {4} 分钟，超过 {5} 分钟"
                                "（volunteer.max_minutes_per_day）",
                                *volunteer, already, *date, counted, already + counted, max_day)});
  }
  if (span) {
    auto st = ctx.db.cached(
        "SELECT id, start_time, end_time FROM service_hours WHERE volunteer_id = ?1 AND date = ?2 "
        "AND status IN ('pending', 'verified') AND id IS DISTINCT FROM ?3 AND start_time IS NOT NULL "
        "AND start_time < ?5 AND end_time > ?4 ORDER BY start_time LIMIT 1");
    st.bind_all(*volunteer, *date);
    st.bind(3, existing);
    st.bind(4, hhmm(*start)).bind(5, hhmm(*end));
    if (st.step())
      problems.push_back(
          {"start", tr_format("rule no overlap: {0}–{1} overlaps entry {2} ({3}–{4}) of V{5} on {6}",
                              "规则“时段不得重叠”：{0}–{1} 与 V{5} 在 {6} 的第 {2} 条记录（{3}–{4}）重叠", hhmm(*start),
                              hhmm(*end), st.integer(0), st.text(1), st.text(2), *volunteer, *date)});
  }
}

}  // namespace

const Entity& hours_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "hours";
    e.plural = "hours";
    e.en = "service entry";
    e.zh = "服务记录";
    e.table = "service_hours";
    e.order_by = "t.date DESC, t.id DESC";
    e.fields = {
        {.key = "external_key", .en = "External key", .zh = "外部编号", .column = "external_key", .required = true,
         .listed = false},
        volunteer_ref_field(true),
        volunteer_name_field(),
        {.key = "date", .en = "Date", .zh = "服务日期", .type = FieldType::date, .column = "date", .required = true},
        {.key = "start", .en = "Start", .zh = "开始时间", .column = "start_time", .listed = false},
        {.key = "end", .en = "End", .zh = "结束时间", .column = "end_time", .listed = false},
        {.key = "minutes", .en = "Minutes", .zh = "时长（分钟）", .type = FieldType::integer, .column = "minutes", .min = 1, .max = 1440},
        {.key = "activity", .en = "Activity", .zh = "活动名称", .column = "activity", .required = true},
        {.key = "place", .en = "Place", .zh = "地点", .column = "place", .listed = false},
        {.key = "project", .en = "Project", .zh = "项目", .type = FieldType::ref, .column = "project_id",
         .select = "(SELECT name FROM project p WHERE p.id = t.project_id)", .target = "project"},
        {.key = "event", .en = "Event", .zh = "活动", .type = FieldType::ref, .column = "event_id",
         .target = "event", .listed = false},
        {.key = "team", .en = "Team", .zh = "队伍", .type = FieldType::ref, .column = "team_id",
         .select = "(SELECT name FROM team x WHERE x.id = t.team_id)", .target = "team", .listed = false},
        {.key = "served", .en = "Served", .zh = "服务对象", .column = "served", .listed = false, .max_chars = 1000},
        {.key = "content", .en = "Content", .zh = "服务内容", .column = "content", .listed = false, .multiline = true},
        {.key = "recorder", .en = "Recorder", .zh = "记录人", .column = "recorder", .listed = false},
        {.key = "status", .en = "Status", .zh = "状态", .column = "status", .exported = false},
        {.key = "points", .en = "Points", .zh = "积分",
         // the latest earn: an undone verification reverses it, verifying again earns anew
         .select = "CASE WHEN t.status IN ('verified', 'void') THEN (SELECT l.amount FROM points_ledger l "
                   "WHERE l.hours_id = t.id AND l.kind = 'earn' ORDER BY l.id DESC LIMIT 1) END",
         .exported = false, .numeric = true},
        {.key = "source", .en = "Source", .zh = "来源", .column = "source", .listed = false, .exported = false},
        {.key = "logged_at", .en = "Logged at", .zh = "登记时间", .column = "logged_at", .listed = false,
         .exported = false},
        {.key = "decided_at", .en = "Decided at", .zh = "审核时间", .select = "t.decided_at", .listed = false,
         .exported = false},
        {.key = "decided_by", .en = "Decided by", .zh = "审核人", .select = "t.decided_by", .listed = false,
         .exported = false},
        {.key = "reason", .en = "Reason", .zh = "原因", .select = "t.reason", .listed = false, .exported = false},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"external_key"}};
    e.match_before_prepare = true;
    // Reports read these; an import's rule checks use service_hours_volunteer and the key.
    e.deferrable_indexes = {"service_hours_status", "service_hours_totals", "service_hours_report",
                            "service_hours_stars", "service_hours_pending"};
    e.recount_totals = [](HeldTotals& held) { held.hours_recounted(); };
    // An entry number is the whole text in digits: a key that only starts with some
    // (2026-11-SIGN-001, which CAST reads as 2026) names no entry by number.
    const std::string by_number =
        "(id = shequ_integer(?1) AND CAST(id AS TEXT) = ?1)";
    e.lookup_sql = "SELECT id, date || ' ' || activity FROM service_hours WHERE external_key = ?1 OR " + by_number;
    e.collision_sql = "SELECT id, date || ' ' || activity FROM service_hours WHERE " + by_number +
                      " AND external_key IS DISTINCT FROM ?1";
    e.prepare = apply_rules;
    return e;
  }();
  return e;
}

Logged log_hours(Context& ctx, const Input& given) {
  const Entity& e = hours_entity();
  Change change(ctx);
  Input in = given;
  if (const std::string* h = given.get("hours")) {
    if (in.get("minutes")) throw Error(Exit::usage, std::string(tr("give --minutes or --hours, not both", "--minutes 与 --hours 只能给一个")));
    double v = 0;
    std::string t = trim(*h);
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size() || !(v > 0) || v > 24)
      throw Error(Exit::data, tr_format("hours: \"{}\" is not a number of hours such as 1.5",
                                        "hours：“{}”不是小时数（如 1.5）", *h));
    in.values.erase(std::remove_if(in.values.begin(), in.values.end(), [](const auto& kv) { return kv.first == "hours"; }),
                    in.values.end());
    in.set("minutes", std::to_string(std::llround(v * 60)));
  }
  if (!in.get("date")) in.set("date", to_iso(today()));
  in.set("recorder", ctx.operator_name);  // the recorder is whoever runs the command
  std::vector<Problem> problems;
  for (const char* key : {"volunteer", "activity"}) {
    const std::string* v = in.get(key);
    if (!v || trim(*v).empty()) problems.push_back({key, std::string(tr("is required", "必填"))});
  }
  throw_if(problems, "");
  // An unknown volunteer is "not found" (66), not a bad value.
  in.set("volunteer", ref_text(volunteer_entity(), resolve(ctx, volunteer_entity(), *in.get("volunteer"))));
  Record r = convert(ctx, e, in, std::nullopt, problems);
  throw_if(problems, "");
  if (auto k = std::get_if<std::string>(&r.get(e, "external_key")); k && r.match)  // convert() looked it up
    throw Error(Exit::refused,
                tr_format("external key {} is already entry {}", "外部编号 {} 已是第 {} 条记录", *k, *r.match));
  r.put(e, "source", std::string("cli"));
  auto [id, outcome] = write_checked(ctx, e, r, std::nullopt, "");  // the key comes after: cli-ID
  if (!std::holds_alternative<std::string>(r.get(e, "external_key"))) {
    // Every entry gets a key, so an export imports back onto itself.
    auto key = ctx.db.cached("UPDATE service_hours SET external_key = 'cli-' || id WHERE id = ?");
    key.bind(1, id);
    key.run();
  }
  change.subject("volunteer", std::get<std::int64_t>(r.get(e, "volunteer")));
  change.commit();
  return {id, std::get<std::int64_t>(r.get(e, "minutes"))};
}

namespace {

enum class Verb { verify, reject };

// The selected entries' minutes. Statements reach the entries of hours_sel by `h.id IN (SELECT id
// FROM hours_sel)`, never by joining it: without statistics, SQLite ran such a join over every
// entry of the file, probing hours_sel for each (a month's verification in the 10× district
// took 1.3 s).
constexpr const char* kSelectedMinutes =
    "SELECT sum(h.minutes) FROM service_hours h WHERE h.id IN (SELECT id FROM hours_sel)";

// Fills hours_sel with the entries a decision applies to; refuses listed entries that the
// decision cannot apply to. Returns the count and, for filtered verification, those in notice.
Decision select_entries(Context& ctx, const HoursSelection& sel, Verb verb) {
  Decision d;
  bool filtered = sel.pending || !sel.volunteer.empty() || !sel.project.empty() || !sel.team.empty() ||
                  !sel.from.empty() || !sel.until.empty();
  if (sel.entries.empty() && !sel.pending)
    throw Error(Exit::usage, std::string(tr("name the entries (e.g. 12 13), or use --pending with filters",
                                            "请列出记录编号（如 12 13），或用 --pending 加筛选条件")));
  if (!sel.entries.empty() && filtered)
    throw Error(Exit::usage, std::string(tr("give entries or --pending filters, not both", "记录编号与 --pending 筛选只能选一种")));
  ctx.db.exec("CREATE TEMP TABLE IF NOT EXISTS hours_sel (id INTEGER PRIMARY KEY)");
  ctx.db.exec("DELETE FROM hours_sel");
  const std::int64_t notice = ctx.config.integer("volunteer.notice_days");
  const std::string cutoff = to_iso(add_days(today(), -static_cast<int>(notice)));
  if (!sel.entries.empty()) {
    auto info = ctx.db.cached("SELECT status, substr(logged_at, 1, 10) FROM service_hours WHERE id = ?");
    auto add = ctx.db.cached("INSERT INTO hours_sel (id) VALUES (?) ON CONFLICT DO NOTHING");
    for (const auto& ref : sel.entries) {
      std::int64_t id = resolve(ctx, hours_entity(), ref);
      info.bind(1, id);
      info.step();
      std::string status = info.text(0), logged = info.text(1);
      if (status != "pending")
        throw Error(
            Exit::refused,
            tr_format("entry {} is {}; only pending entries can be {}", "第 {} 条记录状态为 {}；只有待审核的记录可以{}",
                      id, status_label(status), verb == Verb::verify ? tr("verified", "确认") : tr("rejected", "驳回")),
            status == "verified"
                ? std::string(tr("a wrong verified entry is voided: shequ volunteer void ID --reason …",
                                 "已确认的错误记录请作废：shequ volunteer void 编号 --reason …"))
                : std::string());
      if (verb == Verb::verify && logged > cutoff)
        throw Error(Exit::refused,
                    tr_format("entry {} is in its public notice period until {} (volunteer.notice_days = {})",
                              "第 {} 条记录仍在公示期内，{} 起才能确认（volunteer.notice_days = {}）", id,
                              to_iso(add_days(*parse_date(logged), static_cast<int>(notice))), notice));
      add.bind(1, id);
      add.run();
    }
  } else {
    std::string where = "h.status = 'pending'";
    std::vector<Value> binds;
    auto filter = [&](const std::string& cond, Value v) {
      where += " AND " + cond;
      binds.push_back(std::move(v));
    };
    if (!sel.volunteer.empty()) filter("h.volunteer_id = ?", resolve(ctx, "volunteer", sel.volunteer));
    if (!sel.project.empty()) filter("h.project_id = ?", resolve(ctx, "project", sel.project));
    if (!sel.team.empty()) {  // the entry's team, or the team running its project
      std::int64_t team = resolve(ctx, "team", sel.team);
      filter("(h.team_id = ? OR (h.team_id IS NULL AND h.project_id IN (SELECT id FROM project WHERE team_id = ?)))", team);
      binds.push_back(team);
    }
    if (!sel.from.empty()) filter("h.date >= ?", date_option(sel.from, "--from"));
    if (!sel.until.empty()) filter("h.date <= ?", date_option(sel.until, "--until"));
    auto bind = [&](Stmt& st) {
      for (std::size_t i = 0; i < binds.size(); ++i)
        std::visit([&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) st.bind(static_cast<int>(i + 1), nullptr);
          else st.bind(static_cast<int>(i + 1), x);
        }, binds[i]);
    };
    std::string notice_cond = fmt::format(" AND substr(h.logged_at, 1, 10) <= '{}'", cutoff);  // an ISO date, not input
    if (verb == Verb::verify) {
      Stmt waiting(ctx.db, "SELECT count(*), max(substr(h.logged_at, 1, 10)) FROM service_hours h WHERE " + where +
                               fmt::format(" AND substr(h.logged_at, 1, 10) > '{}'", cutoff));
      bind(waiting);
      if (waiting.step() && waiting.integer(0) > 0) {
        d.in_notice = waiting.integer(0);
        d.notice_until = to_iso(add_days(*parse_date(waiting.text(1)), static_cast<int>(notice)));
      }
    }
    Stmt fill(ctx.db, "INSERT INTO hours_sel (id) SELECT h.id FROM service_hours h WHERE " + where +
                          (verb == Verb::verify ? notice_cond : ""));
    bind(fill);
    fill.run();
  }
  d.entries = ctx.db.scalar("SELECT count(*) FROM hours_sel");
  return d;
}

}  // namespace

Decision verify_hours(Context& ctx, const HoursSelection& sel, const std::string& at) {
  Change change(ctx);
  Decision d = select_entries(ctx, sel, Verb::verify);
  if (d.entries == 0) return d;
  if (d.entries > kRecordRowsUpTo) {
    change.record_rows(false);
    set_cache_kib(ctx.db, kBulkCacheKiB);
  }
  const std::string now = at.empty() ? now_iso() : at;
  // Three statements do the work, each over every selected entry: progress counts them.
  ProgressStage progress(*ctx.progress, tr("verifying hours", "确认服务时长"), 3);
  d.minutes = ctx.db.scalar(kSelectedMinutes);
  HeldTotals held(ctx.db);  // the totals of all the entries at once, below
  const std::int64_t last_entry = ctx.db.scalar("SELECT coalesce(max(id), 0) FROM points_ledger");
  // Earned points and running balances for every selected entry in one statement.
  Stmt earn(ctx.db,
            "INSERT INTO points_ledger (volunteer_id, at, kind, amount, balance_after, reason, hours_id, operator) "
            "SELECT volunteer_id, ?1, 'earn', amount, "
            "       round(balance + sum(amount) OVER (PARTITION BY volunteer_id ORDER BY hid "
            "                                         ROWS UNBOUNDED PRECEDING), 2), "
            "       reason, hid, ?2 "
            "FROM (SELECT h.id AS hid, h.volunteer_id, v.points_balance AS balance, "
            "             round(h.minutes / 60.0 * coalesce(p.coefficient, 1.0) * ?3, 2) AS amount, "
            "             h.date || ' ' || h.activity AS reason "
            "      FROM service_hours h JOIN volunteer v ON v.id = h.volunteer_id "
            "      LEFT JOIN project p ON p.id = h.project_id WHERE h.id IN (SELECT id FROM hours_sel)) AS earned "
            "ORDER BY hid");
  earn.bind_all(now, ctx.operator_name, ctx.config.real("points.per_hour"));
  earn.run();
  progress.update(1);
  Stmt balances(ctx.db,
                "UPDATE volunteer SET points_balance = (SELECT l.balance_after FROM points_ledger l "
                "WHERE l.volunteer_id = volunteer.id ORDER BY l.id DESC LIMIT 1) "
                "WHERE id IN (SELECT DISTINCT h.volunteer_id FROM service_hours h WHERE h.id IN (SELECT id FROM hours_sel))");
  balances.run();
  progress.update(2);
  Stmt status(ctx.db,
              "UPDATE service_hours SET status = 'verified', decided_at = ?1, decided_by = ?2 "
              "WHERE id IN (SELECT id FROM hours_sel)");
  status.bind_all(now, ctx.operator_name);
  status.run();
  held.pending_decided("verified");
  held.ledger_added(last_entry);
  held.release();
  progress.update(3);
  Stmt total(ctx.db, "SELECT round(coalesce(sum(l.amount), 0), 2) FROM points_ledger l "
                     "WHERE l.kind = 'earn' AND l.hours_id IN (SELECT id FROM hours_sel) "
                     "AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = l.id)");
  if (total.step()) d.points = total.real(0);
  change.subject("hours", d.entries == 1 ? ctx.db.scalar("SELECT id FROM hours_sel") : 0);
  if (d.entries > kRecordRowsUpTo)
    change.summary(fmt::format(R"({{"service_hours":{{"verified":{}}},"points_ledger":{{"insert":{}}}}})", d.entries, d.entries));
  change.commit();
  return d;
}

Decision reject_hours(Context& ctx, const HoursSelection& sel, const std::string& reason) {
  if (trim(reason).empty())
    throw Error(Exit::usage, std::string(tr("a rejection needs --reason", "驳回须给出 --reason")));
  Change change(ctx);
  Decision d = select_entries(ctx, sel, Verb::reject);
  if (d.entries == 0) return d;
  if (d.entries > kRecordRowsUpTo) {
    change.record_rows(false);
    set_cache_kib(ctx.db, kBulkCacheKiB);
  }
  d.minutes = ctx.db.scalar(kSelectedMinutes);
  HeldTotals held(ctx.db);
  Stmt st(ctx.db, "UPDATE service_hours SET status = 'rejected', decided_at = ?1, decided_by = ?2, reason = ?3 "
                  "WHERE id IN (SELECT id FROM hours_sel)");
  st.bind_all(now_iso(), ctx.operator_name, trim(reason));
  st.run();
  held.pending_decided("rejected");
  held.release();
  change.subject("hours", d.entries == 1 ? ctx.db.scalar("SELECT id FROM hours_sel") : 0);
  if (d.entries > kRecordRowsUpTo)
    change.summary(fmt::format(R"({{"service_hours":{{"rejected":{}}}}})", d.entries));
  change.commit();
  return d;
}

Decision void_hours(Context& ctx, std::string_view entry, const std::string& reason) {
  if (trim(reason).empty())
    throw Error(Exit::usage, std::string(tr("voiding an entry needs --reason", "作废记录须给出 --reason")));
  Change change(ctx);
  std::int64_t id = resolve(ctx, hours_entity(), entry);
  auto st = ctx.db.cached("SELECT status, volunteer_id, minutes FROM service_hours WHERE id = ?");
  st.bind(1, id);
  st.step();
  std::string status = st.text(0);
  std::int64_t volunteer = st.integer(1), minutes = st.integer(2);
  if (status != "verified")
    throw Error(Exit::refused,
                tr_format("entry {} is {}; only verified entries can be voided",
                          "第 {} 条记录状态为 {}；只有已确认的记录可以作废", id, status_label(status)),
                status == "pending" ? std::string(tr("reject a pending entry: shequ volunteer reject ID --reason …",
                                                     "待审核的记录请驳回：shequ volunteer reject 编号 --reason …"))
                                    : std::string());
  auto earned = ctx.db.cached(
      "SELECT l.id, l.amount FROM points_ledger l WHERE l.hours_id = ? AND l.kind = 'earn' "
      "AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = l.id)");
  earned.bind(1, id);
  Decision d{1, minutes, 0, 0, ""};
  if (earned.step()) {
    std::int64_t earn_id = earned.integer(0);
    double amount = earned.real(1);
    LedgerLinks links;
    links.hours = id;
    links.reverses = earn_id;
    if (amount > 0) append_ledger(ctx, volunteer, "reversal", -amount, trim(reason), links);
    d.points = -amount;
  }
  auto up = ctx.db.cached("UPDATE service_hours SET status = 'void', voided_at = ?1, voided_by = ?2, reason = ?3 WHERE id = ?4");
  up.bind_all(now_iso(), ctx.operator_name, trim(reason), id);
  up.run();
  change.subject("hours", id);
  change.commit();
  return d;
}

Table list_hours(Context& ctx, const HoursFilter& f, std::int64_t limit) {
  Query q;
  if (!f.volunteer.empty()) q.add("t.volunteer_id = ?", resolve(ctx, "volunteer", f.volunteer));
  if (!f.project.empty()) q.add("t.project_id = ?", resolve(ctx, "project", f.project));
  if (!f.team.empty()) {  // the entry's team, or the team running its project
    std::int64_t team = resolve(ctx, "team", f.team);
    q.add("coalesce(t.team_id, (SELECT team_id FROM project p WHERE p.id = t.project_id)) = ?", team);
  }
  if (!f.status.empty()) q.add("t.status = ?", f.status);
  if (!f.period.empty()) {
    Period p = inclusive_period(f.period);
    q.add("t.date >= ?", p.from);
    q.add("t.date <= ?", p.to);
  }
  q.limit = limit;
  return list_records(ctx, hours_entity(), q);
}

}  // namespace shequ
