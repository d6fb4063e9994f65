// Who takes part in a case: its parties (as `case open --party` and `import cases` name them)
// and its mediators, who must be impartial.
#include "domain/case_internal.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "records/audit.h"
#include "records/references.h"
#include "records/choices.h"
#include "domain/households.h"
#include "domain/party.h"
#include "domain/persons.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {

using namespace case_detail;

namespace {

bool is_prefixed_id(std::string_view s, char prefix) {
  if (s.size() < 2 || std::toupper(static_cast<unsigned char>(s[0])) != prefix) return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
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

namespace case_detail {

// Shown as "applicant:R12 张三"; exported as "applicant:person:<natural key>", which parse_party reads.
const char* const kPartiesSelect =
    "(SELECT %ordered_concat(x, '; ', cp_id) FROM (SELECT cp.id AS cp_id, cp.role || ':' || CASE "
    "WHEN cp.person_id IS NOT NULL THEN %kind_ref('person', cp.person_id) || "
    "%label((SELECT name FROM person WHERE id = cp.person_id)) "
    "WHEN cp.household_id IS NOT NULL THEN %kind_ref('household', cp.household_id) || "
    "%label((SELECT address FROM household WHERE id = cp.household_id)) "
    "WHEN cp.partner_id IS NOT NULL THEN %kind_ref('partner', cp.partner_id) || %label(cp.name) "
    "WHEN cp.is_org = 1 THEN 'org:' || cp.name ELSE 'name:' || cp.name END AS x "
    "FROM case_party cp WHERE cp.case_id = t.id ORDER BY cp.id) parties)";

std::optional<std::string> parse_party(Context& ctx, std::string_view text, Party& p) {
  std::string role, ref;
  if (!split_colon(text, role, ref))
    return tr_format("\"{}\" is not ROLE:WHO (e.g. applicant:R12, respondent:org:物业公司)",
                     "“{}”不是“角色:当事人”格式（如 applicant:R12、respondent:org:物业公司）", text);
  auto r = choice_code(kPartyRoles, role);
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
    if (p.org) {
      try {
        p.partner = resolve(ctx, "partner", p.name);
      } catch (const Error& e) {
        if (e.code() != Exit::not_found) return std::string(e.what());
      }
    }
    return std::nullopt;
  }
  if (ref.empty()) return tr_format("\"{}\": who is missing", "“{}”：缺少当事人", text);
  // "R12 张三" as shown: the reference is the first word; "person:KEY" as exported: a natural key.
  std::string first = ref.substr(0, ref.find(' '));
  try {
    std::string kind = split_colon(ref, head, rest) ? to_lower_ascii(trim(head)) : std::string();
    if (kind == "person" || kind == "household" || kind == "partner") {
      std::int64_t id = resolve(ctx, kind, trim(rest));
      (kind == "person" ? p.person : kind == "household" ? p.household : p.partner) = id;
    } else if (is_prefixed_id(first, entity_named("person").prefix)) {
      p.person = resolve(ctx, "person", first);
    } else if (is_prefixed_id(first, entity_named("household").prefix)) {
      p.household = resolve(ctx, "household", first);
    } else if (is_prefixed_id(first, entity_named("partner").prefix)) {
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
    return fmt::format("{}:{} {}", p.role, ref_text(entity_named("person"), *p.person), st.step() ? st.text(0) : "");
  }
  if (p.household) {
    auto st = ctx.db.cached("SELECT address FROM household WHERE id = ?");
    st.bind(1, *p.household);
    return fmt::format("{}:{} {}", p.role, ref_text(entity_named("household"), *p.household), st.step() ? st.text(0) : "");
  }
  if (p.partner) return fmt::format("{}:{} {}", p.role, ref_text(entity_named("partner"), *p.partner), p.name);
  return fmt::format("{}:{}:{}", p.role, p.org ? "org" : "name", p.name);
}

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

Mediator resolve_mediator(Context& ctx, const std::string& text) {
  Mediator m;
  try {
    m.volunteer = resolve(ctx, "volunteer", text);
    auto st = ctx.db.cached("SELECT person_id FROM volunteer WHERE id = ?");
    st.bind(1, *m.volunteer);
    if (st.step()) m.person = st.integer(0);
    return m;
  } catch (const Error& e) {
    if (e.code() != Exit::not_found || is_prefixed_id(trim(text), entity_named("volunteer").prefix)) throw;
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

std::string mediators_select() {
  return "(SELECT %ordered_concat(x, '; ', m_id) FROM (SELECT m.id AS m_id, m.role || ':' || " +
         person_ref_sql("m.person_id") + " || '@' || m.from_date || coalesce('~' || m.to_date, '') AS x "
         "FROM case_mediator m WHERE m.case_id = t.id ORDER BY m.id) AS mediators)";
}

std::optional<std::string> parse_assignment(Context& ctx, std::string_view text, const std::string& opened_on,
                                            Assignment& a) {
  std::string role, rest;
  if (!split_colon(text, role, rest))
    return tr_format("\"{}\" is not ROLE:WHO (e.g. lead:张三, assist:V12@2026-03-02)",
                     "“{}”不是“角色:调解员”格式（如 lead:张三、assist:V12@2026-03-02）", text);
  auto r = choice_code(kMediatorRoles, role);
  if (!r)
    return tr_format("\"{}\": role \"{}\" is not one of {}", "“{}”：角色“{}”不是以下之一：{}", text, trim(role),
                     choices_with_labels(kMediatorRoles));
  a.role = *r;
  std::string who = trim(rest), dates;
  if (auto at = who.find('@'); at != std::string::npos) {
    dates = trim(who.substr(at + 1));
    who = trim(who.substr(0, at));
  }
  std::string from = dates.substr(0, dates.find('~'));
  std::string to = dates.find('~') == std::string::npos ? "" : dates.substr(dates.find('~') + 1);
  a.from = trim(from).empty() ? opened_on : trim(from);
  a.to = trim(to);
  for (const std::string* d : {&a.from, &a.to})
    if (!d->empty() && !parse_date(*d))
      return tr_format("\"{}\": \"{}\" is not a date (YYYY-MM-DD)", "“{}”：“{}”不是日期（YYYY-MM-DD）", text, *d);
  if (!a.to.empty() && a.to < a.from)
    return tr_format("\"{}\": the assignment ends ({}) before it starts ({})", "“{}”：结束日期 {} 早于开始日期 {}",
                     text, a.to, a.from);
  if (a.from < opened_on)
    return tr_format("\"{}\": {} is before the case was opened ({})", "“{}”：{} 早于立案日期（{}）", text, a.from,
                     opened_on);
  if (who.empty()) return tr_format("\"{}\": who is missing", "“{}”：缺少调解员", text);
  try {
    a.mediator = resolve_mediator(ctx, who);
  } catch (const Error& e) {
    if (e.code() != Exit::not_found) throw;
    return std::string(e.what());
  }
  return std::nullopt;
}

std::string assignment_text(Context& ctx, const Assignment& a) {
  // Spelled as `export cases` writes it (mediators_select()), which the file is compared with.
  auto st = ctx.db.cached(expand_sql(ctx.db, "SELECT " + person_ref_sql("?1"), RefSpelling::key, ctx.reveal));
  st.bind(1, a.mediator.person);
  std::string who = st.step() ? st.text(0) : ref_text(person_entity(), a.mediator.person);
  return fmt::format("{}:{}@{}{}", a.role, who, a.from, a.to.empty() ? "" : "~" + a.to);
}

bool is_party(Context& ctx, const Mediator& m, const std::vector<Party>& parties) {
  auto household_of = [&](std::int64_t person) -> std::optional<std::int64_t> {
    auto home = ctx.db.cached("SELECT household_id FROM person WHERE id = ?");
    home.bind(1, person);
    if (home.step() && !home.is_null(0)) return home.integer(0);
    return std::nullopt;
  };
  const std::optional<std::int64_t> own = household_of(m.person);
  for (const Party& p : parties) {
    if (p.person && *p.person == m.person) return true;
    std::optional<std::int64_t> theirs = p.household ? p.household : p.person ? household_of(*p.person) : std::nullopt;
    if (own && theirs && *own == *theirs) return true;
  }
  return false;
}

void write_assignments(Context& ctx, std::int64_t case_id, const std::vector<Assignment>& assignments) {
  auto del = ctx.db.cached("DELETE FROM case_mediator WHERE case_id = ?");
  del.bind(1, case_id);
  del.run();
  auto ins = ctx.db.cached(
      "INSERT INTO case_mediator (case_id, person_id, volunteer_id, role, from_date, to_date) VALUES (?, ?, ?, ?, ?, ?)");
  for (const Assignment& a : assignments) {
    ins.bind_all(case_id, a.mediator.person, a.mediator.volunteer, a.role, a.from);
    if (a.to.empty()) ins.bind(6, nullptr); else ins.bind(6, a.to);
    ins.run();
  }
}

}  // namespace case_detail

const Entity& case_party_record() {
  static const Entity e = [] {
    Entity e;
    e.name = "case_party";
    e.table = "case_party";
    e.fields = {
        {.key = "person", .type = FieldType::ref, .column = "person_id", .target = "person"},
        // A party named by text keeps a name (the schema requires one): the forgotten one is replaced.
        {.key = "name", .column = "name", .fallback = "(已删除)", .personal = Personal::their_name},
    };
    return e;
  }();
  return e;
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

}  // namespace shequ
