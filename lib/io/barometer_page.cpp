#include "io/barometer_page.h"

#include <sstream>

#include "io/html_page.h"

namespace shequ {
namespace {

const Section* find_section(const Document& d, std::string_view key) {
  for (const Section& s : d.sections)
    if (s.key == key) return &s;
  return nullptr;
}

void write_section(const Section& s, std::ostream& out, bool chart) {
  out << "<section class=\"" << html_escape(s.key) << "\">\n<h2>" << html_escape(s.heading) << "</h2>\n";
  if (chart && s.chart) render_svg_chart(*s.chart, out);
  else render_html_table(s.table, out);
  if (chart && s.chart)
    for (const std::string& n : s.table.notes) out << "<p class=\"note\">" << html_escape(n) << "</p>\n";
  out << "</section>\n";
}

}  // namespace

std::string barometer_page(const Document& d) {
  std::ostringstream out;
  out << "<div class=\"page board\">\n<h1>" << html_escape(d.title) << "</h1>\n<p class=\"subtitle\">"
      << html_escape(d.subtitle) << "</p>\n";
  if (const Section* s = find_section(d, "overview")) {
    out << "<div class=\"tiles\">\n";
    for (const auto& row : s->table.rows)
      out << "<div class=\"tile\"><div class=\"value\">" << html_escape(row.size() > 1 ? cell_text(row[1]) : "")
          << "</div><div class=\"label\">" << html_escape(row.empty() ? "" : cell_text(row[0])) << "</div></div>\n";
    out << "</div>\n";
  }
  if (const Section* s = find_section(d, "distribution")) write_section(*s, out, true);
  out << "<div class=\"pair\">\n";
  for (const char* key : {"categories", "attention"})
    if (const Section* s = find_section(d, key)) write_section(*s, out, false);
  out << "</div>\n";
  if (const Section* s = find_section(d, "outcomes")) write_section(*s, out, false);
  out << "</div>\n";
  bool first = true;
  for (const Section& s : d.sections) {
    if (s.key == "overview" || s.key == "distribution" || s.key == "categories" || s.key == "attention" ||
        s.key == "outcomes")
      continue;
    if (first) out << "<div class=\"page\">\n";
    first = false;
    write_section(s, out, false);
  }
  if (!first) out << "</div>\n";
  return out.str();
}

}  // namespace shequ
