// The trace graph on both databases, over hand-built chains captured through CaptureService
// (testdata/graph/, README there): quantities summed per destination across a transformation and
// split shipments, holders net of what moved on, backward to the input lot and its origin firm,
// a pallet unpacked before it travels on (time-respecting disaggregation) and re-aggregation into
// another case, a cycle in bad data cut and reported, and events captured after the first trace.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/xlsx.h"
#include "store/testing/test_database.h"
#include "trace/capture.h"
#include "trace/digital_link.h"
#include "trace/trace_export.h"
#include "trace/trace_service.h"

namespace zq::trace {
namespace {

using testing::ElementsAre;
using testing::Pair;
using testing::UnorderedElementsAre;

const std::filesystem::path kGraphData = "src/trace/testdata/graph";

std::string Loc(int n) {
  char urn[64];
  std::snprintf(urn, sizeof urn, "urn:epc:id:sgln:0614141.%05d.0", n);
  return *CanonicalDigitalLink(urn);
}

std::string Id(std::string_view urn) { return *CanonicalDigitalLink(urn); }

// The master data of the tests: locations 1–9 belong to firms in two regions.
class FakeDirectory final : public PartyDirectory {
 public:
  FakeDirectory() {
    for (int n = 1; n <= 9; ++n) {
      at_[Loc(n)] = Party{.uscc = "91370100MA3C00000" + std::to_string(n),
                          .name = "firm " + std::to_string(n),
                          .region_code = n <= 3 ? "370102" : "370203"};
    }
  }

  Result<std::optional<Party>> AtLocation(std::string_view location) const override {
    auto it = at_.find(std::string(location));
    return it == at_.end() ? std::optional<Party>() : std::optional<Party>(it->second);
  }

  Result<std::optional<Party>> OwnerOf(std::string_view) const override {
    return std::optional<Party>();
  }

 private:
  std::map<std::string, Party> at_;
};

class TraceGraphTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void Capture(store::Database& db, const std::string& file) {
    std::ifstream in(kGraphData / file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    CaptureService capture(db, clock_);
    Result<CaptureJob> job = capture.Capture(text.str(), ErrorBehaviour::kRollback, "test");
    ASSERT_TRUE(job.ok()) << job.status().ToString();
    ASSERT_TRUE(job->success) << job->errors;
  }

  FakeClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6}};
  FakeDirectory parties_;
};

// location → quantity of `what`
std::map<std::string, double> Arrived(const std::vector<Destination>& ds, const std::string& what) {
  std::map<std::string, double> out;
  for (const Destination& d : ds) {
    if (d.what == what)
      out[d.location] = d.quantity.value_or(-1);
  }
  return out;
}

TEST_P(TraceGraphTest, ForwardSumsQuantitiesPerDestinationThroughATransformation) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  Capture(test_db->db(), "supply.jsonld");
  TraceService trace(test_db->db(), &parties_);
  const std::string a = Id("urn:epc:class:lgtin:0614141.011111.A1");
  const std::string b = Id("urn:epc:class:lgtin:0614141.022222.B1");

  Result<TraceAnswer> fwd =
      trace.Trace({.id = "urn:epc:class:lgtin:0614141.011111.A1"}, Direction::kForward);
  ASSERT_TRUE(fwd.ok()) << fwd.status().ToString();
  EXPECT_THAT(Arrived(fwd->destinations, a),
              UnorderedElementsAre(Pair(Loc(2), 600), Pair(Loc(3), 400)));
  EXPECT_THAT(Arrived(fwd->destinations, b),
              UnorderedElementsAre(Pair(Loc(4), 200), Pair(Loc(5), 150)));
  for (const Destination& d : fwd->destinations) {
    ASSERT_TRUE(d.firm.has_value()) << d.location;
    EXPECT_EQ(d.uom, "KGM");
  }
  EXPECT_TRUE(fwd->cycles.empty());

  // Holders now: P2 holds what it was sent, P what it made and did not ship, R1 and R2 theirs.
  std::map<std::string, double> held;
  for (const Holder& h : fwd->holders) held[h.location + " " + h.what] = *h.quantity;
  EXPECT_THAT(held, UnorderedElementsAre(Pair(Loc(3) + " " + a, 400), Pair(Loc(2) + " " + b, 150),
                                         Pair(Loc(4) + " " + b, 200), Pair(Loc(5) + " " + b, 150)));

  // The rows are the key data elements, in time order, with their documents and hashes.
  ASSERT_FALSE(fwd->rows.empty());
  EXPECT_EQ(fwd->rows.front().cte, "commissioning");
  EXPECT_EQ(fwd->rows[1].biz_transactions, "po urn:epcglobal:cbv:bt:0614141000005:PO-1");
  for (const TraceRow& r : fwd->rows) EXPECT_TRUE(r.event_hash.starts_with("ni:///sha-256;"));

  // The sortable spreadsheet: the key data elements first, a row per step under the header.
  Result<std::string> xlsx = TraceXlsx(*fwd);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  std::vector<std::vector<std::string>> sheet;
  ASSERT_TRUE(ReadXlsx(*xlsx, [&](CsvRecord& r) {
                sheet.push_back(r.fields);
                return true;
              }).ok());
  ASSERT_EQ(sheet.size(), fwd->rows.size() + 1);
  EXPECT_EQ(sheet[0], KdeHeader());
  EXPECT_EQ(sheet[1][1], "commissioning");
  EXPECT_EQ(sheet[1][3], "1000");
  EXPECT_EQ(sheet[1][7], "firm 1");
  const nlohmann::json json = TraceAnswerJson(*fwd);
  EXPECT_EQ(json["destinations"].size(), 4u);
  EXPECT_EQ(json["destinations"][0]["firm"]["regionCode"], "370102");

  // GTIN+lot names the same lot; the recall seam gives the same destinations.
  Result<std::vector<Destination>> seam = trace.WhereDidItGo("00614141111114+A1");
  ASSERT_TRUE(seam.ok()) << seam.status().ToString();
  EXPECT_EQ(seam->size(), fwd->destinations.size());

  // Backward from B1: its input A1, first recorded at the farm, whose firm is named.
  Result<TraceAnswer> back = trace.Trace({.id = b}, Direction::kBackward);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->inputs.size(), 1u);
  EXPECT_EQ(back->inputs[0].what, a);
  EXPECT_EQ(back->inputs[0].origin, Loc(1));
  EXPECT_EQ(back->inputs[0].quantity, 600);
  ASSERT_TRUE(back->inputs[0].origin_firm.has_value());
  EXPECT_EQ(back->inputs[0].origin_firm->name, "firm 1");
}

TEST_P(TraceGraphTest, AChildLeavesItsPalletAtDisaggregation) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  Capture(test_db->db(), "pallet.jsonld");
  TraceService trace(test_db->db(), &parties_);
  auto reached = [&](std::string_view item) {
    Result<TraceAnswer> a = trace.Trace({.id = std::string(item)}, Direction::kForward);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    std::map<std::string, std::string> out;  // location → first arrival
    for (const Destination& d : a->destinations) out[d.location] = d.first_time;
    return out;
  };
  // Item 2 rode pallet X to D1, was unpacked there and went on in case Y to D3: not to D2,
  // where X went after it had left it.
  EXPECT_THAT(reached("urn:epc:id:sgtin:0614141.107346.2"),
              ElementsAre(Pair(Loc(7), "2026-03-12T08:00:00.000Z"),
                          Pair(Loc(9), "2026-03-17T08:00:00.000Z")));
  // Item 1 stayed on X: D1, then D2. Item 3 was packed at D1 onto X: D2 only.
  EXPECT_THAT(reached("urn:epc:id:sgtin:0614141.107346.1"),
              ElementsAre(Pair(Loc(7), testing::_), Pair(Loc(8), testing::_)));
  EXPECT_THAT(reached("urn:epc:id:sgtin:0614141.107346.3"), ElementsAre(Pair(Loc(8), testing::_)));

  Result<TraceAnswer> two =
      trace.Trace({.id = "urn:epc:id:sgtin:0614141.107346.2"}, Direction::kForward);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->holders.size(), 1u);
  EXPECT_EQ(two->holders[0].location, Loc(9));
  EXPECT_EQ(two->holders[0].quantity, 1);

  // The pallet as root takes its children along; backward, its contents are its inputs.
  Result<TraceAnswer> pallet =
      trace.Trace({.id = "urn:epc:id:sscc:0614141.1234567890"}, Direction::kBackward);
  ASSERT_TRUE(pallet.ok()) << pallet.status().ToString();
  std::vector<std::string> inputs;
  for (const InputLot& in : pallet->inputs) inputs.push_back(in.what);
  EXPECT_THAT(inputs, UnorderedElementsAre(Id("urn:epc:id:sgtin:0614141.107346.1"),
                                           Id("urn:epc:id:sgtin:0614141.107346.2"),
                                           Id("urn:epc:id:sgtin:0614141.107346.3")));
}

TEST_P(TraceGraphTest, ACycleInBadDataIsCutAndReported) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  Capture(test_db->db(), "cycle.jsonld");
  TraceService trace(test_db->db(), &parties_);
  const std::string c = Id("urn:epc:class:lgtin:0614141.033333.C1");
  const std::string d = Id("urn:epc:class:lgtin:0614141.044444.D1");
  for (Direction dir : {Direction::kForward, Direction::kBackward}) {
    Result<TraceAnswer> a = trace.Trace({.id = c}, dir);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_FALSE(a->cycles.empty()) << DirectionName(dir);
    EXPECT_THAT(a->cycles[0], ElementsAre(c, d, c));
    EXPECT_FALSE(a->truncated);
  }
  Result<TraceAnswer> fwd = trace.Trace({.id = c}, Direction::kForward);
  EXPECT_THAT(Arrived(fwd->destinations, d), ElementsAre(Pair(Loc(4), 5)));
}

TEST_P(TraceGraphTest, EventsCapturedAfterATraceAreTracedNext) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  Capture(test_db->db(), "cycle.jsonld");
  TraceService trace(test_db->db(), &parties_);
  EXPECT_EQ(trace.Trace({.id = "00614141111114+A1"}, Direction::kForward).status().code(),
            StatusCode::kNotFound);
  Capture(test_db->db(), "supply.jsonld");
  Result<TraceAnswer> a = trace.Trace({.id = "00614141111114+A1"}, Direction::kForward);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->destinations.size(), 4u);

  // A GTIN with a production window: lot A1 was commissioned on 1 March.
  EXPECT_TRUE(
      trace
          .Trace({.id = "614141111114", .produced_from = "2026-03-01", .produced_to = "2026-03-01"},
                 Direction::kForward)
          .ok());
  EXPECT_EQ(trace.Trace({.id = "614141111114", .produced_from = "2026-03-02"}, Direction::kForward)
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(trace.Trace({.id = "not an id"}, Direction::kForward).status().code(),
            StatusCode::kInvalidArgument);
  Result<TraceService::GraphSize> size = trace.Size();
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(size->events, 13u);
}

INSTANTIATE_TEST_SUITE_P(Backends, TraceGraphTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::trace
