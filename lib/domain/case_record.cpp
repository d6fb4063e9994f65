// The case as a record: its fields, the checks an opened or imported case passes, its
// timeline entries and the state the verbs read.
#include "domain/case_internal.h"

#include <fmt/format.h>

#include "records/audit.h"
#include "records/choices.h"
#include "records/references.h"
#include "records/values.h"
#include "core/i18n.h"
#include "domain/numbering.h"
#include "core/text.h"

namespace shequ {

using namespace case_detail;

namespace {

const char* const kLifecycleKeys[] = {"status", "level", "opened_on", "deadline", "agreed_on",
                                      "agreement_kind", "perform_by", "settled_level", "failed_on",
                                      "referral", "closed_on", "followup", "followup_on"};

// The `mediators` column of an imported case: each assignment parsed, impartial, at most one
// lead at a time, stored as the text export writes so that a re-import compares equal. A case
// already in the file that has mediators changes them only through `case assign`.
void prepare_mediators(Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Party> parties,
                       std::vector<Problem>& problems) {
  const Entity& e = case_entity();
  std::string opened_on = as_text(r.get(e, "opened_on"));
  std::string stored;
  if (existing) {
    // Spelled as `export cases` writes it, which the file's column is compared with.
    Stmt st(ctx.db, expand_sql(ctx.db, "SELECT opened_on, " + mediators_select() + " FROM mediation_case t WHERE t.id = ?",
                               RefSpelling::key, ctx.reveal));
    st.bind(1, *existing);
    if (st.step()) {
      if (opened_on.empty()) opened_on = st.text(0);
      if (!st.is_null(1)) stored = st.text(1);
    }
    if (!r.has(e, "parties")) {
      Stmt p(ctx.db, "SELECT person_id, household_id FROM case_party WHERE case_id = ?");
      p.bind(1, *existing);
      while (p.step()) {
        Party party;
        if (!p.is_null(0)) party.person = p.integer(0);
        if (!p.is_null(1)) party.household = p.integer(1);
        parties.push_back(party);
      }
    }
  }
  if (opened_on.empty()) return;  // reported as required
  std::vector<std::string> texts;
  std::size_t before = problems.size();
  int leads = 0;
  for (const auto& t : split_parties(as_text(r.get(e, "mediators")))) {
    Assignment a;
    if (auto problem = parse_assignment(ctx, t, opened_on, a)) {
      problems.push_back({"mediators", *problem});
      continue;
    }
    if (is_party(ctx, a.mediator, parties))
      problems.push_back({"mediators", tr_format("\"{}\" is a party to this case (or lives in a party's household); "
                                                 "a mediator must be impartial",
                                                 "“{}”是本案当事人（或与当事人同户）；调解员须与案件无利害关系", t)});
    if (a.role == "lead" && a.to.empty() && ++leads == 2)
      problems.push_back({"mediators", std::string(tr("a case has one current lead mediator; end the others (~DATE)",
                                                      "案件只有一名现任主调解员；其余的请写明结束日期（~日期）"))});
    texts.push_back(assignment_text(ctx, a));
  }
  if (problems.size() != before) return;
  std::string text = join(texts, "; ");
  if (!stored.empty() && stored != text) {
    problems.push_back({"mediators", tr_format("is \"{}\" in the data file; a case's mediators change only through "
                                               "`shequ case assign`",
                                               "数据文件中为“{}”；案件的调解员只能通过 `shequ case assign` 改变", stored)});
    return;
  }
  if (texts.empty()) r.put(e, "mediators", Value{});
  else r.put(e, "mediators", text);
}

// Checks (and completes) a case record before it is written: by `case open` and by import.
void prepare_case(Context& ctx, Record& r, std::optional<std::int64_t> existing, std::vector<Problem>& problems) {
  const Entity& e = case_entity();
  Date today_date = today();
  // Parties: parse, and store the canonical text so that a re-import compares equal.
  std::vector<Party> parties;
  if (r.has(e, "parties")) {
    std::vector<std::string> texts;
    std::size_t before = problems.size();
    for (const auto& t : split_parties(as_text(r.get(e, "parties")))) {
      Party p;
      if (auto problem = parse_party(ctx, t, p)) problems.push_back({"parties", *problem});
      else {
        texts.push_back(party_text(ctx, p));
        parties.push_back(p);
      }
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
    find.bind(1, as_text(r.get(e, "number")));
    if (find.step()) existing = find.integer(0);
  }
  if (r.has(e, "mediators")) prepare_mediators(ctx, r, existing, parties, problems);
  if (existing) {
    // A case already in the file changes state only through the case verbs.
    std::string cols;
    std::vector<const char*> keys;
    for (const char* k : {"status", "deadline", "settled_level"})  // derived when empty: keep as stored
      if (r.has(e, k) && as_text(r.get(e, k)).empty()) r.present[static_cast<std::size_t>(e.index(k))] = false;
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
      if (stored != as_text(r.get(e, keys[i])))
        problems.push_back(
            {keys[i], tr_format("is \"{}\" in the data file; a case's state changes only through "
                                "`shequ case` verbs",
                                "数据文件中为“{}”；案件状态只能通过 `shequ case` 的各个命令改变", stored)});
    }
    return;
  }
  // A new case: complete the defaults and check that its dates tell one consistent story.
  auto date = [&](const char* key) -> std::optional<Date> {
    std::string s = as_text(r.get(e, key));
    if (s.empty()) return std::nullopt;
    return parse_date(s);
  };
  auto opened = date("opened_on");
  if (!opened) return;  // reported as required
  std::string number = as_text(r.get(e, "number"));
  if (!number.empty()) {
    // A number of another shape would be neither counted nor avoided by `case open`.
    const std::string pattern = ctx.config.string(std::string(kCaseNumbers.setting));
    auto [year, seq] = number_parts(kCaseNumbers.setting, pattern, number, opened->year);
    r.put(e, "year", std::int64_t{year});
    if (seq) r.put(e, "seq", *seq);
    else
      problems.push_back(
          {"number", tr_format("\"{}\" does not follow cases.number_format \"{}\" for a case opened in {} "
                               "(e.g. {})",
                               "“{}”不符合 cases.number_format“{}”（立案年份 {}，如 {}）", number, pattern,
                               opened->year, format_number(kCaseNumbers.setting, pattern, opened->year, 1))});
  }
  auto agreed = date("agreed_on"), failed = date("failed_on"), closed = date("closed_on");
  auto since = date("dispute_since"), followup_on = date("followup_on"), deadline = date("deadline");
  std::string status = as_text(r.get(e, "status"));
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
  if (failed && as_text(r.get(e, "referral")).empty())
    problems.push_back({"referral", std::string(tr("a failed case names its referral route (arbitration, "
                                                   "administrative, court)",
                                                   "调解失败的案件须注明引导途径（arbitration 仲裁、"
                                                   "administrative 行政、court 诉讼）"))});
  if (!failed && !as_text(r.get(e, "referral")).empty())
    problems.push_back({"referral", std::string(tr("only a failed case has a referral route",
                                                   "只有调解失败的案件才有引导途径"))});
  if (!agreed) {
    for (const char* key : {"agreement_kind", "agreement_terms", "perform_by", "settled_level", "followup", "followup_on"})
      if (!as_text(r.get(e, key)).empty())
        problems.push_back({key, std::string(tr("needs agreed_on", "需要 agreed_on"))});
  } else if (as_text(r.get(e, "settled_level")).empty()) {
    std::string level = as_text(r.get(e, "level"));
    r.put(e, "settled_level", level.empty() ? "grid" : level);
  }
  if (followup_on.has_value() != !as_text(r.get(e, "followup")).empty())
    problems.push_back({"followup", std::string(tr("followup and followup_on go together",
                                                   "followup 与 followup_on 须同时给出"))});
}

void after_write_case(Context& ctx, std::int64_t id, Outcome outcome, const Record& r) {
  write_case_rows(ctx, id, outcome, r, true);
}

}  // namespace

namespace case_detail {

int level_rank(std::string_view level) {
  for (int i = 0; i < 3; ++i)
    if (level == kLevels[i]) return i;
  return -1;
}

[[noreturn]] void bad(std::string_view option, std::string message) {
  throw Error(Exit::data, fmt::format("{}: {}", option, message));
}

void require_text(const std::string& value, std::string_view option) {
  if (trim(value).empty()) bad(option, std::string(tr("is required", "必填")));
}

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

// Parties, and the first timeline entry of a new case ("import" marks one from `import cases`).
void write_case_rows(Context& ctx, std::int64_t id, Outcome outcome, const Record& r, bool imported) {
  const Entity& e = case_entity();
  if (r.has(e, "parties")) {
    std::vector<Party> parties;
    for (const auto& t : split_parties(as_text(r.get(e, "parties")))) {
      Party p;
      if (!parse_party(ctx, t, p)) parties.push_back(p);
    }
    write_parties(ctx, id, parties);
  }
  if (r.has(e, "mediators")) {
    std::vector<Assignment> assignments;
    const std::string opened_on = as_text(r.get(e, "opened_on"));
    for (const auto& t : split_parties(as_text(r.get(e, "mediators")))) {
      Assignment a;
      if (!parse_assignment(ctx, t, opened_on, a)) assignments.push_back(a);
    }
    write_assignments(ctx, id, assignments);
  }
  if (outcome == Outcome::inserted)
    add_entry(ctx, id, as_text(r.get(e, "opened_on")), "open", as_text(r.get(e, "status")),
              EntryText{.code = imported ? "import" : ""});
}

CaseState load_state(Context& ctx, std::int64_t id) {
  auto st = ctx.db.cached(
      "SELECT number, status, level, opened_on, deadline, agreed_on FROM mediation_case WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) throw Error(Exit::not_found, fmt::format("case C{}", id));
  CaseState s{id, st.text(0), st.text(1), st.text(2), *parse_date(st.text(3)), *parse_date(st.text(4)), std::nullopt};
  if (!st.is_null(5)) s.agreed_on = parse_date(st.text(5));
  return s;
}

// The last step's date or today, whichever is later: a correction is recorded when it is made.
std::string correction_date(Context& ctx, std::int64_t id) {
  std::string on = to_iso(today());
  auto last = ctx.db.cached("SELECT max(on_date) FROM case_entry WHERE case_id = ?");
  last.bind(1, id);
  if (last.step() && !last.is_null(0) && last.text(0) > on) on = last.text(0);
  return on;
}

std::string one_of(const std::string& value, const std::vector<std::string>& choices, std::string_view option) {
  if (auto code = choice_code(choices, value)) return *code;
  bad(option, tr_format("\"{}\" is not one of {}", "“{}”不是以下之一：{}", value, choices_with_labels(choices)));
}

const std::vector<std::string>& choices_of(std::string_view key) { return case_entity().field(key)->choices; }

}  // namespace case_detail

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
         .select = "%days_between(t.opened_on, coalesce(t.agreed_on, t.failed_on, shequ_today()))",
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
        {.key = "mediators", .en = "Mediators", .zh = "调解员", .select = mediators_select(), .listed = false,
         .hook = true, .max_chars = 2000},
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

}  // namespace shequ
