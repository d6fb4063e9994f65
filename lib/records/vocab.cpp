#include "records/vocab.h"

#include <algorithm>

#include <fmt/format.h>

#include "records/audit.h"
#include "core/i18n.h"

namespace shequ {
namespace {

struct Term {
  const char* kind;
  const char* code;
  const char* zh;
  const char* en;
};

// Built-in vocabularies. Codes are stable ASCII; labels are localised.
const Term kDefaults[] = {
    // The 12 need categories of the seed's needs list (12类需求清单).
    {"need-category", "elderly-care", "养老服务", "Elderly care"},
    {"need-category", "children", "托幼与青少年", "Children and youth"},
    {"need-category", "health", "医疗健康", "Health care"},
    {"need-category", "environment", "环境卫生", "Environment and sanitation"},
    {"need-category", "property", "物业管理", "Property management"},
    {"need-category", "facilities", "设施维修", "Facilities and repairs"},
    {"need-category", "parking", "停车出行", "Parking and transport"},
    {"need-category", "safety", "平安建设", "Safety and security"},
    {"need-category", "culture", "文体活动", "Culture and sports"},
    {"need-category", "employment", "就业创业", "Employment"},
    {"need-category", "assistance", "困难帮扶", "Hardship assistance"},
    {"need-category", "convenience", "便民服务", "Convenience services"},
    {"case-type", "marriage-family", "婚姻家庭", "Marriage and family"},
    {"case-type", "housing-land", "房屋宅基地", "Housing and land"},
    {"case-type", "neighbour", "邻里纠纷", "Neighbour dispute"},
    {"case-type", "damages", "损害赔偿", "Damages"},
    {"case-type", "property-management", "物业纠纷", "Property management"},
    {"case-type", "contract", "合同纠纷", "Contract"},
    {"case-type", "labour", "劳动纠纷", "Labour"},
    {"case-type", "other", "其他", "Other"},
    {"case-source", "application", "当事人申请", "Party's application"},
    {"case-source", "initiative", "主动调解", "Committee's initiative"},
    {"case-source", "police", "公安移交", "Police referral"},
    {"case-source", "court", "法院委托", "Court referral"},
    {"case-source", "government", "政府部门转交", "Government referral"},
    {"case-source", "grid-patrol", "网格巡查", "Grid patrol"},
    {"case-source", "hotline", "热线", "Hotline"},
    {"mediation-method", "warm-heart", "暖心调解法", "Warm-heart mediation"},
    {"mediation-method", "perspective-taking", "换位思考法", "Perspective-taking"},
    {"mediation-method", "law-and-reason", "以法明理", "Law and reason"},
    {"mediation-method", "one-to-one", "一对一私密协商", "One-to-one private consultation"},
    {"mediation-method", "public-hearing", "公开评理", "Public hearing"},
    {"post-type", "dedication", "奉献", "Dedication"},
    {"post-type", "friendship", "友爱", "Friendship"},
    {"post-type", "mutual-aid", "互助", "Mutual aid"},
    {"post-type", "progress", "进步", "Progress"},
    {"person-tag", "elderly-alone", "独居老人", "Elderly living alone"},
    {"person-tag", "empty-nest", "空巢老人", "Empty-nest elderly"},
    {"person-tag", "low-income", "低保", "Low income (dibao)"},
    {"person-tag", "extremely-poor", "特困", "Extremely poor"},
    {"person-tag", "disabled", "残疾", "Disabled"},
    {"person-tag", "dementia", "失智", "Dementia"},
    {"person-tag", "veteran", "退役军人", "Veteran"},
    {"person-tag", "left-behind-child", "留守儿童", "Left-behind child"},
    {"person-tag", "key-care", "重点关注", "Needs close care"},
    {"skill", "mediation", "调解", "Mediation"},
    {"skill", "law", "法律", "Law"},
    {"skill", "medical", "医疗护理", "Medical care"},
    {"skill", "repair", "维修", "Repairs"},
    {"skill", "teaching", "教学辅导", "Teaching"},
    {"skill", "arts", "文艺", "Arts"},
    {"skill", "it", "信息技术", "IT"},
    {"skill", "cooking", "烹饪", "Cooking"},
    {"skill", "counselling", "心理疏导", "Counselling"},
    {"skill", "delivery", "配送跑腿", "Delivery"},
    {"partner-type", "hospital", "医院", "Hospital"},
    {"partner-type", "school", "学校", "School"},
    {"partner-type", "enterprise", "企业", "Enterprise"},
    {"partner-type", "public-body", "机关事业单位", "Public body"},
    {"partner-type", "merchant", "爱心商户", "Caring merchant"},
    {"partner-type", "social-org", "社会组织", "Social organisation"},
    {"partner-type", "property-company", "物业公司", "Property company"},
    {"service-type", "meal", "助餐", "Meals"},
    {"service-type", "recreation", "文娱", "Recreation"},
    {"service-type", "medical", "医疗", "Medical care"},
    {"service-type", "haircut", "义剪", "Haircuts"},
    {"service-type", "repair", "家电维修", "Repairs"},
    {"service-type", "legal", "法律咨询", "Legal advice"},
    {"service-type", "tutoring", "课业辅导", "Tutoring"},
    {"service-type", "heritage", "非遗体验", "Intangible heritage"},
    {"service-type", "health-check", "健康义诊", "Health check"},
    {"award-kind", "best-volunteer", "最美志愿者", "Best volunteer"},
    {"award-kind", "best-team", "最美志愿团队", "Best volunteer team"},
    {"award-kind", "best-family", "最美家庭", "Best family"},
    {"award-kind", "exemplar", "先进典型", "Exemplar"},
    {"channel", "council", "小区议事会", "Residents' council"},
    {"channel", "micro-grid-hall", "微网格议事厅", "Micro-grid hall"},
    {"channel", "online", "线上", "Online"},
    {"channel", "hotline", "热线", "Hotline"},
    {"channel", "visit", "走访", "Home visit"},
    {"channel", "patrol", "巡查", "Patrol"},
    {"event-kind", "convenience-festival", "一刻钟便民节", "Convenience festival"},
    {"event-kind", "cultural", "文体活动", "Culture and sports"},
    {"event-kind", "lecture", "讲座", "Lecture"},
    {"event-kind", "training", "培训", "Training"},
    {"event-kind", "volunteering", "志愿服务", "Volunteering"},
    {"event-kind", "visit", "走访慰问", "Visits"},
    {"event-kind", "other", "其他", "Other"},
};

}  // namespace

const Entity& vocab_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "vocab";
    e.plural = "vocab";
    e.en = "vocabulary term";
    e.zh = "词表项";
    e.table = "vocab";
    e.order_by = "t.kind, t.sort, t.code";
    e.fields = {
        {.key = "kind", .en = "Kind", .zh = "类别", .column = "kind", .required = true},
        {.key = "code", .en = "Code", .zh = "代码", .column = "code", .required = true},
        {.key = "zh", .en = "Chinese", .zh = "中文名", .column = "zh", .required = true},
        {.key = "en", .en = "English", .zh = "英文名", .column = "en", .required = true},
        {.key = "active", .en = "Active", .zh = "启用", .type = FieldType::boolean, .column = "active", .numeric = true},
        {.key = "sort", .en = "Order", .zh = "排序", .type = FieldType::integer, .column = "sort", .min = -1e6, .max = 1e6, .fallback = "0"},
    };
    e.natural_keys = {{"kind", "code"}};
    return e;
  }();
  return e;
}

void seed_vocab(Context& ctx) {
  Change change(ctx);
  auto st = ctx.db.cached(
      "INSERT INTO vocab (kind, code, zh, en, sort) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (kind, code) DO NOTHING");
  int sort = 0;
  for (const auto& t : kDefaults) {
    st.bind_all(t.kind, t.code, t.zh, t.en, ++sort);
    st.run();
  }
  for (const auto& kind : ctx.config.table_keys("vocab")) {
    for (const auto& code : ctx.config.table_keys("vocab." + kind)) {
      auto zh = ctx.config.get_string("vocab." + kind + "." + code);
      st.bind_all(kind, code, zh.value_or(code), code, ++sort);
      st.run();
    }
  }
  change.subject("vocab", 0);
  change.commit();
}

void retire_vocab(Context& ctx, std::string_view kind, std::string_view code) {
  Change change(ctx);
  auto st = ctx.db.cached("UPDATE vocab SET active = 0 WHERE kind = ? AND code = ?");
  st.bind_all(kind, code);
  st.run();
  if (ctx.db.changes() == 0) {
    throw Error(Exit::not_found, tr_format("no vocabulary term {} {}", "词表中没有 {} {}", kind, code),
                "shequ vocab list");
  }
  change.commit();
}

std::string vocab_label(Context& ctx, std::string_view kind, std::string_view code) {
  auto st = ctx.db.cached("SELECT zh, en FROM vocab WHERE kind = ? AND code = ?");
  st.bind_all(kind, code);
  if (!st.step()) return std::string(code);
  return language() == Lang::en ? st.text(1) : st.text(0);
}

CodeLabels vocab_labels(Context& ctx, std::string_view kind) {
  CodeLabels labels;
  auto st = ctx.db.cached("SELECT code, zh, en FROM vocab WHERE kind = ?");
  st.bind(1, kind);
  while (st.step()) labels.emplace(st.text(0), st.text(language() == Lang::en ? 2 : 1));
  return labels;
}

std::vector<std::string> vocab_codes(Context& ctx, std::string_view kind) {
  std::vector<std::string> codes;
  Stmt st(ctx.db, "SELECT code FROM vocab WHERE kind = ?1 AND active ORDER BY code");
  st.bind(1, kind);
  while (st.step()) codes.push_back(st.text(0));
  return codes;
}

std::vector<std::string> default_vocab_codes(std::string_view kind) {
  std::vector<std::string> codes;
  for (const Term& t : kDefaults)
    if (t.kind == kind) codes.push_back(t.code);
  std::sort(codes.begin(), codes.end());
  return codes;
}

std::vector<std::string> vocab_kinds() {
  std::vector<std::string> kinds;
  for (const Term& t : kDefaults)
    if (std::find(kinds.begin(), kinds.end(), t.kind) == kinds.end()) kinds.push_back(t.kind);
  return kinds;
}

}  // namespace shequ
