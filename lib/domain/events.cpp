#include "domain/events.h"

#include <algorithm>

#include <fmt/format.h>

#include "records/audit.h"
#include "core/i18n.h"
#include "domain/needs.h"
#include "core/text.h"
#include "records/vocab.h"

namespace shequ {
namespace {

// "T2, partner:协和医院, 神龙小学" → the organisers, canonical "T2,P5,P7"; problems if unknown.
void prepare_event(Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
  const Entity& e = event_entity();
  if (auto text = std::get_if<std::string>(&r.get(e, "organisers"))) {
    std::string t = *text;
    for (std::string_view sep : {"，", "、", "；", ";"})
      for (auto pos = t.find(sep); pos != std::string::npos; pos = t.find(sep)) t.replace(pos, sep.size(), ",");
    std::vector<std::string> refs;
    for (const auto& part : split(t, ',')) {
      std::string p = trim(part);
      if (p.empty()) continue;
      try {
        std::string ref = kind_ref_text(resolve_kind_ref(ctx, p, {"team", "partner"}));
        if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
      } catch (const Error& err) {
        problems.push_back({"organisers", err.what()});
      }
    }
    if (refs.empty()) r.put(e, "organisers", Value{});
    else r.put(e, "organisers", join(refs, ","));
  }
  // An imported head count stands for the attendance of an event that has none recorded yet;
  // once there is, it changes only through `event attend` (and void).
  if (!existing) existing = find_existing(ctx, e, r);
  if (auto count = std::get_if<std::int64_t>(&r.get(e, "participants")); count && existing) {
    auto live = ctx.db.cached(
        "SELECT coalesce(sum(count), 0) FROM event_participant WHERE event_id = ? AND voided_at IS NULL");
    live.bind(1, *existing);
    std::int64_t recorded = live.step() ? live.integer(0) : 0;
    if (recorded > 0 && recorded != *count)
      problems.push_back({"participants", tr_format("is {} in the data file; attendance changes only through "
                                                    "`shequ event attend`",
                                                    "数据文件中为 {}；参与人次只能通过 `shequ event attend` 改变",
                                                    recorded)});
  }
  auto date = std::get_if<std::string>(&r.get(e, "date"));
  auto end = std::get_if<std::string>(&r.get(e, "end_date"));
  if (date && end && *end < *date)
    problems.push_back({"end_date", tr_format("{} is before the start ({})", "{} 早于开始日期（{}）", *end, *date)});
}

// An imported head count becomes one attendance row without names or service (prepare_event
// let it through only where no attendance is recorded).
void write_head_count(Context& ctx, std::int64_t id, const Record& r) {
  auto count = std::get_if<std::int64_t>(&r.get(event_entity(), "participants"));
  if (!count || *count <= 0) return;
  auto live = ctx.db.cached("SELECT 1 FROM event_participant WHERE event_id = ? AND voided_at IS NULL");
  live.bind(1, id);
  if (live.step()) return;  // attendance recorded: the count is what it shows
  auto ins = ctx.db.cached("INSERT INTO event_participant (event_id, count) VALUES (?, ?)");
  ins.bind_all(id, *count);
  ins.run();
}

// Keeps event_organiser rows in step with the canonical organisers text; writes an imported head count.
void sync_organisers(Context& ctx, std::int64_t id, Outcome, const Record& r) {
  const Entity& e = event_entity();
  write_head_count(ctx, id, r);
  if (!r.has(e, "organisers")) return;
  auto del = ctx.db.cached("DELETE FROM event_organiser WHERE event_id = ?");
  del.bind(1, id);
  del.run();
  auto text = std::get_if<std::string>(&r.get(e, "organisers"));
  if (!text) return;
  auto ins = ctx.db.cached("INSERT INTO event_organiser (event_id, organiser_kind, organiser_id) VALUES (?, ?, ?)");
  for (const auto& ref : split(*text, ',')) {
    const char* kind = ref[0] == entity_named("team").prefix ? "team" : "partner";
    ins.bind_all(id, std::string(kind), static_cast<std::int64_t>(std::stoll(ref.substr(1))));
    ins.run();
  }
}

}  // namespace

const Entity& event_participant_record() {
  static const Entity e = [] {
    Entity e;
    e.name = "event_participant";
    e.table = "event_participant";
    e.fields = {
        {.key = "person", .type = FieldType::ref, .column = "person_id", .target = "person"},
        {.key = "note", .column = "note", .personal = Personal::about_owner},
    };
    return e;
  }();
  return e;
}

const Entity& event_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "event";
    e.plural = "events";
    e.prefix = 'E';
    e.en = "event";
    e.zh = "活动";
    e.table = "event";
    e.order_by = "t.date, t.id";
    e.fields = {
        {.key = "name", .en = "Name", .zh = "活动名称", .column = "name", .required = true},
        {.key = "kind", .en = "Kind", .zh = "类型", .type = FieldType::vocab, .column = "kind", .target = "event-kind"},
        {.key = "date", .en = "Date", .zh = "日期", .type = FieldType::date, .column = "date", .required = true},
        {.key = "end_date", .en = "Until", .zh = "结束日期", .type = FieldType::date, .column = "end_date", .listed = false, .not_before = "date"},
        {.key = "place", .en = "Place", .zh = "地点", .column = "place"},
        {.key = "grid", .en = "Grid", .zh = "网格", .type = FieldType::ref, .column = "grid_id",
         .select = "(SELECT code FROM grid g WHERE g.id = t.grid_id)", .target = "grid", .listed = false},
        // Stored canonical ("T2,P5"); read from the organiser rows so that export names them by key.
        {.key = "organisers", .en = "Organisers", .zh = "主办方", .column = "organisers",
         .select = "(SELECT %ordered_concat(%kind_ref(o.organiser_kind, o.organiser_id), ',', o.id) FROM "
                   "(SELECT organiser_kind, organiser_id, id FROM event_organiser WHERE event_id = t.id ORDER BY id) o)",
         .max_chars = 1000},
        {.key = "services", .en = "Services", .zh = "服务项目", .type = FieldType::tags, .column = "services",
         .target = "service-type", .listed = false, .max_chars = 1000},
        {.key = "participants", .en = "Participants", .zh = "参与人次", .type = FieldType::integer,
         .select = "(SELECT coalesce(sum(count), 0) FROM event_participant p WHERE p.event_id = t.id AND p.voided_at IS NULL)",
         .hook = true, .min = 0, .max = 1000000},
        {.key = "description", .en = "Description", .zh = "简介", .column = "description", .listed = false, .multiline = true},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"name", "date"}};
    e.lookup_sql = "SELECT id, name || ' ' || date FROM event WHERE name = ?1 OR name || ' ' || date = ?1";
    e.prepare = prepare_event;
    e.after_write = sync_organisers;
    return e;
  }();
  return e;
}

std::int64_t attend_event(Context& ctx, const Attendance& a) {
  Change change(ctx);
  std::int64_t event = resolve(ctx, event_entity(), a.event);
  if (a.count < 1 || a.count > 100000)
    throw Error(Exit::data, tr_format("--count: {} is not a count from 1 to 100000",
                                      "--count：{} 不是 1–100000 之间的人数", a.count));
  std::optional<std::int64_t> person;
  if (!trim(a.person).empty()) {
    person = resolve(ctx, "person", a.person);
    if (a.count != 1)
      throw Error(Exit::data, std::string(tr("--count goes with a head count, not with --person",
                                             "--count 用于人数统计，不能与 --person 同用")));
  }
  std::optional<std::string> service;
  if (!trim(a.service).empty()) {
    auto v = ctx.db.cached("SELECT code FROM vocab WHERE kind = 'service-type' AND active = 1 AND (code = ?1 OR zh = ?1)");
    v.bind(1, trim(a.service));
    if (!v.step())
      throw Error(
          Exit::data,
          tr_format("--service: \"{}\" is not a service-type code", "--service：“{}”不是服务类型代码", a.service),
          "shequ vocab list --kind service-type");
    service = v.text(0);
    auto offered = ctx.db.cached("SELECT services FROM event WHERE id = ?");
    offered.bind(1, event);
    offered.step();
    if (auto list = offered.opt_text(0)) {
      auto codes = split(*list, ',');
      if (std::find(codes.begin(), codes.end(), *service) == codes.end())
        throw Error(Exit::data, tr_format("--service: E{} does not offer {} (it offers {})",
                                          "--service：活动 E{} 未提供 {}（提供：{}）", event, *service, *list));
    }
  }
  if (person) {
    auto dup = ctx.db.cached(
        "SELECT 1 FROM event_participant WHERE event_id = ? AND person_id = ? AND service_type IS NOT DISTINCT FROM ? AND voided_at IS NULL");
    dup.bind(1, event);
    dup.bind(2, *person);
    dup.bind(3, service);
    if (dup.step())
      throw Error(Exit::refused, tr_format("R{} is already recorded at E{}", "R{} 已登记参加活动 E{}", *person, event));
  }
  auto ins = ctx.db.cached(
      "INSERT INTO event_participant (event_id, person_id, service_type, count, note) VALUES (?, ?, ?, ?, ?)");
  ins.bind(1, event);
  ins.bind(2, person);
  ins.bind(3, service);
  ins.bind(4, a.count);
  if (a.note.empty()) ins.bind(5, nullptr); else ins.bind(5, a.note);
  std::int64_t id = ins.insert();
  change.subject("event", event);
  change.commit();
  return id;
}

Table event_participants(Context& ctx, std::int64_t event_id) {
  Table t;
  t.title = std::string(tr("Participants", "参与情况"));
  t.columns = {{"service_type", "Service", "服务项目"}, {"count", "Count", "人次", true},
               {"named", "Named persons", "实名人数", true}};
  Stmt st(ctx.db,
          "SELECT coalesce(service_type, ''), sum(count), count(person_id) FROM event_participant "
          "WHERE event_id = ? AND voided_at IS NULL GROUP BY coalesce(service_type, '') ORDER BY 1");
  st.bind(1, event_id);
  while (st.step()) {
    std::string code = st.text(0);
    t.rows.push_back({code.empty() ? Cell{} : Cell{vocab_label(ctx, "service-type", code)}, st.integer(1), st.integer(2)});
  }
  // Voided attendance is kept and named here, never counted above.
  Stmt voided(ctx.db,
              "SELECT id, count, coalesce(service_type, ''), substr(voided_at, 1, 10), voided_by, void_reason "
              "FROM event_participant WHERE event_id = ? AND voided_at IS NOT NULL ORDER BY id");
  voided.bind(1, event_id);
  while (voided.step())
    t.notes.push_back(tr_format("attendance #{} ({} {}) voided on {} by {}: {}",
                                "参与记录 #{}（{} {}）已于 {} 由 {} 作废：{}", voided.integer(0), voided.integer(1),
                                voided.text(2), voided.text(3), voided.text(4), voided.text(5)));
  return t;
}

Table event_organisers(Context& ctx, std::int64_t event_id) {
  Table t;
  t.title = std::string(tr("Organisers", "主办方"));
  t.columns = {{"organiser", "Organiser", "主办方"}, {"kind", "Kind", "类别"}};
  Stmt st(ctx.db, "SELECT organiser_kind, organiser_id FROM event_organiser WHERE event_id = ? ORDER BY id");
  st.bind(1, event_id);
  while (st.step()) {
    KindRef ref{st.text(0), st.integer(1)};
    t.rows.push_back({kind_ref_label(ctx, ref), ref.kind});
  }
  return t;
}

std::optional<EventHours> event_hours(Context& ctx, std::int64_t event_id) {
  Stmt st(ctx.db,
          "SELECT count(*), coalesce(sum(CASE WHEN status = 'verified' THEN minutes END), 0) FROM service_hours "
          "WHERE event_id = ? AND status IN ('pending', 'verified')");
  st.bind(1, event_id);
  st.step();
  return EventHours{st.integer(0), st.integer(1)};
}

}  // namespace shequ
