// Showing one record with the tables that belong to it (a need's progress, a meeting's needs):
// field/value lines plus tables on a terminal, one Document in machine formats.
#pragma once
#include <iostream>
#include <vector>

#include "app.h"

namespace shequ::cli {

/// Prints `record` (one row) followed by `parts`; empty parts are left out of table/md output.
inline void emit_detail(App& app, const Table& record, const std::vector<Table>& parts) {
  Format f = app.output_format();
  if ((f == Format::table || f == Format::md) && (app.out.empty() || app.out == "-")) {
    app.emit_record(record);
    for (const Table& t : parts) {
      if (t.rows.empty()) continue;
      std::cout << "\n";
      app.emit(t);
    }
    return;
  }
  Document d;
  d.title = record.title;
  d.sections.push_back(Section{record.title, record, std::nullopt});
  for (const Table& t : parts) d.sections.push_back(Section{t.title, t, std::nullopt});
  app.emit(d);
}

}  // namespace shequ::cli
