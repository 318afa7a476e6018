#include "demo/credit_repair_demo.h"

#include <vector>

#include <fmt/format.h>

#include "core/calendar.h"

namespace zq::demo {
namespace {

// What one firm of the demo offers: a negative record to contest, a publication or an abnormal
// listing to repair.
struct Candidate {
  std::string uscc;
  std::int64_t contestable = 0;  // a penalty or an upheld complaint
  std::int64_t publication = 0;  // a penalty.ordinary shown for at least 7 months
  std::int64_t abnormal = 0;     // an open abnormal listing
};

constexpr std::size_t kWanted = 4;        // of each kind
constexpr std::size_t kScanLimit = 5000;  // entities looked at, at most

}  // namespace

Result<RepairDemoSummary> GenerateRepairCases(credit::RepairService& repairs,
                                              credit::CreditService& credit,
                                              registry::Registry& registry,
                                              std::string_view province_code) {
  auth::Caller demo = auth::Caller::System();
  demo.actor = "demo-regulator";
  std::vector<Candidate> contest;
  std::vector<Candidate> publication;
  std::vector<Candidate> abnormal;
  registry::EntityFilter filter;
  filter.region_code = std::string(province_code);
  // The first entities of the province, collected before any is read in full (reading the credit
  // file opens transactions of its own).
  std::vector<std::string> usccs;
  ZQ_RETURN_IF_ERROR(registry.ForEachEntity(
      demo, filter,
      [&](const registry::MarketEntity& e) {
        usccs.push_back(e.uscc);
        return usccs.size() < kScanLimit;
      },
      "credit repair demo"));
  for (const std::string& uscc : usccs) {
    const Result<ids::Uscc> id = ids::ParseUscc(uscc);  // a registered entity's: well formed
    Result<credit::CreditFile> f = id.ok() ? credit.File(demo, *id) : id.status();
    if (!f.ok())
      continue;
    const std::int32_t today = f->current.as_of;
    Candidate c{uscc};
    for (const credit::Contribution& k : f->current.contributions) {
      if (!k.note.empty())
        continue;
      const std::int32_t on = DayNumber(k.occurred_on).value_or(today);
      if (k.type == "penalty.ordinary" && AddMonths(on, 7) <= today &&
          !f->current.abnormal_listed && !f->current.serious_listed)
        c.publication = k.event_id;
      else if (k.type == "penalty.ordinary" || k.type == "complaint.upheld")
        c.contestable = k.event_id;
      if (k.type == "list.abnormal.added" && f->current.abnormal_listed)
        c.abnormal = k.event_id;
    }
    if (c.contestable != 0 && contest.size() < 3)
      contest.push_back(c);
    else if (c.publication != 0 && publication.size() < kWanted)
      publication.push_back(c);
    else if (c.abnormal != 0 && abnormal.size() < kWanted)
      abnormal.push_back(c);
    if (contest.size() == 3 && publication.size() == kWanted && abnormal.size() == kWanted)
      break;
  }

  RepairDemoSummary s;
  // Objections: upheld, rejected, pending.
  for (std::size_t i = 0; i < contest.size(); ++i) {
    ZQ_ASSIGN_OR_RETURN(const credit::Objection o,
                        repairs.FileObjection(demo, {contest[i].contestable,
                                                     "企业称处罚所依据的检验报告有误，已申请复核",
                                                     fmt::format("演示异议材料-{}", i + 1)}));
    ++s.objections;
    if (i == 0) {
      ZQ_RETURN_IF_ERROR(repairs
                             .DecideObjection(demo, o.id, credit::ObjectionDecision::kUpheld,
                                              "复核确认检验报告错误，记录撤销")
                             .status());
      ++s.upheld;
    } else if (i == 1) {
      ZQ_RETURN_IF_ERROR(repairs
                             .DecideObjection(demo, o.id, credit::ObjectionDecision::kRejected,
                                              "复核维持原检验结论")
                             .status());
      ++s.rejected;
    }
  }
  // Repairs: every eligible one filed; all but the last of each kind approved.
  const auto apply = [&](const std::vector<Candidate>& firms, credit::RepairKind kind) -> Status {
    for (std::size_t i = 0; i < firms.size(); ++i) {
      credit::NewRepair r;
      r.kind = kind;
      r.event_id =
          kind == credit::RepairKind::kAbnormalList ? firms[i].abnormal : firms[i].publication;
      r.facts.ground = "annual_report";
      r.facts.measures = {"fine"};
      r.facts.penalty_fulfilled = true;
      r.facts.harm_removed = true;
      r.evidence_ref = fmt::format("演示修复材料-{}-{}", credit::RepairKindName(kind), i + 1);
      r.statement = "已履行处罚决定并消除不良影响，承诺守法经营";
      Result<credit::RepairApplication> a = repairs.ApplyForRepair(demo, r);
      if (!a.ok() && a.status().code() == StatusCode::kFailedPrecondition)
        continue;  // not eligible after all (e.g. the same violation again): skipped
      ZQ_RETURN_IF_ERROR(a.status());
      ++s.repairs;
      if (i + 1 < firms.size()) {
        ZQ_RETURN_IF_ERROR(
            repairs.DecideRepair(demo, a->id, credit::RepairDecision::kApproved, "同意信用修复")
                .status());
        ++s.approved;
      }
    }
    return Status::Ok();
  };
  ZQ_RETURN_IF_ERROR(apply(publication, credit::RepairKind::kPenaltyPublication));
  ZQ_RETURN_IF_ERROR(apply(abnormal, credit::RepairKind::kAbnormalList));
  return s;
}

}  // namespace zq::demo
