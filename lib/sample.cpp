#include "sample.h"

#include "date.h"

namespace shequ {

SampleLoad load_sample(Context& ctx, const std::string& dir) {
  SampleLoad load;
  load.imported = import_directory(ctx, dir);
  HoursSelection older;
  older.pending = true;
  older.until = to_iso(add_days(today(), -14));
  load.verified = verify_hours(ctx, older);
  return load;
}

}  // namespace shequ
