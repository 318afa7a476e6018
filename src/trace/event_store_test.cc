// The trace tables on both databases: an event is stored once by its hash with what it names,
// read back equal; an error declaration of a stored event replaces its body; capture jobs.
#include "trace/event_store.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "store/testing/test_database.h"
#include "trace/event_hash.h"

namespace zq::trace {
namespace {

class EventStoreTest : public ::testing::TestWithParam<store::Backend> {};

constexpr std::string_view kDocument = R"({"@context": [
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
  "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2020-01-01T00:00:00Z",
  "epcisBody": {"eventList": [{"type": "AggregationEvent", "action": "ADD",
    "eventTime": "2020-01-01T08:00:00+08:00", "eventTimeZoneOffset": "+08:00",
    "bizStep": "packing", "disposition": "in_progress",
    "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"},
    "parentID": "urn:epc:id:sscc:0614141.1234567890",
    "childEPCs": ["urn:epc:id:sgtin:0614141.107346.2017"],
    "childQuantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.998877",
                           "quantity": 200, "uom": "KGM"},
                          {"epcClass": "urn:epc:idpat:sgtin:4012345.098765.*", "quantity": 3}],
    "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:0614141073467:1152"}],
    "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:0614141.00000"}]}]}})";

EventRecord Record() {
  Result<std::vector<EpcisEvent>> events = ReadEpcisDocument(kDocument);
  EXPECT_TRUE(events.ok()) << events.status().ToString();
  EventRecord r = RecordOf(events->at(0), EventHash(events->at(0)));
  r.record_time = "2026-12-06T00:00:00.000Z";
  r.body = R"({"type": "AggregationEvent"})";
  return r;
}

template <class T>
std::vector<T> Sorted(std::vector<T> v) {
  std::sort(v.begin(), v.end(), [](const T& a, const T& b) {
    return std::tie(a.role, a.epc_class) < std::tie(b.role, b.epc_class);
  });
  return v;
}

TEST_P(EventStoreTest, StoresAnEventOnceAndReadsItBack) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  const EventRecord r = Record();
  EXPECT_EQ(r.event_time, "2020-01-01T00:00:00.000Z");
  EXPECT_EQ(r.biz_step, "https://ref.gs1.org/cbv/BizStep-packing");
  EXPECT_EQ(r.read_point, "https://id.gs1.org/414/0614141007776");
  ASSERT_EQ(r.epcs.size(), 2U);
  EXPECT_EQ(r.epcs[0].role, "parent");
  EXPECT_EQ(r.epcs[0].epc, "https://id.gs1.org/00/106141412345678908");
  ASSERT_EQ(r.quantities.size(), 2U);
  EXPECT_EQ(r.quantities[0].quantity, 200.0);
  EXPECT_EQ(r.quantities[1].quantity, 3.0);
  ASSERT_EQ(r.parties.size(), 2U);
  EXPECT_EQ(r.parties[0].type, "https://ref.gs1.org/cbv/BTT-po");

  auto tx = test_db->db().Begin();
  ASSERT_TRUE(tx.ok());
  Result<std::int64_t> job = InsertCaptureJob(
      **tx, CaptureJob{
                .error_behaviour = "rollback", .captured_by = "test", .created_at = r.record_time});
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  Result<Stored> first = StoreEvent(**tx, r, *job);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, Stored::kNew);
  EXPECT_EQ(*StoreEvent(**tx, r, *job), Stored::kAlreadyStored);
  EXPECT_EQ(*CountEvents(**tx), 1);

  Result<std::optional<EventRecord>> back = ReadEvent(**tx, r.event_hash);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_TRUE(back->has_value());
  const EventRecord& b = **back;
  EXPECT_EQ(b.event_id, r.event_hash);
  EXPECT_EQ(b.type, r.type);
  EXPECT_EQ(b.event_time, r.event_time);
  EXPECT_EQ(b.record_time, r.record_time);
  EXPECT_EQ(b.action, "ADD");
  EXPECT_EQ(b.disposition, r.disposition);
  EXPECT_EQ(b.read_point, r.read_point);
  EXPECT_EQ(b.body, r.body);
  EXPECT_EQ(b.epcs.size(), r.epcs.size());
  EXPECT_EQ(Sorted(b.quantities), Sorted(r.quantities));
  EXPECT_EQ(b.parties.size(), r.parties.size());

  EventRecord declared = r;
  declared.error_declared = true;
  declared.body = R"({"type": "AggregationEvent", "errorDeclaration": {}})";
  EXPECT_EQ(*StoreEvent(**tx, declared, *job), Stored::kErrorDeclared);
  EXPECT_EQ(*StoreEvent(**tx, declared, *job), Stored::kAlreadyStored);
  EXPECT_EQ((*ReadEvent(**tx, r.event_hash))->body, declared.body);
  EXPECT_FALSE(ReadEvent(**tx, "ni:///sha-256;0?ver=CBV2.0")->has_value());

  CaptureJob done = **ReadCaptureJob(**tx, *job);
  EXPECT_TRUE(done.running);
  done.running = false;
  done.success = false;
  done.finished_at = "2026-12-06T00:00:01.000Z";
  done.event_count = 2;
  done.stored_count = 1;
  done.errors = R"([{"type": "epcisException:ValidationException"}])";
  ASSERT_TRUE(UpdateCaptureJob(**tx, done).ok());
  const CaptureJob read = **ReadCaptureJob(**tx, *job);
  EXPECT_FALSE(read.running);
  EXPECT_FALSE(read.success);
  EXPECT_EQ(read.errors, done.errors);
  EXPECT_EQ(read.stored_count, 1);
  EXPECT_FALSE(ReadCaptureJob(**tx, *job + 1)->has_value());
  ASSERT_TRUE((*tx)->Commit().ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, EventStoreTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::trace
