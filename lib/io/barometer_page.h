// The barometer as posted on the notice board: one A4 page laid out from the sections of
// report_barometer (by their keys): the headline figures as large tiles, the distribution of
// scores as a chart with the count on each bar, the averages per category beside the items that
// need attention, then "what we did". Sections it does not know (--detail) follow on new pages.
#pragma once
#include <string>

#include "io/output.h"

namespace shequ {

/// The html body (Document::print_body) of a barometer document.
std::string barometer_page(const Document& barometer);

}  // namespace shequ
