#include "records/choices.h"

#include "core/i18n.h"
#include "core/text.h"

namespace shequ {
namespace {

struct ChoiceLabel {
  const char* code;
  const char* en;
  const char* zh;
  const char* also = "";  // other spellings people type, separated by |
};

// Every fixed choice code of the entities, with its labels. A code means the same wherever it
// is used (central-household is both a party level and a role), so one row serves every field.
const ChoiceLabel kLabels[] = {
    // person: gender, residency
    {"M", "male", "男", "男性|male|man|m"},
    {"F", "female", "女", "女性|female|woman|f"},
    {"registered", "registered", "户籍人口", "户籍|本地户籍"},
    {"permanent", "permanent resident", "常住人口", "常住"},
    {"floating", "floating population", "流动人口", "流动|外来人口"},
    {"non-resident", "registered, living elsewhere", "人户分离", "户在人不在"},
    // case: mode, level, status, agreement, referral, follow-up
    {"private", "private", "不公开调解", "私下"},
    {"online", "online", "线上调解", "线上"},
    {"offline", "in person", "线下调解", "线下|现场"},
    {"public", "public hearing", "公开调解", "公开"},
    {"grid", "grid", "网格", ""},
    {"community", "community", "社区", ""},
    {"street", "street (sub-district)", "街道", ""},
    {"open", "open", "已受理", "受理"},
    {"mediating", "mediating", "调解中", ""},
    {"agreed", "agreed", "已达成协议", "达成协议"},
    {"failed", "failed", "调解不成", "调解失败"},
    {"closed", "closed", "已结案", "结案"},
    {"written", "written", "书面协议", "书面"},
    {"oral", "oral", "口头协议", "口头"},
    {"arbitration", "arbitration", "仲裁", ""},
    {"administrative", "administrative channel", "行政途径", "行政"},
    {"court", "court", "诉讼", "法院"},
    {"holding", "holding", "履行良好", "履行"},
    {"broken", "broken", "未履行", "反悔"},
    // case: the roles of parties and mediators
    {"applicant", "applicant", "申请人", ""},
    {"respondent", "respondent", "被申请人", ""},
    {"party", "party", "当事人", ""},
    {"lead", "lead", "主调", "主调解员"},
    {"assist", "assisting", "协助", "协调|协助调解员"},
    // meeting kind
    {"council", "residents' council", "小区议事会", "议事会"},
    {"micro-grid-hall", "micro-grid hall", "微网格议事厅", "议事厅"},
    // need status
    {"new", "new", "新登记", "登记"},
    {"accepted", "accepted", "已受理", ""},
    {"in-progress", "in progress", "办理中", ""},
    {"resolved", "resolved", "已办结", "办结"},
    {"declined", "declined", "不予办理", ""},
    // party organisation level and member kind
    {"committee", "community party committee", "社区大党委", "大党委"},
    {"branch", "grid party branch", "网格党支部", "党支部"},
    {"group", "building party group", "楼栋党小组", "党小组"},
    {"central-household", "central household", "党员中心户", "中心户"},
    {"resident", "resident member", "居住地党员", ""},
    {"directly-managed", "directly managed member", "直管党员", ""},
    {"partner-unit", "partner-unit member", "共建单位党员", ""},
    // programme site kind, meal mode
    {"centre", "service centre", "服务中心", "中心"},
    {"station", "service station", "服务站", "站点"},
    {"other", "other", "其他", ""},
    {"dine-in", "dine-in", "堂食", ""},
    {"delivered", "delivered", "送餐", "送餐上门"},
    // grid roles (1+1+N)
    {"committee-member", "committee member", "委员", "社区委员"},
    {"officer", "public-service officer", "公共服务干事", "干事"},
    {"grid-leader", "grid leader", "网格长", ""},
    {"neighbourhood-leader", "neighbourhood leader", "邻里长", ""},
    // team roles
    {"leader", "leader", "队长", ""},
    {"deputy", "deputy leader", "副队长", ""},
    {"member", "member", "队员", ""},
    // volunteer recruitment and status
    {"grid-survey", "grid survey", "网格摸排", "摸排"},
    {"group-recommendation", "group recommendation", "组织推荐", "推荐"},
    {"self-nomination", "self-nomination", "自荐", "自愿报名"},
    {"active", "active", "在册", "活跃"},
    {"paused", "paused", "暂停", ""},
    {"left", "left", "已退出", "退出"},
    // service hours
    {"pending", "pending", "待核实", ""},
    {"verified", "verified", "已核实", "核实"},
    {"rejected", "rejected", "已驳回", "驳回"},
    {"void", "void", "已作废", "作废"},
};

const ChoiceLabel* find(std::string_view code) {
  for (const ChoiceLabel& l : kLabels)
    if (code == l.code) return &l;
  return nullptr;
}

bool names(const ChoiceLabel& l, std::string_view text) {
  if (iequals_ascii(text, l.code) || text == l.zh || iequals_ascii(text, l.en)) return true;
  for (const std::string& s : split(l.also, '|'))
    if (!s.empty() && iequals_ascii(text, s)) return true;
  return false;
}

}  // namespace

std::string choice_label(std::string_view code) {
  const ChoiceLabel* l = find(code);
  return l ? std::string(tr(l->en, l->zh)) : std::string(code);
}

std::optional<std::string> choice_code(const std::vector<std::string>& choices, std::string_view text) {
  std::string t = trim(text);
  for (const std::string& c : choices)
    if (iequals_ascii(c, t)) return c;
  for (const std::string& c : choices)
    if (const ChoiceLabel* l = find(c); l && names(*l, t)) return c;
  return std::nullopt;
}

std::string choices_with_labels(const std::vector<std::string>& choices) {
  std::vector<std::string> shown;
  for (const std::string& c : choices) {
    std::string label = choice_label(c);
    shown.push_back(label == c ? c : c + std::string(tr(" (", "（")) + label + std::string(tr(")", "）")));
  }
  return join(shown, tr(", ", "、"));
}

}  // namespace shequ
