#include "records/record_writer.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "io/csv.h"
#include "core/error.h"
#include "core/i18n.h"

namespace shequ {
namespace {

using Json = nlohmann::ordered_json;

Json cell_json(const Cell& c) {
  return std::visit(
      [](const auto& v) -> Json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) return nullptr;
        else return v;
      },
      c);
}

}  // namespace

std::string record_formats() { return "csv, json, jsonl, xlsx"; }

RecordWriter::RecordWriter(std::ostream& out, Format format, Encoding encoding, bool bom, std::string sheet)
    : out_(out), format_(format), encoding_(encoding), bom_(bom), sheet_(std::move(sheet)) {
  if (format != Format::csv && format != Format::json && format != Format::jsonl && format != Format::xlsx)
    throw Error(Exit::usage, tr_format("records cannot be written as {} (formats: {})",
                                       "记录不能写成 {}（可用格式：{}）", format_name(format), record_formats()));
  if (format == Format::xlsx) xlsx_ = std::make_unique<XlsxWriter>(out, true);
}

RecordWriter::~RecordWriter() = default;

void RecordWriter::write_text(const std::string& utf8) {
  if (encoding_ == Encoding::gb18030) out_ << to_gb18030_from_utf8(utf8);
  else out_ << utf8;
}

void RecordWriter::header(const std::vector<std::string>& names, std::vector<XlsxKind> kinds) {
  names_ = names;
  switch (format_) {
    case Format::csv: {
      if (bom_ && encoding_ != Encoding::gb18030) out_ << "\xEF\xBB\xBF";
      std::string line;
      for (std::size_t i = 0; i < names.size(); ++i) line += (i ? "," : "") + csv_quote(names[i]);
      write_text(line + "\r\n");
      break;
    }
    case Format::json: out_ << "["; break;
    case Format::xlsx:
      xlsx_->sheet(sheet_);
      xlsx_->header(names, std::move(kinds));
      break;
    default: break;
  }
}

void RecordWriter::row(const std::vector<Cell>& cells) {
  switch (format_) {
    case Format::csv: {
      std::string line;
      for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + csv_quote(cell_text(cells[i]));
      write_text(line + "\r\n");
      break;
    }
    case Format::json:
    case Format::jsonl: {
      Json obj = Json::object();
      for (std::size_t i = 0; i < names_.size() && i < cells.size(); ++i) obj[names_[i]] = cell_json(cells[i]);
      std::string text = obj.dump(-1, ' ', false, Json::error_handler_t::replace);
      if (format_ == Format::json) out_ << (rows_ ? ",\n" : "\n") << text;
      else out_ << text << '\n';
      break;
    }
    case Format::xlsx: xlsx_->row(cells); break;
    default: break;
  }
  ++rows_;
}

void RecordWriter::finish() {
  if (format_ == Format::json) out_ << (rows_ ? "\n]\n" : "]\n");
  if (xlsx_) xlsx_->close();
  if (!out_) throw Error(Exit::io, std::string(tr("cannot write the output", "无法写入输出")));
}

}  // namespace shequ
