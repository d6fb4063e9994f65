// The lifecycle of a case as one state machine: which verb each status allows and what each verb
// does, one function per verb.
#include "domain/case_internal.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "records/audit.h"
#include "records/choices.h"
#include "storage/dialect.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {

using namespace case_detail;

namespace {

// One step being taken: what the verb reads, and the timeline entry it fills in.
struct Step {
  Context& ctx;
  CaseVerb verb;
  const CaseStep& in;
  const CaseState& st;
  std::string date;    // ISO, checked against the case's timeline
  Date day;
  std::string status;  // the status afterwards; the verb changes it
  EntryText entry;     // the entry case_step() appends unless the verb wrote its own
  bool entries_written = false;
  int deadline_days = 0;
};

void forbid(bool given, std::string_view option, CaseVerb verb) {
  if (given) bad(option, tr_format("does not apply to `case {}`", "不适用于 `case {}`", case_verb_name(verb)));
}

std::string method_code(Context& ctx, const std::string& text) {
  auto st = ctx.db.cached(
      "SELECT code FROM vocab WHERE kind = 'mediation-method' AND active = 1 AND (code = ?1 OR zh = ?1 OR "
      "lower(en) = lower(?1)) ORDER BY code = ?1 DESC LIMIT 1");
  st.bind(1, trim(text));
  if (st.step()) return st.text(0);
  auto all = ctx.db.cached(fmt::format(
      "SELECT {} FROM (SELECT code, sort FROM vocab WHERE kind = 'mediation-method' AND active = 1 ORDER BY sort, code) v",
      dialect_of(ctx.db).ordered_concat("code", "', '", "sort, code")));
  std::string codes = all.step() ? all.text(0) : "";
  bad("--method", tr_format("\"{}\" is not a mediation-method code (valid: {})",
                            "“{}”不是有效的调解方法代码（可用：{}）", text, codes));
}

void set_columns(Context& ctx, std::int64_t id, const std::string& assignments, const std::vector<Value>& values) {
  auto st = ctx.db.cached(fmt::format("UPDATE mediation_case SET {} WHERE id = ?", assignments));
  int n = 0;
  for (const Value& v : values) {
    std::visit([&](const auto& x) {
      using T = std::decay_t<decltype(x)>;
      if constexpr (std::is_same_v<T, std::monostate>) st.bind(++n, nullptr);
      else st.bind(++n, x);
    }, v);
  }
  st.bind(++n, id);
  st.run();
}

// Back to mediating with a new deadline; what the agreement, failure and closing recorded is cleared.
void back_to_mediating(Step& s, const char* also_cleared) {
  s.status = "mediating";  // case_step() checks the transition table allows it
  set_columns(s.ctx, s.st.id,
              fmt::format("status = ?, deadline = ?, agreed_on = NULL, agreement_kind = NULL, agreement_terms = NULL, "
                          "perform_by = NULL, settled_level = NULL, closed_on = NULL{}",
                          also_cleared),
              {s.status, to_iso(case_deadline(s.day, s.deadline_days))});
}

// ---- the verbs ----

void assign(Step& s) {
  Context& ctx = s.ctx;
  const std::int64_t id = s.st.id;
  require_text(s.in.mediator, "--mediator");
  Mediator m = resolve_mediator(ctx, s.in.mediator);
  std::string role = s.in.role.empty() ? "lead" : one_of(s.in.role, kMediatorRoles, "--role");
  auto cur = ctx.db.cached("SELECT id, role FROM case_mediator WHERE case_id = ? AND person_id = ? AND to_date IS NULL");
  cur.bind_all(id, m.person);
  std::optional<std::int64_t> row;
  std::string current_role;
  if (cur.step()) {
    row = cur.integer(0);
    current_role = cur.text(1);
  }
  auto end = ctx.db.cached("UPDATE case_mediator SET to_date = ? WHERE id = ?");
  if (s.in.end) {
    if (!row) refuse(s.st, s.verb, tr_format("R{} is not a current mediator of this case", "R{} 不是本案现任调解员", m.person));
    end.bind_all(s.date, *row);
    end.run();
    add_entry(ctx, id, s.date, "unassign", s.status, EntryText{.code = fmt::format("{}:R{}", current_role, m.person)});
    s.entries_written = true;
    return;
  }
  if (row && current_role == role)
    refuse(s.st, s.verb, tr_format("R{} is already the {} mediator", "R{} 已是本案{}调解员", m.person, role));
  if (row) {  // a change of role: the old one ends today
    end.bind_all(s.date, *row);
    end.run();
  }
  if (role == "lead") {  // one lead at a time
    auto lead = ctx.db.cached("UPDATE case_mediator SET to_date = ? WHERE case_id = ? AND role = 'lead' AND to_date IS NULL");
    lead.bind_all(s.date, id);
    lead.run();
  }
  start_mediator(ctx, id, m, role, s.date);
  s.entry.code = fmt::format("{}:R{}", role, m.person);
  s.entry.text.clear();
}

void note(Step& s) { require_text(s.in.text, tr("the note text", "备注内容")); }

void session(Step& s) {
  require_text(s.in.method, "--method");
  s.entry.code = method_code(s.ctx, s.in.method);
  if (!s.in.outcome.empty())
    s.entry.text = s.entry.text.empty() ? trim(s.in.outcome) : s.entry.text + " — " + trim(s.in.outcome);
  set_columns(s.ctx, s.st.id, "status = ?", {s.status});
}

void escalate(Step& s) {
  int rank = level_rank(s.st.level);
  if (rank >= 2)
    refuse(s.st, s.verb, std::string(tr("it is already at street level, the highest", "已在街道层级，无法再上报")));
  std::string to = s.in.level.empty() ? kLevels[rank + 1] : one_of(s.in.level, {"community", "street"}, "--to");
  if (level_rank(to) <= rank) bad("--to", tr_format("the case is already at {} level", "案件已在 {} 层级", s.st.level));
  require_text(s.in.text, "--reason");
  s.entry.code = fmt::format("{}→{}", s.st.level, to);
  set_columns(s.ctx, s.st.id, "level = ?", {to});
}

void agree(Step& s) {
  const CaseStep& in = s.in;
  require_text(in.agreement_kind, "--kind");
  std::string kind = one_of(in.agreement_kind, choices_of("agreement_kind"), "--kind");
  require_text(in.text, "--terms");
  if (kind == "written") {  // 人民调解法 Art. 29: what a written agreement states
    require_text(in.facts, "--facts");
    require_text(in.issues, "--issues");
    require_text(in.responsibilities, "--responsibilities");
    require_text(in.performance, "--how");
    require_text(in.perform_by, "--by");
  }
  std::string by;
  if (!in.perform_by.empty()) {
    by = date_or_today(in.perform_by, "--by");
    if (by < s.date) bad("--by", tr_format("{} is before the agreement ({})", "{} 早于协议日期（{}）", by, s.date));
  }
  s.entry.code = kind;
  s.entry.facts = trim(in.facts);
  s.entry.issues = trim(in.issues);
  s.entry.responsibilities = trim(in.responsibilities);
  s.entry.performance = trim(in.performance);
  s.entry.due = by;
  set_columns(s.ctx, s.st.id,
              "status = ?, agreed_on = ?, agreement_kind = ?, agreement_terms = ?, perform_by = ?, "
              "settled_level = level, followup = NULL, followup_on = NULL",
              {s.status, s.date, kind, s.entry.text, by.empty() ? Value{} : Value{by}});
}

void fail(Step& s) {
  require_text(s.in.referral, "--referral");
  s.entry.code = one_of(s.in.referral, choices_of("referral"), "--referral");
  set_columns(s.ctx, s.st.id, "status = ?, failed_on = ?, referral = ?", {s.status, s.date, s.entry.code});
}

void follow_up(Step& s) {
  const CaseStep& in = s.in;
  if (!s.st.agreed_on)
    refuse(s.st, s.verb, std::string(tr("it was closed without an agreement; there is nothing to follow up",
                                        "该案未达成协议即结案，无需回访")));
  if (s.day < *s.st.agreed_on)
    bad("--date", tr_format("{} is before the agreement ({})", "{} 早于协议日期（{}）", s.date, to_iso(*s.st.agreed_on)));
  require_text(in.result, "--result");
  s.entry.code = one_of(in.result, choices_of("followup"), "--result");
  if (in.satisfaction && (*in.satisfaction < 1 || *in.satisfaction > 5))
    bad("--satisfaction", tr_format("{} is not 1–5", "{} 不在 1–5 之间", *in.satisfaction));
  if (in.reopen && s.entry.code != "broken")
    bad("--reopen", std::string(tr("only a broken agreement reopens the case", "只有协议未履行时才能重新调解")));
  s.entry.satisfaction = in.satisfaction;
  set_columns(s.ctx, s.st.id, "followup = ?, followup_on = ?", {s.entry.code, s.date});
  if (!in.reopen) return;
  // A broken agreement reopens the case: the visit, then the reopening, both on the timeline.
  add_entry(s.ctx, s.st.id, s.date, "follow-up", s.status, s.entry);
  back_to_mediating(s, "");
  add_entry(s.ctx, s.st.id, s.date, "reopen", s.status,
            EntryText{.code = "follow-up", .text = std::string(tr("agreement broken", "协议未履行"))});
  s.entries_written = true;
}

void review(Step& s) { require_text(s.in.text, "--lessons"); }

void close(Step& s) {
  set_columns(s.ctx, s.st.id, "status = ?, closed_on = ?", {s.status, s.date});
}

void reopen(Step& s) {
  require_text(s.in.text, "--reason");
  back_to_mediating(s, ", failed_on = NULL, referral = NULL");
}

void extend(Step& s) {
  const CaseStep& in = s.in;
  if (!in.consent)
    refuse(s.st, s.verb, std::string(tr("an extension needs both parties' consent (--consent)",
                                        "延期须经双方当事人同意（--consent）")));
  if (in.perform_by.empty() == !in.days.has_value())
    throw Error(Exit::usage, std::string(tr("case extend: give --to DATE or --days N", "case extend：请给出 --to 日期 或 --days 天数")));
  Date to;
  if (in.days) {
    if (*in.days <= 0) bad("--days", tr_format("{} is not a positive number of days", "{} 不是正的天数", *in.days));
    to = add_days(s.st.deadline, *in.days);
  } else {
    to = *parse_date(date_or_today(in.perform_by, "--to"));
  }
  if (to <= s.st.deadline)
    bad("--to", tr_format("{} is not after the current deadline {}", "{} 不晚于当前期限 {}", to_iso(to),
                          to_iso(s.st.deadline)));
  s.entry.code = to_iso(s.st.deadline) + "→" + to_iso(to);
  s.entry.due = to_iso(to);
  set_columns(s.ctx, s.st.id, "deadline = ?", {s.entry.due});
}

// The verbs and the function that does each.
struct Verb {
  CaseVerb verb;
  std::string_view name;
  void (*run)(Step&);
};
const Verb kVerbs[] = {
    {CaseVerb::assign, "assign", assign},         {CaseVerb::note, "note", note},
    {CaseVerb::session, "session", session},      {CaseVerb::escalate, "escalate", escalate},
    {CaseVerb::agree, "agree", agree},            {CaseVerb::fail, "fail", fail},
    {CaseVerb::follow_up, "follow-up", follow_up}, {CaseVerb::review, "review", review},
    {CaseVerb::close, "close", close},            {CaseVerb::reopen, "reopen", reopen},
    {CaseVerb::extend, "extend", extend},
};

// The state machine drawn in cases.h: in each status, the verbs it allows and the statuses each
// may lead to, the first being where it leads unless the verb chooses another of them (a broken
// agreement's follow-up --reopen). Nothing else allows a verb or moves a case.
struct Transition {
  std::string_view from;
  CaseVerb verb;
  std::vector<std::string_view> to;
};
const std::vector<Transition>& transitions() {
  using V = CaseVerb;
  static const std::vector<Transition> t = {
      {"open", V::assign, {"open"}},          {"open", V::note, {"open"}},
      {"open", V::session, {"mediating"}},    {"open", V::escalate, {"open"}},
      {"open", V::fail, {"failed"}},          {"open", V::extend, {"open"}},
      {"mediating", V::assign, {"mediating"}}, {"mediating", V::note, {"mediating"}},
      {"mediating", V::session, {"mediating"}}, {"mediating", V::escalate, {"mediating"}},
      {"mediating", V::agree, {"agreed"}},    {"mediating", V::fail, {"failed"}},
      {"mediating", V::extend, {"mediating"}},
      {"agreed", V::note, {"agreed"}},        {"agreed", V::follow_up, {"agreed", "mediating"}},
      {"agreed", V::review, {"agreed"}},      {"agreed", V::close, {"closed"}},
      {"agreed", V::reopen, {"mediating"}},
      {"failed", V::note, {"failed"}},        {"failed", V::review, {"failed"}},
      {"failed", V::close, {"closed"}},       {"failed", V::reopen, {"mediating"}},
      {"closed", V::follow_up, {"closed", "mediating"}}, {"closed", V::review, {"closed"}},
      {"closed", V::reopen, {"mediating"}},
  };
  return t;
}

const Verb& verb_of(CaseVerb verb) {
  for (const Verb& v : kVerbs)
    if (v.verb == verb) return v;
  throw std::logic_error(fmt::format("case verb {} has no entry in kVerbs", static_cast<int>(verb)));
}

// The transition of `verb` from `status`; null if the status does not allow it.
const Transition* transition(std::string_view status, CaseVerb verb) {
  for (const Transition& t : transitions())
    if (t.from == status && t.verb == verb) return &t;
  return nullptr;
}

}  // namespace

namespace case_detail {

[[noreturn]] void refuse(const CaseState& s, CaseVerb verb, std::string why) {
  std::vector<std::string> allowed;
  for (CaseVerb v : case_verbs_allowed(s.status)) allowed.emplace_back(case_verb_name(v));
  std::string head = tr_format("case {} (C{}) is {} ({})", "案件 {}（C{}）当前状态为 {}（{}）", s.number, s.id,
                               s.status, choice_label(s.status));
  throw Error(Exit::refused,
              why.empty() ? tr_format("{}: cannot {}; allowed now: {}", "{}：不能执行 {}；现在可执行：{}", head,
                                      case_verb_name(verb), join(allowed, ", "))
                          : fmt::format("{}: {}", head, why),
              tr_format("see `shequ case show {}`", "见 `shequ case show {}`", s.number));
}

}  // namespace case_detail

std::string_view case_verb_name(CaseVerb verb) { return verb_of(verb).name; }

std::vector<CaseVerb> case_verbs_allowed(std::string_view status) {
  std::vector<CaseVerb> out;
  for (const Verb& v : kVerbs)
    if (transition(status, v.verb)) out.push_back(v.verb);
  return out;
}

std::vector<std::string_view> case_step_targets(std::string_view status, CaseVerb verb) {
  const Transition* t = transition(status, verb);
  return t ? t->to : std::vector<std::string_view>{};
}

std::string case_step(Context& ctx, CaseVerb verb, const CaseStep& in) {
  Change change(ctx);
  std::int64_t id = resolve(ctx, case_entity(), in.case_ref);
  CaseState st = load_state(ctx, id);
  const Transition* next = transition(st.status, verb);
  if (!next) refuse(st, verb);

  // Options that belong to other verbs are a usage slip worth naming.
  forbid(!in.mediator.empty() && verb != CaseVerb::assign, "--mediator", verb);
  forbid(!in.method.empty() && verb != CaseVerb::session, "--method", verb);
  forbid(!in.outcome.empty() && verb != CaseVerb::session, "--outcome", verb);
  forbid(!in.agreement_kind.empty() && verb != CaseVerb::agree, "--kind", verb);
  forbid(!in.referral.empty() && verb != CaseVerb::fail, "--referral", verb);
  forbid(!in.result.empty() && verb != CaseVerb::follow_up, "--result", verb);

  std::string date = date_or_today(in.date, "--date");
  Date day = *parse_date(date);
  if (day < st.opened)
    bad("--date", tr_format("{} is before the case was opened ({})", "{} 早于立案日期（{}）", date, to_iso(st.opened)));
  if (day > today()) bad("--date", tr_format("{} is in the future", "{} 是将来的日期", date));
  {  // the timeline reads in order: no step before the last one recorded
    auto last = ctx.db.cached("SELECT on_date, kind FROM case_entry WHERE case_id = ? ORDER BY on_date DESC, id DESC LIMIT 1");
    last.bind(1, id);
    if (last.step() && date < last.text(0)) {
      std::string when = last.text(0), kind = last.text(1);
      bad("--date", tr_format("{} is before the last step of the case ({} {})", "{} 早于本案上一环节（{} {}）", date,
                              when, kind));
    }
  }

  Step s{ctx, verb, in, st, date, day, std::string(next->to.front()), EntryText{.text = trim(in.text)}, false,
         static_cast<int>(ctx.config.integer("cases.deadline_days"))};
  verb_of(verb).run(s);
  if (std::find(next->to.begin(), next->to.end(), s.status) == next->to.end())
    throw std::logic_error(fmt::format("case {} led {} to {}, which the transition table does not allow",
                                       case_verb_name(verb), st.status, s.status));
  if (!s.entries_written) add_entry(ctx, id, date, case_verb_name(verb), s.status, s.entry);
  change.subject("case", id);
  change.commit();
  return s.status;
}

}  // namespace shequ
