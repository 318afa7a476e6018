// Issue 23: the draw as a ceremony in time, with several parties' seed, two publications and an
// eligibility an auditor can recompute (docs/random-draw.md §1, §6.1). Both databases, the
// registry environment's fixed clock (2026-11-24).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/crypto.h"
#include "inspection/internal/spot_check_fixture.h"

namespace zq::inspection {
namespace {

using registry::testing::Regulator;

class DrawCeremonyTest : public testing::SpotCheckFixture {
 protected:
  // A witness's secret (16 bytes, hex) and its commitment.
  static SeedContribution Witness(std::string party, char fill) {
    const std::string secret(16, fill);
    return {std::move(party), auth::ToHex(auth::Sm3(secret)),
            auth::ToHex({reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()})};
  }

  SpotCheckPlan Plan(std::int64_t interval_minutes) {
    SpotCheckPlan p = CablePlan();
    p.min_commit_interval_minutes = interval_minutes;
    return std::move(service_->CreatePlan(admin_, p)).value();
  }
};

TEST_P(DrawCeremonyTest, ARunBeforeTheNoticeIsRefusedAndTheRecordShowsTheTimes) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const SpotCheckPlan plan = Plan(24 * 60);
  const DrawSummary committed = std::move(service_->CommitDraw(admin_, plan.id)).value();
  EXPECT_EQ(committed.committed_at, "2026-11-24T00:00:00Z");
  EXPECT_EQ(committed.run_not_before, "2026-11-25T00:00:00Z");
  env_.clock.Advance(std::chrono::hours(23));
  const Status early = service_->RunDraw(admin_, committed.id).status();
  EXPECT_EQ(early.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(early.field(), "run_not_before");
  env_.clock.Advance(std::chrono::hours(1));
  ASSERT_TRUE(service_->RunDraw(admin_, committed.id).ok());
  const DrawRecord record = std::move(service_->PublishedRecord(committed.id)).value();
  EXPECT_EQ(record.ceremony.min_interval_minutes, 24 * 60);
  EXPECT_EQ(record.ceremony.drawn_at, "2026-11-25T00:00:00Z");
  EXPECT_GT(record.ceremony.commit_audit_seq, 0);
  EXPECT_GT(record.ceremony.run_audit_seq, record.ceremony.commit_audit_seq);
  EXPECT_TRUE(VerifyDraw(record)->ok());
}

// The bureau, a discipline-inspection witness and a notary: the seed is the hash of the three
// secrets, so any one of them changes the selection; a wrong secret is refused at the run.
TEST_P(DrawCeremonyTest, AThreePartySeedVerifiesAndEachSecretMatters) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const SpotCheckPlan plan = Plan(0);
  const SeedContribution witness = Witness("纪检监察组", 'w');
  const SeedContribution notary = Witness("公证处", 'n');
  const std::string source = "福彩3D 2026-11-24 开奖号码";
  const DrawSummary committed =
      std::move(service_->CommitDraw(admin_, plan.id, {witness, notary}, source)).value();
  DrawRecord before = std::move(service_->PublishedRecord(committed.id)).value();
  ASSERT_EQ(before.contributions.size(), 3u);
  for (const SeedContribution& c : before.contributions) EXPECT_TRUE(c.secret.empty());
  EXPECT_EQ(before.beacon_source, source);

  DrawReveal wrong{{witness, Witness("公证处", 'x')}, "福彩3D 2026-11-24: 527"};
  wrong.contributions[1].party = "公证处";
  EXPECT_EQ(service_->RunDraw(admin_, committed.id, wrong).status().field(),
            "contributions.secret");
  EXPECT_EQ(service_->RunDraw(admin_, committed.id, {{witness}, "福彩3D 2026-11-24: 527"})
                .status()
                .field(),
            "contributions.secret");  // the notary has not revealed
  // The source was announced: the run needs its value.
  EXPECT_EQ(service_->RunDraw(admin_, committed.id, {{witness, notary}, ""}).status().field(),
            "beacon");
  ASSERT_TRUE(
      service_->RunDraw(admin_, committed.id, {{witness, notary}, "福彩3D 2026-11-24: 527"}).ok());
  const DrawRecord drawn = std::move(service_->PublishedRecord(committed.id)).value();
  EXPECT_EQ(drawn.beacon, "福彩3D 2026-11-24: 527");
  ASSERT_TRUE(VerifyDraw(drawn)->ok());

  // Each contribution, replaced by another secret (and commitment), gives another selection.
  for (std::size_t i = 0; i < drawn.contributions.size(); ++i) {
    DrawRecord other = drawn;
    other.contributions[i] = Witness(other.contributions[i].party, 'z');
    const std::string seed = std::move(CombinedSeed(other.contributions)).value();
    const std::vector<DrawTask> tasks =
        std::move(ComputeDraw(other.frame, other.pool, other.parameters, seed, other.beacon))
            .value();
    EXPECT_NE(tasks, drawn.tasks) << other.contributions[i].party;
  }
  // A forged secret is caught by whoever verifies, and so is another announced source.
  DrawRecord forged = drawn;
  forged.contributions[0].secret = Witness("x", 'q').secret;
  EXPECT_FALSE(VerifyDraw(forged)->ok());
  DrawRecord resourced = drawn;
  resourced.beacon_source = "福彩3D 2026-11-25 开奖号码";
  EXPECT_FALSE(VerifyDraw(resourced)->ok());
}

// A beacon typed at the run with no source announced could be chosen to suit: refused.
TEST_P(DrawCeremonyTest, ABeaconWithoutAnAnnouncedSourceIsRefused) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const SpotCheckPlan plan = Plan(0);
  const SeedContribution witness = Witness("纪检监察组", 'w');
  const DrawSummary committed = std::move(service_->CommitDraw(admin_, plan.id, {witness})).value();
  const Status refused = service_->RunDraw(admin_, committed.id, {{witness}, "527"}).status();
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.field(), "beacon");
  EXPECT_EQ(
      service_->CommitDraw(admin_, plan.id, {witness}, std::string(201, 'x')).status().field(),
      "beacon_source");
  ASSERT_TRUE(service_->RunDraw(admin_, committed.id, {{witness}, ""}).ok());
  EXPECT_TRUE(std::move(service_->PublishedRecord(committed.id)).value().beacon.empty());
}

TEST_P(DrawCeremonyTest, ThePublicSeesTheSummaryBeforeTheEndAndEverythingAfter) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const SpotCheckPlan plan = Plan(0);  // inspections end 2026-12-31
  const DrawSummary d = std::move(service_->CommitDraw(admin_, plan.id)).value();
  ASSERT_TRUE(service_->RunDraw(admin_, d.id).ok());
  const auth::Caller anonymous;
  DrawView view = std::move(service_->ViewRecord(anonymous, d.id)).value();
  EXPECT_FALSE(view.full);
  EXPECT_EQ(view.full_record_from, "2027-01-01");
  const nlohmann::json summary = DrawRecordSummaryJson(view.record);
  for (const char* hidden : {"tasks", "pool", "frame", "excluded"})
    EXPECT_FALSE(summary.contains(hidden)) << hidden;
  EXPECT_EQ(summary.dump().find("risk_class"), std::string::npos);
  EXPECT_EQ(summary.dump().find("37010010000"), std::string::npos);  // no inspector id
  EXPECT_EQ(summary["counts"]["tasks"]["B"], 6);
  EXPECT_EQ(summary["frame_hash"], view.record.frame_hash);
  // The city's regulator sees everything at once, and that view is audited; 市南区 does not.
  EXPECT_FALSE(service_->ViewRecord(Regulator("370202"), d.id)->full);
  EXPECT_TRUE(service_->ViewRecord(Regulator("370100"), d.id)->full);
  auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
  auto audited =
      tx->Query("SELECT COUNT(*) FROM audit_log WHERE action = 'inspection.draw.read_full'", {});
  EXPECT_EQ(audited->rows.at(0).GetInt(0), 1);
  tx.reset();

  env_.clock.Set(std::chrono::sys_days{std::chrono::year{2026} / 12 / 31} + std::chrono::hours(16));
  view = std::move(service_->ViewRecord(anonymous, d.id)).value();  // 2027-01-01 in China
  EXPECT_TRUE(view.full);
  const nlohmann::json full = DrawRecordToJson(view.record);
  EXPECT_EQ(full["tasks"].size(), 6u);
  EXPECT_EQ(full["tasks"][0]["inspectors"].size(), 2u);
  EXPECT_EQ(full["pool"].size(), 8u);
  EXPECT_TRUE(full["frame"][0].contains("risk_class"));
  const auto listed = service_->PublicDraws(Page{}, plan.plan_code);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_TRUE(listed->items[0].full_record_public);
  EXPECT_EQ(listed->items[0].plan_code, plan.plan_code);
}

// An operator who drops a firm from the frame before the commitment (and hashes the rest
// consistently) publishes a record that verifies; the eligibility check against the registry
// finds the firm.
TEST_P(DrawCeremonyTest, EligibilityFindsAFirmRemovedBeforeTheCommitment) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const SpotCheckPlan plan = Plan(0);
  const DrawSummary first = std::move(service_->CommitDraw(admin_, plan.id)).value();
  ASSERT_TRUE(service_->RunDraw(admin_, first.id).ok());
  const DrawSummary d = std::move(service_->CommitDraw(admin_, plan.id)).value();
  Result<DrawVerification> clean = service_->VerifyEligibility(d.id);
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_TRUE(clean->ok())
      << DrawVerificationToJson(*clean).dump();  // 6 already drawn, with evidence

  DrawRecord record = std::move(service_->PublishedRecord(d.id)).value();
  const std::string removed = record.frame.at(3).uscc;
  record.frame.erase(record.frame.begin() + 3);
  EligibleFrame eligible{record.frame, record.excluded};
  DrawRecord forged =
      std::move(CommitDraw(eligible, record.pool, record.parameters, record.contributions)).value();
  auto tx = std::move(t->db().Begin(store::TxMode::kReadWrite)).value();
  const std::vector<store::Value> update = {DrawRecordToJson(forged).dump(), forged.commitment,
                                            d.id};
  ASSERT_TRUE(
      tx->Execute("UPDATE inspection_draws SET record = ?, commitment = ? WHERE id = ?", update)
          .ok());
  ASSERT_TRUE(tx->Commit().ok());
  tx.reset();
  const DrawVerification found = std::move(service_->VerifyEligibility(d.id)).value();
  ASSERT_EQ(found.mismatches.size(), 1u) << DrawVerificationToJson(found).dump();
  EXPECT_EQ(found.mismatches[0].kind, DrawMismatch::Kind::kMissingFromFrame);
  EXPECT_EQ(found.mismatches[0].recomputed.substr(0, 18), removed);
}

INSTANTIATE_TEST_SUITE_P(Backends, DrawCeremonyTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::inspection
