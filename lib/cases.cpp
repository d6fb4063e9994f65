#include "cases.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "audit.h"
#include "choices.h"
#include "households.h"
#include "i18n.h"
#include "text.h"

namespace shequ {
namespace {

const char* const kLevels[] = {"grid", "community", "street"};

int level_rank(std::string_view level) {
  for (int i = 0; i < 3; ++i)
    if (level == kLevels[i]) return i;
  return -1;
}

bool has_entity(std::string_view name) {
  for (const Entity* e : all_entities())
    if (e->name == name) return true;
  return false;
}

bool is_prefixed_id(std::string_view s, char prefix) {
  if (s.size() < 2 || std::toupper(static_cast<unsigned char>(s[0])) != prefix) return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ---- parties ----

struct Party {
  std::string role;
  std::optional<std::int64_t> person, household, partner;
  std::string name;  // organisation / unregistered name; the partner's name
  bool org = false;
};

std::optional<std::string> party_role(std::string_view text) {
  std::string t = trim(text);
  if (iequals_ascii(t, "applicant") || t == "申请人") return "applicant";
  if (iequals_ascii(t, "respondent") || t == "被申请人") return "respondent";
  if (iequals_ascii(t, "party") || t == "当事人") return "party";
  return std::nullopt;
}

// Splits at the first ASCII or fullwidth colon.
bool split_colon(std::string_view s, std::string& head, std::string& rest) {
  auto a = s.find(':');
  auto b = s.find("：");
  if (a == std::string_view::npos && b == std::string_view::npos) return false;
  if (b != std::string_view::npos && (a == std::string_view::npos || b < a)) {
    head = std::string(s.substr(0, b));
    rest = std::string(s.substr(b + 3));
  } else {
    head = std::string(s.substr(0, a));
    rest = std::string(s.substr(a + 1));
  }
  return true;
}

// One "ROLE:REF" into a party; returns the problem, if any.
std::optional<std::string> parse_party(Context& ctx, std::string_view text, Party& p) {
  std::string role, ref;
  if (!split_colon(text, role, ref))
    return tr_format("\"{}\" is not ROLE:WHO (e.g. applicant:R12, respondent:org:物业公司)",
                     "“{}”不是“角色:当事人”格式（如 applicant:R12、respondent:org:物业公司）", text);
  auto r = party_role(role);
  if (!r)
    return tr_format("\"{}\": role \"{}\" is not applicant, respondent or party",
                     "“{}”：角色“{}”不是 applicant（申请人）、respondent（被申请人）或 party（当事人）", text,
                     trim(role));
  p.role = *r;
  ref = trim(ref);
  std::string head, rest;
  if (split_colon(ref, head, rest) && (iequals_ascii(trim(head), "org") || iequals_ascii(trim(head), "name"))) {
    p.name = trim(rest);
    if (p.name.empty()) return tr_format("\"{}\": the name is empty", "“{}”：名称为空", text);
    p.org = iequals_ascii(trim(head), "org");
    if (p.org && has_entity("partner")) {
      try {
        p.partner = resolve(ctx, "partner", p.name);
      } catch (const Error& e) {
        if (e.code() != Exit::not_found) return std::string(e.what());
      }
    }
    return std::nullopt;
  }
  if (ref.empty()) return tr_format("\"{}\": who is missing", "“{}”：缺少当事人", text);
  // "R12 张三" as exported: the reference is the first word.
  std::string first = ref.substr(0, ref.find(' '));
  try {
    if (is_prefixed_id(first, 'R')) {
      p.person = resolve(ctx, "person", first);
    } else if (is_prefixed_id(first, 'H')) {
      p.household = resolve(ctx, "household", first);
    } else if (is_prefixed_id(first, 'P')) {
      if (!has_entity("partner"))
        return tr_format("\"{}\": partner units are not available; use org:NAME", "“{}”：无共建单位数据；请用 org:名称",
                         text);
      p.partner = resolve(ctx, "partner", first);
    } else if (parse_address(ref)) {
      p.household = resolve(ctx, "household", ref);
    } else {
      p.person = resolve(ctx, "person", ref);
    }
  } catch (const Error& e) {
    std::string m = e.what();
    if (e.code() == Exit::not_found)
      m += std::string(tr(" (an organisation: org:NAME; someone not in the registry: name:NAME)",
                          "（单位请写 org:名称；未登记的人请写 name:姓名）"));
    return m;
  }
  if (p.partner) {
    auto st = ctx.db.cached("SELECT name FROM partner WHERE id = ?");
    st.bind(1, *p.partner);
    if (st.step()) p.name = st.text(0);
  }
  return std::nullopt;
}

// The party as `export cases` writes it (the same text the parties field selects).
std::string party_text(Context& ctx, const Party& p) {
  if (p.person) {
    auto st = ctx.db.cached("SELECT name FROM person WHERE id = ?");
    st.bind(1, *p.person);
    return fmt::format("{}:R{} {}", p.role, *p.person, st.step() ? st.text(0) : "");
  }
  if (p.household) {
    auto st = ctx.db.cached("SELECT address FROM household WHERE id = ?");
    st.bind(1, *p.household);
    return fmt::format("{}:H{} {}", p.role, *p.household, st.step() ? st.text(0) : "");
  }
  if (p.partner) return fmt::format("{}:P{} {}", p.role, *p.partner, p.name);
  return fmt::format("{}:{}:{}", p.role, p.org ? "org" : "name", p.name);
}

constexpr const char* kPartiesSelect =
    "(SELECT group_concat(x, '; ') FROM (SELECT p.role || ':' || CASE "
    "WHEN p.person_id IS NOT NULL THEN 'R' || p.person_id || ' ' || (SELECT name FROM person WHERE id = p.person_id) "
    "WHEN p.household_id IS NOT NULL THEN 'H' || p.household_id || ' ' || "
    "(SELECT address FROM household WHERE id = p.household_id) "
    "WHEN p.partner_id IS NOT NULL THEN 'P' || p.partner_id || ' ' || p.name "
    "WHEN p.is_org = 1 THEN 'org:' || p.name ELSE 'name:' || p.name END AS x "
    "FROM case_party p WHERE p.case_id = t.id ORDER BY p.id))";

std::vector<std::string> split_parties(std::string_view text) {
  std::string t(text);
  for (std::string_view sep : {"；", "\n"})
    for (auto pos = t.find(sep); pos != std::string::npos; pos = t.find(sep)) t.replace(pos, sep.size(), ";");
  std::vector<std::string> out;
  for (auto& part : split(t, ';'))
    if (!trim(part).empty()) out.push_back(trim(part));
  return out;
}

void write_parties(Context& ctx, std::int64_t case_id, const std::vector<Party>& parties) {
  auto del = ctx.db.cached("DELETE FROM case_party WHERE case_id = ?");
  del.bind(1, case_id);
  del.run();
  auto ins = ctx.db.cached(
      "INSERT INTO case_party (case_id, role, person_id, household_id, partner_id, name, is_org) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const auto& p : parties) {
    ins.bind_all(case_id, p.role, p.person, p.household, p.partner);
    if (p.name.empty() || p.person || p.household) ins.bind(6, nullptr); else ins.bind(6, p.name);
    ins.bind(7, p.org ? 1 : 0);
    ins.run();
  }
}

// ---- the timeline ----

struct EntryText {
  std::string code{}, text{}, facts{}, issues{}, responsibilities{}, performance{}, due{};
  std::optional<int> satisfaction{};
};

void add_entry(Context& ctx, std::int64_t case_id, const std::string& date, std::string_view kind,
               std::string_view status_after, const EntryText& t) {
  auto st = ctx.db.cached(
      "INSERT INTO case_entry (case_id, on_date, kind, status_after, code, text, facts, issues, "
      "responsibilities, performance, due, satisfaction, recorded_at, operator) "
      "VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), nullif(?6, ''), nullif(?7, ''), nullif(?8, ''), "
      "nullif(?9, ''), nullif(?10, ''), nullif(?11, ''), ?12, ?13, ?14)");
  st.bind_all(case_id, date, kind, status_after, t.code, t.text, t.facts, t.issues, t.responsibilities,
              t.performance, t.due);
  st.bind(12, t.satisfaction);
  st.bind(13, now_iso());
  st.bind(14, ctx.operator_name);
  st.run();
}

// ---- numbers ----

std::string format_number(const std::string& pattern, int year, std::int64_t seq) {
  try {
    return fmt::format(fmt::runtime(pattern), fmt::arg("year", year), fmt::arg("seq", seq));
  } catch (const fmt::format_error& e) {
    throw Error(Exit::config,
                tr_format("cases.number_format \"{}\": {}", "cases.number_format“{}”：{}", pattern, e.what()));
  }
}

// The (year, seq) a number was made of with this pattern, if it was.
std::pair<int, std::optional<std::int64_t>> number_parts(const std::string& pattern, const std::string& number,
                                                         int fallback_year) {
  std::size_t end = number.size();
  while (end > 0 && !std::isdigit(static_cast<unsigned char>(number[end - 1]))) --end;
  std::size_t begin = end;
  while (begin > 0 && std::isdigit(static_cast<unsigned char>(number[begin - 1]))) --begin;
  if (begin < end && end - begin <= 9) {
    std::int64_t seq = std::stoll(number.substr(begin, end - begin));
    for (int y : {fallback_year, fallback_year - 1, fallback_year + 1}) {
      if (format_number(pattern, y, seq) == number) return {y, seq};
    }
  }
  return {fallback_year, std::nullopt};
}

const char* const kLifecycleKeys[] = {"status", "level", "opened_on", "deadline", "agreed_on",
                                      "agreement_kind", "perform_by", "settled_level", "failed_on",
                                      "referral", "closed_on", "followup", "followup_on"};

std::string str(const Value& v) {
  if (auto s = std::get_if<std::string>(&v)) return *s;
  return {};
}

// Checks (and completes) a case record before it is written: by `case open` and by import.
void prepare_case(Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
  const Entity& e = case_entity();
  Date today_date = today();
  // Parties: parse, and store the canonical text so that a re-import compares equal.
  if (r.has(e, "parties")) {
    std::vector<std::string> texts;
    std::size_t before = problems.size();
    for (const auto& t : split_parties(str(r.get(e, "parties")))) {
      Party p;
      if (auto problem = parse_party(ctx, t, p)) problems.push_back({"parties", *problem});
      else texts.push_back(party_text(ctx, p));
    }
    // One party named twice (as applicant and respondent, or twice in a role) is a mistake.
    for (std::size_t i = 0; i < texts.size() && problems.size() == before; ++i) {
      std::string who_i = texts[i].substr(texts[i].find(':') + 1);
      for (std::size_t j = 0; j < i; ++j) {
        std::string who_j = texts[j].substr(texts[j].find(':') + 1);
        if (who_i != who_j) continue;
        problems.push_back(
            {"parties", tr_format("{} is named twice (as {} and as {}); applicant and respondent are different parties",
                                  "{} 出现两次（{} 与 {}）；申请人与被申请人须为不同的当事人", who_i,
                                  texts[j].substr(0, texts[j].find(':')), texts[i].substr(0, texts[i].find(':')))});
        break;
      }
    }
    if (problems.size() == before) {
      if (texts.empty()) r.put(e, "parties", Value{});
      else r.put(e, "parties", join(texts, "; "));
    }
  }
  if (!existing && r.has(e, "number")) {  // import converts before it looks for the record
    auto find = ctx.db.cached("SELECT id FROM mediation_case WHERE number = ?");
    find.bind(1, str(r.get(e, "number")));
    if (find.step()) existing = find.integer(0);
  }
  if (existing) {
    // A case already in the file changes state only through the case verbs.
    std::string cols;
    std::vector<const char*> keys;
    for (const char* k : {"status", "deadline", "settled_level"})  // derived when empty: keep as stored
      if (r.has(e, k) && str(r.get(e, k)).empty()) r.present[static_cast<std::size_t>(e.index(k))] = false;
    for (const char* k : kLifecycleKeys) {
      if (!r.has(e, k)) continue;
      keys.push_back(k);
      cols += (cols.empty() ? "" : ", ") + e.field(k)->column;
    }
    if (keys.empty()) return;
    Stmt st(ctx.db, fmt::format("SELECT {} FROM mediation_case WHERE id = ?", cols));
    st.bind(1, *existing);
    if (!st.step()) return;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      std::string stored = st.is_null(static_cast<int>(i)) ? "" : st.text(static_cast<int>(i));
      if (stored != str(r.get(e, keys[i])))
        problems.push_back(
            {keys[i], tr_format("is \"{}\" in the data file; a case's state changes only through "
                                "`shequ case` verbs",
                                "数据文件中为“{}”；案件状态只能通过 `shequ case` 的各个命令改变", stored)});
    }
    return;
  }
  // A new case: complete the defaults and check that its dates tell one consistent story.
  auto date = [&](const char* key) -> std::optional<Date> {
    std::string s = str(r.get(e, key));
    if (s.empty()) return std::nullopt;
    return parse_date(s);
  };
  auto opened = date("opened_on");
  if (!opened) return;  // reported as required
  std::string number = str(r.get(e, "number"));
  if (!number.empty()) {
    // A number of another shape would be neither counted nor avoided by `case open`.
    const std::string pattern = ctx.config.string("cases.number_format");
    auto [year, seq] = number_parts(pattern, number, opened->year);
    r.put(e, "year", std::int64_t{year});
    if (seq) r.put(e, "seq", *seq);
    else
      problems.push_back(
          {"number", tr_format("\"{}\" does not follow cases.number_format \"{}\" for a case opened in {} "
                               "(e.g. {})",
                               "“{}”不符合 cases.number_format“{}”（立案年份 {}，如 {}）", number, pattern,
                               opened->year, format_number(pattern, opened->year, 1))});
  }
  auto agreed = date("agreed_on"), failed = date("failed_on"), closed = date("closed_on");
  auto since = date("dispute_since"), followup_on = date("followup_on"), deadline = date("deadline");
  std::string status = str(r.get(e, "status"));
  if (status.empty()) {
    status = closed ? "closed" : agreed ? "agreed" : failed ? "failed" : "open";
    r.put(e, "status", status);
  }
  if (!deadline) {
    r.put(e, "deadline", to_iso(case_deadline(*opened, static_cast<int>(ctx.config.integer("cases.deadline_days")))));
  } else if (*deadline < *opened) {
    problems.push_back({"deadline", tr_format("{} is before the case was opened ({})", "{} 早于立案日期（{}）",
                                              to_iso(*deadline), to_iso(*opened))});
  }
  auto not_before = [&](const char* key, std::optional<Date> d, const char* other, std::optional<Date> o) {
    if (d && o && *d < *o)
      problems.push_back({key, tr_format("{} is before {} ({})", "{} 早于 {}（{}）", to_iso(*d), other, to_iso(*o))});
  };
  not_before("opened_on", opened, "dispute_since", since);
  not_before("agreed_on", agreed, "opened_on", opened);
  not_before("failed_on", failed, "opened_on", opened);
  not_before("closed_on", closed, "agreed_on", agreed);
  not_before("closed_on", closed, "failed_on", failed);
  not_before("followup_on", followup_on, "agreed_on", agreed);
  for (const char* key : {"opened_on", "dispute_since", "agreed_on", "failed_on", "closed_on", "followup_on"}) {
    if (auto d = date(key); d && *d > today_date)
      problems.push_back({key, tr_format("{} is in the future", "{} 是将来的日期", to_iso(*d))});
  }
  if (agreed && failed)
    problems.push_back({"failed_on", std::string(tr("a case is either agreed or failed, not both",
                                                    "案件不能既达成协议又调解失败"))});
  bool active = status == "open" || status == "mediating";
  if (active && (agreed || failed || closed))
    problems.push_back({"status", tr_format("a {} case has no agreed_on, failed_on or closed_on",
                                            "状态为 {} 的案件不应有 agreed_on、failed_on 或 closed_on", status)});
  if (status == "agreed" && (!agreed || closed))
    problems.push_back({"status", std::string(tr("an agreed case needs agreed_on and no closed_on",
                                                 "已达成协议的案件需要 agreed_on，且不应有 closed_on"))});
  if (status == "failed" && (!failed || closed))
    problems.push_back({"status", std::string(tr("a failed case needs failed_on and no closed_on",
                                                 "调解失败的案件需要 failed_on，且不应有 closed_on"))});
  if (status == "closed" && (!closed || (!agreed && !failed)))
    problems.push_back({"status", std::string(tr("a closed case needs closed_on and agreed_on or failed_on",
                                                 "已结案的案件需要 closed_on，以及 agreed_on 或 failed_on"))});
  if (failed && str(r.get(e, "referral")).empty())
    problems.push_back({"referral", std::string(tr("a failed case names its referral route (arbitration, "
                                                   "administrative, court)",
                                                   "调解失败的案件须注明引导途径（arbitration 仲裁、"
                                                   "administrative 行政、court 诉讼）"))});
  if (!failed && !str(r.get(e, "referral")).empty())
    problems.push_back({"referral", std::string(tr("only a failed case has a referral route",
                                                   "只有调解失败的案件才有引导途径"))});
  if (!agreed) {
    for (const char* key : {"agreement_kind", "agreement_terms", "perform_by", "settled_level", "followup", "followup_on"})
      if (!str(r.get(e, key)).empty())
        problems.push_back({key, std::string(tr("needs agreed_on", "需要 agreed_on"))});
  } else if (str(r.get(e, "settled_level")).empty()) {
    std::string level = str(r.get(e, "level"));
    r.put(e, "settled_level", level.empty() ? "grid" : level);
  }
  if (followup_on.has_value() != !str(r.get(e, "followup")).empty())
    problems.push_back({"followup", std::string(tr("followup and followup_on go together",
                                                   "followup 与 followup_on 须同时给出"))});
}

// Parties, and the first timeline entry of a new case ("import" marks one from `import cases`).
void write_case_rows(Context& ctx, std::int64_t id, Outcome outcome, const Record& r, bool imported) {
  const Entity& e = case_entity();
  if (r.has(e, "parties")) {
    std::vector<Party> parties;
    for (const auto& t : split_parties(str(r.get(e, "parties")))) {
      Party p;
      if (!parse_party(ctx, t, p)) parties.push_back(p);
    }
    write_parties(ctx, id, parties);
  }
  if (outcome == Outcome::inserted)
    add_entry(ctx, id, str(r.get(e, "opened_on")), "open", str(r.get(e, "status")),
              EntryText{.code = imported ? "import" : ""});
}

void after_write_case(Context& ctx, std::int64_t id, Outcome outcome, const Record& r) {
  write_case_rows(ctx, id, outcome, r, true);
}

}  // namespace

Date case_deadline(Date opened, int deadline_days) { return add_days(opened, deadline_days); }

const Entity& case_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "case";
    e.plural = "cases";
    e.prefix = 'C';
    e.en = "case";
    e.zh = "调解案件";
    e.table = "mediation_case";
    e.order_by = "t.opened_on, t.id";
    const std::vector<std::string> levels = {"grid", "community", "street"};
    e.fields = {
        {.key = "number", .en = "Number", .zh = "案件编号", .column = "number", .required = true},
        {.key = "title", .en = "Title", .zh = "案由", .column = "title", .required = true},
        {.key = "type", .en = "Type", .zh = "纠纷类型", .type = FieldType::vocab, .column = "type",
         .target = "case-type", .required = true},
        {.key = "source", .en = "Source", .zh = "案件来源", .type = FieldType::vocab, .column = "source",
         .target = "case-source", .fallback = "application"},
        {.key = "grid", .en = "Grid", .zh = "网格", .type = FieldType::ref, .column = "grid_id",
         .select = "(SELECT code FROM grid g WHERE g.id = t.grid_id)", .target = "grid", .required = true},
        {.key = "mode", .en = "Mode", .zh = "调解方式", .type = FieldType::choice, .column = "mode",
         .choices = {"private", "online", "offline", "public"}, .fallback = "private"},
        {.key = "level", .en = "Level", .zh = "层级", .type = FieldType::choice, .column = "level", .choices = levels, .fallback = "grid"},
        {.key = "status", .en = "Status", .zh = "状态", .type = FieldType::choice, .column = "status",
         .choices = {"open", "mediating", "agreed", "failed", "closed"}},
        {.key = "opened_on", .en = "Opened", .zh = "立案日期", .type = FieldType::date, .column = "opened_on",
         .required = true},
        {.key = "age_days", .en = "Age (days)", .zh = "已历天数", .type = FieldType::integer,
         .select = "CAST(julianday(coalesce(t.agreed_on, t.failed_on, shequ_today())) - julianday(t.opened_on) AS INTEGER)",
         .exported = false},
        {.key = "deadline", .en = "Deadline", .zh = "办结期限", .type = FieldType::date, .column = "deadline"},
        {.key = "mediator", .en = "Lead mediator", .zh = "主调解员",
         .select = "(SELECT p.name FROM case_mediator m JOIN person p ON p.id = m.person_id "
                   "WHERE m.case_id = t.id AND m.role = 'lead' AND m.to_date IS NULL ORDER BY m.id DESC LIMIT 1)",
         .exported = false},
        {.key = "dispute_since", .en = "Dispute since", .zh = "纠纷起始日期", .type = FieldType::date,
         .column = "dispute_since", .listed = false},
        {.key = "parties", .en = "Parties", .zh = "当事人", .select = kPartiesSelect,
         .privacy = Privacy::confidential, .listed = false, .hook = true, .max_chars = 2000},
        {.key = "summary", .en = "Summary", .zh = "纠纷简况", .column = "summary",
         .privacy = Privacy::confidential, .listed = false, .multiline = true},
        {.key = "agreed_on", .en = "Agreed", .zh = "达成协议日期", .type = FieldType::date, .column = "agreed_on",
         .listed = false},
        {.key = "agreement_kind", .en = "Agreement", .zh = "协议形式", .type = FieldType::choice,
         .column = "agreement_kind", .choices = {"written", "oral"}, .listed = false},
        {.key = "agreement_terms", .en = "Agreement terms", .zh = "协议内容", .column = "agreement_terms",
         .privacy = Privacy::confidential, .listed = false, .multiline = true},
        {.key = "perform_by", .en = "Carry out by", .zh = "履行期限", .type = FieldType::date,
         .column = "perform_by", .listed = false},
        {.key = "settled_level", .en = "Settled at", .zh = "化解层级", .type = FieldType::choice,
         .column = "settled_level", .choices = levels, .listed = false},
        {.key = "failed_on", .en = "Failed", .zh = "调解失败日期", .type = FieldType::date, .column = "failed_on",
         .listed = false},
        {.key = "referral", .en = "Referred to", .zh = "引导途径", .type = FieldType::choice, .column = "referral",
         .choices = {"arbitration", "administrative", "court"}, .listed = false},
        {.key = "closed_on", .en = "Closed", .zh = "结案日期", .type = FieldType::date, .column = "closed_on",
         .listed = false},
        {.key = "followup", .en = "Follow-up", .zh = "回访结果", .type = FieldType::choice, .column = "followup",
         .choices = {"holding", "broken"}, .listed = false},
        {.key = "followup_on", .en = "Followed up", .zh = "回访日期", .type = FieldType::date,
         .column = "followup_on", .listed = false},
        {.key = "year", .en = "Year", .zh = "年度", .type = FieldType::integer, .column = "year",
         .listed = false, .exported = false, .min = 1900, .max = 2200},
        {.key = "seq", .en = "Sequence", .zh = "年度序号", .type = FieldType::integer, .column = "seq",
         .listed = false, .exported = false, .min = 1, .max = 999999999},
    };
    e.natural_keys = {{"number"}};
    e.lookup_sql = "SELECT id, number || ' ' || title FROM mediation_case WHERE number = ?1";
    e.prepare = prepare_case;
    e.after_write = after_write_case;
    return e;
  }();
  return e;
}

// ---- opening ----

namespace {

struct Mediator {
  std::int64_t person = 0;
  std::optional<std::int64_t> volunteer;
};

// A mediator is a volunteer (V12 or a volunteer number, when volunteers exist) or a person.
Mediator resolve_mediator(Context& ctx, const std::string& text) {
  Mediator m;
  if (has_entity("volunteer")) {
    try {
      m.volunteer = resolve(ctx, "volunteer", text);
      auto st = ctx.db.cached("SELECT person_id FROM volunteer WHERE id = ?");
      st.bind(1, *m.volunteer);
      if (st.step()) m.person = st.integer(0);
      return m;
    } catch (const Error& e) {
      if (e.code() != Exit::not_found || is_prefixed_id(trim(text), 'V')) throw;
    }
  }
  m.person = resolve(ctx, "person", text);
  return m;
}

// Refuses (65) a mediator who is a party to the case: named as one, or living in a party household.
void start_mediator(Context& ctx, std::int64_t case_id, const Mediator& m, std::string_view role,
                    const std::string& date) {
  auto party = ctx.db.cached(
      "SELECT 1 FROM case_party WHERE case_id = ?1 AND (person_id = ?2 OR "
      "household_id = (SELECT household_id FROM person WHERE id = ?2))");
  party.bind_all(case_id, m.person);
  bool is_party = party.step();
  if (is_party)
    throw Error(Exit::data,
                tr_format("--mediator: R{} is a party to this case (or lives in a party's household); "
                          "a mediator must be impartial",
                          "--mediator：R{} 是本案当事人（或与当事人同户）；调解员须与案件无利害关系", m.person));
  auto st = ctx.db.cached(
      "INSERT INTO case_mediator (case_id, person_id, volunteer_id, role, from_date) VALUES (?, ?, ?, ?, ?)");
  st.bind_all(case_id, m.person, m.volunteer, role, date);
  st.run();
}

std::string parse_step_date(const std::string& text, const char* option) {
  if (text.empty()) return to_iso(today());
  auto d = parse_date(text);
  if (!d)
    throw Error(Exit::data, tr_format("{}: \"{}\" is not a date (use 2026-03-05)",
                                      "{}：“{}”不是有效日期（格式如 2026-03-05）", option, text));
  return to_iso(*d);
}

}  // namespace

CaseOpened open_case(Context& ctx, const CaseOpening& o) {
  Change change(ctx);
  std::string opened = parse_step_date(o.opened, "--opened");
  if (*parse_date(opened) > today())
    throw Error(Exit::data, tr_format("--opened: {} is in the future", "--opened：{} 是将来的日期", opened));
  if (!o.mode.empty() && !iequals_ascii(o.mode, "private") && !iequals_ascii(o.mode, "online") &&
      !iequals_ascii(o.mode, "offline") && !iequals_ascii(o.mode, "public"))
    throw Error(Exit::data, tr_format("--mode: \"{}\" is not one of private, online, offline, public",
                                      "--mode：“{}”不是 private、online、offline、public 之一", o.mode));
  if (o.parties.empty())
    throw Error(Exit::data, std::string(tr("--party: a case has at least one party (e.g. --party applicant:R12)",
                                           "--party：案件至少要有一方当事人（如 --party applicant:R12）")));
  // The number: the next of the year, counted inside this write transaction.
  int year = parse_date(opened)->year;
  std::string pattern = ctx.config.string("cases.number_format");
  auto next = ctx.db.cached("SELECT coalesce(max(seq), 0) + 1 FROM mediation_case WHERE year = ?");
  next.bind(1, year);
  std::int64_t seq = next.step() ? next.integer(0) : 1;
  std::string number = format_number(pattern, year, seq);
  for (;;) {  // an imported number of another shape may already hold this text
    auto taken = ctx.db.cached("SELECT 1 FROM mediation_case WHERE number = ?");
    taken.bind(1, number);
    bool used = taken.step();
    if (!used) break;
    number = format_number(pattern, year, ++seq);
  }
  Input in;
  in.set("number", number);
  in.set("title", o.title);
  in.set("type", o.type);
  in.set("source", o.source.empty() ? "application" : o.source);
  in.set("grid", o.grid);
  in.set("mode", o.mode.empty() ? "private" : o.mode);
  in.set("level", o.level.empty() ? "grid" : o.level);
  in.set("status", "open");
  in.set("opened_on", opened);
  if (!o.dispute_since.empty()) in.set("dispute_since", o.dispute_since);
  if (!o.summary.empty()) in.set("summary", o.summary);
  std::vector<std::string> parties;
  for (const auto& p : o.parties) parties.push_back(p);
  in.set("parties", join(parties, "; "));
  const Entity& e = case_entity();
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, std::nullopt, problems);
  if (trim(o.title).empty()) problems.push_back({"title", std::string(tr("is required", "必填"))});
  if (trim(o.type).empty()) problems.push_back({"type", std::string(tr("is required", "必填"))});
  if (trim(o.grid).empty()) problems.push_back({"grid", std::string(tr("is required", "必填"))});
  r.put(e, "year", std::int64_t{year});
  r.put(e, "seq", seq);
  throw_if(problems, "");
  std::vector<Mediator> mediators;
  for (const auto& m : o.mediators) mediators.push_back(resolve_mediator(ctx, m));
  static const Entity opening = [] {  // the case entity without the import's after_write
    Entity copy = case_entity();
    copy.after_write = [](Context& c, std::int64_t id, Outcome out, const Record& rec) {
      write_case_rows(c, id, out, rec, false);
    };
    return copy;
  }();
  auto [id, outcome] = write_checked(ctx, opening, r, std::nullopt, "");
  // write_case_rows wrote the parties and the "open" entry; mediators follow.
  for (std::size_t i = 0; i < mediators.size(); ++i) {
    const char* role = i == 0 ? "lead" : "assist";
    start_mediator(ctx, id, mediators[i], role, opened);
    add_entry(ctx, id, opened, "assign", "open",
              EntryText{.code = fmt::format("{}:R{}", role, mediators[i].person)});
  }
  change.subject("case", id);
  change.commit();
  return CaseOpened{id, number};
}

// ---- the state machine ----

namespace {

struct Rule {
  CaseVerb verb;
  std::string_view name;
  std::vector<std::string_view> from;  // statuses that allow the verb
};

// The one table of allowed transitions; where each verb leads is in case_step().
const std::vector<Rule>& rules() {
  static const std::vector<Rule> r = {
      {CaseVerb::assign, "assign", {"open", "mediating"}},
      {CaseVerb::note, "note", {"open", "mediating", "agreed", "failed"}},
      {CaseVerb::session, "session", {"open", "mediating"}},                   // → mediating
      {CaseVerb::escalate, "escalate", {"open", "mediating"}},
      {CaseVerb::agree, "agree", {"mediating"}},                               // → agreed
      {CaseVerb::fail, "fail", {"open", "mediating"}},                         // → failed
      {CaseVerb::follow_up, "follow-up", {"agreed", "closed"}},                // broken + reopen → mediating
      {CaseVerb::review, "review", {"agreed", "failed", "closed"}},
      {CaseVerb::close, "close", {"agreed", "failed"}},                        // → closed
      {CaseVerb::reopen, "reopen", {"agreed", "failed", "closed"}},            // → mediating
      {CaseVerb::extend, "extend", {"open", "mediating"}},
  };
  return r;
}

struct CaseState {
  std::int64_t id = 0;
  std::string number, status, level;
  Date opened, deadline;
  std::optional<Date> agreed_on;
};

CaseState load_state(Context& ctx, std::int64_t id) {
  auto st = ctx.db.cached(
      "SELECT number, status, level, opened_on, deadline, agreed_on FROM mediation_case WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) throw Error(Exit::not_found, fmt::format("case C{}", id));
  CaseState s{id, st.text(0), st.text(1), st.text(2), *parse_date(st.text(3)), *parse_date(st.text(4)), std::nullopt};
  if (!st.is_null(5)) s.agreed_on = parse_date(st.text(5));
  return s;
}

std::string status_label(std::string_view status) { return choice_label(status); }

[[noreturn]] void refuse(const CaseState& s, CaseVerb verb, std::string why = {}) {
  std::vector<std::string> allowed;
  for (CaseVerb v : case_verbs_allowed(s.status)) allowed.emplace_back(case_verb_name(v));
  std::string head = tr_format("case {} (C{}) is {} ({})", "案件 {}（C{}）当前状态为 {}（{}）", s.number, s.id,
                               s.status, status_label(s.status));
  throw Error(Exit::refused,
              why.empty() ? tr_format("{}: cannot {}; allowed now: {}", "{}：不能执行 {}；现在可执行：{}", head,
                                      case_verb_name(verb), join(allowed, ", "))
                          : fmt::format("{}: {}", head, why),
              tr_format("see `shequ case show {}`", "见 `shequ case show {}`", s.number));
}

[[noreturn]] void bad(std::string_view option, std::string message) {
  throw Error(Exit::data, fmt::format("{}: {}", option, message));
}

void require_text(const std::string& value, std::string_view option) {
  if (trim(value).empty()) bad(option, std::string(tr("is required", "必填")));
}

void forbid(bool given, std::string_view option, CaseVerb verb) {
  if (given) bad(option, tr_format("does not apply to `case {}`", "不适用于 `case {}`", case_verb_name(verb)));
}

std::string method_code(Context& ctx, const std::string& text) {
  auto st = ctx.db.cached(
      "SELECT code FROM vocab WHERE kind = 'mediation-method' AND active = 1 AND (code = ?1 OR zh = ?1 OR "
      "lower(en) = lower(?1)) ORDER BY code = ?1 DESC LIMIT 1");
  st.bind(1, trim(text));
  if (st.step()) {
    std::string c = st.text(0);
    return c;
  }
  auto all = ctx.db.cached(
      "SELECT group_concat(code, ', ') FROM (SELECT code FROM vocab WHERE kind = 'mediation-method' AND active = 1 "
      "ORDER BY sort, code)");
  std::string codes = all.step() ? all.text(0) : "";
  bad("--method", tr_format("\"{}\" is not a mediation-method code (valid: {})",
                            "“{}”不是有效的调解方法代码（可用：{}）", text, codes));
}

std::string one_of(const std::string& value, std::initializer_list<const char*> choices, std::string_view option) {
  for (const char* c : choices)
    if (iequals_ascii(value, c)) return c;
  std::vector<std::string> cs(choices.begin(), choices.end());
  bad(option, tr_format("\"{}\" is not one of {}", "“{}”不是以下之一：{}", value, join(cs, ", ")));
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

}  // namespace

std::string_view case_verb_name(CaseVerb verb) {
  for (const Rule& r : rules())
    if (r.verb == verb) return r.name;
  return "?";
}

std::vector<CaseVerb> case_verbs_allowed(std::string_view status) {
  std::vector<CaseVerb> out;
  for (const Rule& r : rules())
    if (std::find(r.from.begin(), r.from.end(), status) != r.from.end()) out.push_back(r.verb);
  return out;
}

std::string case_step(Context& ctx, CaseVerb verb, const CaseStep& s) {
  Change change(ctx);
  std::int64_t id = resolve(ctx, case_entity(), s.case_ref);
  CaseState st = load_state(ctx, id);
  const Rule* rule = nullptr;
  for (const Rule& r : rules())
    if (r.verb == verb) rule = &r;
  if (std::find(rule->from.begin(), rule->from.end(), st.status) == rule->from.end()) refuse(st, verb);

  // Options that belong to other verbs are a usage slip worth naming.
  forbid(!s.mediator.empty() && verb != CaseVerb::assign, "--mediator", verb);
  forbid(!s.method.empty() && verb != CaseVerb::session, "--method", verb);
  forbid(!s.outcome.empty() && verb != CaseVerb::session, "--outcome", verb);
  forbid(!s.agreement_kind.empty() && verb != CaseVerb::agree, "--kind", verb);
  forbid(!s.referral.empty() && verb != CaseVerb::fail, "--referral", verb);
  forbid(!s.result.empty() && verb != CaseVerb::follow_up, "--result", verb);

  std::string date = parse_step_date(s.date, "--date");
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

  const int deadline_days = static_cast<int>(ctx.config.integer("cases.deadline_days"));
  std::string status = st.status;
  EntryText t;
  t.text = trim(s.text);
  switch (verb) {
    case CaseVerb::assign: {
      require_text(s.mediator, "--mediator");
      Mediator m = resolve_mediator(ctx, s.mediator);
      std::string role = s.role.empty() ? "lead" : one_of(s.role, {"lead", "assist"}, "--role");
      auto cur = ctx.db.cached(
          "SELECT id, role FROM case_mediator WHERE case_id = ? AND person_id = ? AND to_date IS NULL");
      cur.bind_all(id, m.person);
      std::optional<std::int64_t> row;
      std::string current_role;
      if (cur.step()) { row = cur.integer(0); current_role = cur.text(1); }
      auto end = ctx.db.cached("UPDATE case_mediator SET to_date = ? WHERE id = ?");
      if (s.end) {
        if (!row)
          refuse(st, verb, tr_format("R{} is not a current mediator of this case", "R{} 不是本案现任调解员", m.person));
        end.bind_all(date, *row);
        end.run();
        add_entry(ctx, id, date, "unassign", status, EntryText{.code = fmt::format("{}:R{}", current_role, m.person)});
        break;
      }
      if (row && current_role == role)
        refuse(st, verb, tr_format("R{} is already the {} mediator", "R{} 已是本案{}调解员", m.person, role));
      if (row) {  // a change of role: the old one ends today
        end.bind_all(date, *row);
        end.run();
      }
      if (role == "lead") {  // one lead at a time
        auto lead = ctx.db.cached(
            "UPDATE case_mediator SET to_date = ? WHERE case_id = ? AND role = 'lead' AND to_date IS NULL");
        lead.bind_all(date, id);
        lead.run();
      }
      start_mediator(ctx, id, m, role, date);
      t.code = fmt::format("{}:R{}", role, m.person);
      t.text.clear();
      break;
    }
    case CaseVerb::note:
      require_text(s.text, tr("the note text", "备注内容"));
      break;
    case CaseVerb::session:
      require_text(s.method, "--method");
      t.code = method_code(ctx, s.method);
      if (!s.outcome.empty()) t.text = t.text.empty() ? trim(s.outcome) : t.text + " — " + trim(s.outcome);
      status = "mediating";
      set_columns(ctx, id, "status = ?", {status});
      break;
    case CaseVerb::escalate: {
      int rank = level_rank(st.level);
      if (rank >= 2) refuse(st, verb, std::string(tr("it is already at street level, the highest",
                                                     "已在街道层级，无法再上报")));
      std::string to = s.level.empty() ? kLevels[rank + 1] : one_of(s.level, {"community", "street"}, "--to");
      if (level_rank(to) <= rank)
        bad("--to", tr_format("the case is already at {} level", "案件已在 {} 层级", st.level));
      require_text(s.text, "--reason");
      t.code = fmt::format("{}→{}", st.level, to);
      set_columns(ctx, id, "level = ?", {to});
      break;
    }
    case CaseVerb::agree: {
      require_text(s.agreement_kind, "--kind");
      std::string kind = one_of(s.agreement_kind, {"written", "oral"}, "--kind");
      require_text(s.text, "--terms");
      if (kind == "written") {  // 人民调解法 Art. 29: what a written agreement states
        require_text(s.facts, "--facts");
        require_text(s.issues, "--issues");
        require_text(s.responsibilities, "--responsibilities");
        require_text(s.performance, "--how");
        require_text(s.perform_by, "--by");
      }
      std::string by;
      if (!s.perform_by.empty()) {
        by = parse_step_date(s.perform_by, "--by");
        if (by < date) bad("--by", tr_format("{} is before the agreement ({})", "{} 早于协议日期（{}）", by, date));
      }
      t.code = kind;
      t.facts = trim(s.facts);
      t.issues = trim(s.issues);
      t.responsibilities = trim(s.responsibilities);
      t.performance = trim(s.performance);
      t.due = by;
      status = "agreed";
      set_columns(ctx, id,
                  "status = ?, agreed_on = ?, agreement_kind = ?, agreement_terms = ?, perform_by = ?, "
                  "settled_level = level, followup = NULL, followup_on = NULL",
                  {status, date, kind, t.text, by.empty() ? Value{} : Value{by}});
      break;
    }
    case CaseVerb::fail: {
      require_text(s.referral, "--referral");
      t.code = one_of(s.referral, {"arbitration", "administrative", "court"}, "--referral");
      status = "failed";
      set_columns(ctx, id, "status = ?, failed_on = ?, referral = ?", {status, date, t.code});
      break;
    }
    case CaseVerb::follow_up: {
      if (!st.agreed_on) refuse(st, verb, std::string(tr("it was closed without an agreement; there is nothing to follow up",
                                                         "该案未达成协议即结案，无需回访")));
      if (day < *st.agreed_on)
        bad("--date",
            tr_format("{} is before the agreement ({})", "{} 早于协议日期（{}）", date, to_iso(*st.agreed_on)));
      require_text(s.result, "--result");
      t.code = one_of(s.result, {"holding", "broken"}, "--result");
      if (s.satisfaction && (*s.satisfaction < 1 || *s.satisfaction > 5))
        bad("--satisfaction", tr_format("{} is not 1–5", "{} 不在 1–5 之间", *s.satisfaction));
      if (s.reopen && t.code != "broken")
        bad("--reopen", std::string(tr("only a broken agreement reopens the case", "只有协议未履行时才能重新调解")));
      t.satisfaction = s.satisfaction;
      set_columns(ctx, id, "followup = ?, followup_on = ?", {t.code, date});
      if (s.reopen) {
        add_entry(ctx, id, date, "follow-up", status, t);
        status = "mediating";
        t = EntryText{.code = "follow-up", .text = std::string(tr("agreement broken", "协议未履行"))};
        set_columns(ctx, id,
                    "status = ?, deadline = ?, agreed_on = NULL, agreement_kind = NULL, agreement_terms = NULL, "
                    "perform_by = NULL, settled_level = NULL, closed_on = NULL",
                    {status, to_iso(case_deadline(day, deadline_days))});
        add_entry(ctx, id, date, "reopen", status, t);
        change.subject("case", id);
        change.commit();
        return status;
      }
      break;
    }
    case CaseVerb::review:
      require_text(s.text, "--lessons");
      break;
    case CaseVerb::close:
      status = "closed";
      set_columns(ctx, id, "status = ?, closed_on = ?", {status, date});
      break;
    case CaseVerb::reopen:
      require_text(s.text, "--reason");
      status = "mediating";
      set_columns(ctx, id,
                  "status = ?, deadline = ?, agreed_on = NULL, agreement_kind = NULL, agreement_terms = NULL, "
                  "perform_by = NULL, settled_level = NULL, failed_on = NULL, referral = NULL, closed_on = NULL",
                  {status, to_iso(case_deadline(day, deadline_days))});
      break;
    case CaseVerb::extend: {
      if (!s.consent)
        refuse(st, verb, std::string(tr("an extension needs both parties' consent (--consent)",
                                        "延期须经双方当事人同意（--consent）")));
      if (s.perform_by.empty() == !s.days.has_value())
        throw Error(Exit::usage, std::string(tr("case extend: give --to DATE or --days N", "case extend：请给出 --to 日期 或 --days 天数")));
      Date to;
      if (s.days) {
        if (*s.days <= 0) bad("--days", tr_format("{} is not a positive number of days", "{} 不是正的天数", *s.days));
        to = add_days(st.deadline, *s.days);
      } else {
        to = *parse_date(parse_step_date(s.perform_by, "--to"));
      }
      if (to <= st.deadline)
        bad("--to", tr_format("{} is not after the current deadline {}", "{} 不晚于当前期限 {}", to_iso(to),
                              to_iso(st.deadline)));
      t.code = to_iso(st.deadline) + "→" + to_iso(to);
      t.due = to_iso(to);
      set_columns(ctx, id, "deadline = ?", {t.due});
      break;
    }
  }
  add_entry(ctx, id, date, case_verb_name(verb), status, t);
  change.subject("case", id);
  change.commit();
  return status;
}

// ---- corrections ----

namespace {

// The last step's date or today, whichever is later: a correction is recorded when it is made.
std::string correction_date(Context& ctx, std::int64_t id) {
  std::string on = to_iso(today());
  auto last = ctx.db.cached("SELECT max(on_date) FROM case_entry WHERE case_id = ?");
  last.bind(1, id);
  if (last.step() && !last.is_null(0) && last.text(0) > on) on = last.text(0);
  return on;
}

// The fields `case set` corrects: key, option, and whether its value is shown without --reveal.
struct Correctable {
  const char* key;
  const char* option;
  bool shown;
  std::optional<std::string> CaseCorrection::*value;
};
const Correctable kCorrectable[] = {
    {"title", "--title", true, &CaseCorrection::title},
    {"type", "--type", true, &CaseCorrection::type},
    {"source", "--source", true, &CaseCorrection::source},
    {"grid", "--grid", true, &CaseCorrection::grid},
    {"mode", "--mode", true, &CaseCorrection::mode},
    {"summary", "--summary", false, &CaseCorrection::summary},
    {"dispute_since", "--dispute-start", true, &CaseCorrection::dispute_since},
};

// The corrected fields as stored, in kCorrectable's order (grid by its code).
std::vector<std::string> correctable_values(Context& ctx, std::int64_t id) {
  Stmt st(ctx.db,
          "SELECT title, type, coalesce(source, ''), coalesce((SELECT code FROM grid g WHERE g.id = t.grid_id), ''), "
          "coalesce(mode, ''), coalesce(summary, ''), coalesce(dispute_since, '') FROM mediation_case t WHERE id = ?");
  st.bind(1, id);
  std::vector<std::string> v;
  if (st.step())
    for (int i = 0; i < 7; ++i) v.push_back(st.text(i));
  return v;
}

struct StoredParty {
  std::int64_t row = 0;
  Party party;
  std::string text;  // party_text(): "respondent:R5 张三"
};

std::vector<StoredParty> stored_parties(Context& ctx, std::int64_t case_id) {
  std::vector<StoredParty> out;
  Stmt st(ctx.db,
          "SELECT id, role, person_id, household_id, partner_id, coalesce(name, ''), is_org FROM case_party "
          "WHERE case_id = ? ORDER BY id");
  st.bind(1, case_id);
  while (st.step()) {
    StoredParty s;
    s.row = st.integer(0);
    s.party.role = st.text(1);
    if (!st.is_null(2)) s.party.person = st.integer(2);
    if (!st.is_null(3)) s.party.household = st.integer(3);
    if (!st.is_null(4)) s.party.partner = st.integer(4);
    s.party.name = st.text(5);
    s.party.org = st.integer(6) == 1;
    out.push_back(std::move(s));
  }
  for (auto& s : out) s.text = party_text(ctx, s.party);
  return out;
}

// Who a party text names, without its role: "R5 张三".
std::string who_of(const std::string& text) { return text.substr(text.find(':') + 1); }

Party parse_party_option(Context& ctx, const std::string& text) {
  Party p;
  if (auto problem = parse_party(ctx, text, p)) bad("--party", *problem);
  return p;
}

}  // namespace

void correct_case(Context& ctx, const CaseCorrection& c) {
  Change change(ctx);
  const Entity& e = case_entity();
  std::int64_t id = resolve(ctx, e, c.case_ref);
  CaseState st = load_state(ctx, id);
  Input in;
  for (const Correctable& f : kCorrectable)
    if (const auto& v = c.*f.value) in.set(f.key, *v);
  if (in.values.empty())
    throw Error(Exit::usage, std::string(tr("case set: give at least one of --title, --type, --source, --grid, --mode, "
                                            "--summary, --dispute-start",
                                            "case set：请至少给出 --title、--type、--source、--grid、--mode、--summary、"
                                            "--dispute-start 之一")));
  for (const char* key : {"title", "type", "grid", "mode"})  // what every case has cannot be blanked
    if (const std::string* v = in.get(key); v && trim(*v).empty()) bad(option_name(key), std::string(tr("is required", "必填")));
  if (c.dispute_since && !trim(*c.dispute_since).empty()) {
    std::string since = parse_step_date(*c.dispute_since, "--dispute-start");
    if (*parse_date(since) > st.opened)
      bad("--dispute-start",
          tr_format("{} is after the case was opened ({})", "{} 晚于立案日期（{}）", since, to_iso(st.opened)));
  }
  std::vector<Problem> problems;
  Record r = convert(ctx, e, in, id, problems);
  check_record(e, r, false, problems);
  for (Problem& p : problems)  // the options of `case set`, as `case open` names them
    for (const Correctable& f : kCorrectable)
      if (p.field == f.key) p.field = f.option;
  throw_if(problems, "");
  std::vector<std::string> before = correctable_values(ctx, id);
  write_checked(ctx, e, r, id, "");
  std::vector<std::string> after = correctable_values(ctx, id);
  std::vector<std::string> changed;
  for (std::size_t i = 0; i < std::size(kCorrectable); ++i) {
    if (before[i] == after[i]) continue;
    const Correctable& f = kCorrectable[i];
    changed.push_back(f.shown ? fmt::format("{} {}→{}", f.option, before[i], after[i]) : std::string(f.option));
  }
  if (changed.empty())
    refuse(st, CaseVerb::note, std::string(tr("case set: nothing differs from what is recorded", "case set：与现有记录相同，无需更正")));
  add_entry(ctx, id, correction_date(ctx, id), "note", st.status, EntryText{.code = "set: " + join(changed, "; ")});
  change.subject("case", id);
  change.commit();
}

void add_case_party(Context& ctx, const std::string& case_ref, const std::string& party) {
  Change change(ctx);
  std::int64_t id = resolve(ctx, case_entity(), case_ref);
  CaseState st = load_state(ctx, id);
  Party p = parse_party_option(ctx, party);
  std::string text = party_text(ctx, p);
  for (const StoredParty& s : stored_parties(ctx, id))
    if (who_of(s.text) == who_of(text))
      refuse(st, CaseVerb::note,
             tr_format("{} is already a party ({})", "{} 已是本案当事人（{}）", who_of(text), s.party.role));
  if (p.person || p.household) {  // a mediator stays impartial
    auto m = ctx.db.cached(
        "SELECT m.person_id FROM case_mediator m JOIN person x ON x.id = m.person_id WHERE m.case_id = ?1 "
        "AND m.to_date IS NULL AND (m.person_id = ?2 OR x.household_id = ?3 OR x.household_id = "
        "(SELECT household_id FROM person WHERE id = ?2))");
    m.bind(1, id).bind(2, p.person).bind(3, p.household);
    bool mediator = m.step();
    std::int64_t who = mediator ? m.integer(0) : 0;
    if (mediator)
      refuse(st, CaseVerb::note,
             tr_format("R{} mediates this case; end that assignment first (case assign … --end)",
                       "R{} 是本案调解员；请先结束其指派（case assign … --end）", who));
  }
  auto ins = ctx.db.cached(
      "INSERT INTO case_party (case_id, role, person_id, household_id, partner_id, name, is_org) VALUES (?, ?, ?, ?, ?, ?, ?)");
  ins.bind_all(id, p.role, p.person, p.household, p.partner);
  if (p.name.empty() || p.person || p.household) ins.bind(6, nullptr); else ins.bind(6, p.name);
  ins.bind(7, p.org ? 1 : 0);
  ins.run();
  add_entry(ctx, id, correction_date(ctx, id), "note", st.status, EntryText{.code = "party+ " + p.role, .text = text});
  change.subject("case", id);
  change.commit();
}

void remove_case_party(Context& ctx, const std::string& case_ref, const std::string& party) {
  Change change(ctx);
  std::int64_t id = resolve(ctx, case_entity(), case_ref);
  CaseState st = load_state(ctx, id);
  std::string text = party_text(ctx, parse_party_option(ctx, party));
  std::vector<StoredParty> parties = stored_parties(ctx, id);
  auto found = std::find_if(parties.begin(), parties.end(), [&](const StoredParty& s) { return s.text == text; });
  if (found == parties.end())
    throw Error(Exit::not_found,
                tr_format("--party: {} is not a party to case {} in that role",
                          "--party：{} 不是案件 {} 的该角色当事人", who_of(text), st.number),
                tr_format("see `shequ --reveal case show {}`", "见 `shequ --reveal case show {}`", st.number));
  if (parties.size() == 1)
    refuse(st, CaseVerb::note, std::string(tr("a case keeps at least one party; add the right one first (case party add)",
                                              "案件至少要有一方当事人；请先添加正确的当事人（case party add）")));
  auto del = ctx.db.cached("DELETE FROM case_party WHERE id = ?");
  del.bind(1, found->row);
  del.run();
  add_entry(ctx, id, correction_date(ctx, id), "note", st.status,
            EntryText{.code = "party- " + found->party.role, .text = found->text});
  change.subject("case", id);
  change.commit();
}

// ---- reading ----

Query case_query(Context& ctx, const CaseFilter& f) {
  Query q;
  if (!f.status.empty()) {
    if (f.status == "active") {
      q.where.push_back("t.status IN ('open', 'mediating')");
    } else {
      static const char* kStatuses[] = {"open", "mediating", "agreed", "failed", "closed"};
      if (std::find_if(std::begin(kStatuses), std::end(kStatuses), [&](const char* s) { return f.status == s; }) ==
          std::end(kStatuses))
        bad("--status", tr_format("\"{}\" is not one of open, mediating, agreed, failed, closed, active",
                                  "“{}”不是 open、mediating、agreed、failed、closed、active 之一", f.status));
      q.add("t.status = ?", f.status);
    }
  }
  if (!f.level.empty()) q.add("t.level = ?", one_of(f.level, {"grid", "community", "street"}, "--level"));
  match(ctx, case_entity(), q, "type", f.type);
  if (!f.grid.empty()) q.add("t.grid_id = ?", resolve(ctx, "grid", f.grid));
  if (!f.mediator.empty()) {
    Mediator m = resolve_mediator(ctx, f.mediator);
    q.add("t.id IN (SELECT case_id FROM case_mediator WHERE person_id = ? AND to_date IS NULL)", m.person);
  }
  if (f.older_than) {
    if (*f.older_than < 0) bad("--older-than", tr_format("{} is negative", "{} 为负数", *f.older_than));
    q.add("t.opened_on < ?", to_iso(add_days(today(), -*f.older_than)));
  }
  if (f.overdue) {
    q.where.push_back("t.status IN ('open', 'mediating')");
    q.add("t.deadline < ?", to_iso(today()));
  }
  if (!f.year.empty()) q.add("substr(t.opened_on, 1, 4) = ?", f.year);
  return q;
}

Table list_cases(Context& ctx, const Query& q) {
  Context quiet = ctx;  // listings never reveal case text
  quiet.reveal = false;
  return list_records(quiet, case_entity(), q);
}

CaseSheet case_sheet(Context& ctx, std::int64_t id) {
  CaseSheet sheet;
  sheet.record = show_record(ctx, case_entity(), id);  // audits a reveal
  const std::string hidden(tr("(confidential)", "（保密）"));
  auto secret = [&](const std::string& s) -> Cell {
    if (s.empty()) return Cell{};
    return ctx.reveal ? Cell{s} : Cell{hidden};
  };

  sheet.parties.title = std::string(tr("Parties", "当事人"));
  sheet.parties.columns = {{"role", "Role", "角色"}, {"kind", "Kind", "类别"}, {"party", "Party", "当事人"}};
  {
    Stmt st(ctx.db,
            "SELECT p.role, CASE WHEN p.person_id IS NOT NULL THEN 'person' WHEN p.household_id IS NOT NULL "
            "THEN 'household' WHEN p.partner_id IS NOT NULL THEN 'partner' WHEN p.is_org = 1 THEN 'organisation' "
            "ELSE 'name' END, CASE WHEN p.person_id IS NOT NULL THEN 'R' || p.person_id || ' ' || "
            "(SELECT name FROM person WHERE id = p.person_id) WHEN p.household_id IS NOT NULL THEN 'H' || "
            "p.household_id || ' ' || (SELECT address FROM household WHERE id = p.household_id) "
            "WHEN p.partner_id IS NOT NULL THEN 'P' || p.partner_id || ' ' || p.name ELSE p.name END "
            "FROM case_party p WHERE p.case_id = ? ORDER BY p.id");
    st.bind(1, id);
    while (st.step()) sheet.parties.rows.push_back({st.text(0), st.text(1), secret(st.text(2))});
  }

  sheet.mediators.title = std::string(tr("Mediators", "调解员"));
  sheet.mediators.columns = {{"mediator", "Mediator", "调解员"}, {"name", "Name", "姓名"}, {"role", "Role", "角色"},
                             {"from", "From", "起"}, {"to", "To", "止"}};
  {
    Stmt st(ctx.db,
            "SELECT coalesce('V' || m.volunteer_id, 'R' || m.person_id), p.name, m.role, m.from_date, m.to_date "
            "FROM case_mediator m JOIN person p ON p.id = m.person_id WHERE m.case_id = ? ORDER BY m.id");
    st.bind(1, id);
    while (st.step())
      sheet.mediators.rows.push_back({st.text(0), st.text(1), st.text(2), st.text(3),
                                      st.is_null(4) ? Cell{} : Cell{st.text(4)}});
  }

  // Codes of the sheet's tables, shown to people by their labels.
  auto labelled = [](std::vector<std::pair<std::string_view, std::pair<std::string_view, std::string_view>>> rows) {
    CodeLabels labels;
    for (const auto& [code, label] : rows) labels.emplace(std::string(code), std::string(tr(label.first, label.second)));
    return std::make_shared<const CodeLabels>(std::move(labels));
  };
  sheet.parties.columns[0].labels = labelled({{"applicant", {"applicant", "申请人"}}, {"respondent", {"respondent", "被申请人"}},
                                              {"party", {"party", "当事人"}}});
  sheet.parties.columns[1].labels = labelled({{"person", {"resident", "居民"}}, {"household", {"household", "住户"}},
                                              {"partner", {"partner unit", "共建单位"}}, {"organisation", {"organisation", "单位"}},
                                              {"name", {"named person", "其他人员"}}});
  sheet.mediators.columns[2].labels = labelled({{"lead", {"lead", "主调"}}, {"assist", {"assisting", "协调"}}});

  sheet.timeline.title = std::string(tr("Timeline", "办理经过"));
  sheet.timeline.columns = {{"date", "Date", "日期"},     {"step", "Step", "环节"},   {"status", "Status", "状态"},
                            {"detail", "Detail", "要点"}, {"text", "Record", "记录"}, {"operator", "Operator", "记录人"}};
  {
    Stmt st(ctx.db,
            "SELECT on_date, kind, status_after, coalesce(code, ''), coalesce(text, ''), coalesce(facts, ''), "
            "coalesce(issues, ''), coalesce(responsibilities, ''), coalesce(performance, ''), coalesce(due, ''), "
            "satisfaction, operator FROM case_entry WHERE case_id = ? ORDER BY on_date, id");
    st.bind(1, id);
    while (st.step()) {
      std::string kind = st.text(1);
      std::string detail = st.text(3);
      if (kind == "agree" && !st.text(9).empty()) detail += tr_format(", carry out by {}", "，履行期限 {}", st.text(9));
      if (!st.is_null(10)) detail += tr_format(", satisfaction {}", "，满意度 {}", st.integer(10));
      std::string text = st.text(4);
      if (kind == "agree") {  // the agreement's parts, as a written agreement lists them
        std::vector<std::string> parts;
        auto part = [&](std::string_view en, std::string_view zh, const std::string& v) {
          if (!v.empty()) parts.push_back(fmt::format("{}: {}", tr(en, zh), v));
        };
        part("facts", "事实", st.text(5));
        part("issues", "争议", st.text(6));
        part("responsibilities", "责任", st.text(7));
        part("terms", "协议内容", text);
        part("how", "履行方式", st.text(8));
        text = join(parts, "; ");
      }
      sheet.timeline.rows.push_back({st.text(0), kind, st.text(2), detail, secret(text), st.text(11)});
    }
  }
  sheet.timeline.columns[1].labels = labelled(
      {{"open", {"opened", "受理"}},         {"import", {"imported", "导入"}},       {"assign", {"mediator assigned", "指派调解员"}},
       {"note", {"note", "备注"}},           {"session", {"session", "调解"}},       {"escalate", {"escalated", "上报"}},
       {"agree", {"agreement", "达成协议"}}, {"fail", {"failed", "调解不成"}},       {"follow-up", {"follow-up", "回访"}},
       {"review", {"review", "复核"}},       {"close", {"closed", "结案"}},          {"reopen", {"reopened", "重新调解"}},
       {"extend", {"deadline extended", "延期"}}});
  {
    CodeLabels statuses;
    for (const char* code : {"open", "mediating", "agreed", "failed", "closed"}) statuses.emplace(code, choice_label(code));
    sheet.timeline.columns[2].labels = std::make_shared<const CodeLabels>(std::move(statuses));
  }
  return sheet;
}

// ---- deadlines ----

std::vector<CaseDue> cases_due(Context& ctx, Date today_date, const std::string& grid) {
  const int escalate_after = static_cast<int>(ctx.config.integer("cases.escalate_after_days"));
  const int followup_after = static_cast<int>(ctx.config.integer("cases.followup_after_days"));
  std::optional<std::int64_t> grid_id;
  if (!grid.empty()) grid_id = resolve(ctx, "grid", grid);
  std::vector<CaseDue> out;
  Stmt st(ctx.db,
          "SELECT t.id, t.number, t.title, coalesce(g.code, ''), t.level, t.status, t.opened_on, t.deadline, "
          "t.agreed_on FROM mediation_case t LEFT JOIN grid g ON g.id = t.grid_id "
          "WHERE (t.status IN ('open', 'mediating') OR (t.status = 'agreed' AND t.followup_on IS NULL)) "
          "AND (?1 IS NULL OR t.grid_id = ?1) ORDER BY t.id");
  st.bind(1, grid_id);
  while (st.step()) {
    CaseDue base{"", st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), {}, 0};
    auto add = [&](const char* kind, Date due) {
      CaseDue d = base;
      d.kind = kind;
      d.due_on = due;
      d.days_late = days_between(due, today_date);
      out.push_back(std::move(d));
    };
    Date opened = *parse_date(st.text(6));
    if (base.status == "agreed") {
      if (st.is_null(8)) continue;
      Date visit = add_days(*parse_date(st.text(8)), followup_after);
      if (visit <= today_date) add("follow-up", visit);
      continue;
    }
    // Older than N days at grid level: due for escalation (小事不出网格, but not for ever).
    Date escalate_by = add_days(opened, escalate_after);
    if (base.level == "grid" && today_date > escalate_by) add("escalate", escalate_by);
    Date deadline = *parse_date(st.text(7));
    if (today_date > deadline) add("overdue", deadline);
  }
  std::stable_sort(out.begin(), out.end(), [](const CaseDue& a, const CaseDue& b) { return a.due_on < b.due_on; });
  return out;
}

Table cases_due_table(Context& ctx, const std::vector<CaseDue>& items) {
  (void)ctx;
  Table t;
  t.title = std::string(tr("Cases due", "待办调解案件"));
  t.columns = {{"due", "Due", "待办"},        {"case", "Case", "案件"},     {"number", "Number", "案件编号"},
               {"title", "Title", "案由"},    {"grid", "Grid", "网格"},     {"level", "Level", "层级"},
               {"status", "Status", "状态"},  {"due_on", "Due on", "到期日"}, {"days_late", "Days late", "逾期天数", true}};
  for (const auto& d : items)
    t.rows.push_back({d.kind, fmt::format("C{}", d.id), d.number, d.title, d.grid, d.level, d.status, to_iso(d.due_on),
                      std::int64_t{d.days_late}});
  return t;
}

}  // namespace shequ
