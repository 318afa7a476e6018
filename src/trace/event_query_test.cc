// The event queries on both databases: each parameter family, pipe-delimited lists, the
// standard's errors, keyset pages that stay stable while events are captured, and scope (a
// regulator sees the events at its jurisdiction's locations; another city's sees none of them).
#include "trace/event_query.h"

#include <set>

#include <gtest/gtest.h>

#include "registry/registry_test_env.h"
#include "trace/master_data.h"

namespace zq::trace {
namespace {

using nlohmann::json;
using registry::testing::MakeEntity;
using registry::testing::Regulator;

json Event(std::string type, int day, json fields) {
  fields["type"] = std::move(type);
  fields["eventTime"] = fmt::format("2026-01-{:02d}T08:00:00+08:00", day);
  fields["eventTimeZoneOffset"] = "+08:00";
  return fields;
}

std::string Document(const std::vector<json>& events) {
  return json{{"@context",
               {"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                {{"example", "https://ns.example.com/epcis/"}}}},
              {"type", "EPCISDocument"},
              {"schemaVersion", "2.0"},
              {"creationDate", "2026-01-01T00:00:00Z"},
              {"epcisBody", {{"eventList", events}}}}
      .dump();
}

// Locations: Jinan's packer at GLN 0614141073467 (and its SGLN …/254/1), Qingdao's retailer at
// GLN 6901234000009.
const char* kJinanDock = "urn:epc:id:sgln:0614141.07346.1";
const char* kJinan = "urn:epc:id:sgln:0614141.07346.0";
const char* kQingdao = "urn:epc:id:sgln:6901234.00000.0";

std::vector<json> Chain() {
  return {
      Event(
          "ObjectEvent", 1,
          {{"action", "ADD"},
           {"bizStep", "commissioning"},
           {"epcList", {"urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346.2"}},
           {"readPoint", {{"id", kJinanDock}}},
           {"bizLocation", {{"id", kJinan}}},
           {"ilmd", {{"example:bestBefore", "2026-06-01"}}}}),
      Event("ObjectEvent", 2,
            {{"action", "OBSERVE"},
             {"bizStep", "shipping"},
             {"disposition", "in_transit"},
             {"quantityList",
              {{{"epcClass", "urn:epc:class:lgtin:0614141.107346.LOT1"},
                {"quantity", 100},
                {"uom", "KGM"}}}},
             {"readPoint", {{"id", kJinanDock}}},
             {"sourceList", {{{"type", "owning_party"}, {"source", kJinan}}}},
             {"destinationList", {{{"type", "owning_party"}, {"destination", kQingdao}}}}}),
      Event("AggregationEvent", 3,
            {{"action", "ADD"},
             {"bizStep", "packing"},
             {"parentID", "urn:epc:id:sscc:0614141.1234567890"},
             {"childEPCs", {"urn:epc:id:sgtin:0614141.107346.1"}},
             {"bizLocation", {{"id", kJinan}}}}),
      Event("ObjectEvent", 4,
            {{"action", "OBSERVE"},
             {"bizStep", "receiving"},
             {"disposition", "in_progress"},
             {"quantityList",
              {{{"epcClass", "urn:epc:class:lgtin:0614141.107346.LOT1"},
                {"quantity", 40},
                {"uom", "KGM"}}}},
             {"bizLocation", {{"id", kQingdao}}},
             {"bizTransactionList",
              {{{"type", "po"}, {"bizTransaction", "urn:epcglobal:cbv:bt:0614141000005:PO1"}}}}}),
      Event("TransformationEvent", 5,
            {{"bizStep", "commissioning"},
             {"inputQuantityList",
              {{{"epcClass", "urn:epc:class:lgtin:0614141.107346.LOT1"},
                {"quantity", 40},
                {"uom", "KGM"}}}},
             {"outputEPCList", {"urn:epc:id:sgtin:6901234.012345.9"}},
             {"bizLocation", {{"id", kQingdao}}}}),
      Event("ObjectEvent", 6,
            {{"action", "OBSERVE"},
             {"bizStep", "retail_selling"},
             {"epcList", {"urn:epc:id:sgtin:6901234.012345.9"}},
             {"bizLocation", {{"id", kQingdao}}},
             {"errorDeclaration",
              {{"declarationTime", "2026-01-07T00:00:00Z"}, {"reason", "incorrect_data"}}}}),
  };
}

class EventQueryTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void Start(store::Database& db) {
    ASSERT_TRUE(env_.Start(db).ok());
    std::vector<std::string> uscc;
    for (const auto& [county, serial] : {std::pair{"370102", 1}, std::pair{"370202", 2}}) {
      registry::MarketEntity e = MakeEntity(county, serial, "企业");
      ASSERT_TRUE(env_.registry->UpsertEntity(auth::Caller::System(), e).ok());
      uscc.push_back(e.uscc);
    }
    MasterData data(db, *env_.registry, env_.audit, env_.clock);
    ASSERT_TRUE(data.AddLocation(admin_, "0614141073467", uscc[0], "").ok());
    ASSERT_TRUE(data.AddLocation(admin_, "6901234000009", uscc[1], "").ok());
    capture_ = std::make_unique<CaptureService>(db, env_.clock);
    Capture(Chain());
    queries_ = std::make_unique<EventQueryService>(db, env_.clock);
  }

  void Capture(const std::vector<json>& events) {
    Result<CaptureJob> job = capture_->Capture(Document(events), ErrorBehaviour::kRollback, "t");
    ASSERT_TRUE(job.ok() && job->success) << (job.ok() ? job->errors : job.status().ToString());
  }

  static std::multimap<std::string, std::string> Params(const std::string& query) {
    std::multimap<std::string, std::string> out;
    std::size_t start = 0;
    while (start < query.size()) {
      std::size_t amp = query.find('&', start);
      if (amp == std::string::npos)
        amp = query.size();
      const std::string pair = query.substr(start, amp - start);
      const std::size_t eq = pair.find('=');
      out.emplace(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
      start = amp + 1;
    }
    return out;
  }

  Result<EventPage> Page(const std::string& query, const auth::Caller& caller) {
    ZQ_ASSIGN_OR_RETURN(const EventQuery q, ParseEventQuery(Params(query)));
    return queries_->Run(caller, q);
  }

  // The days (of eventTime, in Beijing time) of the events a query answers, in order.
  std::vector<int> Days(const std::string& query, const auth::Caller& caller) {
    Result<EventPage> page = Page(query, caller);
    EXPECT_TRUE(page.ok()) << query << ": " << page.status().ToString();
    std::vector<int> out;
    if (!page.ok())
      return out;
    for (const std::string& body : page->bodies) {
      const std::string time = json::parse(body).at("eventTime");
      out.push_back(std::stoi(time.substr(8, 2)));
    }
    return out;
  }

  std::vector<int> Days(const std::string& query) { return Days(query, admin_); }

  registry::testing::RegistryEnv env_;
  auth::Caller admin_ = auth::Caller::System();
  std::unique_ptr<CaptureService> capture_;
  std::unique_ptr<EventQueryService> queries_;
};

using DayList = std::vector<int>;

TEST_P(EventQueryTest, AnswersEachParameterFamily) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  EXPECT_EQ(Days(""), (DayList{6, 5, 4, 3, 2, 1}));  // newest first
  EXPECT_EQ(Days("orderBy=eventTime&orderDirection=ASC"), (DayList{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(Days("eventType=AggregationEvent|TransformationEvent"), (DayList{5, 3}));
  EXPECT_EQ(Days("GE_eventTime=2026-01-02T00:00:00Z&LT_eventTime=2026-01-04T08:00:00+08:00"),
            (DayList{3, 2}));
  EXPECT_EQ(Days("GE_eventTime=2026-01-02T00:00:00 08:00&LT_eventTime=2026-01-03T00:00:00Z"),
            (DayList{2}));  // a '+' the query string decoded as a blank
  EXPECT_EQ(Days("GE_recordTime=2026-01-01T00:00:00Z").size(), 6U);
  EXPECT_TRUE(Days("LT_recordTime=2026-01-01T00:00:00Z").empty());
  EXPECT_EQ(Days("EQ_action=ADD"), (DayList{3, 1}));
  EXPECT_EQ(Days("EQ_bizStep=shipping|urn:epcglobal:cbv:bizstep:receiving"), (DayList{4, 2}));
  EXPECT_EQ(Days("EQ_bizStep=https://ref.gs1.org/cbv/BizStep-packing"), (DayList{3}));
  EXPECT_EQ(Days("EQ_disposition=in_transit"), (DayList{2}));
  EXPECT_EQ(Days("EQ_readPoint=urn:epc:id:sgln:0614141.07346.1"), (DayList{2, 1}));
  EXPECT_TRUE(Days("EQ_readPoint=urn:epc:id:sgln:0614141.07346.0").empty());
  EXPECT_EQ(Days("WD_readPoint=urn:epc:id:sgln:0614141.07346.0"), (DayList{2, 1}));
  EXPECT_EQ(Days("EQ_bizLocation=https://id.gs1.org/414/6901234000009"), (DayList{6, 5, 4}));
  EXPECT_EQ(Days("MATCH_epc=urn:epc:id:sgtin:0614141.107346.1"), (DayList{3, 1}));  // child too
  EXPECT_EQ(Days("MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*"), (DayList{3, 1}));
  EXPECT_EQ(Days("MATCH_epc=https://id.gs1.org/01/10614141073464/21/2"), (DayList{1}));
  EXPECT_EQ(Days("MATCH_parentID=urn:epc:id:sscc:0614141.1234567890"), (DayList{3}));
  EXPECT_EQ(Days("MATCH_outputEPC=urn:epc:id:sgtin:6901234.012345.9"), (DayList{5}));
  EXPECT_EQ(Days("MATCH_anyEPC=urn:epc:id:sgtin:6901234.012345.9"), (DayList{6, 5}));
  EXPECT_EQ(Days("MATCH_epcClass=urn:epc:class:lgtin:0614141.107346.LOT1"), (DayList{4, 2}));
  EXPECT_EQ(Days("MATCH_inputEPCClass=urn:epc:class:lgtin:0614141.107346.LOT1"), (DayList{5}));
  EXPECT_EQ(Days("MATCH_anyEPCClass=https://id.gs1.org/01/10614141073464/10/LOT1"),
            (DayList{5, 4, 2}));
  EXPECT_EQ(Days("GT_quantity=40"), (DayList{2}));
  EXPECT_EQ(Days("EQ_quantity=40"), (DayList{5, 4}));
  EXPECT_EQ(Days("GE_quantity=40&LT_quantity=100"), (DayList{5, 4}));
  EXPECT_EQ(Days("EXISTS_errorDeclaration"), (DayList{6}));
  EXPECT_EQ(Days("EXISTS_errorDeclaration=false").size(), 6U);
  EXPECT_EQ(Days("EQ_ILMD_example:bestBefore=2026-06-01|2026-07-01"), (DayList{1}));
  EXPECT_TRUE(Days("EQ_ILMD_example:bestBefore=2026-06-02").empty());
  EXPECT_EQ(Days("EQ_destination_owning_party=urn:epc:id:sgln:6901234.00000.0"), (DayList{2}));
  EXPECT_TRUE(Days("EQ_source_owning_party=urn:epc:id:sgln:6901234.00000.0").empty());
  EXPECT_EQ(Days("EQ_bizTransaction_po=urn:epcglobal:cbv:bt:0614141000005:PO1"), (DayList{4}));
  EXPECT_EQ(Days("eventCountLimit=2&orderBy=eventTime&orderDirection=ASC"), (DayList{1, 2}));
  EXPECT_EQ(Days("maxEventCount=6").size(), 6U);
  // Every condition holds at once.
  EXPECT_EQ(Days("EQ_bizStep=shipping|receiving&GE_eventTime=2026-01-03T00:00:00Z"), (DayList{4}));
  const std::string id = json::parse(Page("EQ_bizStep=packing", admin_)->bodies[0]).at("eventID");
  EXPECT_EQ(Days("EQ_eventID=" + id), (DayList{3}));
}

TEST_P(EventQueryTest, AnswersTheStandardsExceptions) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  for (const char* bad :
       {"EQ_nothing=1", "eventType=Event", "EQ_action=MOVE", "GE_eventTime=yesterday",
        "GE_eventTime=2026-01-01T00:00:00", "perPage=0", "perPage=501", "orderBy=bizStep",
        "orderDirection=UP", "eventCountLimit=2",
        "eventCountLimit=2&maxEventCount=3&orderBy=eventTime", "EQ_quantity=many",
        "EQ_bizStep=a||b", "GE_startTime=2026-01-01T00:00:00Z", "EQ_ILMD_a'b=1",
        "EXISTS_errorDeclaration=yes", "MATCH_epc=a&MATCH_epc=b"}) {
    Result<EventPage> r = Page(bad, admin_);
    ASSERT_FALSE(r.ok()) << bad;
    const std::optional<EpcisException> e = QueryException(r.status());
    ASSERT_TRUE(e.has_value()) << bad;
    EXPECT_EQ(e->type, "QueryParameterException") << bad;
    EXPECT_EQ(e->status, 400);
  }
  // A malformed EPC URI of a GS1 key is refused by its parameter; other URIs are identifiers as
  // they are (EPCIS allows any URI), matching what they match.
  for (const char* bad :
       {"MATCH_anyEPC=urn:epc:id:sgtin:bad", "MATCH_epcClass=urn:epc:class:lgtin:0614141.107346",
        "MATCH_parentID=urn:epc:id:sscc:1.2", "WD_bizLocation=urn:epc:id:sgln:1.2",
        "MATCH_epc=urn:epc:idpat:sgtin:x.*.*"}) {
    Result<EventPage> r = Page(bad, admin_);
    ASSERT_FALSE(r.ok()) << bad;
    const std::optional<EpcisException> e = QueryException(r.status());
    EXPECT_EQ(e->type, "QueryParameterException") << bad;
    EXPECT_EQ(e->ToJson().at("parameter"), std::string(bad).substr(0, std::string(bad).find('=')));
  }
  for (const char* other : {"MATCH_epc=urn:epc:id:gid:95100000.12345.400", "MATCH_anyEPC=a",
                            "MATCH_epc=urn:epc:idpat:sscc:0614141.*"})
    EXPECT_TRUE(Page(other, admin_).ok()) << other;
  Result<EventPage> large = Page("maxEventCount=5", admin_);
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(QueryException(large.status())->type, "QueryTooLargeException");
  EXPECT_EQ(QueryException(large.status())->status, 413);
  // A token is bound to its query.
  Result<EventPage> first = Page("perPage=2&EQ_action=OBSERVE", admin_);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token.empty());
  EXPECT_EQ(Page("perPage=2&EQ_action=ADD&nextPageToken=" + first->next_page_token, admin_)
                .status()
                .field(),
            "nextPageToken");
  EXPECT_EQ(Page("nextPageToken=zz", admin_).status().field(), "nextPageToken");
}

// Pages follow a keyset: events captured between two pages neither repeat an event nor hide one
// that was there when the first page was read.
TEST_P(EventQueryTest, PagesStayStableWhileEventsAreCaptured) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  for (const char* order : {"", "&orderBy=recordTime&orderDirection=ASC"}) {
    std::set<std::string> before;  // the events there when the first page is read
    const Result<EventPage> all = Page("perPage=500", admin_);
    ASSERT_TRUE(all.ok());
    for (const std::string& b : all->bodies) before.insert(json::parse(b).at("eventID"));
    std::multiset<std::string> seen;
    std::string token;
    int pages = 0;
    do {
      const std::string query =
          std::string("perPage=2") + order + (token.empty() ? "" : "&nextPageToken=" + token);
      Result<EventPage> page = Page(query, admin_);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      for (const std::string& body : page->bodies) seen.insert(json::parse(body).at("eventID"));
      token = page->next_page_token;
      // Another capture between pages: an event older than any, one newer than any.
      const int serial = 100 + 10 * (order[0] != '\0' ? 1 : 0) + pages;
      Capture(
          {Event("ObjectEvent", 1,
                 {{"action", "OBSERVE"},
                  {"epcList", {fmt::format("urn:epc:id:sgtin:0614141.107346.{}", serial)}}}),
           Event("ObjectEvent", 28,
                 {{"action", "OBSERVE"},
                  {"epcList", {fmt::format("urn:epc:id:sgtin:0614141.107346.{}", serial + 5)}}})});
      ++pages;
    } while (!token.empty() && pages < 50);
    const std::set<std::string> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), seen.size()) << "an event was answered twice";
    for (const std::string& id : before) EXPECT_TRUE(unique.contains(id)) << id << " was skipped";
    EXPECT_GE(pages, 3);
  }
}

TEST_P(EventQueryTest, ARegulatorSeesItsJurisdictionsEventsAndNoOneElses) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  // Jinan: the events at its packer's GLN and SGLN (1, 2, 3); Qingdao: at its retailer (4, 5,
  // 6) and the shipment destined to it (2).
  EXPECT_EQ(Days("", Regulator("370100")), (DayList{3, 2, 1}));
  EXPECT_EQ(Days("", Regulator("370102")), (DayList{3, 2, 1}));
  EXPECT_EQ(Days("", Regulator("370000")), (DayList{6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(Days("", Regulator("370200")), (DayList{6, 5, 4, 2}));
  EXPECT_EQ(Days("EQ_bizStep=commissioning", Regulator("370200")), (DayList{5}));
  EXPECT_TRUE(Days("", Regulator("370103")).empty());  // another county of Jinan
  EXPECT_TRUE(Days("", Regulator("370300")).empty());  // another city
  auth::Caller firm;
  firm.role = auth::Role::kEnterprise;
  firm.uscc = MakeEntity("370202", 2, "").uscc;
  EXPECT_EQ(Days("", firm), (DayList{6, 5, 4, 2}));
  const auth::Caller anyone;
  EXPECT_EQ(Page("", anyone).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(QueryException(Page("", anyone).status())->type, "SecurityException");
}

INSTANTIATE_TEST_SUITE_P(Backends, EventQueryTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::trace
