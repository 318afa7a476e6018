#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "complaint/lifecycle.h"
#include "core/result.h"

// Which office handles a case: a pure function of the respondent's places and the case type
// (Order 20 Arts. 12, 13, 25, 27, 28). Offices are named by their GB/T 2260 region code (the
// county-level 市场监督管理局 of 370102 is "370102").
namespace zq::complaint {

// The respondent's role in trade. Text forms: "ordinary", "platform", "own_site",
// "platform_merchant".
enum class RespondentKind {
  kOrdinary,          // a business with premises
  kPlatform,          // 电子商务平台经营者
  kOwnSite,           // sells through its own website or other network services
  kPlatformMerchant,  // 平台内经营者
};

// What a report is about. Text forms: "conduct", "mass_media_ad", "internet_ad",
// "self_published_internet_ad".
enum class ReportSubject {
  kConduct,                  // a suspected violation (Art. 25, 27)
  kMassMediaAd,              // an advertisement in broadcast, film, TV, press (Art. 28 ¶1)
  kInternetAd,               // an internet advertisement (Art. 28 ¶2)
  kSelfPublishedInternetAd,  // an internet ad the advertiser published itself (Art. 28 ¶3)
};

std::string_view RespondentKindName(RespondentKind k);
Result<RespondentKind> ParseRespondentKind(std::string_view text);  // field "respondent_kind"
std::string_view ReportSubjectName(ReportSubject s);
Result<ReportSubject> ParseReportSubject(std::string_view text);  // field "subject"

struct RoutingInput {
  Kind kind = Kind::kComplaint;
  RespondentKind respondent_kind = RespondentKind::kOrdinary;
  ReportSubject subject = ReportSubject::kConduct;  // reports only
  std::string domicile_region;           // 住所地 (the registry's region of the respondent)
  std::string business_region;           // 实际经营地, "" when not known
  std::string platform_domicile_region;  // a platform merchant's platform's 住所地
  std::string act_region;                // report: 行为发生地, "" when not known
  std::string publisher_region;          // advertisement: 广告发布者所在地
  std::string advertiser_region;         // advertisement: 广告主所在地
  std::string agency_region;             // advertisement: 广告经营者所在地
  std::string received_by;               // the office that received it first, "" for central intake
};

// One competent office and why.
struct Competent {
  std::string region;
  std::string basis;  // "实际经营地", "住所地", …
};

struct Routing {
  std::vector<Competent> competent;  // in the law's order
  std::string handler;               // the office that handles it (Art. 13: the first receiver)
  std::string article;               // "第十二条第一款"
  // Complaints go to the county-level office itself; reports to the county-level office or one
  // above it (Art. 25: 县级以上), so a superior of a competent county is competent too.
  bool superiors_competent = false;
};

// The competent offices and the handler. kInvalidArgument naming the missing or malformed
// region (field "business_region", "act_region", …) when the law's place is not known.
Result<Routing> Route(const RoutingInput& input);

// Ok when `office` may handle the case; else kFailedPrecondition (field "handling_region") whose
// message names the competent office(s), so that the case is returned with the reason (Arts.
// 29, 37).
Status CheckCompetence(std::string_view office, const Routing& routing);

}  // namespace zq::complaint
