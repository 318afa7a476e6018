#include "credit/credit_workbench.h"

#include <optional>
#include <string>
#include <utility>

#include "app/context.h"
#include "auth/caller.h"
#include "core/ids/region_code.h"
#include "core/page.h"
#include "credit/credit_distribution.h"
#include "credit/credit_lists.h"
#include "credit/penalty_publication.h"
#include "credit/repair_service.h"
#include "registry/registry.h"

namespace zq::credit {

namespace {

using Count = Result<std::optional<app::TodoCount>>;

CaseFilter PendingCases(int page) {
  return {.status = "pending", .page = page, .page_size = kMaxPageSize};
}

Count PendingObjections(app::Context& ctx, const auth::Caller& caller) {
  if (!caller.CanWrite()) {
    return std::optional<app::TodoCount>();
  }
  RepairService& repair = ctx.Get<RepairService>();
  app::TodoCount count;
  ZQ_RETURN_IF_ERROR(app::TallyPages(
      count, [&](int page) { return repair.ListObjections(caller, PendingCases(page)); },
      [](app::TodoCount& c, const Objection& o) { app::Tally(c, o.due_on, o.overdue); }));
  return std::optional(count);
}

Count PendingRepairs(app::Context& ctx, const auth::Caller& caller) {
  if (!caller.CanWrite()) {
    return std::optional<app::TodoCount>();
  }
  RepairService& repair = ctx.Get<RepairService>();
  app::TodoCount count;
  ZQ_RETURN_IF_ERROR(app::TallyPages(
      count, [&](int page) { return repair.ListRepairs(caller, PendingCases(page)); },
      [](app::TodoCount& c, const RepairApplication& r) { app::Tally(c, r.due_on, r.overdue); }));
  return std::optional(count);
}

// Proposals the caller's bureau must approve (the listing's actions name "approve").
Count ProposalsToApprove(app::Context& ctx, const auth::Caller& caller) {
  if (!caller.ActsForAuthority()) {
    return std::optional<app::TodoCount>();
  }
  CreditLists& lists = ctx.Get<CreditLists>();
  app::TodoCount count;
  ZQ_RETURN_IF_ERROR(app::TallyPages(
      count,
      [&](int page) -> Result<std::vector<SeriousListing>> {
        ZQ_ASSIGN_OR_RETURN(
            ListPage<SeriousListing> p,
            lists.SeriousListings(caller,
                                  {.status = "proposed", .page = page, .page_size = kMaxPageSize}));
        return std::move(p.items);
      },
      [](app::TodoCount& c, const SeriousListing& l) {
        if (std::find(l.actions.begin(), l.actions.end(), "approve") != l.actions.end()) {
          app::Tally(c, "", false);
        }
      }));
  return std::optional(count);
}

// Publications to publish (due 20 working days after the decision) and revoked ones to retract.
Count PublicationsDue(app::Context& ctx, const auth::Caller& caller) {
  if (!caller.CanWrite()) {
    return std::optional<app::TodoCount>();
  }
  PenaltyPublications& publications = ctx.Get<PenaltyPublications>();
  app::TodoCount count;
  for (const char* status : {"pending", "revoked"}) {
    ZQ_RETURN_IF_ERROR(app::TallyPages(
        count,
        [&](int page) -> Result<std::vector<PenaltyPublication>> {
          ZQ_ASSIGN_OR_RETURN(
              ListPage<PenaltyPublication> p,
              publications.List(caller,
                                {.status = status, .page = page, .page_size = kMaxPageSize}));
          return std::move(p.items);
        },
        [](app::TodoCount& c, const PenaltyPublication& p) {
          if (p.status == "pending") {
            app::Tally(c, p.due_on, p.overdue);
          } else if (p.retracted_on.empty()) {
            app::Tally(c, p.retraction_due_on, p.retraction_overdue);
          }
        }));
  }
  return std::optional(count);
}

app::KpiFigure ShareOf(std::string region_code, const ClassDistribution::Counts& counts,
                       std::size_t grade) {
  app::KpiFigure figure{.region_code = std::move(region_code), .numerator = counts[grade]};
  for (const std::int64_t n : counts) {
    figure.denominator += n;
  }
  return figure;
}

// The shares of active firms in class A and in class D, from one distribution per request.
Result<std::vector<std::optional<app::KpiReport>>> ClassShares(app::Context& ctx,
                                                               const auth::Caller& caller,
                                                               const std::string& region) {
  if (!caller.IsOfficial()) {
    return std::vector<std::optional<app::KpiReport>>(2);
  }
  ZQ_ASSIGN_OR_RETURN(const std::optional<ids::RegionCode> code,
                      ids::ParseOptionalRegionCode(region));
  ZQ_ASSIGN_OR_RETURN(const ClassDistribution d,
                      ClassDistributionFor(ctx.db(), ctx.Get<registry::Registry>(),
                                           ctx.Get<CreditService>(), ctx.clock(), caller, code));
  std::vector<std::optional<app::KpiReport>> out;
  for (const std::size_t grade : {std::size_t{0}, std::size_t{3}}) {  // A, D
    app::KpiReport report{.period = d.as_of, .total = ShareOf(d.region_code, d.total, grade)};
    for (const ClassDistribution::Group& g : d.by_region) {
      report.by_region.push_back(ShareOf(g.code, g.counts, grade));
    }
    out.push_back(std::move(report));
  }
  return out;
}

}  // namespace

std::vector<app::TodoSource> CreditTodos() {
  return {{"credit.objections", PendingObjections},
          {"credit.repairs", PendingRepairs},
          {"credit.serious_approvals", ProposalsToApprove},
          {"credit.publications", PublicationsDue}};
}

app::KpiGroup CreditKpis() {
  return {{"credit.class_a_share", "credit.class_d_share"}, ClassShares};
}

}  // namespace zq::credit
