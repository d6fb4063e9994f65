#include "domain/case_dossier.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "records/audit.h"
#include "core/date.h"
#include "records/entity.h"
#include "core/error.h"
#include "io/html_page.h"
#include "core/i18n.h"
#include "core/text.h"
#include "records/choices.h"
#include "records/vocab.h"

namespace shequ {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string L(std::string_view en, std::string_view zh) { return std::string(tr(en, zh)); }

struct PartyInfo {
  std::string role, name, gender, age, address, phone, id_number;
};

struct MediatorInfo {
  std::string name, role, from, to;
};

struct Entry {
  std::string date, kind, code, text, facts, issues, responsibilities, performance, due, recorder;
  std::optional<std::int64_t> satisfaction;
};

// Everything the file is printed from: the case row, its parties, mediators and timeline.
struct CaseFile {
  std::int64_t id = 0, year = 0;
  std::optional<std::int64_t> seq;
  std::string number, title, type, source, grid, mode, level, status, opened_on, dispute_since, summary, agreed_on,
      agreement_kind, terms, perform_by, settled_level, failed_on, referral, closed_on, followup, followup_on;
  std::vector<PartyInfo> parties;
  std::vector<MediatorInfo> mediators;
  std::vector<Entry> entries;

  std::vector<const Entry*> of_kind(std::string_view kind) const {
    std::vector<const Entry*> out;
    for (const Entry& e : entries)
      if (e.kind == kind) out.push_back(&e);
    return out;
  }
};

std::string text_or_empty(Stmt& st, int col) { return st.is_null(col) ? std::string() : st.text(col); }

CaseFile load_case(Context& ctx, std::int64_t id) {
  CaseFile f;
  f.id = id;
  {
    Stmt st(ctx.db,
            "SELECT number, year, seq, title, type, source, coalesce((SELECT code || ' ' || name FROM grid g WHERE g.id = "
            "t.grid_id), ''), mode, level, status, opened_on, dispute_since, summary, agreed_on, agreement_kind, "
            "agreement_terms, perform_by, settled_level, failed_on, referral, closed_on, followup, followup_on "
            "FROM mediation_case t WHERE id = ?");
    st.bind(1, id);
    st.step();
    f.number = st.text(0);
    f.year = st.integer(1);
    if (!st.is_null(2)) f.seq = st.integer(2);
    std::string* cols[] = {&f.title,     &f.type,     &f.source,         &f.grid,    &f.mode,       &f.level,
                           &f.status,    &f.opened_on, &f.dispute_since, &f.summary, &f.agreed_on,  &f.agreement_kind,
                           &f.terms,     &f.perform_by, &f.settled_level, &f.failed_on, &f.referral, &f.closed_on,
                           &f.followup,  &f.followup_on};
    for (int i = 0; i < 20; ++i) *cols[i] = text_or_empty(st, 3 + i);
  }
  const Date opened = parse_date(f.opened_on).value_or(today());
  {
    Stmt st(ctx.db,
            "SELECT c.role, coalesce(p.name, h.address, c.name), p.gender, p.birth_date, coalesce(ph.address, h.address), "
            "coalesce(p.phone, h.phone, pa.phone), p.id_number, pa.contact "
            "FROM case_party c LEFT JOIN person p ON p.id = c.person_id "
            "LEFT JOIN household ph ON ph.id = p.household_id LEFT JOIN household h ON h.id = c.household_id "
            "LEFT JOIN partner pa ON pa.id = c.partner_id WHERE c.case_id = ? ORDER BY c.id");
    st.bind(1, id);
    while (st.step()) {
      PartyInfo p;
      p.role = st.text(0);
      p.name = text_or_empty(st, 1);
      p.gender = choice_label(text_or_empty(st, 2));
      if (auto birth = parse_date(text_or_empty(st, 3))) p.age = std::to_string(age_on(*birth, opened));
      p.address = text_or_empty(st, 4);
      p.phone = text_or_empty(st, 5);
      p.id_number = text_or_empty(st, 6);
      if (!st.is_null(7)) p.name += tr_format(" (contact: {})", "（联系人：{}）", st.text(7));
      f.parties.push_back(std::move(p));
    }
  }
  {
    Stmt st(ctx.db,
            "SELECT p.name, m.role, m.from_date, m.to_date FROM case_mediator m JOIN person p ON p.id = m.person_id "
            "WHERE m.case_id = ? ORDER BY m.role = 'assist', m.id");
    st.bind(1, id);
    while (st.step()) f.mediators.push_back({st.text(0), st.text(1), st.text(2), text_or_empty(st, 3)});
  }
  {
    Stmt st(ctx.db,
            "SELECT on_date, kind, code, text, facts, issues, responsibilities, performance, due, operator, satisfaction "
            "FROM case_entry WHERE case_id = ? ORDER BY on_date, id");
    st.bind(1, id);
    while (st.step()) {
      Entry e;
      std::string* cols[] = {&e.date,   &e.kind,  &e.code,        &e.text, &e.facts,
                             &e.issues, &e.responsibilities, &e.performance, &e.due, &e.recorder};
      for (int i = 0; i < 10; ++i) *cols[i] = text_or_empty(st, i);
      if (!st.is_null(10)) e.satisfaction = st.integer(10);
      f.entries.push_back(std::move(e));
    }
  }
  return f;
}

// A party's role opening a line of a printed document ("Applicant: …", "申请人：…"): the
// label of the one choices table, as `case show` prints it.
std::string role_label(std::string_view role) { return capitalised(choice_label(role)); }

// "张三" for one party, "张三与李四" for two, "张三、李四与王五" for more (applicants first).
std::string parties_phrase(const CaseFile& f) {
  std::vector<std::string> names;
  for (const PartyInfo& p : f.parties) names.push_back(p.name);
  if (names.empty()) return {};
  if (names.size() == 1) return names[0];
  std::string last = names.back();
  names.pop_back();
  return join(names, L(", ", "、")) + L(" and ", "与") + last;
}

std::string mediators_text(const CaseFile& f) {
  std::vector<std::string> out;
  for (const MediatorInfo& m : f.mediators) {
    std::string s = m.name + L(" (", "（") + choice_label(m.role) + L(")", "）");
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return join(out, L(", ", "、"));
}

std::vector<std::string> mediator_names(const CaseFile& f, std::string_view on = {}) {
  std::vector<std::string> out;
  for (const MediatorInfo& m : f.mediators) {
    if (!on.empty() && (m.from > on || (!m.to.empty() && m.to < on))) continue;
    if (std::find(out.begin(), out.end(), m.name) == out.end()) out.push_back(m.name);
  }
  return out;
}

// The dossier being written: the printed pages and, for md/json, one section per document.
class Dossier {
 public:
  Dossier(Context& ctx, CaseFile f) : ctx_(ctx), f_(std::move(f)) {
    committee_ = ctx.config.string("cases.committee");
    if (committee_.empty()) committee_ = ctx.config.string("community.name") + L(" people's mediation committee", "人民调解委员会");
    file_number_ = f_.number;
    if (f_.seq) {
      std::string pattern = ctx.config.string("cases.file_number_format");
      file_number_ = fmt::format(fmt::runtime(pattern), fmt::arg("year", f_.year), fmt::arg("seq", *f_.seq));
    }
  }

  bool agreed() const { return !f_.agreed_on.empty(); }

  void cover() {
    begin(L("People's mediation case file", "人民调解卷宗"), committee_);
    std::string type = vocab_label(ctx_, "case-type", f_.type);
    if (language() == Lang::zh && !type.ends_with("纠纷")) type += "纠纷";
    std::string name = parties_phrase(f_);
    name = name.empty() ? type : name + (language() == Lang::zh ? "" : ": ") + type;
    auto sessions = f_.of_kind("session");
    std::string dates = sessions.empty() ? std::string()
                                         : sessions.front()->date + (sessions.size() > 1 ? " – " + sessions.back()->date : "");
    std::string filed_by;
    for (const Entry* e : f_.of_kind("close")) filed_by = e->recorder;
    fields(
        {{L("File number", "卷号"), file_number_},
         {L("File name", "卷名"), name},
         {L("Subject", "案由"), f_.title},
         {L("Case number", "案件编号"), f_.number},
         {L("Mediators", "调解员"), mediators_text(f_)},
         {L("Taken on", "受理日期"), f_.opened_on},
         {L("Mediation dates", "调解日期"), dates},
         {L("Result", "调解结果"), result_text()},
         {L("Closed on", "结案日期"), f_.closed_on},
         {L("Filed by", "立卷人"), filed_by},
         {L("Filed on", "立卷日期"), f_.closed_on},
         {L("Retention period", "保管期限"), ctx_.config.string("cases.retention")},
         {L("Documents", "卷内文件"), tr_format("{} documents, ____ pages", "{} 件，共 ____ 页", index_rows().size())}},
        1);
    body_.note(L("Confidential: people's mediation case file (人民调解法 Art. 15). Do not copy or lend without approval.",
                 "保密：人民调解卷宗（《人民调解法》第十五条），未经批准不得复制、外借。"));
  }

  void index() {
    begin(L("Index of documents", "卷内目录"), file_number_);
    Table t;
    t.columns = {{"no", "No.", "序号", true}, {"document", "Document", "文件名称"}, {"date", "Date", "日期"},
                 {"pages", "Pages", "页号"},  {"note", "Note", "备注"}};
    std::int64_t n = 0;
    for (auto& [name, date, note] : index_rows()) t.rows.push_back({++n, name, date, Cell{}, note});
    body_.table(t);
    section_table(L("Index of documents", "卷内目录"), t);
  }

  void registration() {
    begin(L("Registration form", "人民调解受理登记表"), committee_);
    std::string registrar;
    for (const Entry* e : f_.of_kind("open")) registrar = e->recorder;
    fields({{L("Case number", "案件编号"), f_.number},
            {L("Taken on", "受理日期"), f_.opened_on},
            {L("Dispute type", "纠纷类型"), vocab_label(ctx_, "case-type", f_.type)},
            {L("Source", "案件来源"), vocab_label(ctx_, "case-source", f_.source)},
            {L("Grid", "网格"), f_.grid},
            {L("Level", "受理层级"), choice_label(f_.level)},
            {L("Dispute since", "纠纷发生时间"), f_.dispute_since},
            {L("Mode", "调解方式"), choice_label(f_.mode)}});
    parties_table();
    block(L("Summary of the dispute", "纠纷简要情况"), f_.summary);
    block(L("What the applicant asks", "当事人申请事项"), "", 2);
    body_.signatures({L("Applicant (signature): ", "申请人（签名）："),
                      registrar.empty()
                          ? L("Registered by (signature): ", "登记人（签名）：")
                          : tr_format("Registered by {} (signature): ", "登记人 {}（签名）：", registrar)});
  }

  void records() {
    auto sessions = f_.of_kind("session");
    if (sessions.empty()) {
      begin(L("Mediation record", "人民调解记录"), f_.number);
      body_.note(L("No session is recorded in shequ for this case: a blank record to fill in by hand.",
                   "本案调解记录未录入系统：以下为空白记录，供手工填写。"));
      record_page(nullptr, 0);
      return;
    }
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      begin(L("Mediation record", "人民调解记录"), tr_format("{} · session {}", "{} · 第 {} 次调解", f_.number, i + 1));
      record_page(sessions[i], i + 1);
    }
  }

  void agreement() {
    const Entry* a = nullptr;
    for (const Entry* e : f_.of_kind("agree")) a = e;
    const bool oral = f_.agreement_kind == "oral";
    begin(oral ? L("Record of an oral mediation agreement", "口头调解协议登记表")
               : L("Mediation agreement", "人民调解协议书"),
          tr_format("Agreement no. {}", "协议编号：{}", file_number_));
    for (const PartyInfo& p : f_.parties) {
      std::vector<std::string> d{p.name};
      if (!p.gender.empty()) d.push_back(p.gender);
      if (!p.age.empty()) d.push_back(tr_format("aged {}", "{} 岁", p.age));
      if (!p.id_number.empty()) d.push_back(tr_format("ID number {}", "身份证号 {}", p.id_number));
      if (!p.address.empty()) d.push_back(tr_format("address: {}", "住址：{}", p.address));
      if (!p.phone.empty()) d.push_back(tr_format("phone {}", "联系电话 {}", p.phone));
      body_.paragraph(role_label(p.role) + L(": ", "：") + join(d, L(", ", "，")));
      add_fact(role_label(p.role), join(d, L(", ", "，")));
    }
    body_.paragraph(
        tr_format("The parties asked {} to mediate their dispute over {}; after mediation they agree as follows "
                  "of their own free will.",
                  "当事人之间因“{1}”发生纠纷，向{0}申请调解。经调解，双方自愿达成如下协议。", committee_, f_.title));
    block(L("Main facts of the dispute", "纠纷主要事实"), a ? a->facts : "", 2);
    block(L("Matters in dispute", "争议事项"), a ? a->issues : "", 2);
    block(L("Each side's responsibilities and obligations", "各方当事人的权利义务（责任）"), a ? a->responsibilities : "", 2);
    block(L("Terms agreed", "协议内容"), a && !a->text.empty() ? a->text : f_.terms, 2);
    fields({{L("Method of performance", "履行方式"), a ? a->performance : ""},
            {L("Place of performance", "履行地点"), ""},
            {L("Deadline of performance", "履行期限"), a && !a->due.empty() ? a->due : f_.perform_by}},
           1);
    const std::size_t copies = f_.parties.size() + 1;
    body_.paragraph(
        tr_format("This agreement is made in {} copies: one for each party and one kept by the committee. It takes "
                  "effect when signed (sealed) by the parties and the mediator and sealed by the committee. The "
                  "parties may jointly apply to a court for judicial confirmation within 30 days of its taking effect.",
                  "本协议一式 {} 份，当事人各执一份，人民调解委员会留存一份，自各方当事人签名（盖章或按指印）、"
                  "人民调解员签名并加盖人民调解委员会印章之日起生效。当事人可以自协议生效之日起三十日内共同向人民法院申"
                  "请司法确认。",
                  copies));
    add_fact(L("Copies", "份数"), std::to_string(copies));
    std::vector<std::string> signers;
    for (const PartyInfo& p : f_.parties)
      signers.push_back(tr_format("{} {} (signature): ", "{} {}（签名）：", role_label(p.role), p.name));
    signers.push_back(L("Mediator (signature): ", "人民调解员（签名）："));
    signers.push_back(L("Recorder (signature): ", "记录人（签名）："));
    body_.sign_off(signers, committee_, f_.agreed_on);
  }

  void followups() {
    auto visits = f_.of_kind("follow-up");
    if (visits.empty() && !f_.followup_on.empty()) {  // an imported case: the visit as the register has it
      Entry e;
      e.date = f_.followup_on;
      e.code = f_.followup;
      visits_storage_.push_back(e);
      visits.push_back(&visits_storage_.back());
    }
    if (visits.empty()) {
      begin(L("Follow-up visit record", "人民调解回访记录"), f_.number);
      body_.note(L("No follow-up visit is recorded yet: a blank form to take on the visit.",
                   "尚未录入回访：以下为空白回访记录，供回访时填写。"));
      followup_page(nullptr);
      return;
    }
    for (const Entry* v : visits) {
      begin(L("Follow-up visit record", "人民调解回访记录"), f_.number);
      followup_page(v);
    }
  }

  void closing() {
    begin(L("Closing report", "人民调解结案报告"), committee_);
    std::vector<std::string> lessons;
    for (const Entry* e : f_.of_kind("review"))
      if (!e->text.empty()) lessons.push_back(e->text);
    fields({{L("Case number", "案件编号"), f_.number},
            {L("File number", "卷号"), file_number_},
            {L("Subject", "案由"), f_.title},
            {L("Dispute type", "纠纷类型"), vocab_label(ctx_, "case-type", f_.type)},
            {L("Source", "案件来源"), vocab_label(ctx_, "case-source", f_.source)},
            {L("Taken on", "受理日期"), f_.opened_on},
            {L("Closed on", "结案日期"), f_.closed_on},
            {L("Settled at", "化解层级"), f_.settled_level.empty() ? "" : choice_label(f_.settled_level)},
            {L("Mediators", "调解员"), mediators_text(f_)},
            {L("Sessions", "调解次数"), std::to_string(f_.of_kind("session").size())},
            {L("Result", "调解结果"), result_text()},
            {L("Deadline of performance", "履行期限"), f_.perform_by},
            {L("Follow-up", "回访情况"), followup_text()}});
    block(L("Course and result of the mediation", "调解经过及结果"), f_.summary);
    if (!f_.failed_on.empty())
      block(L("Routes the parties were told of", "告知当事人的其他解决途径"),
            tr_format("The parties were told of the other route the law gives them: {}.",
                      "已告知当事人可依法通过其他途径解决纠纷：{}。", choice_label(f_.referral)));
    block(L("Lessons learnt", "案件复盘"), join(lessons, "\n"), 2);
    body_.sign_off({L("Mediator (signature): ", "人民调解员（签名）："), L("Committee head (signature): ", "调解委员会主任（签名）：")},
                   committee_, f_.closed_on);
  }

  Document finish(std::string_view kind) {
    doc_.title = L("Case file ", "调解卷宗 ") + f_.number;
    if (kind != "all") doc_.title += " · " + kind_title(kind);
    doc_.subtitle = committee_;
    doc_.footer = page_footer(committee_, file_number_) + L(" · confidential", " · 保密");
    doc_.print_body = body_.html();
    return std::move(doc_);
  }

  static std::string kind_title(std::string_view kind) {
    if (kind == "cover") return L("cover", "封面");
    if (kind == "index") return L("index", "卷内目录");
    if (kind == "registration") return L("registration form", "受理登记表");
    if (kind == "record") return L("mediation records", "调解记录");
    if (kind == "agreement") return L("agreement", "调解协议书");
    if (kind == "followup") return L("follow-up records", "回访记录");
    if (kind == "closing") return L("closing report", "结案报告");
    return std::string(kind);
  }

 private:
  // Starts a document on a new page, with its md/json section.
  void begin(const std::string& title, std::string_view under) {
    body_.page_break();
    body_.title(title, under);
    Section s;
    s.heading = title;
    s.key = "document";
    s.table.columns = {{"document", "Document", "文件"}, {"item", "Item", "项目"}, {"value", "Value", "内容"}};
    doc_.sections.push_back(std::move(s));
  }

  void add_fact(const std::string& item, const std::string& value) {
    doc_.sections.back().table.rows.push_back({doc_.sections.back().heading, item, value});
  }

  void fields(const Pairs& pairs, int per_row = 2) {
    body_.fields(pairs, per_row);
    for (const auto& [k, v] : pairs) add_fact(k, v);
  }

  void block(const std::string& label, const std::string& text, int blank_lines = 3) {
    body_.block(label, text, blank_lines);
    add_fact(label, text);
  }

  void section_table(const std::string& heading, const Table& t) {
    doc_.sections.pop_back();  // the document's own table stands for its facts
    Section s;
    s.heading = heading;
    s.key = "index";
    s.table = t;
    doc_.sections.push_back(std::move(s));
  }

  void parties_table() {
    Table t;
    t.columns = {{"role", "Role", "身份"},       {"name", "Name", "姓名/名称"}, {"gender", "Gender", "性别"},
                 {"age", "Age", "年龄", true},   {"address", "Address", "住址"}, {"phone", "Phone", "联系电话"},
                 {"id_number", "ID number", "身份证号"}};
    for (const PartyInfo& p : f_.parties) {
      t.rows.push_back({role_label(p.role), p.name, p.gender, p.age, p.address, p.phone, p.id_number});
      add_fact(role_label(p.role), p.name);
    }
    body_.table(t);
  }

  void record_page(const Entry* s, std::size_t n) {
    std::vector<std::string> names;
    for (const PartyInfo& p : f_.parties) names.push_back(role_label(p.role) + " " + p.name);
    fields({{L("Case number", "案件编号"), f_.number},
            {L("Session", "调解次数"), n ? tr_format("session {}", "第 {} 次", n) : ""},
            {L("Date", "调解日期"), s ? s->date : ""},
            {L("Place", "调解地点"), ""},
            {L("Method", "调解方法"), s && !s->code.empty() ? vocab_label(ctx_, "mediation-method", s->code) : ""},
            {L("Mode", "调解方式"), choice_label(f_.mode)},
            {L("Mediators", "调解员"), join(mediator_names(f_, s ? s->date : ""), L(", ", "、"))},
            {L("Recorder", "记录人"), s ? s->recorder : ""},
            {L("Parties present", "参加人员"), join(names, L("; ", "；"))}});
    block(L("Course of the session", "调解经过"), s ? s->text : "", 10);
    std::vector<std::string> signers;
    for (const PartyInfo& p : f_.parties) signers.push_back(tr_format("{} (signature): ", "{}（签名）：", p.name));
    signers.push_back(L("Mediator (signature): ", "调解员（签名）："));
    signers.push_back(L("Recorder (signature): ", "记录人（签名）："));
    body_.signatures(signers);
  }

  void followup_page(const Entry* v) {
    std::vector<std::string> names;
    for (const PartyInfo& p : f_.parties) names.push_back(p.name);
    const std::string performing = v && !v->code.empty() ? agreement_performance(v->code) : "";
    fields({{L("Case number", "案件编号"), f_.number},
            {L("Agreement number", "协议编号"), file_number_},
            {L("Visited on", "回访日期"), v ? v->date : ""},
            {L("Visitor", "回访人"), v ? v->recorder : ""},
            {L("Visited", "回访对象"), join(names, L(", ", "、"))},
            {L("Reason for the visit", "回访事由"), L("how the agreement is carried out", "了解调解协议履行情况")},
            {L("Performance", "履行情况"), performing},
            {L("Satisfaction", "当事人满意度"),
             v && v->satisfaction ? tr_format("{} of 5", "{} 分（满分 5 分）", *v->satisfaction) : ""}},
           1);
    block(L("Notes of the visit", "回访情况记录"), v ? v->text : "", 5);
    body_.signatures({L("Visited party (signature): ", "被回访人（签名）："), L("Visitor (signature): ", "回访人（签名）：")});
  }

  std::string result_text() const {
    if (!f_.agreed_on.empty())
      return tr_format("agreement reached on {} ({})", "{} 达成{}", f_.agreed_on, choice_label(f_.agreement_kind));
    if (!f_.failed_on.empty())
      return tr_format("no agreement ({}); referred to: {}", "{} 调解不成，引导至：{}", f_.failed_on,
                       choice_label(f_.referral));
    return L("mediation under way", "调解中");
  }

  // What a follow-up visit found (holding, broken): "agreement holding", "协议履行良好".
  static std::string agreement_performance(std::string_view code) {
    return tr_format("agreement {}", "协议{}", choice_label(code));
  }

  std::string followup_text() const {
    if (f_.followup.empty()) return {};
    return f_.followup_on + " " + agreement_performance(f_.followup);
  }

  // The documents in the file (name, date, note), as the index lists them.
  std::vector<std::tuple<std::string, std::string, std::string>> index_rows() const {
    std::vector<std::tuple<std::string, std::string, std::string>> rows;
    const std::string attached = L("attached on paper", "纸质另附");
    rows.emplace_back(L("Case file cover", "卷宗封面"), f_.closed_on, "");
    rows.emplace_back(L("Index of documents", "卷内目录"), "", "");
    rows.emplace_back(L("Registration form", "人民调解受理登记表"), f_.opened_on, "");
    rows.emplace_back(L("Notice of the parties' rights and duties", "当事人权利义务告知书"), f_.opened_on, attached);
    rows.emplace_back(L("Proof of the parties' identity", "当事人身份证明"), "", attached);
    auto sessions = f_.of_kind("session");
    if (sessions.empty()) rows.emplace_back(L("Mediation record", "人民调解记录"), "", L("not recorded in shequ", "未录入系统"));
    for (std::size_t i = 0; i < sessions.size(); ++i)
      rows.emplace_back(tr_format("Mediation record, session {}", "人民调解记录（第 {} 次）", i + 1), sessions[i]->date,
                        "");
    if (agreed())
      rows.emplace_back(f_.agreement_kind == "oral" ? L("Record of an oral agreement", "口头调解协议登记表")
                                                    : L("Mediation agreement", "人民调解协议书"),
                        f_.agreed_on, "");
    auto visits = f_.of_kind("follow-up");
    if (visits.empty() && !f_.followup_on.empty()) rows.emplace_back(L("Follow-up visit record", "人民调解回访记录"), f_.followup_on, "");
    for (const Entry* v : visits) rows.emplace_back(L("Follow-up visit record", "人民调解回访记录"), v->date, "");
    rows.emplace_back(L("Closing report", "人民调解结案报告"), f_.closed_on, "");
    rows.emplace_back(L("Back cover", "卷底"), "", attached);
    return rows;
  }

  Context& ctx_;
  CaseFile f_;
  std::string committee_, file_number_;
  PrintBody body_;
  Document doc_;
  std::vector<Entry> visits_storage_;
};

}  // namespace

const std::vector<std::string>& case_document_kinds() {
  static const std::vector<std::string> kinds = {"cover", "index", "registration", "record", "agreement", "followup", "closing", "all"};
  return kinds;
}

Document case_document(Context& ctx, const CaseDocumentRequest& request) {
  const auto& kinds = case_document_kinds();
  if (std::find(kinds.begin(), kinds.end(), request.kind) == kinds.end())
    throw Error(Exit::usage, tr_format("unknown document \"{}\"; valid: {}", "未知的文书“{}”；可用：{}", request.kind,
                                       join(kinds, ", ")));
  if (!ctx.reveal)
    throw Error(Exit::not_permitted,
                std::string(tr("the case file names the parties and holds the mediation records: it is printed only with --reveal",
                               "调解卷宗载有当事人信息和调解记录，只能在 --reveal 下打印")),
                std::string(tr("shequ --reveal case document C12 -o 卷宗.html   (the print is recorded in the audit log)",
                               "shequ --reveal case document C12 -o 卷宗.html （打印将记入审计日志）")));
  std::int64_t id = resolve(ctx, "case", request.case_ref);
  Dossier d(ctx, load_case(ctx, id));
  const std::string& k = request.kind;
  if ((k == "agreement" || k == "followup") && !d.agreed())
    throw Error(Exit::refused, tr_format("case {} has no agreement{}", "案件 {} 没有达成调解协议{}", request.case_ref,
                                         k == "followup" ? L(" to follow up", "，无需回访") : ""));
  if (k == "cover" || k == "all") d.cover();
  if (k == "index" || k == "all") d.index();
  if (k == "registration" || k == "all") d.registration();
  if (k == "record" || k == "all") d.records();
  if ((k == "agreement" || k == "all") && d.agreed()) d.agreement();
  if ((k == "followup" || k == "all") && d.agreed()) d.followups();
  if (k == "closing" || k == "all") d.closing();
  audit_reveal(ctx, "case", id, "document " + k);
  return d.finish(k);
}

}  // namespace shequ
