#include "io/html_page.h"

#include <fmt/format.h>
#include <utf8proc.h>

#include <sstream>

#include "core/date.h"
#include "core/i18n.h"

namespace shequ {
namespace {

void append_code_point(std::string& out, utf8proc_int32_t cp) {
  utf8proc_uint8_t buf[4];
  auto n = utf8proc_encode_char(cp, buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

std::string html_escape_impl(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  auto left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      append_code_point(out, 0xFFFD);
      ++p;
      --left;
      continue;
    }
    p += n;
    left -= n;
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t':
      case '\n': out += static_cast<char>(cp); break;
      case '\r':  // CRLF → LF, a lone CR → LF
        if (left == 0 || *p != '\n') out += '\n';
        break;
      case 0x7F: append_code_point(out, 0x2421); break;
      case 0xFFFE:
      case 0xFFFF: append_code_point(out, 0xFFFD); break;
      default:
        if (cp < 0x20)
          append_code_point(out, 0x2400 + cp);
        else
          append_code_point(out, cp);
    }
  }
  return out;
}

// A CSS string literal ("…") for the content of a margin box inside <style>, where no entity is
// decoded: quotes and backslashes are escaped, and "<" is written \3c so "</style>" cannot occur.
std::string css_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (c == '<') {
      out += "\\3c ";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// The stylesheet of every page. Fonts: Debian and Ubuntu need the package fonts-noto-cjk (Noto
// Sans CJK SC); Windows has Microsoft YaHei, macOS PingFang SC. Sizes in pt print as written.
constexpr std::string_view kStyle = R"(body {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif;
  color: #000; line-height: 1.45; font-size: 10.5pt;
}
h1 { font-size: 17pt; margin: 0 0 .2em; }
h2 { font-size: 13pt; margin: 1.1em 0 .35em; border-bottom: 1px solid #888; break-after: avoid; }
.subtitle { color: #333; margin: 0 0 .8em; }
table { border-collapse: collapse; margin: .3em 0 .7em; max-width: 100%; }
table.wide { font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; padding: .2em 0; }
th, td { border: 1px solid #777; padding: .2em .45em; text-align: left; vertical-align: top;
  white-space: pre-wrap; overflow-wrap: break-word; }
th { background: #e8e8e8; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, svg.chart, .block, .fields tr, .signatures, .seal, .figures { break-inside: avoid; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.note, .empty { color: #333; font-size: 9pt; margin: .2em 0; }
svg.chart { display: block; max-width: 100%; height: auto; margin: .3em 0 .7em; }
.page-footer { color: #444; font-size: 9pt; border-top: 1px solid #aaa; margin-top: 2em; padding-top: .3em; }
.doc h1 { text-align: center; font-size: 18pt; letter-spacing: .15em; margin-top: .3em; }
.doc .under { text-align: center; margin: 0 0 1em; }
.doc .fields { width: 100%; table-layout: fixed; }
.doc .fields th { width: 16%; background: #f0f0f0; }
.doc .fields td { min-height: 1.6em; }
.doc .block { border: 1px solid #777; padding: .3em .6em; margin: .5em 0; }
.doc .block .label { font-weight: bold; }
.doc .block .text { white-space: pre-wrap; min-height: 1.5em; }
.doc .blank { border-bottom: 1px solid #777; height: 1.6em; }
.doc .signatures { display: flex; flex-wrap: wrap; gap: 1em 2.5em; margin: 1.6em 0 .6em; }
.doc .signatures div { min-width: 40%; }
.doc .sign-off { display: flex; align-items: flex-end; gap: 4mm; break-inside: avoid; }
.doc .sign-off .signatures { flex: 1; display: block; margin: 1em 0 0; }
.doc .sign-off .signatures div { margin: .9em 0; }
.doc .sign-off .seal { margin: 0; flex: none; }
.doc table { width: 100%; }
.doc td, .doc th { overflow-wrap: break-word; }
.doc .line { display: inline-block; min-width: 9em; border-bottom: 1px solid #000; }
.doc .seal { margin: 1.5em 0 0 auto; width: 16em; text-align: center; }
.doc .seal .circle { width: 36mm; height: 36mm; border: 1px dashed #777; border-radius: 50%; margin: 0 auto .4em;
  color: #777; display: flex; align-items: center; justify-content: center; font-size: 9pt; }
.doc table.list { width: 100%; }
.notice table { width: 100%; font-size: 9pt; line-height: 1.3; }
.notice th, .notice td { padding: .08em .4em; }
.notice .seal { margin-top: .6em; }
.notice .seal .circle { display: none; }
.certificate .lead { font-size: 12pt; line-height: 1.8; text-indent: 2em; margin: .8em 0; }
.board h1 { font-size: 20pt; text-align: center; margin-bottom: 0; }
.board .subtitle { text-align: center; }
.board .tiles { display: flex; gap: 3mm; margin: .4em 0; }
.board .tile { flex: 1; border: 1.5px solid #000; padding: 1.5mm 2mm; text-align: center; break-inside: avoid; }
.board .tile .value { font-size: 18pt; font-weight: bold; line-height: 1.2; }
.board .tile .label { font-size: 9pt; line-height: 1.25; }
.board h2 { font-size: 12.5pt; margin: .7em 0 .3em; }
.board .pair { display: flex; gap: 6mm; align-items: flex-start; }
.board .pair section { flex: 1; }
.board .pair table { width: 100%; }
.board table { width: 100%; font-size: 9.5pt; }
.board .outcomes td:nth-child(3), .board .outcomes td:nth-child(5),
.board .outcomes th { white-space: nowrap; }
.page { break-after: page; }
.page:last-child { break-after: auto; }
@media screen {
  body { max-width: 190mm; margin: 1.5em auto; padding: 0 1em; }
  .page { border-bottom: 2px dashed #bbb; padding-bottom: 1em; margin-bottom: 1.5em; }
}
@media print {
  body { margin: 0; }
  .page-footer { display: none; }
  th, .doc .fields th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg.chart rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)";

}  // namespace

std::string html_escape(std::string_view s) { return html_escape_impl(s); }

std::string page_footer(std::string_view community, std::string_view period) {
  std::string s(community);
  if (!period.empty()) s += (s.empty() ? "" : " · ") + std::string(period);
  std::string made = tr_format("generated on {}", "生成于 {}", to_iso(today()));
  return s.empty() ? made : s + " · " + made;
}

void write_page_open(std::ostream& out, const PageFrame& frame) {
  const bool en = language() == Lang::en;
  const std::string footer = frame.footer.empty() ? page_footer({}, {}) : frame.footer;
  out << "<!DOCTYPE html>\n"
      << "<html lang=\"" << (en ? "en" : "zh-CN") << "\">\n"
      << "<head>\n"
      << "<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<!-- fonts: on Debian/Ubuntu install fonts-noto-cjk (Noto Sans CJK SC) to print the Chinese text -->\n"
      << "<title>" << html_escape(frame.title.empty() ? std::string_view("shequ") : frame.title) << "</title>\n"
      << "<style>\n"
      << "@page {\n  size: A4;\n  margin: 15mm 15mm 18mm;\n"
      << "  @bottom-left { content: " << css_string(footer)
      << "; font-size: 8.5pt; color: #444; vertical-align: top; padding-top: 3mm; }\n"
      << "  @bottom-right { content: "
      << (en ? R"("page " counter(page) " of " counter(pages))" : R"("第 " counter(page) " 页 / 共 " counter(pages) " 页")")
      << "; font-size: 8.5pt; color: #444; vertical-align: top; padding-top: 3mm; }\n}\n"
      << kStyle << "</style>\n"
      << "</head>\n"
      << "<body>\n";
}

void write_page_close(std::ostream& out, const PageFrame& frame) {
  const std::string footer = frame.footer.empty() ? page_footer({}, {}) : frame.footer;
  out << "<p class=\"page-footer\">" << html_escape(footer) << "</p>\n</body>\n</html>\n";
}

// ---- PrintBody ----

void PrintBody::page_break() {
  if (page_started_) html_ += "</div>\n";
  page_started_ = false;
}

void PrintBody::open_page() {
  if (page_started_) return;
  html_ += "<div class=\"page doc\">\n";
  page_started_ = true;
}

std::string PrintBody::html() const { return page_started_ ? html_ + "</div>\n" : html_; }

void PrintBody::title(std::string_view text, std::string_view under) {
  open_page();
  html_ += "<h1>" + html_escape(text) + "</h1>\n";
  if (!under.empty()) html_ += "<p class=\"under\">" + html_escape(under) + "</p>\n";
}

void PrintBody::heading(std::string_view text) {
  open_page();
  html_ += "<h2>" + html_escape(text) + "</h2>\n";
}

void PrintBody::lead(std::string_view text) {
  open_page();
  html_ += "<p class=\"lead\">" + html_escape(text) + "</p>\n";
}

void PrintBody::paragraph(std::string_view text) {
  open_page();
  html_ += "<p>" + html_escape(text) + "</p>\n";
}

void PrintBody::fields(const std::vector<std::pair<std::string, std::string>>& pairs, int per_row) {
  open_page();
  if (per_row < 1) per_row = 1;
  html_ += "<table class=\"fields\">\n<tbody>\n";
  for (std::size_t i = 0; i < pairs.size(); i += static_cast<std::size_t>(per_row)) {
    html_ += "<tr>";
    for (int j = 0; j < per_row; ++j) {
      std::size_t k = i + static_cast<std::size_t>(j);
      if (k >= pairs.size()) {
        html_ += "<th></th><td></td>";
        continue;
      }
      bool last = k + 1 == pairs.size() && j == 0 && per_row > 1;
      html_ += "<th>" + html_escape(pairs[k].first) + "</th>";
      html_ += last ? fmt::format("<td colspan=\"{}\">", per_row * 2 - 1) : std::string("<td>");
      html_ += html_escape(pairs[k].second) + "</td>";
      if (last) break;
    }
    html_ += "</tr>\n";
  }
  html_ += "</tbody>\n</table>\n";
}

void PrintBody::block(std::string_view label, std::string_view text, int blank_lines) {
  open_page();
  html_ += "<div class=\"block\"><div class=\"label\">" + html_escape(label) + "</div>";
  if (!text.empty())
    html_ += "<div class=\"text\">" + html_escape(text) + "</div>";
  else
    for (int i = 0; i < blank_lines; ++i) html_ += "<div class=\"blank\"></div>";
  html_ += "</div>\n";
}

void PrintBody::table(const Table& t) {
  open_page();
  std::ostringstream os;
  render_html_table(t, os);
  html_ += os.str();
}

void PrintBody::signatures(const std::vector<std::string>& signers) {
  open_page();
  html_ += "<div class=\"signatures\">\n";
  for (const std::string& s : signers)
    html_ += "<div>" + html_escape(s) + "<span class=\"line\"></span> " + html_escape(tr("Date:", "日期：")) +
             "<span class=\"line\" style=\"min-width:6em\"></span></div>\n";
  html_ += "</div>\n";
}

void PrintBody::seal(std::string_view organisation, std::string_view date) {
  open_page();
  html_ += "<div class=\"seal\"><div class=\"circle\">" + html_escape(tr("(seal)", "（盖章）")) + "</div><div>" +
           html_escape(organisation) + "</div><div>" + html_escape(date) + "</div></div>\n";
}

void PrintBody::sign_off(const std::vector<std::string>& signers, std::string_view organisation, std::string_view date) {
  open_page();
  html_ += "<div class=\"sign-off\">\n";
  signatures(signers);
  seal(organisation, date);
  html_ += "</div>\n";
}

void PrintBody::note(std::string_view text) {
  open_page();
  html_ += "<p class=\"note\">" + html_escape(text) + "</p>\n";
}

}  // namespace shequ
