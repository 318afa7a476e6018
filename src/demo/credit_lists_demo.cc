#include "demo/credit_lists_demo.h"

#include <fmt/format.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "demo/authority_names.h"

namespace zq::demo {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

auth::Caller Bureau(std::string region) {
  auth::Caller c;
  c.actor = "demo-bureau-" + region;
  c.role = auth::Role::kRegulator;
  c.region_code = std::move(region);
  return c;
}

std::string City(std::string_view county) { return std::string(county.substr(0, 4)) + "00"; }

std::string Province(std::string_view county) { return std::string(county.substr(0, 2)) + "0000"; }

constexpr const char* kCategories[] = {"quality_safety", "food", "consumer_harm",
                                       "fair_competition", "drug_device_cosmetic"};
constexpr const char* kAbnormalReasons[] = {"annual_report_not_filed", "unreachable_at_address",
                                            "instant_disclosure_overdue", "false_information"};

struct Penalty {
  std::int64_t id = 0;
  std::string uscc;
  std::string region_code;
  std::string type;
  std::string occurred_on;
};

// The credit events of `types` in the province since `since` ("" any), by id.
Result<std::vector<Penalty>> Penalties(credit::CreditService& credit,
                                       std::vector<std::string> types,
                                       const ids::RegionCode& province, std::string since = {}) {
  ZQ_ASSIGN_OR_RETURN(const std::vector<credit::CreditEvent> events,
                      credit.EventsOfTypes(auth::Caller::System(), types, province, since));
  std::vector<Penalty> out;
  for (const credit::CreditEvent& e : events)
    out.push_back({e.id, e.uscc, e.region_code, e.event_type, e.occurred_on});
  return out;
}

}  // namespace

Result<CreditListsDemoSummary> GenerateCreditLists(
    store::Database& db, registry::Registry& registry, credit::CreditService& credit,
    credit::CreditLists& lists, std::string_view province_code, std::chrono::year_month_day today) {
  CreditListsDemoSummary summary;
  ZQ_ASSIGN_OR_RETURN(const ids::RegionCode province, ids::ParseRegionCode(province_code));
  ZQ_ASSIGN_OR_RETURN(const std::int64_t listings,
                      lists.CountListings(auth::Caller::System(), province));
  if (listings > 0)
    return summary;  // already generated
  const sys_days now{today};

  // Services whose clock stands `ago` days before today, for records made in the past.
  struct At {
    At(store::Database& db, registry::Registry& registry, credit::CreditService& credit,
       sys_days day)
        : clock(day),
          lists(db, registry, credit, clock),
          publications(db, registry, credit, lists, clock) {}

    FakeClock clock;
    credit::CreditLists lists;
    credit::PenaltyPublications publications;
  };

  const auto at = [&](int ago) {
    return std::make_unique<At>(db, registry, credit, now - days{ago});
  };

  // 严重违法失信名单: firms with a heavier penalty of the last two years.
  ZQ_ASSIGN_OR_RETURN(
      const std::vector<Penalty> heavy,
      Penalties(credit, {"penalty.heavy"}, province,
                DayText(static_cast<std::int32_t>((now - days{700}).time_since_epoch().count()))));
  int n = 0;
  for (const Penalty& p : heavy) {
    if (n >= 12)
      break;
    const int ago = std::max(0, 20 - n);  // proposals over the last weeks
    if (DayText(static_cast<std::int32_t>((now - days{ago}).time_since_epoch().count())) <
        p.occurred_on)
      continue;
    const auto past = at(ago);
    const bool by_province = n % 6 == 5;
    credit::SeriousProposal proposal;
    proposal.uscc = p.uscc;
    proposal.category = kCategories[n % 5];
    proposal.penalty_event_id = p.id;
    proposal.judgement = "违法行为性质恶劣、情节严重、社会危害较大（总局令第44号第12条）：演示案例";
    proposal.decision_no =
        fmt::format("演示市监列严〔{}〕{}号", static_cast<int>(today.year()), n + 1);
    const auth::Caller proposer = Bureau(by_province ? Province(p.region_code) : p.region_code);
    Result<credit::SeriousListing> s = past->lists.ProposeSerious(proposer, proposal);
    if (!s.ok())
      continue;  // e.g. a firm with two heavy penalties: one listing
    ++n;
    if (s->status == "listed") {
      ++summary.serious_listed;
      continue;
    }
    const auth::Caller approver = Bureau(City(p.region_code));
    if (n == 3) {
      ZQ_RETURN_IF_ERROR(
          past->lists.RejectSerious(approver, s->id, "处罚决定尚在复议期，暂不列入").status());
      ++summary.serious_rejected;
    } else if (n == 4) {
      ++summary.serious_pending;  // left for the city bureau to approve in the console
    } else {
      ZQ_RETURN_IF_ERROR(past->lists.ApproveSerious(approver, s->id).status());
      ++summary.serious_listed;
    }
  }

  // 经营异常名录: listings over three years; one past its third anniversary (escalated by the
  // sweep below), one within the warning days, a third of the others removed later.
  ZQ_ASSIGN_OR_RETURN(std::vector<Penalty> firms, Penalties(credit, {"tax.grade_m"}, province));
  std::erase_if(firms, [](const Penalty& f) { return f.id % 7 != 0; });  // a sample
  const int kAges[] = {3 * 365 + 20, 3 * 365 - 30};
  n = 0;
  for (const Penalty& f : firms) {
    if (n >= 32)
      break;
    const int ago = n < 2 ? kAges[n] : 20 + (n * 37) % 700;
    const auto past = at(ago);
    Result<credit::AbnormalListing> a = past->lists.ListAbnormal(
        Bureau(f.region_code), f.uscc, kAbnormalReasons[n % 4],
        fmt::format("演示市监异〔{}〕{}号", static_cast<int>(today.year()), n + 1));
    if (!a.ok())
      continue;
    ++n;
    if (n > 2 && n % 3 == 0 && ago > 40) {
      const auto later = at(ago - 30);
      ZQ_RETURN_IF_ERROR(
          later->lists.RemoveAbnormal(Bureau(f.region_code), a->id, "annual_report_filed")
              .status());
      ++summary.abnormal_removed;
    } else {
      ++summary.abnormal_listed;
    }
  }
  const auto today_services = at(0);
  ZQ_ASSIGN_OR_RETURN(const credit::SweepReport sweep,
                      today_services->lists.Sweep(auth::Caller::System()));
  summary.escalated = sweep.abnormal_escalated;
  summary.abnormal_listed -= sweep.abnormal_escalated;

  // 行政处罚信息公示: penalty decisions of the last six weeks.
  ZQ_ASSIGN_OR_RETURN(
      const std::vector<Penalty> recent,
      Penalties(credit, {"penalty.minor", "penalty.ordinary", "penalty.heavy"}, province,
                DayText(static_cast<std::int32_t>((now - days{42}).time_since_epoch().count()))));
  n = 0;
  for (const Penalty& p : recent) {
    if (n >= 40)
      break;
    const bool minor = p.type == "penalty.minor";
    credit::PenaltyDecision d;
    d.penalty_event_id = p.id;
    d.violation_type = minor ? "未按规定标注产品标识" : "生产、销售不合格产品";
    d.penalty_kind = minor ? "small_fine" : (p.type == "penalty.heavy" ? "suspension" : "fine");
    d.penalty_text = minor ? "罚款2000元"
                           : (p.type == "penalty.heavy" ? "责令停产停业6个月，罚款20万元"
                                                        : "罚款5万元，没收违法所得");
    d.restriction_months = p.type == "penalty.heavy" ? 6 : 0;
    d.case_domain = n % 4 == 0 ? "food" : n % 4 == 1 ? "special_equipment" : "other";
    d.authority = AuthorityName(registry, p.region_code);
    const auth::Caller bureau = Bureau(p.region_code);
    const int decided_ago =
        static_cast<int>((now - sys_days{days{*DayNumber(p.occurred_on)}}).count());
    const auto registered = at(decided_ago);
    Result<credit::PenaltyPublication> r = registered->publications.Register(bureau, d);
    if (!r.ok())
      continue;
    ++n;
    ++summary.publications;
    if (n % 8 == 0)
      continue;  // pending: some of them overdue
    const int published_ago = std::max(0, decided_ago - 5 - n % 10);
    const auto published = at(published_ago);
    ZQ_RETURN_IF_ERROR(published->publications.Publish(bureau, r->id).status());
    ++summary.published;
    if (n == 3 || n == 5) {  // revoked on review (复议): retracted, or awaiting retraction
      const int revoked_ago = n == 5 ? std::min(1, published_ago) : published_ago / 2;
      const auto revoked = at(revoked_ago);
      ZQ_RETURN_IF_ERROR(
          revoked->publications.Revoke(bureau, r->id, "演示复议决定书：撤销原处罚决定").status());
      if (n == 3) {  // retracted two days later, within the 3 working days
        ZQ_RETURN_IF_ERROR(
            at(std::max(0, revoked_ago - 2))->publications.Retract(bureau, r->id).status());
        ++summary.retracted;
      }
    }
  }
  return summary;
}

}  // namespace zq::demo
