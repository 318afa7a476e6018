// Routing: one test per row of the routing table (Order 20 Arts. 12, 13, 25, 27, 28) and the
// return of a case by a non-competent office with the competent one named (Arts. 29, 37).
#include "complaint/routing.h"

#include <gtest/gtest.h>

#include "complaint/classification.h"

namespace zq::complaint {
namespace {

// Jinan 历下 370102, 市中 370103; Qingdao 市南 370202; Hangzhou 余杭 330110 (a platform's home).
RoutingInput Complaint(RespondentKind k) {
  return {.kind = Kind::kComplaint, .respondent_kind = k, .domicile_region = "370102"};
}

RoutingInput Report(RespondentKind k, ReportSubject s = ReportSubject::kConduct) {
  return {.kind = Kind::kReport, .respondent_kind = k, .subject = s, .domicile_region = "370102"};
}

std::vector<std::string> Regions(const Routing& r) {
  std::vector<std::string> out;
  for (const Competent& c : r.competent) out.push_back(c.region);
  return out;
}

TEST(RoutingTest, ComplaintPlaceOfBusinessOrDomicile) {  // Art. 12 ¶1
  RoutingInput in = Complaint(RespondentKind::kOrdinary);
  in.business_region = "370202";
  const Result<Routing> r = Route(in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Regions(*r), (std::vector<std::string>{"370202", "370102"}));
  EXPECT_EQ(r->handler, "370202");
  EXPECT_EQ(r->article, "第十二条第一款");
  EXPECT_FALSE(r->superiors_competent);
  in.business_region.clear();
  EXPECT_EQ(Route(in)->handler, "370102");
}

TEST(RoutingTest, SeveralCompetentTheFirstReceiverHandles) {  // Art. 13
  RoutingInput in = Complaint(RespondentKind::kOrdinary);
  in.business_region = "370202";
  in.received_by = "370102";
  const Routing r = *Route(in);
  EXPECT_EQ(r.handler, "370102");
  EXPECT_EQ(r.article, "第十二条第一款; 第十三条");
  in.received_by = "370103";  // not competent: the first competent office handles
  EXPECT_EQ(Route(in)->handler, "370202");
}

TEST(RoutingTest, ComplaintAgainstPlatformOrOwnSiteGoesToItsDomicile) {  // Art. 12 ¶2
  for (RespondentKind k : {RespondentKind::kPlatform, RespondentKind::kOwnSite}) {
    RoutingInput in = Complaint(k);
    in.domicile_region = "330110";
    in.business_region = "370202";  // ignored: the domicile decides
    const Routing r = *Route(in);
    EXPECT_EQ(Regions(r), std::vector<std::string>{"330110"});
    EXPECT_EQ(r.article, "第十二条第二款");
  }
  RoutingInput none = Complaint(RespondentKind::kPlatform);
  none.domicile_region.clear();
  EXPECT_EQ(Route(none).status().field(), "domicile_region");
}

TEST(RoutingTest, ComplaintAgainstPlatformMerchant) {  // Art. 12 ¶2
  RoutingInput in = Complaint(RespondentKind::kPlatformMerchant);
  in.business_region = "370202";
  in.platform_domicile_region = "330110";
  EXPECT_EQ(Regions(*Route(in)), (std::vector<std::string>{"370202", "330110"}));
  in.received_by = "330110";
  EXPECT_EQ(Route(in)->handler, "330110");
}

TEST(RoutingTest, ReportWhereTheActOccurred) {  // Art. 25
  RoutingInput in = Report(RespondentKind::kOrdinary);
  in.act_region = "370202";
  Routing r = *Route(in);
  EXPECT_EQ(Regions(r), std::vector<std::string>{"370202"});
  EXPECT_EQ(r.article, "第二十五条");
  EXPECT_TRUE(r.superiors_competent);  // 县级以上
  EXPECT_TRUE(CheckCompetence("370200", r).ok());
  EXPECT_TRUE(CheckCompetence("370000", r).ok());
  EXPECT_FALSE(CheckCompetence("370100", r).ok());
  in.act_region.clear();  // not given: the domicile stands for it, and the basis says so
  r = *Route(in);
  EXPECT_EQ(r.handler, "370102");
  EXPECT_EQ(r.competent[0].basis, "行为发生地 (按住所地)");
}

TEST(RoutingTest, ReportAgainstPlatformOrOwnSite) {  // Art. 27 ¶1
  RoutingInput in = Report(RespondentKind::kOwnSite);
  in.domicile_region = "330110";
  in.act_region = "370202";
  EXPECT_EQ(Regions(*Route(in)), std::vector<std::string>{"330110"});
  EXPECT_EQ(Route(in)->article, "第二十七条第一款");
}

TEST(RoutingTest, ReportAgainstPlatformMerchant) {  // Art. 27 ¶2
  RoutingInput in = Report(RespondentKind::kPlatformMerchant);
  in.business_region = "370202";
  in.platform_domicile_region = "330110";
  EXPECT_EQ(Regions(*Route(in)), std::vector<std::string>{"370202"});
  in.received_by = "330110";  // the platform's office received it first: it may handle it
  const Routing r = *Route(in);
  EXPECT_EQ(Regions(r), (std::vector<std::string>{"370202", "330110"}));
  EXPECT_EQ(r.handler, "330110");
  in.business_region.clear();
  EXPECT_EQ(Route(in).status().field(), "business_region");
}

TEST(RoutingTest, ReportsAboutAdvertisements) {  // Art. 28
  RoutingInput in = Report(RespondentKind::kOrdinary, ReportSubject::kMassMediaAd);
  in.publisher_region = "370202";
  in.advertiser_region = "370102";
  EXPECT_EQ(Regions(*Route(in)), std::vector<std::string>{"370202"});
  EXPECT_EQ(Route(in)->article, "第二十八条第一款");
  in.subject = ReportSubject::kInternetAd;
  in.agency_region = "370103";
  EXPECT_EQ(Regions(*Route(in)), std::vector<std::string>{"370202"});
  in.received_by = "370103";  // the agency's office received it first
  EXPECT_EQ(Route(in)->handler, "370103");
  in.received_by = "370102";  // the advertiser's
  EXPECT_EQ(Route(in)->handler, "370102");
  in.subject = ReportSubject::kSelfPublishedInternetAd;
  in.received_by.clear();
  EXPECT_EQ(Regions(*Route(in)), std::vector<std::string>{"370102"});
  EXPECT_EQ(Route(in)->article, "第二十八条第三款");
  in.advertiser_region.clear();
  EXPECT_EQ(Route(in).status().field(), "advertiser_region");
}

TEST(RoutingTest, NonCompetentOfficeIsToldTheCompetentOne) {  // Arts. 29, 37
  RoutingInput in = Complaint(RespondentKind::kOrdinary);
  in.business_region = "370202";
  const Routing r = *Route(in);
  EXPECT_TRUE(CheckCompetence("370202", r).ok());
  EXPECT_FALSE(CheckCompetence("370200", r).ok());  // a complaint is the county's
  const Status s = CheckCompetence("370103", r);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.field(), "handling_region");
  EXPECT_NE(s.message().find("370202 (实际经营地)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("370102 (住所地)"), std::string::npos);
}

TEST(RoutingTest, MalformedRegionsNameTheirField) {
  RoutingInput in = Complaint(RespondentKind::kOrdinary);
  in.business_region = "37020";
  EXPECT_EQ(Route(in).status().field(), "business_region");
  in.business_region.clear();
  in.received_by = "abc";
  EXPECT_EQ(Route(in).status().field(), "received_by");
  EXPECT_EQ(ParseRespondentKind("shop").status().field(), "respondent_kind");
}

TEST(ClassificationTest, TwoAxesByKeywords) {
  const Taxonomy& t = Taxonomy::Embedded();
  EXPECT_EQ(t.Axis("object").size(), 18U);
  EXPECT_EQ(t.Axis("problem").size(), 10U);
  Classification c = t.Classify("买的电热水壶用了三天就漏电，差点触电");
  EXPECT_EQ(c.object_class, "household_appliances");
  EXPECT_EQ(c.problem, "safety");
  c = t.Classify("超市卖的牛奶已经过了保质期");
  EXPECT_EQ(c.object_class, "food");
  c = t.Classify("天气不错");
  EXPECT_EQ(c.object_class, "");
  EXPECT_EQ(c.problem, "other");
  EXPECT_TRUE(t.Has("problem", "counterfeit"));
  EXPECT_FALSE(t.Has("object", "counterfeit"));
}

}  // namespace
}  // namespace zq::complaint
