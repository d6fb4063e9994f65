// The terminal shequ writes to: its size, and the pager a long listing goes through (as git
// does: $SHEQU_PAGER, else $PAGER, else `less -FRX`; never when standard output is not a terminal).
#pragma once
#include <cstddef>
#include <string>

namespace shequ::cli {

/// Whether standard output is a terminal.
bool stdout_is_terminal();
/// The terminal's width in columns: $COLUMNS if it is a number, else the window size; 0 if unknown.
std::size_t terminal_columns();
/// The terminal's height in lines: $LINES if it is a number, else the window size; 0 if unknown.
std::size_t terminal_lines();
/// The pager command, or "" for none ($SHEQU_PAGER or $PAGER set to "" or "cat").
std::string pager_command();
/// Writes `text` to standard output: through the pager when standard output is a terminal and
/// the text has more lines than the screen, else directly.
void show(const std::string& text);

}  // namespace shequ::cli
