// 一公开: final verdicts are published within 20 working days (the working-day calendar) of the
// verdict; the public list carries no personal data (no samplers, no legal representative).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"
#include "core/page.h"
#include "inspection/internal/result_service_impl.h"

namespace zq::inspection {
using store::Value;

Result<Batch> ResultService::Publish(const auth::Caller& caller, std::int64_t batch_id) {
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(Scoped s, LoadScoped(tx, caller, batch_id, Need::kWriter));
    if (s.row.batch.status != "final")
      return Status::FailedPrecondition("only a final verdict is published", "status");
    if (!s.row.batch.published_on.empty())
      return Status::FailedPrecondition("already published", "published_on");
    const std::vector<Value> update = {TodayText(clock_), auth::FormatTimestamp(clock_.Now()),
                                       batch_id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_batches SET published_on = ?, "
                                  "updated_at = ? WHERE id = ?",
                                  update)
                           .status());
    return audit_.Append(tx, caller, "inspection.result.publish",
                         fmt::format("batch:{}", batch_id));
  }));
  return Reload(caller, batch_id);
}

Result<std::vector<Batch>> ResultService::ListUnpublished(const auth::Caller& caller) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  std::vector<Batch> out;
  Status mapped = Status::Ok();
  ZQ_RETURN_IF_ERROR(tx->QueryEach(
      fmt::format("{} WHERE b.status = 'final' AND b.published_on = '' "
                  "ORDER BY b.publication_due, b.id LIMIT 5000",
                  internal::BatchSelect()),
      {}, [&](const store::Row& row) {
        Result<internal::BatchRow> r =
            internal::BatchFromRow(row, cipher_, caller.CanSeePersonalData());
        if (!r.ok()) {
          mapped = r.status();
          return false;
        }
        const internal::Reach reach =
            internal::ReachOf(caller, r->plan_region, r->batch.region_code, r->batch.uscc);
        if (reach == internal::Reach::kRead || reach == internal::Reach::kWrite) {
          FillDeadlines(r->batch);
          out.push_back(std::move(r->batch));
        }
        return true;
      }));
  ZQ_RETURN_IF_ERROR(mapped);
  return out;
}

Result<PublishedPage> ResultService::PublicResults(const PublicFilter& filter) {
  ZQ_RETURN_IF_ERROR(CheckPage(filter.page, filter.page_size));
  std::string where = "WHERE b.published_on <> ''";
  std::vector<Value> params;
  if (!filter.category.empty()) {
    if (filter.category.size() > 40)
      return Status::InvalidArgument("category is a catalogue code", "category");
    where += " AND b.category_code = ?";
    params.emplace_back(filter.category);
  }
  if (!filter.region.empty()) {
    Result<ids::RegionCode> region = ids::ParseRegionCode(filter.region);
    if (!region.ok())
      return Status::InvalidArgument("region is a six-digit GB/T 2260 code", "region");
    where += " AND b.region_code LIKE ?";
    params.emplace_back(std::string(ids::SubtreePrefix(filter.region)) + "%");
  }
  if (!filter.uscc.empty()) {
    ZQ_ASSIGN_OR_RETURN(const ids::Uscc uscc, ids::ParseUscc(filter.uscc));
    where += " AND b.uscc = ?";
    params.emplace_back(uscc.code);
  }
  if (filter.verdict) {
    where += " AND b.final_verdict = ?";
    params.emplace_back(std::string(VerdictName(*filter.verdict)));
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  PublishedPage page;
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet count,
      tx->Query(fmt::format("SELECT COUNT(*) FROM inspection_batches b {}", where), params));
  page.total = count.rows.empty() ? 0 : count.rows[0].GetInt(0);
  params.emplace_back(std::int64_t{filter.page_size});
  params.emplace_back(std::int64_t{filter.page - 1} * filter.page_size);
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query(fmt::format("SELECT b.id, p.plan_code, p.authority, COALESCE(e.name, ''), b.uscc, "
                            "b.region_code, b.category_code, b.product_name, b.specification, "
                            "b.brand, b.batch_number, b.institution, b.retest_institution, "
                            "b.final_verdict, b.final_on, b.published_on "
                            "FROM inspection_batches b JOIN inspection_plans p ON p.id = b.plan_id "
                            "LEFT JOIN registry_entity_facts e ON e.uscc = b.uscc {} "
                            "ORDER BY b.published_on DESC, b.id DESC LIMIT ? OFFSET ?",
                            where),
                params));
  for (const store::Row& r : rs.rows) {
    PublishedResult p;
    p.batch_id = r.GetInt(0);
    p.plan_code = r.GetText(1);
    p.authority = r.GetText(2);
    p.firm_name = r.GetText(3);
    p.uscc = r.GetText(4);
    p.region_code = r.GetText(5);
    p.category_code = r.GetText(6);
    p.product_name = r.GetText(7);
    p.specification = r.GetText(8);
    p.brand = r.GetText(9);
    p.batch_number = r.GetText(10);
    // After a re-test the published institution is the one that re-tested.
    const bool retested = !r.GetText(12).empty();
    p.institution = retested ? r.GetText(12) : r.GetText(11);
    p.verdict = r.GetText(13);
    p.final_on = r.GetText(14);
    p.published_on = r.GetText(15);
    const std::vector<Value> key = {p.batch_id, std::string(retested ? "retest" : "initial")};
    ZQ_RETURN_IF_ERROR(
        tx->QueryEach("SELECT name FROM inspection_test_items WHERE batch_id = ? "
                      "AND stage = ? AND verdict = 'fail' ORDER BY item_number",
                      key, [&](const store::Row& item) {
                        p.items_failed.push_back(item.GetText(0));
                        return true;
                      }));
    page.items.push_back(std::move(p));
  }
  return page;
}

}  // namespace zq::inspection
