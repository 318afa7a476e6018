#include "trace/trace_export.h"

#include <sstream>

#include <gtest/gtest.h>

#include "core/xlsx.h"

namespace zq::trace {
namespace {

// A farm ships 1000 kg of a lot to a wholesaler under a purchase order; the wholesaler holds it.
TraceAnswer Shipped() {
  TraceAnswer a;
  a.direction = Direction::kForward;
  const Party farm{.uscc = "91370102MA0000001X", .name = "济南农场", .region_code = "370102"};
  const Party shop{.uscc = "91370202MA0000002X", .name = "青岛批发", .region_code = "370202"};
  a.rows.push_back({.cte = "shipping",
                    .event_time = "2026-03-04T16:30:00.000Z",
                    .what = "https://id.gs1.org/01/06900000010006/10/L1",
                    .quantity = 1000,
                    .uom = "KGM",
                    .location = "https://id.gs1.org/414/6900000000011",
                    .firm = farm,
                    .counterpart = "https://id.gs1.org/414/6900000000028",
                    .counterpart_firm = shop,
                    .depth = 1,
                    .event_hash = "ni:///sha-256;ab?ver=CBV2.0",
                    .biz_transactions = "po urn:epcglobal:cbv:bt:6900000000011:PO-1"});
  a.holders.push_back({.location = "https://id.gs1.org/414/6900000000028",
                       .firm = shop,
                       .what = "https://id.gs1.org/01/06900000010006/10/L1",
                       .quantity = 1000,
                       .uom = "KGM",
                       .since = "2026-03-04T16:30:00.000Z",
                       .in_transit = true});
  return a;
}

std::string Csv(const TraceAnswer& a, const TraceExportOptions& options) {
  std::ostringstream out;
  WriteTraceCsv(a, out, options);
  return out.str();
}

TEST(TraceExport, CodesKeepTheMachineLayoutByteForByte) {
  EXPECT_EQ(Csv(Shipped(), {}),
            "\xEF\xBB\xBF"
            "event time (UTC),critical tracking event,traceability lot code / item,quantity,unit "
            "of measure,location,location firm USCC,location firm,location region,ship-to / "
            "ship-from / input / output,counterpart firm USCC,counterpart firm,counterpart "
            "region,container,hops,reference documents,event ID\r\n"
            "2026-03-04T16:30:00.000Z,shipping,https://id.gs1.org/01/06900000010006/10/L1,1000,"
            "KGM,https://id.gs1.org/414/6900000000011,91370102MA0000001X,济南农场,370102,"
            "https://id.gs1.org/414/6900000000028,91370202MA0000002X,青岛批发,370202,,1,po "
            "urn:epcglobal:cbv:bt:6900000000011:PO-1,ni:///sha-256;ab?ver=CBV2.0\r\n");
}

// Chinese headers and labels, the regions' names beside their codes, Beijing time (the next day).
TEST(TraceExport, ChineseHasHeadersLabelsNamesAndBeijingTime) {
  const TraceExportOptions zh{.headers = ExportHeaders::kChinese,
                              .region_names = {{"370102", "山东省济南市历下区"}}};
  EXPECT_EQ(Csv(Shipped(), zh),
            "\xEF\xBB\xBF"
            "事件时间（北京时间）,关键追溯环节,追溯批次/单品,数量,计量单位,地点,"
            "地点企业统一社会信用代码,地点企业,地点企业行政区划代码,地点企业行政区划,"
            "收货方/发货方/投入/产出,对方企业统一社会信用代码,对方企业,对方企业行政区划代码,"
            "对方企业行政区划,容器/包装,环节数,关联单据,事件标识\r\n"
            "2026-03-05 00:30:00,发货,https://id.gs1.org/01/06900000010006/10/L1,1000,千克,"
            "https://id.gs1.org/414/6900000000011,91370102MA0000001X,济南农场,370102,"
            "山东省济南市历下区,https://id.gs1.org/414/6900000000028,91370202MA0000002X,青岛批发,"
            "370202,,,1,采购订单 urn:epcglobal:cbv:bt:6900000000011:PO-1,"
            "ni:///sha-256;ab?ver=CBV2.0\r\n");
  const std::vector<std::string> en =
      KdeFields(Shipped().rows[0], {.headers = ExportHeaders::kEnglish});
  EXPECT_EQ(KdeHeader(ExportHeaders::kEnglish)[0], "Event time (Beijing)");
  EXPECT_EQ(en[0], "2026-03-05 00:30:00");
  EXPECT_EQ(en[1], "shipping");
  EXPECT_EQ(en[4], "KGM");
}

TEST(TraceExport, WorkbookHasChineseHeadersAndNumberCells) {
  const Result<std::string> xlsx = TraceXlsx(Shipped(), {.headers = ExportHeaders::kChinese});
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  std::vector<std::vector<std::string>> kde;
  ASSERT_TRUE(ReadXlsx(*xlsx, [&](CsvRecord& r) {
                kde.push_back(r.fields);
                return true;
              }).ok());
  ASSERT_EQ(kde.size(), 2u);
  EXPECT_EQ(kde[0], KdeHeader(ExportHeaders::kChinese));
  EXPECT_EQ(kde[1][3], "1000");  // a number cell
  EXPECT_EQ(kde[1][16], "1");
}

TEST(TraceExport, FileNamesSayTheDirectionAndTheDay) {
  EXPECT_EQ(TraceFileName(Direction::kForward, ExportHeaders::kChinese, "csv", "2026-12-07"),
            "正向追溯_20261207.csv");
  EXPECT_EQ(TraceFileName(Direction::kBackward, ExportHeaders::kChinese, "xlsx", "2026-12-07"),
            "反向追溯_20261207.xlsx");
  EXPECT_EQ(TraceFileName(Direction::kBackward, ExportHeaders::kCodes, "csv", "2026-12-07"),
            "trace-backward_20261207.csv");
}

}  // namespace
}  // namespace zq::trace
