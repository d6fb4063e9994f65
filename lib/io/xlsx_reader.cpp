#include "io/xlsx_reader.h"

#include <expat.h>
#include <unzip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/date.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {
namespace {

constexpr std::size_t kChunk = 1 << 16;
constexpr char kNsSep = '\x01';

// The local part of an element or attribute name from expat in namespace mode ("uri\1c" → "c").
std::string_view local(const XML_Char* name) {
  std::string_view n(name);
  std::size_t sep = n.rfind(kNsSep);
  return sep == std::string_view::npos ? n : n.substr(sep + 1);
}

const XML_Char* attr(const XML_Char** attrs, std::string_view name) {
  for (; attrs && *attrs; attrs += 2)
    if (local(attrs[0]) == name) return attrs[1];
  return nullptr;
}

// Receives the events of one XML document.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
};

// An expat parser feeding a handler, fed chunk by chunk.
class XmlParser {
 public:
  XmlParser(XmlHandler& h, std::string what) : what_(std::move(what)) {
    p_ = XML_ParserCreateNS(nullptr, kNsSep);
    XML_SetUserData(p_, &h);
    XML_SetElementHandler(
        p_, [](void* u, const XML_Char* n, const XML_Char** a) { static_cast<XmlHandler*>(u)->start(local(n), a); },
        [](void* u, const XML_Char* n) { static_cast<XmlHandler*>(u)->end(local(n)); });
    XML_SetCharacterDataHandler(p_, [](void* u, const XML_Char* s, int len) {
      static_cast<XmlHandler*>(u)->text(std::string_view(s, static_cast<std::size_t>(len)));
    });
  }
  ~XmlParser() { XML_ParserFree(p_); }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  void feed(const char* data, std::size_t n, bool final) {
    if (XML_Parse(p_, data, static_cast<int>(n), final) == XML_STATUS_ERROR)
      throw Error(Exit::data,
                  tr_format("{}: damaged workbook: {} at line {} of {}", "{}：工作簿已损坏：{}（{} 第 {} 行）", what_,
                            XML_ErrorString(XML_GetErrorCode(p_)), XML_GetCurrentLineNumber(p_), entry_),
                  std::string(tr("open it in Excel or WPS and save it again", "请用 Excel 或 WPS 打开后重新保存")));
  }
  void entry(std::string name) { entry_ = std::move(name); }

 private:
  XML_Parser p_;
  std::string what_;
  std::string entry_;
};

// ---- the workbook's parts ----

struct WorkbookInfo : XmlHandler {
  bool date1904 = false;
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
  void start(std::string_view name, const XML_Char** a) override {
    if (name == "workbookPr") {
      const XML_Char* v = attr(a, "date1904");
      date1904 = v && (std::string_view(v) == "1" || std::string_view(v) == "true");
    } else if (name == "sheet") {
      const XML_Char* n = attr(a, "name");
      const XML_Char* id = attr(a, "id");
      sheets.emplace_back(n ? n : "", id ? id : "");
    }
  }
  void end(std::string_view) override {}
};

struct Relationships : XmlHandler {
  std::vector<std::pair<std::string, std::string>> targets;  // id, target
  void start(std::string_view name, const XML_Char** a) override {
    if (name != "Relationship") return;
    const XML_Char* id = attr(a, "Id");
    const XML_Char* t = attr(a, "Target");
    if (id && t) targets.emplace_back(id, t);
  }
  void end(std::string_view) override {}
};

// Whether a number format shows a date or time: the built-in ones (including the CJK locales'
// 27–36 and 50–58), or a format code with y, m, d, h or s outside quotes, brackets and escapes.
bool is_date_format(int id, std::string_view code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
    return true;
  if (code.empty() || iequals_ascii(code, "General")) return false;
  bool quoted = false;
  int bracket = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (quoted) { quoted = c != '"'; continue; }
    if (c == '"') quoted = true;
    else if (c == '[') ++bracket;
    else if (c == ']') bracket = std::max(0, bracket - 1);
    else if (c == '\\' || c == '_' || c == '*') ++i;  // the next character is literal
    else if (!bracket && std::strchr("yYmMdDhHsS", c)) return true;
  }
  return false;
}

struct Styles : XmlHandler {
  std::vector<std::pair<int, std::string>> formats;  // custom number formats: id, code
  std::vector<bool> date_style;                       // by cell style index (cellXfs)
  bool in_cell_xfs = false;
  void start(std::string_view name, const XML_Char** a) override {
    if (name == "numFmt") {
      const XML_Char* id = attr(a, "numFmtId");
      const XML_Char* code = attr(a, "formatCode");
      if (id) formats.emplace_back(std::atoi(id), code ? code : "");
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      const XML_Char* id = attr(a, "numFmtId");
      int n = id ? std::atoi(id) : 0;
      std::string_view code;
      for (const auto& [fid, c] : formats)
        if (fid == n) code = c;
      date_style.push_back(is_date_format(n, code));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
};

// The shared strings, in one buffer: rich text runs joined, phonetic guides (rPh) left out.
struct SharedStrings : XmlHandler {
  std::string pool;
  std::vector<std::size_t> starts;  // of each string in pool; one more at the end
  int in_t = 0, in_rph = 0;
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") starts.push_back(pool.size());
    else if (name == "t") ++in_t;
    else if (name == "rPh") ++in_rph;
  }
  void end(std::string_view name) override {
    if (name == "t") --in_t;
    else if (name == "rPh") --in_rph;
  }
  void text(std::string_view s) override {
    if (in_t && !in_rph) pool += s;
  }
  std::size_t size() const { return starts.size(); }
  std::string_view at(std::size_t i) const {
    std::size_t end = i + 1 < starts.size() ? starts[i + 1] : pool.size();
    return std::string_view(pool).substr(starts[i], end - starts[i]);
  }
};

// "C5" → (column 2, row 5); nullopt parts when absent.
void parse_ref(std::string_view ref, std::optional<std::size_t>& col, std::optional<std::size_t>& row) {
  std::size_t c = 0, i = 0;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i)
    c = c * 26 + static_cast<std::size_t>(std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
  if (i > 0) col = c - 1;
  std::size_t r = 0;
  auto res = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
  if (res.ec == std::errc() && r > 0) row = r;
}

struct Merge {
  std::size_t row1, row2, col1, col2;
  std::string ref;
};

struct Merges : XmlHandler {
  std::vector<Merge> merges;
  void start(std::string_view name, const XML_Char** a) override {
    if (name != "mergeCell") return;
    const XML_Char* ref = attr(a, "ref");
    if (!ref) return;
    std::string_view r(ref);
    std::size_t colon = r.find(':');
    std::optional<std::size_t> c1, r1, c2, r2;
    parse_ref(r.substr(0, colon), c1, r1);
    parse_ref(colon == std::string_view::npos ? r : r.substr(colon + 1), c2, r2);
    if (c1 && r1 && c2 && r2) merges.push_back({*r1, *r2, *c1, *c2, std::string(r)});
  }
  void end(std::string_view) override {}
};

// A serial date (days since the epoch of the workbook's date system, with the time as a
// fraction) as ISO text.
std::string serial_to_text(double serial, bool date1904, std::string_view raw) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958465) return std::string(raw);
  auto seconds = static_cast<std::int64_t>(std::llround(serial * 86400.0));
  std::int64_t days = seconds / 86400, secs = seconds % 86400;
  std::string time = fmt::format("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
  if (days == 0 && !date1904) return time;  // a time of day alone
  Date epoch;
  if (date1904) {
    epoch = Date{1904, 1, 1};
  } else if (days >= 61) {
    epoch = Date{1899, 12, 30};
  } else if (days == 60) {
    return std::string(raw);  // 1900-02-29, which Excel counts but never was
  } else {
    epoch = Date{1899, 12, 31};
  }
  std::string date = to_iso(civil_from_days(days_from_civil(epoch) + days));
  return secs ? date + " " + time : date;
}

}  // namespace

std::string column_letters(std::size_t column) {
  std::string s;
  for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}

// The sheet's rows as they are parsed: a handler that collects finished rows.
struct XlsxReader::State : XmlHandler {
  std::string path;
  std::string sheet;
  unzFile zip = nullptr;
  bool date1904 = false;
  Styles styles;
  SharedStrings shared;
  std::vector<Merge> merges;
  std::unique_ptr<XmlParser> parser;
  bool at_end = false;
  std::unique_ptr<char[]> buf{new char[kChunk]};

  // Parse state of the sheet.
  std::deque<CsvRecord> ready;
  CsvRecord current;
  std::size_t row_number = 0;
  std::optional<std::size_t> col;
  std::string type;
  int style = -1;
  bool has_formula = false, has_value = false;
  std::string value;
  int in_v = 0, in_is_t = 0, in_is = 0, in_rph = 0;
  std::size_t header_width = 0;  // 0 until the header is read

  [[noreturn]] void fail(std::string en, std::string zh, std::string hint = {}) const {
    throw Error(Exit::data, fmt::format("{}: {}", path, tr(en, zh)), std::move(hint));
  }

  bool open_entry(const std::string& name) {
    if (unzLocateFile(zip, name.c_str(), 2) != UNZ_OK) return false;
    if (unzOpenCurrentFile(zip) != UNZ_OK)
      fail("damaged workbook: cannot open " + name, "工作簿已损坏：无法打开 " + name);
    return true;
  }
  int read_entry(char* dst, std::size_t n) {
    int got = unzReadCurrentFile(zip, dst, static_cast<unsigned>(n));
    if (got < 0) fail("damaged workbook: cannot unpack the sheet", "工作簿已损坏：无法解压工作表");
    return got;
  }
  // Parses a whole part; false if the workbook has no such part.
  bool parse_part(const std::string& name, XmlHandler& h) {
    if (!open_entry(name)) return false;
    XmlParser p(h, path);
    p.entry(name);
    for (int n; (n = read_entry(buf.get(), kChunk)) > 0;) p.feed(buf.get(), static_cast<std::size_t>(n), false);
    p.feed("", 0, true);
    unzCloseCurrentFile(zip);
    return true;
  }
  // Merged cells are listed after the rows: look for them in a first pass over the sheet, and
  // parse it only when a mergeCell is there.
  void find_merges(const std::string& name) {
    if (!open_entry(name)) return;
    bool found = false;
    std::string tail;
    for (int n; !found && (n = read_entry(buf.get(), kChunk)) > 0;) {
      std::string window = tail + std::string(buf.get(), static_cast<std::size_t>(n));
      found = window.find("mergeCell") != std::string::npos;
      tail = window.substr(window.size() > 16 ? window.size() - 16 : 0);
    }
    unzCloseCurrentFile(zip);
    if (!found) return;
    Merges m;
    parse_part(name, m);
    merges = std::move(m.merges);
  }

  void start(std::string_view name, const XML_Char** a) override {
    if (name == "row") {
      std::optional<std::size_t> c, r;
      if (const XML_Char* ref = attr(a, "r")) parse_ref(std::string("A") + ref, c, r);
      row_number = r ? *r : row_number + 1;
      current.fields.clear();
      current.cell_problems.clear();
      current.line = row_number;
      col.reset();
    } else if (name == "c") {
      std::optional<std::size_t> c, r;
      if (const XML_Char* ref = attr(a, "r")) parse_ref(ref, c, r);
      col = c ? *c : col ? *col + 1 : 0;
      const XML_Char* t = attr(a, "t");
      type = t ? t : "n";
      const XML_Char* s = attr(a, "s");
      style = s ? std::atoi(s) : -1;
      has_formula = has_value = false;
      value.clear();
    } else if (name == "v") {
      ++in_v;
      has_value = true;
    } else if (name == "f") {
      has_formula = true;
    } else if (name == "is") {
      ++in_is;
      has_value = true;
    } else if (name == "t" && in_is) {
      ++in_is_t;
    } else if (name == "rPh") {
      ++in_rph;
    }
  }

  void end(std::string_view name) override {
    if (name == "v") --in_v;
    else if (name == "is") --in_is;
    else if (name == "t" && in_is) --in_is_t;
    else if (name == "rPh") --in_rph;
    else if (name == "c") finish_cell();
    else if (name == "row") finish_row();
  }

  void text(std::string_view s) override {
    if (in_v || (in_is_t && !in_rph)) value += s;
  }

  void finish_cell() {
    std::size_t c = *col;
    if (c >= 16384) fail("damaged workbook: a cell beyond column XFD", "工作簿已损坏：单元格超出 XFD 列");
    if (current.fields.size() <= c) current.fields.resize(c + 1);
    std::string& out = current.fields[c];
    if (has_formula && (!has_value || (value.empty() && type != "str"))) {
      current.cell_problems.emplace_back(
          c, std::string(tr("a formula without a saved result: open the file in Excel or WPS and save it again",
                            "公式没有保存计算结果：请用 Excel 或 WPS 打开后重新保存")));
      return;
    }
    if (type == "s") {
      std::size_t i = 0;
      auto res = std::from_chars(value.data(), value.data() + value.size(), i);
      if (res.ec != std::errc() || i >= shared.size())
        fail("damaged workbook: a shared string that is not there", "工作簿已损坏：引用了不存在的共享字符串");
      out = shared.at(i);
    } else if (type == "b") {
      out = value == "1" ? "true" : value == "0" ? "false" : value;
    } else if (type == "n" && style >= 0 && static_cast<std::size_t>(style) < styles.date_style.size() &&
               styles.date_style[static_cast<std::size_t>(style)] && !value.empty()) {
      double serial = 0;
      auto res = std::from_chars(value.data(), value.data() + value.size(), serial);
      out = res.ec == std::errc() ? serial_to_text(serial, date1904, value) : value;
    } else if (type == "d") {
      out = value.size() >= 19 && value[10] == 'T' ? value.substr(0, 10) + " " + value.substr(11, 8)
                                                   : value.substr(0, 10);
    } else {
      out = value;  // numbers as written, inline strings, formula strings, error values (#N/A)
    }
  }

  void finish_row() {
    auto& f = current.fields;
    if (header_width == 0) {
      while (!f.empty() && trim(f.back()).empty()) f.pop_back();
      if (f.empty()) return;  // rows before the header with nothing in them
      check_header_merges();
      header_width = f.size();
    } else {
      bool any = !current.cell_problems.empty();
      for (const auto& v : f) any = any || !v.empty();
      if (!any) return;
      std::size_t width = f.size();
      while (width > header_width && f[width - 1].empty()) --width;
      f.resize(std::max(width, header_width));
    }
    ready.push_back(current);
  }

  void check_header_merges() const {
    std::vector<std::string> refs;
    for (const Merge& m : merges)
      if (m.row1 <= row_number && row_number <= m.row2) refs.push_back(m.ref);
    if (refs.empty()) return;
    throw Error(
        Exit::data,
        tr_format("{}:{}: merged cells in the header row ({}): every column needs its own name",
                  "{}:{}：表头行有合并单元格（{}）：每一列都要有自己的列名", path, row_number, join(refs, ", ")),
        std::string(tr("unmerge them (Home → Merge & Center) and give each column its name in one header row",
                       "请取消合并（开始 → 合并后居中），在同一行表头中为每列写上列名")));
  }
};

XlsxReader::XlsxReader(const std::string& path, const std::string& sheet) : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.path = path;
  s.zip = unzOpen64(path.c_str());
  if (!s.zip) s.fail("not a readable .xlsx workbook", "不是可读取的 .xlsx 工作簿");
  WorkbookInfo wb;
  if (!s.parse_part("xl/workbook.xml", wb)) s.fail("not an Excel workbook (no xl/workbook.xml)", "不是 Excel 工作簿（缺少 xl/workbook.xml）");
  s.date1904 = wb.date1904;
  if (wb.sheets.empty()) s.fail("the workbook has no sheets", "工作簿中没有工作表");
  std::vector<std::string> names;
  for (const auto& [name, id] : wb.sheets) names.push_back(name);
  std::size_t pick = 0;
  if (!sheet.empty()) {
    auto it = std::find(names.begin(), names.end(), sheet);
    std::size_t n = 0;
    auto res = std::from_chars(sheet.data(), sheet.data() + sheet.size(), n);
    if (it != names.end()) pick = static_cast<std::size_t>(it - names.begin());
    else if (res.ec == std::errc() && res.ptr == sheet.data() + sheet.size() && n >= 1 && n <= names.size()) pick = n - 1;
    else
      throw Error(Exit::not_found,
                  tr_format("{}: no sheet \"{}\" (sheets: {})", "{}：没有工作表“{}”（现有：{}）", path, sheet,
                            join(names, ", ")),
                  std::string(tr("give --sheet a name or a number from 1", "--sheet 可给工作表名称，或从 1 起的序号")));
  }
  s.sheet = names[pick];
  Relationships rels;
  s.parse_part("xl/_rels/workbook.xml.rels", rels);
  std::string target;
  for (const auto& [id, t] : rels.targets)
    if (id == wb.sheets[pick].second) target = t;
  if (target.empty()) s.fail("damaged workbook: the sheet's part is not listed", "工作簿已损坏：找不到工作表的内容");
  target = target.starts_with("/") ? target.substr(1) : "xl/" + target;
  s.parse_part("xl/styles.xml", s.styles);
  // The part is named in [Content_Types].xml; these two names are what every writer uses.
  if (!s.parse_part("xl/sharedStrings.xml", s.shared)) s.parse_part("xl/SharedStrings.xml", s.shared);
  s.find_merges(target);
  if (!s.open_entry(target)) s.fail("damaged workbook: the sheet's part is missing", "工作簿已损坏：缺少工作表的内容");
  s.parser = std::make_unique<XmlParser>(s, path);
  s.parser->entry(target);
}

XlsxReader::~XlsxReader() {
  if (s_->zip) {
    unzCloseCurrentFile(s_->zip);
    unzClose(s_->zip);
  }
}

bool XlsxReader::next(CsvRecord& rec) {
  State& s = *s_;
  while (s.ready.empty() && !s.at_end) {
    int n = s.read_entry(s.buf.get(), kChunk);
    s.parser->feed(s.buf.get(), static_cast<std::size_t>(std::max(n, 0)), n == 0);
    s.at_end = n == 0;
  }
  if (s.ready.empty()) return false;
  std::swap(rec, s.ready.front());
  s.ready.pop_front();
  return true;
}

std::string XlsxReader::where(std::size_t line, std::optional<std::size_t> column) const {
  std::string w = s_->path + ":" + std::to_string(line);
  if (column) w += " (" + column_letters(*column) + ")";
  return w;
}

const std::string& XlsxReader::sheet_name() const { return s_->sheet; }

}  // namespace shequ
