// 工作台 (app/workbench.h) for the complaint module's manifest: the cases in the caller's
// jurisdiction with a statutory timer running, each with its earliest due day.
#include <optional>

#include "app/context.h"
#include "app/workbench.h"
#include "complaint/complaint_service.h"

namespace zq::complaint {

Result<std::optional<app::TodoCount>> CasesDue(app::Context& ctx, const auth::Caller& caller);

// To accept, mediate, verify, tell the reporter: counted with the earliest due day, in one
// aggregate (ComplaintService::DueCounts), where it once read every case of the jurisdiction.
Result<std::optional<app::TodoCount>> CasesDue(app::Context& ctx, const auth::Caller& caller) {
  if (!caller.CanWrite()) {
    return std::optional<app::TodoCount>();
  }
  ZQ_ASSIGN_OR_RETURN(const DueCount due, ctx.Get<ComplaintService>().DueCounts(caller));
  app::TodoCount count;
  count.count = due.running;
  count.overdue = due.overdue;
  count.next_due = due.next_due;
  return std::optional(count);
}

}  // namespace zq::complaint
