// The mediation dossier (人民调解卷宗): the documents of one case's file as county justice bureaus
// audit it, printed from the case's own records (DOMAIN.md, 人民调解工作若干规定 Art. 35):
//   cover         卷宗封面: 卷名, 卷号 (cases.file_number_format), mediators, dates, who filed it, retention
//   index         卷内目录: the documents in the file, in order, with dates and a page column to fill in
//   registration  受理登记表: date, parties, dispute type, source, summary, signatures
//   record        调解记录: one page per session: date, method, mediators, parties, the record
//   agreement     调解协议书: parties with details, facts and issues, each side's obligations, method,
//                 place and deadline of performance, signature and seal blocks, number of copies
//   followup      回访记录: one per visit: agreement number, reason, performance, satisfaction, visitor, date
//   closing       结案报告: taken, closed, source, result, the route of a failed case
// Whatever the records do not hold is a line to fill in by hand, never invented text.
//
// The dossier is party text through and through: it needs --reveal (and every print is audited);
// without it the command refuses with 77. There is no "cover only" mode, because the cover's name
// (卷名) names the parties.
#pragma once
#include <string>
#include <vector>

#include "core/context.h"
#include "io/output.h"

namespace shequ {

/// The documents `case document --kind` takes, in the order of the file; "all" is every one.
const std::vector<std::string>& case_document_kinds();

/// What to print: a case reference (C12, 2026-0042) and a kind (default all).
struct CaseDocumentRequest {
  std::string case_ref;
  std::string kind = "all";
};

/// The dossier's documents as one printable Document (html: A4 pages ready to sign; md/json: the
/// same facts as sections). 77 without ctx.reveal; 64 for an unknown kind; 66 for an unknown case;
/// 1 for an agreement or follow-up asked of a case that has none. Audited as a reveal.
Document case_document(Context& ctx, const CaseDocumentRequest& request);

}  // namespace shequ
