#include "records/input_kind.h"

#include <unzip.h>

#include <cstring>
#include <fstream>
#include <string_view>

#include <fmt/format.h>

#include "core/error.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {
namespace {

constexpr std::string_view kZipMagic = "PK\x03\x04";
constexpr std::string_view kOle2Magic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
// How far into an OLE2 file the stream names are looked for.
constexpr std::size_t kOle2ScanBytes = 64u << 20;

std::string save_as_hint() {
  return std::string(tr("open it in Excel or WPS and save it as .xlsx (Excel workbook) or CSV UTF-8",
                        "请用 Excel 或 WPS 打开，另存为 .xlsx（Excel 工作簿）或 CSV UTF-8"));
}

[[noreturn]] void refuse(const std::string& path, std::string_view what_en, std::string_view what_zh,
                         std::string hint = save_as_hint()) {
  throw Error(Exit::data, fmt::format("{}: {}", path, tr(what_en, what_zh)), std::move(hint));
}

// Whether the OLE2 container names a stream `name` (directory entries are UTF-16LE).
bool ole2_has_stream(std::ifstream& in, std::string_view name) {
  std::string needle;
  for (char c : name) needle += {c, '\0'};
  in.clear();
  in.seekg(0);
  std::string buf(1 << 20, '\0'), carry;
  for (std::size_t read = 0; read < kOle2ScanBytes && in; ) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::size_t n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    read += n;
    std::string window = carry + buf.substr(0, n);
    if (window.find(needle) != std::string::npos) return true;
    carry = window.substr(window.size() > needle.size() ? window.size() - needle.size() : 0);
  }
  return false;
}

bool zip_has(unzFile zip, const char* name) { return unzLocateFile(zip, name, 2) == UNZ_OK; }

std::string zip_small_entry(unzFile zip, const char* name) {
  std::string out;
  if (!zip_has(zip, name) || unzOpenCurrentFile(zip) != UNZ_OK) return out;
  char buf[256];
  int n = unzReadCurrentFile(zip, buf, sizeof buf);
  if (n > 0) out.assign(buf, static_cast<std::size_t>(n));
  unzCloseCurrentFile(zip);
  return out;
}

InputKind zip_kind(const std::string& path) {
  unzFile zip = unzOpen64(path.c_str());
  if (!zip)
    refuse(path, "a damaged zip file (an .xlsx workbook cut short?)", "zip 文件已损坏（.xlsx 工作簿不完整？）");
  bool xlsx = zip_has(zip, "xl/workbook.xml");
  std::string mimetype = xlsx ? std::string() : zip_small_entry(zip, "mimetype");
  bool numbers = !xlsx && (zip_has(zip, "Index/Document.iwa") || zip_has(zip, "Index.zip"));
  unzClose(zip);
  if (xlsx) return InputKind::xlsx;
  if (mimetype.find("opendocument.spreadsheet") != std::string::npos)
    refuse(path, "an OpenDocument spreadsheet (.ods): shequ reads .xlsx and CSV",
           "这是 OpenDocument 表格（.ods）：shequ 只读 .xlsx 和 CSV");
  if (numbers)
    refuse(path, "an Apple Numbers file: shequ reads .xlsx and CSV",
           "这是 Apple Numbers 文件：shequ 只读 .xlsx 和 CSV",
           std::string(tr("in Numbers choose File → Export To → Excel (.xlsx) or CSV",
                          "请在 Numbers 中选“文件 → 导出为 → Excel（.xlsx）或 CSV”")));
  refuse(path, "a zip archive, not an Excel workbook", "这是 zip 压缩包，不是 Excel 工作簿",
         std::string(tr("unpack it, or save the sheet as .xlsx or CSV UTF-8", "请先解压，或把表格另存为 .xlsx 或 CSV UTF-8")));
}

}  // namespace

InputKind detect_input_kind(const std::string& path) {
  if (path == "-") return InputKind::text;
  std::ifstream in(path, std::ios::binary);
  if (!in) return InputKind::text;  // TextInput says why it cannot be read
  char head[8] = {};
  in.read(head, sizeof head);
  std::string_view magic(head, static_cast<std::size_t>(in.gcount()));
  if (magic.starts_with(kZipMagic)) return zip_kind(path);
  if (magic == kOle2Magic) {
    if (ole2_has_stream(in, "EncryptionInfo") || ole2_has_stream(in, "EncryptedPackage"))
      refuse(path, "a password-protected workbook: shequ cannot open it",
             "这是设有密码的工作簿：shequ 无法打开",
             std::string(tr("remove the password (File → Info → Protect Workbook → Encrypt with Password, "
                            "clear it) and save as .xlsx or CSV UTF-8",
                            "请先取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空），再另存为 .xlsx 或 CSV UTF-8")));
    refuse(path, "a legacy Excel 97–2003 workbook (.xls): shequ reads .xlsx and CSV",
           "这是旧版 Excel 97–2003 工作簿（.xls）：shequ 只读 .xlsx 和 CSV");
  }
  std::string lower = to_lower_ascii(path);
  if (lower.ends_with(".jsonl") || lower.ends_with(".ndjson")) return InputKind::jsonl;
  if (lower.ends_with(".json")) return InputKind::json;
  // By content: the first character that is not a space or a BOM.
  std::string_view rest = magic.starts_with("\xEF\xBB\xBF") ? magic.substr(3) : magic;
  std::size_t first = rest.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && rest[first] == '[') return InputKind::json;
  if (first != std::string_view::npos && rest[first] == '{') return InputKind::jsonl;
  return InputKind::text;
}

}  // namespace shequ
