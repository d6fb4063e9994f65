// The printed page (html_page.h): A4 rules, the running footer, fonts, and documents' own layouts.
#include <doctest/doctest.h>

#include <sstream>

#include "io/html_page.h"
#include "core/i18n.h"

using namespace shequ;

namespace {

struct LangScope {
  Lang old = language();
  explicit LangScope(Lang l) { set_language(l); }
  ~LangScope() { set_language(old); }
};

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

std::string page(const PageFrame& frame) {
  std::ostringstream os;
  write_page_open(os, frame);
  os << "<p>正文</p>\n";
  write_page_close(os, frame);
  return os.str();
}

}  // namespace

TEST_CASE("page frame: A4 with margins, a footer and page numbers on every page, CJK fonts") {
  LangScope zh(Lang::zh);
  const std::string html = page({"民意晴雨表", "宁康园社区 · 2026 · \"引号\" \\ </style> 生成于 2026-11-29"});
  CHECK(html.find("size: A4;") != std::string::npos);
  CHECK(html.find("margin: 15mm 15mm 18mm;") != std::string::npos);
  // the footer sits in margin boxes, as a CSS string (no entities inside <style>): quotes and the
  // backslash escaped, "<" as \3c so the style cannot be closed early
  CHECK(html.find("@bottom-left { content: \"宁康园社区 · 2026 · \\\"引号\\\" \\\\ \\3c /style> 生成于 2026-11-29\";") !=
        std::string::npos);
  CHECK(count_of(html, "</style>") == 1);
  CHECK(html.find("@bottom-right { content: \"第 \" counter(page) \" 页 / 共 \" counter(pages) \" 页\"") != std::string::npos);
  CHECK(html.find("thead { display: table-header-group; }") != std::string::npos);
  CHECK(html.find("break-inside: avoid") != std::string::npos);
  for (const char* font : {"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei"})
    CHECK(html.find(font) != std::string::npos);
  CHECK(html.find("fonts-noto-cjk") != std::string::npos);
  // on screen the footer closes the page once
  CHECK(count_of(html, "<p class=\"page-footer\">") == 1);
  CHECK(html.ends_with("</body>\n</html>\n"));

  LangScope en(Lang::en);
  CHECK(page({"x", "y"}).find("\"page \" counter(page) \" of \" counter(pages)") != std::string::npos);
}

TEST_CASE("page frame: without a footer the page still says when it was generated") {
  LangScope en(Lang::en);
  CHECK(page({"t", ""}).find("generated on ") != std::string::npos);
  CHECK(page_footer("宁康园社区", "2026") .starts_with("宁康园社区 · 2026 · generated on "));
  CHECK(page_footer("", "").starts_with("generated on "));
}

TEST_CASE("PrintBody: pages, escaped text, blanks to fill in by hand, signatures and the seal") {
  LangScope zh(Lang::zh);
  PrintBody b;
  b.title("调解协议书 <b>", "编号：1");
  b.fields({{"甲方", "张三 & 李四"}, {"履行地点", ""}, {"单独一项", "x"}});
  b.block("争议事项", "", 2);
  b.page_break();
  b.title("回访记录");
  b.signatures({"申请人（签名）：", "调解员（签名）："});
  b.seal("宁康园社区人民调解委员会", "2026-11-29");
  const std::string html = b.html();
  CHECK(count_of(html, "<div class=\"page doc\">") == 2);
  CHECK(count_of(html, "</div>\n<div class=\"page doc\">") == 1);  // the first page is closed before the second
  CHECK(html.find("<h1>调解协议书 &lt;b&gt;</h1>") != std::string::npos);
  CHECK(html.find("<td>张三 &amp; 李四</td>") != std::string::npos);
  CHECK(html.find("<th>履行地点</th><td></td>") != std::string::npos);  // an empty value is a box to fill in
  CHECK(html.find("<th>单独一项</th><td colspan=\"3\">x</td>") != std::string::npos);  // an odd last pair spans the row
  CHECK(count_of(html, "<div class=\"blank\"></div>") == 2);
  CHECK(count_of(html, "<span class=\"line\"></span>") == 2);
  CHECK(html.find("（盖章）") != std::string::npos);
  CHECK(html.find("宁康园社区人民调解委员会") != std::string::npos);
}

TEST_CASE("document with its own layout: html prints the body inside the frame, md keeps the sections") {
  LangScope zh(Lang::zh);
  Document d;
  d.title = "志愿服务证明";
  d.footer = "宁康园社区 · ZM20260001";
  Section s;
  s.heading = "志愿者";
  s.table.columns = {{"item", "Item", "项目"}};
  s.table.rows = {{std::string("姓名")}};
  d.sections.push_back(s);
  PrintBody b;
  b.title("志愿服务证明");
  d.print_body = b.html();
  std::ostringstream html, md;
  render(d, Format::html, {}, html);
  render(d, Format::md, {}, md);
  CHECK(html.str().find("<div class=\"page doc\">\n<h1>志愿服务证明</h1>") != std::string::npos);
  CHECK(html.str().find("<h2>志愿者</h2>") == std::string::npos);
  CHECK(html.str().find("宁康园社区 · ZM20260001") != std::string::npos);
  CHECK(md.str().find("## 志愿者") != std::string::npos);
}
