// What kind of file arrives for import, told by its content (magic bytes), not its name.
#pragma once
#include <string>

namespace shequ {

/// The kinds of input import reads.
enum class InputKind {
  text,   ///< CSV text (UTF-8 or GB18030)
  xlsx,   ///< an Office Open XML workbook (.xlsx, .xlsm), whatever its name
  json,   ///< one JSON array of objects (.json, or text starting with '[')
  jsonl,  ///< one JSON object per line (.jsonl, or text starting with '{')
};

/// The kind of `path` ("-": stdin, always text). A zip file is a workbook if it holds
/// xl/workbook.xml. Exit 65 with the way out (save as .xlsx or CSV UTF-8) for what shequ cannot
/// read: a legacy .xls (OLE2), a password-protected workbook (OLE2 with EncryptionInfo), an
/// OpenDocument .ods, an Apple .numbers file, any other zip archive. Exit 66 if it cannot be read.
InputKind detect_input_kind(const std::string& path);

}  // namespace shequ
