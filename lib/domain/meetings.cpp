#include "domain/meetings.h"

#include <fmt/format.h>

#include "core/date.h"
#include "core/i18n.h"
#include "records/voids.h"
#include "domain/needs.h"

namespace shequ {

const Entity& meeting_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "meeting";
    e.plural = "meetings";
    e.prefix = 'M';
    e.en = "meeting";
    e.zh = "议事会";
    e.table = "meeting";
    e.order_by = "t.date, t.id";
    e.fields = {
        {.key = "date", .en = "Date", .zh = "日期", .type = FieldType::date, .column = "date", .required = true},
        {.key = "kind", .en = "Kind", .zh = "类型", .type = FieldType::choice, .column = "kind",
         .choices = {"council", "micro-grid-hall"}, .required = true},
        {.key = "grid", .en = "Grid", .zh = "网格", .type = FieldType::ref, .column = "grid_id",
         .select = "(SELECT code FROM grid g WHERE g.id = t.grid_id)", .target = "grid"},
        {.key = "place", .en = "Place", .zh = "地点", .column = "place", .listed = false},
        {.key = "attendees", .en = "Attendees", .zh = "参会人数", .type = FieldType::integer, .column = "attendees", .min = 0, .max = 1e5},
        {.key = "organisations", .en = "Organisations", .zh = "参会单位", .column = "organisations", .listed = false, .max_chars = 1000},
        {.key = "topics", .en = "Topics", .zh = "议题", .column = "topics", .max_chars = 1000},
        {.key = "decisions", .en = "Decisions", .zh = "议定事项", .column = "decisions", .listed = false, .multiline = true},
        {.key = "needs", .en = "Needs", .zh = "诉求数", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM need n WHERE n.meeting_id = t.id AND n.voided_at IS NULL)", .exported = false},
        {.key = "open_needs", .en = "Open", .zh = "未办结", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM need n WHERE n.meeting_id = t.id AND n.voided_at IS NULL "
                   "AND n.status NOT IN ('resolved', 'declined'))",
         .exported = false},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
        void_field(),
    };
    e.natural_keys = {{"date", "kind", "grid?"}};
    // A date finds the meeting held that day (several: ambiguous, listed); its label finds it alone.
    e.lookup_sql =
        "SELECT id, date || ' ' || kind || coalesce(' ' || (SELECT code FROM grid g WHERE g.id = grid_id), '') "
        "FROM meeting WHERE date = ?1 "
        "OR date || ' ' || kind || coalesce(' ' || (SELECT code FROM grid g WHERE g.id = grid_id), '') = ?1";
    e.prepare = [](Context&, Record& r, std::optional<std::int64_t>, std::vector<Problem>& problems) {
      if (auto n = std::get_if<std::int64_t>(&r.get(meeting_entity(), "attendees")); n && *n < 0)
        problems.push_back({"attendees", tr_format("{} is not a number of people", "{} 不是有效人数", *n)});
    };
    return e;
  }();
  return e;
}

Query meeting_query(Context& ctx, const MeetingFilter& f) {
  Query q;
  match(ctx, meeting_entity(), q, "kind", f.kind);
  if (!f.grid.empty()) q.add("t.grid_id = ?", resolve(ctx, "grid", f.grid));
  if (!f.from.empty()) q.add("t.date >= ?", date_or_today(f.from, "--from"));
  if (!f.to.empty()) q.add("t.date <= ?", date_or_today(f.to, "--to"));
  return q;
}

Table meeting_needs(Context& ctx, std::int64_t meeting_id) {
  Query q;
  q.add("t.meeting_id = ?", meeting_id);
  Table t = list_records(ctx, need_entity(), q);
  t.title = std::string(tr("Needs raised", "提出的诉求"));
  return t;
}

}  // namespace shequ
