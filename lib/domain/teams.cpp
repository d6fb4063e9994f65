#include "domain/teams.h"

#include <algorithm>

#include <fmt/format.h>

#include "records/audit.h"
#include "core/date.h"
#include "core/i18n.h"
#include "domain/volunteers.h"

namespace shequ {
namespace {

std::optional<std::int64_t> open_membership(Context& ctx, std::int64_t team, std::int64_t volunteer) {
  auto st = ctx.db.cached("SELECT id FROM team_member WHERE team_id = ? AND volunteer_id = ? AND to_date IS NULL");
  st.bind_all(team, volunteer);
  if (st.step()) return st.integer(0);
  return std::nullopt;
}

// The day a volunteer joined the register ("" if unknown).
std::string volunteer_joined(Context& ctx, std::int64_t volunteer) {
  auto st = ctx.db.cached("SELECT joined FROM volunteer WHERE id = ?");
  st.bind(1, volunteer);
  std::string joined = st.step() ? st.text(0) : "";
  return joined;
}

// A problem when a team membership would start before the volunteer joined the register.
std::optional<std::string> before_joining(Context& ctx, std::int64_t volunteer, const std::string& from) {
  std::string joined = volunteer_joined(ctx, volunteer);
  if (from >= joined) return std::nullopt;
  return tr_format("{} is before V{} joined as a volunteer ({})", "{} 早于 V{} 登记为志愿者的日期（{}）", from,
                   volunteer, joined);
}

// Makes `volunteer` the team's leader: a member with role leader; a previous leader stays a member.
void install_leader(Context& ctx, std::int64_t team, std::int64_t volunteer, const std::string& date) {
  auto demote = ctx.db.cached(
      "UPDATE team_member SET role = 'member' WHERE team_id = ? AND role = 'leader' AND to_date IS NULL "
      "AND volunteer_id <> ?");
  demote.bind_all(team, volunteer);
  demote.run();
  if (auto m = open_membership(ctx, team, volunteer)) {
    auto up = ctx.db.cached("UPDATE team_member SET role = 'leader' WHERE id = ? AND role <> 'leader'");
    up.bind(1, *m);
    up.run();
  } else {
    auto add = ctx.db.cached(
        "INSERT INTO team_member (team_id, volunteer_id, role, from_date) VALUES (?, ?, 'leader', ?)");
    add.bind_all(team, volunteer, date);
    add.run();
  }
  auto set = ctx.db.cached("UPDATE team SET leader_id = ? WHERE id = ? AND leader_id IS DISTINCT FROM ?");
  set.bind_all(volunteer, team, volunteer);
  set.run();
}

}  // namespace

const Entity& team_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "team";
    e.plural = "teams";
    e.prefix = 'T';
    e.en = "volunteer team";
    e.zh = "志愿服务队";
    e.table = "team";
    e.fields = {
        {.key = "name", .en = "Name", .zh = "队名", .column = "name", .required = true},
        {.key = "leader", .en = "Leader", .zh = "队长", .type = FieldType::ref, .column = "leader_id",
         .select = "(SELECT v.number FROM volunteer v WHERE v.id = t.leader_id)", .target = "volunteer"},
        {.key = "leader_name", .en = "Leader name", .zh = "队长姓名",
         .select = "(SELECT p.name FROM volunteer v JOIN person p ON p.id = v.person_id WHERE v.id = t.leader_id)",
         .exported = false},
        {.key = "founded", .en = "Founded", .zh = "成立日期", .type = FieldType::date, .column = "founded"},
        {.key = "members", .en = "Members", .zh = "人数", .type = FieldType::integer,
         .select = "(SELECT count(*) FROM team_member m WHERE m.team_id = t.id AND m.to_date IS NULL)",
         .exported = false},
        {.key = "hours", .en = "Verified hours", .zh = "累计时长",
         .select = "round((SELECT coalesce(sum(h.minutes), 0) FROM service_hours h WHERE h.status = 'verified' "
                   "AND (h.team_id = t.id OR (h.team_id IS NULL AND h.project_id IN "
                   "(SELECT j.id FROM project j WHERE j.team_id = t.id)))) / 60.0, 2)",
         .exported = false, .numeric = true},
        {.key = "active", .en = "Active", .zh = "在册", .type = FieldType::boolean, .column = "active", .numeric = true},
        {.key = "description", .en = "Description", .zh = "简介", .column = "description", .listed = false, .multiline = true},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true},
    };
    e.natural_keys = {{"name"}};
    e.lookup_sql = "SELECT id, name FROM team WHERE name = ?1";
    // The leader of a new team joins it on the founding date (or on joining the register, if
    // later); a leader named later joins today.
    e.after_write = [](Context& ctx, std::int64_t id, Outcome outcome, const Record& r) {
      const Entity& self = team_entity();
      if (!r.has(self, "leader")) return;
      if (auto leader = std::get_if<std::int64_t>(&r.get(self, "leader"))) {
        std::string date = to_iso(today());
        auto founded = std::get_if<std::string>(&r.get(self, "founded"));
        if (founded && (outcome == Outcome::inserted || *founded > date)) date = *founded;
        date = std::max(date, volunteer_joined(ctx, *leader));
        install_leader(ctx, id, *leader, date);
      }
    };
    return e;
  }();
  return e;
}

const Entity& team_member_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "team-member";
    e.plural = "team-members";
    e.en = "team membership";
    e.zh = "队员记录";
    e.table = "team_member";
    e.order_by = "t.team_id, t.from_date, t.id";
    e.fields = {
        {.key = "team", .en = "Team", .zh = "队伍", .type = FieldType::ref, .column = "team_id",
         .select = "(SELECT name FROM team x WHERE x.id = t.team_id)", .target = "team", .required = true},
        volunteer_ref_field(true),
        volunteer_name_field(),
        {.key = "role", .en = "Role", .zh = "角色", .type = FieldType::choice, .column = "role",
         .choices = {"leader", "deputy", "member"}, .fallback = "member"},
        // joined/left as for party memberships; from/to, the first spelling, still read.
        {.key = "joined", .en = "Joined", .zh = "加入日期", .type = FieldType::date, .column = "from_date", .required = true,
         .aliases = {"from"}},
        {.key = "left", .en = "Left", .zh = "退出日期", .type = FieldType::date, .column = "to_date", .not_before = "joined",
         .aliases = {"to"}},
        {.key = "note", .en = "Note", .zh = "备注", .column = "note", .listed = false, .multiline = true,
         .personal = Personal::about_owner},
    };
    e.natural_keys = {{"team", "volunteer", "joined"}};
    e.prepare = [](Context& ctx, Record& r, std::optional<std::int64_t>, std::vector<Problem>& problems) {
      const Entity& self = team_member_entity();
      auto from = std::get_if<std::string>(&r.get(self, "joined"));
      auto to = std::get_if<std::string>(&r.get(self, "left"));
      if (from && to && *to < *from)
        problems.push_back({"left", tr_format("{} is before the joining date {}", "{} 早于加入日期 {}", *to, *from)});
      if (auto volunteer = std::get_if<std::int64_t>(&r.get(self, "volunteer")); volunteer && from)
        if (auto problem = before_joining(ctx, *volunteer, *from)) problems.push_back({"joined", *problem});
    };
    return e;
  }();
  return e;
}

std::int64_t join_team(Context& ctx, const Joining& j) {
  Change change(ctx);
  std::int64_t team = resolve(ctx, team_entity(), j.team);
  std::int64_t volunteer = resolve(ctx, "volunteer", j.volunteer);
  std::string date = date_or_today(j.date, "--date");
  if (j.role != "leader" && j.role != "deputy" && j.role != "member")
    throw Error(Exit::data, tr_format("--role: \"{}\" is not one of leader, deputy, member",
                                      "--role：“{}”不是 leader、deputy、member 之一", j.role));
  if (auto problem = before_joining(ctx, volunteer, date)) throw Error(Exit::data, "--date: " + *problem);
  if (auto m = open_membership(ctx, team, volunteer))
    throw Error(Exit::refused, tr_format("V{} already is a member of T{}", "V{} 已是 T{} 的队员", volunteer, team),
                fmt::format("shequ team show T{}", team));
  auto add = ctx.db.cached(
      "INSERT INTO team_member (team_id, volunteer_id, role, from_date, note) VALUES (?, ?, ?, ?, ?)");
  add.bind_all(team, volunteer, j.role == "leader" ? std::string("member") : j.role, date);
  if (j.note.empty()) add.bind(5, nullptr); else add.bind(5, j.note);
  std::int64_t id = add.insert();
  if (j.role == "leader") install_leader(ctx, team, volunteer, date);
  change.subject("team", team);
  change.commit();
  return id;
}

void leave_team(Context& ctx, const Leaving& l) {
  Change change(ctx);
  std::int64_t team = resolve(ctx, team_entity(), l.team);
  std::int64_t volunteer = resolve(ctx, "volunteer", l.volunteer);
  std::string date = date_or_today(l.date, "--date");
  auto m = open_membership(ctx, team, volunteer);
  if (!m)
    throw Error(Exit::refused,
                tr_format("V{} is not a current member of T{}", "V{} 不是 T{} 的现任队员", volunteer, team));
  auto from = ctx.db.cached("SELECT from_date FROM team_member WHERE id = ?");
  from.bind(1, *m);
  from.step();
  std::string since = from.text(0);
  if (date < since)
    throw Error(Exit::data, tr_format("--date {} is before V{} joined on {}", "--date {} 早于 V{} 的加入日期 {}", date,
                                      volunteer, since));
  auto close = ctx.db.cached(
      "UPDATE team_member SET to_date = ?1, "
      "note = CASE WHEN ?2 IS NULL THEN note ELSE coalesce(note || '; ', '') || ?2 END WHERE id = ?3");
  close.bind_all(date);
  if (l.reason.empty()) close.bind(2, nullptr); else close.bind(2, l.reason);
  close.bind(3, *m);
  close.run();
  auto unlead = ctx.db.cached("UPDATE team SET leader_id = NULL WHERE id = ? AND leader_id = ?");
  unlead.bind_all(team, volunteer);
  unlead.run();
  change.subject("team", team);
  change.commit();
}

Table team_members(Context& ctx, std::int64_t team_id, bool include_past) {
  Query q;
  q.add("t.team_id = ?", team_id);
  if (!include_past) q.where.push_back("t.to_date IS NULL");
  Table t = list_records(ctx, team_member_entity(), q);
  t.title = tr_format("Members of T{}", "T{} 的队员", team_id);
  return t;
}

}  // namespace shequ
