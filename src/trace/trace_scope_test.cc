// Jurisdiction on both databases, over testdata/graph/supply.jsonld with real master data: farm
// (1), P2 (3) and R2 (5) are firms of 历下区 (370102, Jinan), processor P (2) and retailer R1 (4)
// of 市南区 (370202, Qingdao). A county regulator's trace keeps the chain's parts in its county and
// names no firm of the other; a regulator of a third county, or another firm, finds nothing.
// Capture scope: a firm captures the events at its own locations (or, with no location, of its
// own company prefix), a regulator those of its jurisdiction; the others are refused as
// SecurityException and, in rollback mode, nothing is stored.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/files.h"
#include "registry/registry_test_env.h"
#include "trace/capture.h"
#include "trace/digital_link.h"
#include "trace/master_data.h"
#include "trace/public_trace.h"
#include "trace/trace_export.h"
#include "trace/trace_service.h"

namespace zq::trace {
namespace {

using registry::testing::MakeEntity;
using registry::testing::Regulator;
using testing::UnorderedElementsAre;

std::string Sgln(int n) { return "urn:epc:id:sgln:0614141." + fmt::format("{:05d}", n) + ".0"; }

std::string ScopeLoc(int n) { return *CanonicalDigitalLink(Sgln(n)); }

// One ObjectEvent document: `epc` observed at `location` ("" for none).
std::string OneEvent(const std::string& epc, const std::string& location) {
  nlohmann::json e = {{"type", "ObjectEvent"},           {"action", "OBSERVE"},
                      {"bizStep", "inspecting"},         {"eventTime", "2026-02-01T00:00:00Z"},
                      {"eventTimeZoneOffset", "+08:00"}, {"epcList", {epc}}};
  if (!location.empty())
    e["bizLocation"] = {{"id", location}};
  return nlohmann::json{
      {"@context", {"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}},
      {"type", "EPCISDocument"},
      {"schemaVersion", "2.0"},
      {"creationDate", "2026-02-01T00:00:00Z"},
      {"epcisBody", {{"eventList", {e}}}}}
      .dump();
}

class TraceScopeTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void Start(store::Database& db) {
    ASSERT_TRUE(env_.Start(db).ok());
    data_ = std::make_unique<MasterData>(db, *env_.registry, env_.audit, env_.clock);
    const std::map<int, std::pair<std::string, int>> firms = {{1, {"370102", 1}},
                                                              {2, {"370202", 2}},
                                                              {3, {"370102", 3}},
                                                              {4, {"370202", 4}},
                                                              {5, {"370102", 1}}};
    for (const auto& [location, firm] : firms) {
      registry::MarketEntity e = MakeEntity(firm.first, firm.second, "追溯企业" + firm.first);
      e.name += "-" + std::to_string(firm.second);
      ASSERT_TRUE(env_.registry->UpsertEntity(auth::Caller::System(), e).ok());
      ASSERT_TRUE(data_->AddLocation(admin_, Sgln(location), e.uscc, "").ok());
    }
    ASSERT_TRUE(data_->AddCompanyPrefix(admin_, "0614141", Uscc("370102", 1)).ok());
    capture_ = std::make_unique<CaptureService>(db, env_.clock);
    Result<CaptureJob> job =
        capture_->Capture(testing_files::TestFileText("src/trace/testdata/graph/supply.jsonld"),
                          ErrorBehaviour::kRollback, "test");
    ASSERT_TRUE(job.ok() && job->success) << job.status().ToString();
    trace_ = std::make_unique<TraceService>(db, data_.get());
  }

  static std::string Uscc(const std::string& county, int serial) {
    return MakeEntity(county, serial, "").uscc;
  }

  static auth::Caller Firm(const std::string& county, int serial) {
    auth::Caller c;
    c.actor = "firm-" + std::to_string(serial);
    c.role = auth::Role::kEnterprise;
    c.uscc = Uscc(county, serial);
    return c;
  }

  registry::testing::RegistryEnv env_;
  std::unique_ptr<MasterData> data_;
  std::unique_ptr<CaptureService> capture_;
  std::unique_ptr<TraceService> trace_;
  auth::Caller admin_ = auth::Caller::System();
};

std::set<std::string> Places(const std::vector<Destination>& ds) {
  std::set<std::string> out;
  for (const Destination& d : ds) out.insert(d.location);
  return out;
}

const TraceQuery kLotA1 = {.id = "urn:epc:class:lgtin:0614141.011111.A1"};
const TraceQuery kLotB1 = {.id = "urn:epc:class:lgtin:0614141.022222.B1"};

TEST_P(TraceScopeTest, ACountyRegulatorTracesOnlyWithinItsCounty) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Result<TraceAnswer> all = trace_->Trace(Regulator("370000"), kLotA1, Direction::kForward);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(Places(all->destinations),
            (std::set{ScopeLoc(2), ScopeLoc(3), ScopeLoc(4), ScopeLoc(5)}));
  EXPECT_FALSE(all->withheld);

  // 历下区: its farm's shipments and what reached its firms (P2, R2); not P or R1 of 市南区.
  Result<TraceAnswer> lixia = trace_->Trace(Regulator("370102"), kLotA1, Direction::kForward);
  ASSERT_TRUE(lixia.ok()) << lixia.status().ToString();
  EXPECT_EQ(Places(lixia->destinations), (std::set{ScopeLoc(3), ScopeLoc(5)}));
  EXPECT_EQ(lixia->holders.size(), 2u);
  EXPECT_TRUE(lixia->withheld);
  EXPECT_LT(lixia->rows.size(), all->rows.size());
  const std::string text = TraceAnswerJson(*lixia).dump();
  for (const std::string& other : {Uscc("370202", 2), Uscc("370202", 4), std::string("370202")})
    EXPECT_EQ(text.find(other), std::string::npos) << other << " leaks: " << text;

  // 市南区: what P received and made, and R1; its backward trace of B1 withholds the farm.
  Result<TraceAnswer> shinan = trace_->Trace(Regulator("370202"), kLotA1, Direction::kForward);
  ASSERT_TRUE(shinan.ok()) << shinan.status().ToString();
  EXPECT_EQ(Places(shinan->destinations), (std::set{ScopeLoc(2), ScopeLoc(4)}));
  Result<TraceAnswer> back = trace_->Trace(Regulator("370202"), kLotB1, Direction::kBackward);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(back->inputs.empty());
  EXPECT_TRUE(back->withheld);
  Result<TraceAnswer> whole = trace_->Trace(kLotB1, Direction::kBackward);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->inputs.size(), 1u);

  // Another county, and another city: nothing, answered as for a lot no event names.
  const Status elsewhere = trace_->Trace(Regulator("370103"), kLotA1, Direction::kForward).status();
  const Status absent =
      trace_->Trace(Regulator("370103"), {.id = "00614141111114+NONE"}, Direction::kForward)
          .status();
  EXPECT_EQ(elsewhere.code(), StatusCode::kNotFound);
  EXPECT_EQ(absent.code(), StatusCode::kNotFound);
  EXPECT_EQ(trace_->Trace(Regulator("370300"), kLotB1, Direction::kBackward).status().code(),
            StatusCode::kNotFound);
  // The public reads no trace.
  EXPECT_EQ(trace_->Trace(auth::Caller(), kLotA1, Direction::kForward).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_P(TraceScopeTest, MasterDataIsReadWithinTheCallersScope) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  auto count = [&](const auth::Caller& c) { return data_->Locations(c, "").value().size(); };
  EXPECT_EQ(count(admin_), 5u);
  EXPECT_EQ(count(Regulator("370202")), 2u);
  EXPECT_EQ(count(Regulator("370103")), 0u);
  EXPECT_EQ(count(Firm("370102", 1)), 2u);  // its farm and R2
  EXPECT_EQ(count(Firm("370202", 2)), 1u);
  EXPECT_EQ(data_->CompanyPrefixes(Firm("370202", 2), "").value().size(), 0u);
  EXPECT_EQ(data_->CompanyPrefixes(Firm("370102", 1), "").value().size(), 1u);
  EXPECT_EQ(data_->Locations(auth::Caller(), "").status().code(), StatusCode::kPermissionDenied);
}

TEST_P(TraceScopeTest, AFirmCapturesOnlyAtItsLocationsAndForItsPrefixes) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  auto capture = [&](const std::string& doc, const auth::Caller& c, ErrorBehaviour b) {
    return capture_->Capture(doc, b, c, *data_);
  };
  const std::string item = "urn:epc:id:sgtin:0614141.011111.";
  Result<CaptureJob> own =
      capture(OneEvent(item + "1", Sgln(1)), Firm("370102", 1), ErrorBehaviour::kRollback);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_TRUE(own->success) << own->errors;
  // No location: its own prefix 0614141 will do for the prefix's owner, not for another firm.
  EXPECT_TRUE(
      capture(OneEvent(item + "2", ""), Firm("370102", 1), ErrorBehaviour::kRollback)->success);
  Result<CaptureJob> foreign =
      capture(OneEvent(item + "3", ""), Firm("370202", 2), ErrorBehaviour::kRollback);
  ASSERT_TRUE(foreign.ok());
  EXPECT_FALSE(foreign->success);
  EXPECT_EQ(foreign->stored_count, 0);
  const nlohmann::json errors = nlohmann::json::parse(foreign->errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["type"], "epcisException:SecurityException");
  EXPECT_EQ(errors[0]["status"], 403);
  EXPECT_EQ(errors[0]["eventIndex"], 0);
  // At another firm's location: refused for the firm, allowed for that county's regulator.
  EXPECT_FALSE(capture(OneEvent(item + "4", Sgln(2)), Firm("370102", 1), ErrorBehaviour::kRollback)
                   ->success);
  EXPECT_TRUE(capture(OneEvent(item + "4", Sgln(2)), Regulator("370202"), ErrorBehaviour::kRollback)
                  ->success);
  EXPECT_FALSE(
      capture(OneEvent(item + "5", Sgln(2)), Regulator("370102"), ErrorBehaviour::kRollback)
          ->success);
  // The capture jobs are their capturer's.
  EXPECT_TRUE(capture_->Job(Firm("370102", 1), own->id).value().has_value());
  EXPECT_FALSE(capture_->Job(Firm("370202", 2), own->id).value().has_value());
  auth::Caller analyst = Regulator("370102");
  analyst.role = auth::Role::kAnalyst;
  EXPECT_EQ(
      capture(OneEvent(item + "6", Sgln(1)), analyst, ErrorBehaviour::kRollback).status().code(),
      StatusCode::kPermissionDenied);
  auto events = [&] {
    auto tx = t->db().Begin(store::TxMode::kReadOnly).value();
    return CountEvents(*tx).value();
  };
  EXPECT_EQ(events(), 9 + 3);  // supply.jsonld's nine, the firm's two, the regulator's one
}

// The consumers' page: the lot's makers (name, USCC, when) and nothing of where it went.
TEST_P(TraceScopeTest, ThePublicSeesTheLotsMakersOnly) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Result<PublicTrace> a1 = PublicTraceOf(*trace_, "urn:epc:class:lgtin:0614141.011111.A1");
  ASSERT_TRUE(a1.ok()) << a1.status().ToString();
  EXPECT_EQ(a1->gtin, "00614141111114");
  EXPECT_EQ(a1->lot, "A1");
  ASSERT_EQ(a1->makers.size(), 1u);
  EXPECT_EQ(a1->makers[0].uscc, Uscc("370102", 1));  // the farm
  EXPECT_EQ(a1->makers[0].produced_at.substr(0, 10), "2026-03-01");
  // B1, made from A1 at P: P alone; the same lot by GTIN+LOT and by its Digital Link.
  Result<PublicTrace> b1 = PublicTraceOf(*trace_, "urn:epc:class:lgtin:0614141.022222.B1");
  ASSERT_TRUE(b1.ok()) << b1.status().ToString();
  ASSERT_EQ(b1->makers.size(), 1u);
  EXPECT_EQ(b1->makers[0].uscc, Uscc("370202", 2));
  Result<PublicTrace> typed = PublicTraceOf(*trace_, b1->gtin + "+B1");
  ASSERT_TRUE(typed.ok()) << typed.status().ToString();
  EXPECT_EQ(typed->id, b1->id);
  EXPECT_EQ(PublicTraceOf(*trace_, b1->id)->makers.size(), 1u);
  const std::string text = PublicTraceJson(*a1).dump();
  for (const std::string& other :
       {Uscc("370202", 2), Uscc("370202", 4), Uscc("370102", 3), std::string("quantity"),
        std::string("sgln"), std::string("/414/")})
    EXPECT_EQ(text.find(other), std::string::npos) << other << " in " << text;
  EXPECT_TRUE(PublicTraceJson(*a1).at("recalls").empty());
  // Not a lot, or a lot no event names.
  for (const char* bad : {"00614141111114", "urn:epc:id:sgtin:0614141.011111.7", "nonsense", ""})
    EXPECT_EQ(PublicTraceOf(*trace_, bad).status().code(), StatusCode::kInvalidArgument) << bad;
  EXPECT_EQ(PublicTraceOf(*trace_, "00614141111114+NONE").status().code(), StatusCode::kNotFound);
  // A long lot is refused before any pattern reads it (std::regex recurses per character).
  const std::string long_lot = "00614141111114+" + std::string(200'000, 'A');
  EXPECT_EQ(PublicTraceOf(*trace_, long_lot).status().field(), "id");
}

INSTANTIATE_TEST_SUITE_P(Backends, TraceScopeTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::trace
