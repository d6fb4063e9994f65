// The public notice list of service hours (志愿服务时长公示): the pending entries still in their
// notice period (volunteer.notice_days after they were logged), posted before `volunteer verify`.
// Public: a volunteer's name, the service date, project and activity, hours and the end of the
// notice period; never a phone, an ID number or an internal id. A4 pages of 40 entries, each with
// how to object (volunteer.notice_objection) and the community's contact.
#pragma once
#include <string>

#include "core/context.h"
#include "io/output.h"

namespace shequ {

/// Which entries to post: empty members take every pending entry in its notice period.
struct NoticeRequest {
  std::string project, team;  ///< references; 66 if unknown
};

/// Entries per printed page of the notice list.
inline constexpr std::size_t kNoticeRowsPerPage = 40;

/// The notice list: pending entries whose notice period (logged date + volunteer.notice_days) has
/// not ended before today, oldest first; with notice_days = 0 every pending entry, ending today.
Document hours_notice(Context& ctx, const NoticeRequest& request);

}  // namespace shequ
