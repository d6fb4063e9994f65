// The printed page every html report and document shares: A4 with margins, a running footer
// (the community, the period, the generation date, "第 N 页 / 共 M 页"), headers that repeat on
// each page, rows that never split across pages, and a font stack that renders Chinese on Linux
// (fonts-noto-cjk), Windows (Microsoft YaHei) and macOS (PingFang SC).
//
// The footer sits in CSS @page margin boxes, which Chromium prints since version 131 (and which
// repeat on every page by construction); on screen the same line closes the page.
//
// Documents with their own layout (the mediation dossier, certificates, the notice list) build a
// PrintBody: headings, label/value grids, tables, signature lines and a seal area; pages break
// where the body says so.
#pragma once
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/output.h"

namespace shequ {

/// Escapes text for HTML and XML (SVG): markup characters become entities, invalid UTF-8 and
/// characters XML forbids become U+FFFD, other control characters their visible pictures (␛).
std::string html_escape(std::string_view s);

/// What frames a printed page: the title (<title> only) and the line at the foot of every page.
struct PageFrame {
  std::string title;
  std::string footer;  ///< empty: "generated on DATE"
};

/// Writes everything up to and including <body>: the A4 rules, the running footer, the stylesheet.
void write_page_open(std::ostream& out, const PageFrame& frame);
/// Writes the footer line for the screen and closes the page.
void write_page_close(std::ostream& out, const PageFrame& frame);

/// The footer line of a report or document: "community · period · 生成于 DATE" (period may be empty).
std::string page_footer(std::string_view community, std::string_view period);

/// The html body of a document with its own printed layout (Document::print_body). Every text is escaped.
class PrintBody {
 public:
  /// The next content starts on a new page.
  void page_break();
  /// A document's title, centred (h1), with an optional line under it (a number, a date).
  void title(std::string_view text, std::string_view under = {});
  /// A heading inside a document (h2).
  void heading(std::string_view text);
  /// A statement in larger type (what a certificate certifies).
  void lead(std::string_view text);
  /// A paragraph; line breaks are kept.
  void paragraph(std::string_view text);
  /// A label/value grid, `per_row` pairs on a line; an empty value prints a line to fill in by hand.
  void fields(const std::vector<std::pair<std::string, std::string>>& pairs, int per_row = 2);
  /// A titled block of text ("争议事项", "履行方式"…) in a bordered box that never splits across pages.
  void block(std::string_view label, std::string_view text, int blank_lines = 3);
  /// A table whose header repeats on every printed page.
  void table(const Table& t);
  /// Signature lines, one per signer ("申请人（签名）"), each with a date line.
  void signatures(const std::vector<std::string>& signers);
  /// The seal area: a circle to stamp in, the organisation's name and the date under it.
  void seal(std::string_view organisation, std::string_view date);
  /// Signature lines on the left and the seal area on the right, kept together on one page.
  void sign_off(const std::vector<std::string>& signers, std::string_view organisation, std::string_view date);
  /// A small print line under the content (notes, the rule a document follows).
  void note(std::string_view text);
  /// The html written so far (the open page closed).
  std::string html() const;

 private:
  void open_page();
  std::string html_;
  bool page_started_ = false;
};

}  // namespace shequ
