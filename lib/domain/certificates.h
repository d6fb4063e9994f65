// Service certificates (志愿服务证明): numbered, logged with a snapshot of the verified hours,
// re-printable by number. Only the community that recorded the hours certifies them.
#pragma once
#include <string>
#include <string_view>

#include "records/entity.h"

namespace shequ {

/// What to certify: a volunteer and optionally a period (see inclusive_period in period.h).
struct Certifying {
  std::string volunteer, period;
};

/// An issued certificate: the printable document, and a warning for the operator when the
/// volunteer already had a live certificate for the same period (it names that one's number).
struct IssuedCertificate {
  Document document;
  std::string warning;  // empty: nothing to say
};

/// Issues a certificate: the next number from certificates.number_format, the volunteer's name
/// and number, verified hours by project in the period, the issuing community, person in charge
/// and contact from config, the operator as handler, today's date. Logged; refuses (1) when
/// there are no verified hours, and (65, naming --period) a period that ends after today, the
/// issue date.
IssuedCertificate issue_certificate(Context& ctx, const Certifying& c);

/// The document of an issued certificate, exactly as issued, marked if it was voided (66 for an
/// unknown number).
Document reprint_certificate(Context& ctx, std::string_view number);

/// Certificates issued, newest first, for one volunteer or (empty) everyone; voided ones say so.
Table list_certificates(Context& ctx, std::string_view volunteer);

}  // namespace shequ
