// 工作台 (app/workbench.h) for the complaint module's manifest: the cases in the caller's
// jurisdiction with a statutory timer running, each with its earliest due day.
#include <optional>

#include "app/context.h"
#include "app/workbench.h"
#include "complaint/complaint_service.h"
#include "core/page.h"

namespace zq::complaint {

Result<std::optional<app::TodoCount>> CasesDue(app::Context& ctx, const auth::Caller& caller);

// To accept, mediate, verify, tell the reporter: counted with the earliest due day.
Result<std::optional<app::TodoCount>> CasesDue(app::Context& ctx, const auth::Caller& caller) {
  if (!caller.CanWrite()) {
    return std::optional<app::TodoCount>();
  }
  ComplaintService& complaints = ctx.Get<ComplaintService>();
  app::TodoCount count;
  ZQ_RETURN_IF_ERROR(app::TallyPages(
      count,
      [&](int page) -> Result<std::vector<CaseRecord>> {
        ZQ_ASSIGN_OR_RETURN(
            PageOf<CaseRecord> cases,
            complaints.List(caller, {.page = {.page = page, .page_size = kMaxPageSize}}));
        return std::move(cases.items);
      },
      [](app::TodoCount& c, const CaseRecord& r) {
        if (!r.next_due_on.empty())
          app::Tally(c, r.next_due_on, r.overdue);
      }));
  return std::optional(count);
}

}  // namespace zq::complaint
