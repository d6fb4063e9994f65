#include "domain/needs.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "records/audit.h"
#include "records/choices.h"
#include "records/references.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "records/voids.h"

namespace shequ {
namespace {

// The kinds a KindRef may name; each one's prefix and label come from its entity description.
constexpr const char* kKinds[] = {"team", "project", "partner", "need", "event"};

// The column that names a record of `e` in a label: its name, or else its title.
std::string label_column(const Entity& e) { return e.field("name") ? "name" : "title"; }

std::string kinds_text(const std::vector<std::string>& kinds) { return join(kinds, ", "); }

std::optional<std::int64_t> parse_id(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

std::string status_label(std::string_view status) { return choice_label(status); }

// The lifecycle in one table (needs.h draws it): in each status, the verbs it allows and the
// status each leads to. The verbs write the status they find here; nothing else moves a need.
struct Transition {
  std::string_view from;
  std::string_view verb;
  std::string_view to;
};
const Transition kTransitions[] = {
    {"new", "accept", "accepted"},
    {"new", "assign", "accepted"},
    {"new", "decline", "declined"},
    {"accepted", "assign", "accepted"},
    {"accepted", "progress", "in-progress"},
    {"accepted", "resolve", "resolved"},
    {"accepted", "decline", "declined"},
    {"in-progress", "assign", "in-progress"},
    {"in-progress", "progress", "in-progress"},
    {"in-progress", "resolve", "resolved"},
    {"in-progress", "decline", "declined"},
    {"resolved", "rate", "resolved"},
    {"resolved", "reopen", "in-progress"},
};
// The verbs in the order messages list them.
const std::string_view kVerbOrder[] = {"accept", "assign", "progress", "resolve", "decline", "rate", "reopen"};

const Transition* transition(std::string_view status, std::string_view verb) {
  for (const Transition& t : kTransitions)
    if (t.from == status && t.verb == verb) return &t;
  return nullptr;
}

struct NeedState {
  std::int64_t id = 0;
  std::string status;
  std::string raised_on;
  std::string closed_on;
};

// The need a verb works on; a voided need takes no more steps (1).
NeedState load_need(Context& ctx, std::string_view ref) {
  NeedState s;
  s.id = resolve(ctx, need_entity(), ref);
  auto st = ctx.db.cached("SELECT status, raised_on, coalesce(closed_on, ''), substr(voided_at, 1, 10) FROM need WHERE id = ?");
  st.bind(1, s.id);
  st.step();
  s.status = st.text(0);
  s.raised_on = st.text(1);
  s.closed_on = st.text(2);
  std::optional<std::string> voided = st.opt_text(3);
  if (voided)
    throw Error(Exit::refused,
                tr_format("need N{} was voided on {}; a voided need takes no more steps",
                          "诉求 N{} 已于 {} 作废，不能再办理", s.id, *voided),
                tr_format("see `shequ need show N{}`", "见 `shequ need show N{}`", s.id));
  return s;
}

// The date of a step on a need (progress, resolving, declining): not before the need was raised,
// not in the future. Refuses with 65 naming the option.
std::string step_date(const NeedState& s, std::string_view text, std::string_view option) {
  std::string on = date_or_today(text, option);
  if (on < s.raised_on)
    throw Error(Exit::data, tr_format("{}: {} is before the need was raised ({})", "{}：{} 早于诉求提出日期（{}）",
                                      option, on, s.raised_on));
  if (on > to_iso(today()))
    throw Error(Exit::data, tr_format("{}: {} is in the future", "{}：{} 是将来的日期", option, on));
  return on;
}

// The date of a step on a resolved need (rating, reopening): as step_date, and not before it
// was resolved.
std::string step_date_after_close(const NeedState& s, std::string_view text) {
  std::string on = step_date(s, text, "--date");
  if (on < s.closed_on)
    throw Error(Exit::data, tr_format("--date: {} is before the need was resolved ({})",
                                      "--date：{} 早于诉求办结日期（{}）", on, s.closed_on));
  return on;
}

// The status `verb` leads the need to; refuses (1) a verb its status does not allow, naming the
// state and what is allowed.
std::string require_transition(const NeedState& s, std::string_view verb) {
  if (const Transition* t = transition(s.status, verb)) return std::string(t->to);
  auto allowed = allowed_need_verbs(s.status);
  std::string what = allowed.empty()
                         ? std::string(tr("nothing: it is closed", "无：已结束"))
                         : join(allowed, ", ");
  throw Error(Exit::refused,
              tr_format("need N{} is {}: cannot {} it (allowed now: {})",
                        "诉求 N{} 当前状态为“{}”，不能 {}（当前可用：{}）", s.id, status_label(s.status), verb, what),
              tr_format("see `shequ need show N{}`", "见 `shequ need show N{}`", s.id));
}

// A step that closes or reopens a need with a text saying why (--resolution, --reason): the need,
// the status the step leads to and the text trimmed. Refuses (1) a step its status does not allow
// and (65) a blank text, with `missing` as the message.
struct ExplainedStep {
  NeedState need;
  std::string to, text;
};
ExplainedStep explained_step(Context& ctx, std::string_view need, std::string_view verb, std::string_view text,
                             std::string_view missing) {
  ExplainedStep step{load_need(ctx, need), "", trim(text)};
  step.to = require_transition(step.need, verb);
  if (step.text.empty()) throw Error(Exit::data, std::string(missing));
  return step;
}

std::int64_t need_of_record(Context& ctx, const Record& r) { return find_existing(ctx, need_entity(), r).value_or(0); }

// Defaults and lifecycle rules for need records from `add`, `set` and `import`.
void prepare_need(Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
  const Entity& e = need_entity();
  // A raised-in meeting gives the need its grid, channel and date unless they are given.
  if (auto m = std::get_if<std::int64_t>(&r.get(e, "meeting"))) {
    auto st = ctx.db.cached("SELECT kind, date, grid_id FROM meeting WHERE id = ?");
    st.bind(1, *m);
    if (st.step() && !existing) {
      if (!r.has(e, "channel")) r.put(e, "channel", st.text(0));
      if (!r.has(e, "raised_on")) r.put(e, "raised_on", st.text(1));
      if (!r.has(e, "grid") && !st.is_null(2)) r.put(e, "grid", st.integer(2));
    }
  }
  if (!existing && !r.has(e, "grid")) {
    // The raiser's grid: through the household (the person's own, if a person raised it).
    std::optional<std::int64_t> household;
    if (auto h = std::get_if<std::int64_t>(&r.get(e, "household"))) household = *h;
    else if (auto p = std::get_if<std::int64_t>(&r.get(e, "person"))) {
      auto st = ctx.db.cached("SELECT household_id FROM person WHERE id = ?");
      st.bind(1, *p);
      if (st.step() && !st.is_null(0)) household = st.integer(0);
    }
    if (household) {
      auto st = ctx.db.cached("SELECT b.grid_id FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = ?");
      st.bind(1, *household);
      if (st.step()) r.put(e, "grid", st.integer(0));
    }
  }
  if (!existing && !r.has(e, "raised_on")) r.put(e, "raised_on", to_iso(today()));

  // The assignee: "J3", "project:NAME", … → (kind, id).
  if (r.has(e, "assignee")) {
    const Value& v = r.get(e, "assignee");
    if (auto text = std::get_if<std::string>(&v)) {
      try {
        KindRef ref = resolve_kind_ref(ctx, *text, {"team", "project", "partner"});
        r.put(e, "assignee", ref.id);
        r.put(e, "assignee_kind", ref.kind);
      } catch (const Error& err) {
        problems.push_back({"assignee", err.what()});
      }
    } else {
      r.put(e, "assignee_kind", Value{});
    }
  }

  // Is this an existing need (set, or an import row matching its natural key)?
  std::int64_t id = existing.value_or(0);
  if (!id && r.has(e, "title") && r.has(e, "raised_on")) id = need_of_record(ctx, r);

  std::string stored_status;
  std::optional<std::string> stored_raised;
  if (id) {
    auto st = ctx.db.cached("SELECT status, assignee_kind, assignee_id, satisfaction, raised_on FROM need WHERE id = ?");
    st.bind(1, id);
    if (st.step()) {
      stored_status = st.text(0);
      stored_raised = st.opt_text(4);
      auto refuse_change = [&](const char* key, const Value& stored, const char* verb) {
        if (!r.has(e, key)) return;
        Value given = r.get(e, key);
        if (given == stored) return;
        problems.push_back(
            {key, tr_format("changes only with `shequ need {} N{}`", "只能用 `shequ need {} N{}` 修改", verb, id)});
      };
      refuse_change("status", Value{stored_status}, "assign|progress|resolve|decline");
      refuse_change("assignee", st.is_null(2) ? Value{} : Value{st.integer(2)}, "assign");
      refuse_change("satisfaction", st.is_null(3) ? Value{} : Value{st.integer(3)}, "rate");
    }
  } else {
    // A new record: the status may be given (historical data), and then must be consistent.
    const Value& s = r.get(e, "status");
    if (r.has(e, "status") && std::holds_alternative<std::monostate>(s)) r.present[static_cast<std::size_t>(e.index("status"))] = false;
    stored_status = std::holds_alternative<std::string>(s) ? std::get<std::string>(s) : "new";
    if (!r.has(e, "status") && r.has(e, "assignee") && std::holds_alternative<std::int64_t>(r.get(e, "assignee"))) {
      stored_status = "accepted";
      r.put(e, "status", stored_status);
    }
    if (stored_status == "declined" && !std::holds_alternative<std::string>(r.get(e, "decline_reason")))
      problems.push_back({"decline_reason", std::string(tr("a declined need needs the reason", "不予办理须写明原因"))});
    if (stored_status != "declined" && std::holds_alternative<std::string>(r.get(e, "decline_reason")))
      problems.push_back({"decline_reason", std::string(tr("only a declined need has a decline reason", "只有不予办理的诉求才有原因"))});
    bool closed = stored_status == "resolved" || stored_status == "declined";
    bool has_closed_on = std::holds_alternative<std::string>(r.get(e, "closed_on"));
    if (closed && !has_closed_on)
      problems.push_back({"closed_on", tr_format("a {} need needs the date it was closed",
                                                 "状态为“{}”的诉求须有办结日期", status_label(stored_status))});
    if (!closed && has_closed_on)
      problems.push_back({"closed_on", std::string(tr("only a resolved or declined need has a closing date",
                                                      "只有已办结或不予办理的诉求才有办结日期"))});
  }

  if (std::holds_alternative<std::int64_t>(r.get(e, "satisfaction")) && stored_status != "resolved" && !id)
    problems.push_back({"satisfaction", std::string(tr("only a resolved need is rated", "只有已办结的诉求才能评价"))});

  // Default due date: needs.default_due_days after raising.
  const Value& raised = r.get(e, "raised_on");
  if (!id && !r.has(e, "due_on")) {
    if (auto s = std::get_if<std::string>(&raised)) {
      if (auto d = parse_date(*s))
        r.put(e, "due_on", to_iso(add_days(*d, static_cast<int>(ctx.config.integer("needs.default_due_days")))));
    }
  }
  std::optional<std::string> raised_text = std::holds_alternative<std::string>(raised)
                                               ? std::optional<std::string>(std::get<std::string>(raised))
                                               : stored_raised;
  if (auto due = std::get_if<std::string>(&r.get(e, "due_on")); due && raised_text && *due < *raised_text)
    problems.push_back(
        {"due_on", tr_format("{} is before the need was raised ({})", "{} 早于提出日期（{}）", *due, *raised_text)});
}

}  // namespace

// ---- kind references ----

KindRef resolve_kind_ref(Context& ctx, std::string_view text, const std::vector<std::string>& kinds) {
  std::string t = trim(text);
  // "kind:key" names the kind explicitly.
  if (auto colon = t.find(':'); colon != std::string::npos) {
    std::string kind = to_lower_ascii(trim(t.substr(0, colon)));
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
      throw Error(Exit::data, tr_format("\"{}\" is not one of {}", "“{}”不是以下之一：{}", kind, kinds_text(kinds)));
    return {kind, resolve(ctx, entity_named(kind), trim(t.substr(colon + 1)))};
  }
  // A prefixed id names the kind by its letter.
  if (t.size() >= 2 && parse_id(std::string_view(t).substr(1))) {
    char letter = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
    for (const auto& k : kinds)
      if (const Entity& e = entity_named(k); e.prefix == letter) return {k, resolve(ctx, e, t)};
  }
  // A bare natural key: it must match exactly one record among the kinds.
  std::vector<KindRef> found;
  std::vector<std::string> labels;
  for (const auto& k : kinds) {
    try {
      KindRef ref{k, resolve(ctx, entity_named(k), t)};
      labels.push_back(kind_ref_label(ctx, ref));
      found.push_back(ref);
    } catch (const Error& err) {
      if (err.code() != Exit::not_found) throw;
    }
  }
  if (found.size() == 1) return found[0];
  if (found.empty())
    throw Error(Exit::not_found, tr_format("no {} matches \"{}\"", "没有与“{1}”匹配的{0}", join(kinds, "/"), t),
                std::string(tr("use a prefixed id such as J3, or kind:name such as project:帮帮龙助老",
                               "可用带前缀的编号（如 J3）或 类别:名称（如 project:帮帮龙助老）")));
  throw Error(Exit::data,
              tr_format("\"{}\" is ambiguous; it matches: {}", "“{}”不唯一，匹配到：{}", t, join(labels, "; ")),
              std::string(tr("use the prefixed id", "请改用带前缀的编号")));
}

std::string kind_ref_text(const KindRef& ref) {
  return ref_text(entity_named(ref.kind), ref.id);
}

std::string kind_ref_label(Context& ctx, const KindRef& ref) {
  std::string text = kind_ref_text(ref);
  const Entity& e = entity_named(ref.kind);
  auto st = ctx.db.cached(fmt::format("SELECT {} FROM {} WHERE id = ?", label_column(e), e.table));
  st.bind(1, ref.id);
  if (st.step() && !st.is_null(0)) text += " " + st.text(0);
  return text;
}

// ---- the entity ----

const Entity& need_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "need";
    e.plural = "needs";
    e.prefix = 'N';
    e.en = "need";
    e.zh = "诉求";
    e.table = "need";
    e.order_by = "t.raised_on, t.id";
    // Progress in percent: 100 once resolved; else the latest note on the need or, for a need
    // answered by a project, on either the need or its project.
    const std::string progress =
        "CASE WHEN t.status = 'resolved' THEN 100 ELSE (SELECT p.percent FROM need_progress p "
        "WHERE p.need_id = t.id OR (t.assignee_kind = 'project' AND p.project_id = t.assignee_id) "
        "ORDER BY p.on_date DESC, p.id DESC LIMIT 1) END";
    e.fields = {
        {.key = "title", .en = "Title", .zh = "诉求", .column = "title", .required = true},
        {.key = "category", .en = "Category", .zh = "类别", .type = FieldType::vocab, .column = "category",
         .target = "need-category", .required = true},
        {.key = "description", .en = "Description", .zh = "详情", .column = "description", .listed = false, .multiline = true},
        {.key = "channel", .en = "Channel", .zh = "渠道", .type = FieldType::vocab, .column = "channel",
         .target = "channel", .listed = false},
        {.key = "person", .en = "Raised by", .zh = "提出人", .type = FieldType::ref, .column = "person_id",
         .target = "person", .listed = false},
        {.key = "household", .en = "Household", .zh = "提出住户", .type = FieldType::ref, .column = "household_id",
         .select = "(SELECT address FROM household h WHERE h.id = t.household_id)", .target = "household",
         .listed = false},
        {.key = "raised_by", .en = "Raised by", .zh = "提出方",
         .select = "CASE WHEN t.person_id IS NOT NULL THEN (SELECT name FROM person p WHERE p.id = t.person_id) "
                   "WHEN t.household_id IS NOT NULL THEN (SELECT address FROM household h WHERE h.id = t.household_id) "
                   "ELSE 'anonymous' END",
         .listed = false, .exported = false},
        {.key = "grid", .en = "Grid", .zh = "网格", .type = FieldType::ref, .column = "grid_id",
         .select = "(SELECT code FROM grid g WHERE g.id = t.grid_id)", .target = "grid"},
        {.key = "meeting", .en = "Meeting", .zh = "议事会", .type = FieldType::ref, .column = "meeting_id",
         .target = "meeting", .listed = false},
        {.key = "raised_on", .en = "Raised", .zh = "提出日期", .type = FieldType::date, .column = "raised_on"},
        {.key = "due_on", .en = "Due", .zh = "期限", .type = FieldType::date, .column = "due_on"},
        {.key = "status", .en = "Status", .zh = "状态", .type = FieldType::choice, .column = "status",
         .choices = {"new", "accepted", "in-progress", "resolved", "declined"}},
        {.key = "assignee", .en = "Assignee", .zh = "承办方", .column = "assignee_id",
         .select = "%kind_ref(t.assignee_kind, t.assignee_id)"},
        {.key = "assignee_kind", .en = "Assignee kind", .zh = "承办方类别", .column = "assignee_kind",
         .listed = false, .exported = false},
        {.key = "progress", .en = "Progress %", .zh = "进度%", .type = FieldType::integer, .select = progress,
         .exported = false},
        {.key = "resolution", .en = "Resolution", .zh = "办理结果", .column = "resolution", .listed = false, .multiline = true},
        {.key = "decline_reason", .en = "Decline reason", .zh = "不予办理原因", .column = "decline_reason",
         .listed = false, .multiline = true},
        {.key = "closed_on", .en = "Closed", .zh = "办结日期", .type = FieldType::date, .column = "closed_on",
         .listed = false, .not_before = "raised_on"},
        {.key = "satisfaction", .en = "Satisfaction", .zh = "满意度", .type = FieldType::integer,
         .column = "satisfaction", .min = 1, .max = 5},
        {.key = "public", .en = "Public", .zh = "公示", .type = FieldType::boolean, .column = "public",
         .numeric = true, .fallback = "0"},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true,
         .personal = Personal::about_owner},
        void_field(),
    };
    e.natural_keys = {{"title", "raised_on", "grid?"}};
    // A title, or a title with the date it was raised and its grid (as export writes a title
    // several needs share).
    e.lookup_sql = "SELECT id, title || ' ' || raised_on FROM need WHERE title = ?1 OR title || ' ' || raised_on = ?1 "
                   "OR title || ' ' || raised_on || coalesce(' ' || (SELECT code FROM grid g WHERE g.id = grid_id), '') = ?1";
    e.prepare = prepare_need;
    e.after_write = [](Context& ctx, std::int64_t id, Outcome outcome, const Record& r) {
      // A need imported with its rating: the rating is its first entry in the history.
      const Entity& self = need_entity();
      auto score = std::get_if<std::int64_t>(&r.get(self, "satisfaction"));
      auto closed = std::get_if<std::string>(&r.get(self, "closed_on"));
      if (outcome != Outcome::inserted || !score || !closed) return;
      auto ins = ctx.db.cached(
          "INSERT INTO need_rating (need_id, on_date, score, recorded_at, operator) VALUES (?, ?, ?, ?, ?)");
      ins.bind_all(id, *closed, *score, now_iso(), ctx.operator_name);
      ins.run();
    };
    return e;
  }();
  return e;
}

Query need_query(Context& ctx, const NeedFilter& f) {
  Query q;
  match(ctx, need_entity(), q, "status", f.status, "--status");  // a code or its label
  match(ctx, need_entity(), q, "category", f.category);
  if (!f.grid.empty()) q.add("t.grid_id = ?", resolve(ctx, "grid", f.grid));
  if (!f.meeting.empty()) q.add("t.meeting_id = ?", resolve(ctx, "meeting", f.meeting));
  if (!f.assignee.empty()) {
    KindRef a = resolve_kind_ref(ctx, f.assignee, {"team", "project", "partner"});
    q.add("t.assignee_kind = ?", a.kind);
    q.add("t.assignee_id = ?", a.id);
  }
  if (!f.from.empty()) q.add("t.raised_on >= ?", date_or_today(f.from, "--from"));
  if (!f.to.empty()) q.add("t.raised_on <= ?", date_or_today(f.to, "--to"));
  if (f.overdue) {
    q.add("t.due_on < ?", to_iso(today()));
    q.where.push_back("t.status NOT IN ('resolved', 'declined')");
  }
  if (f.public_only) q.where.push_back("t.public = 1");
  return q;
}

std::vector<std::string> allowed_need_verbs(std::string_view status) {
  std::vector<std::string> verbs;
  for (std::string_view verb : kVerbOrder)
    if (transition(status, verb)) verbs.emplace_back(verb);
  return verbs;
}

// ---- the lifecycle ----

void accept_need(Context& ctx, std::string_view need) {
  Change change(ctx);
  NeedState s = load_need(ctx, need);
  std::string to = require_transition(s, "accept");
  auto st = ctx.db.cached("UPDATE need SET status = ? WHERE id = ?");
  st.bind_all(to, s.id);
  st.run();
  change.subject("need", s.id);
  change.commit();
}

void assign_need(Context& ctx, std::string_view need, std::string_view assignee) {
  Change change(ctx);
  NeedState s = load_need(ctx, need);
  std::string to = require_transition(s, "assign");
  KindRef a = resolve_kind_ref(ctx, assignee, {"team", "project", "partner"});
  auto st = ctx.db.cached("UPDATE need SET assignee_kind = ?, assignee_id = ?, status = ? WHERE id = ?");
  st.bind_all(a.kind, a.id, to, s.id);
  st.run();
  change.subject("need", s.id);
  change.commit();
}

void record_progress(Context& ctx, const ProgressNote& p) {
  Change change(ctx);
  if (p.percent < 0 || p.percent > 100)
    throw Error(Exit::data,
                tr_format("--percent: {} is not between 0 and 100", "--percent：{} 不在 0–100 之间", p.percent));
  std::string on = date_or_today(p.date, "--date");
  std::string t = trim(p.target);
  const char project_prefix = entity_named("project").prefix;
  bool project = !t.empty() && (std::toupper(static_cast<unsigned char>(t[0])) == project_prefix || t.starts_with("project:"));
  if (project) {
    KindRef ref = resolve_kind_ref(ctx, t, {"project"});
    auto ins = ctx.db.cached(
        "INSERT INTO need_progress (project_id, on_date, percent, note, operator) VALUES (?, ?, ?, ?, ?)");
    ins.bind_all(ref.id, on, p.percent);
    if (p.note.empty()) ins.bind(4, nullptr); else ins.bind(4, p.note);
    ins.bind(5, ctx.operator_name);
    ins.run();
    // The project's accepted needs take the step as if each had its own note.
    auto up = ctx.db.cached(
        "UPDATE need SET status = ?2 WHERE assignee_kind = 'project' AND assignee_id = ?1 AND status = ?3");
    up.bind_all(ref.id, std::string(transition("accepted", "progress")->to), std::string("accepted"));
    up.run();
    change.subject("project", ref.id);
  } else {
    NeedState s = load_need(ctx, t);
    std::string to = require_transition(s, "progress");
    on = step_date(s, p.date, "--date");
    auto ins = ctx.db.cached(
        "INSERT INTO need_progress (need_id, on_date, percent, note, operator) VALUES (?, ?, ?, ?, ?)");
    ins.bind_all(s.id, on, p.percent);
    if (p.note.empty()) ins.bind(4, nullptr); else ins.bind(4, p.note);
    ins.bind(5, ctx.operator_name);
    ins.run();
    auto up = ctx.db.cached("UPDATE need SET status = ? WHERE id = ?");
    up.bind_all(to, s.id);
    up.run();
    change.subject("need", s.id);
  }
  change.commit();
}

void resolve_need(Context& ctx, std::string_view need, std::string_view resolution, std::string_view date,
                  std::optional<bool> make_public) {
  Change change(ctx);
  auto [s, to, text] =
      explained_step(ctx, need, "resolve", resolution, tr("--resolution: say what was done", "--resolution：请写明办理结果"));
  std::string on = step_date(s, date, "--date");
  auto st = ctx.db.cached(
      "UPDATE need SET status = ?, resolution = ?, closed_on = ?, public = coalesce(?, public) WHERE id = ?");
  st.bind_all(to, text, on);
  if (make_public) st.bind(4, std::int64_t{*make_public ? 1 : 0}); else st.bind(4, nullptr);
  st.bind(5, s.id);
  st.run();
  change.subject("need", s.id);
  change.commit();
}

void decline_need(Context& ctx, std::string_view need, std::string_view reason, std::string_view date) {
  Change change(ctx);
  auto [s, to, text] = explained_step(ctx, need, "decline", reason,
                                      tr("--reason: say why the need is declined", "--reason：请写明不予办理的原因"));
  std::string on = step_date(s, date, "--date");
  auto st = ctx.db.cached("UPDATE need SET status = ?, decline_reason = ?, closed_on = ? WHERE id = ?");
  st.bind_all(to, text, on, s.id);
  st.run();
  change.subject("need", s.id);
  change.commit();
}

void rate_need(Context& ctx, std::string_view need, std::string_view score, std::string_view date) {
  Change change(ctx);
  NeedState s = load_need(ctx, need);
  auto v = parse_id(trim(score));
  if (!v || *v > 5)
    throw Error(Exit::data,
                tr_format("satisfaction: \"{}\" is not a score from 1 to 5", "满意度：“{}”不是 1–5 的评分", score));
  require_transition(s, "rate");
  std::string on = step_date_after_close(s, date);
  // Every rating is kept; the need carries the latest, which reports read.
  auto ins = ctx.db.cached(
      "INSERT INTO need_rating (need_id, on_date, score, recorded_at, operator) VALUES (?, ?, ?, ?, ?)");
  ins.bind_all(s.id, on, *v, now_iso(), ctx.operator_name);
  ins.run();
  auto st = ctx.db.cached(
      "UPDATE need SET satisfaction = (SELECT score FROM need_rating WHERE need_id = ?1 ORDER BY on_date DESC, id DESC "
      "LIMIT 1) WHERE id = ?1");
  st.bind(1, s.id);
  st.run();
  change.subject("need", s.id);
  change.commit();
}

void reopen_need(Context& ctx, std::string_view need, std::string_view reason, std::string_view date) {
  Change change(ctx);
  auto [s, to, text] = explained_step(ctx, need, "reopen", reason,
                                      tr("--reason: say why the need is back", "--reason：请写明诉求重新办理的原因"));
  std::string on = step_date_after_close(s, date);
  // The history stays: the earlier resolution goes into a progress note, the ratings stay in
  // need_rating; the need itself is open again, unrated until it is resolved again.
  std::string resolution;
  {
    auto st = ctx.db.cached("SELECT coalesce(resolution, '') FROM need WHERE id = ?");
    st.bind(1, s.id);
    if (st.step()) resolution = st.text(0);
  }
  auto last = ctx.db.cached(
      "SELECT percent FROM need_progress WHERE need_id = ? AND percent < 100 ORDER BY on_date DESC, id DESC LIMIT 1");
  last.bind(1, s.id);
  std::int64_t percent = last.step() ? last.integer(0) : 0;
  std::string note = tr_format("reopened: {} (resolved {}: {})", "重新办理：{}（{} 曾办结：{}）", text,
                               s.closed_on, resolution);
  auto ins = ctx.db.cached(
      "INSERT INTO need_progress (need_id, on_date, percent, note, operator) VALUES (?, ?, ?, ?, ?)");
  ins.bind_all(s.id, on, percent, note, ctx.operator_name);
  ins.run();
  auto up = ctx.db.cached(
      "UPDATE need SET status = ?, resolution = NULL, closed_on = NULL, satisfaction = NULL WHERE id = ?");
  up.bind_all(to, s.id);
  up.run();
  change.subject("need", s.id);
  change.commit();
}

Table need_ratings(Context& ctx, std::int64_t need) {
  Table t;
  t.title = std::string(tr("Ratings", "满意度评价"));
  t.columns = {{"date", "Date", "日期"}, {"score", "Score", "评分", true}, {"operator", "By", "记录人"}};
  Stmt st(ctx.db, "SELECT on_date, score, operator FROM need_rating WHERE need_id = ? ORDER BY on_date, id");
  st.bind(1, need);
  while (st.step()) t.rows.push_back({st.text(0), st.integer(1), st.text(2)});
  return t;
}

Table need_progress_notes(Context& ctx, std::int64_t need) {
  Table t;
  t.title = std::string(tr("Progress", "办理进度"));
  t.columns = {{"date", "Date", "日期"}, {"percent", "%", "%", true}, {"on", "On", "记录对象"},
               {"note", "Note", "说明"}, {"operator", "By", "记录人"}};
  Stmt st(ctx.db,
          "SELECT p.on_date, p.percent, coalesce(" + ref_sql("need", "p.need_id") + ", " + ref_sql("project", "p.project_id") + "), "
          "p.note, p.operator FROM need n JOIN need_progress p ON p.need_id = n.id OR "
          "(n.assignee_kind = 'project' AND p.project_id = n.assignee_id) WHERE n.id = ? ORDER BY p.on_date, p.id");
  st.bind(1, need);
  while (st.step())
    t.rows.push_back({st.text(0), st.integer(1), st.text(2), st.is_null(3) ? Cell{} : Cell{st.text(3)}, st.text(4)});
  return t;
}

}  // namespace shequ
