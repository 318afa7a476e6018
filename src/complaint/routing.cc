// Routing of complaints and reports to the competent office (routing.h).
#include "complaint/routing.h"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "core/ids/region_code.h"

namespace zq::complaint {
namespace {

constexpr std::array<std::pair<RespondentKind, std::string_view>, 4> kRespondentKinds = {{
    {RespondentKind::kOrdinary, "ordinary"},
    {RespondentKind::kPlatform, "platform"},
    {RespondentKind::kOwnSite, "own_site"},
    {RespondentKind::kPlatformMerchant, "platform_merchant"},
}};

constexpr std::array<std::pair<ReportSubject, std::string_view>, 4> kSubjects = {{
    {ReportSubject::kConduct, "conduct"},
    {ReportSubject::kMassMediaAd, "mass_media_ad"},
    {ReportSubject::kInternetAd, "internet_ad"},
    {ReportSubject::kSelfPublishedInternetAd, "self_published_internet_ad"},
}};

// A region the law's rule needs: well formed, or kInvalidArgument naming `field`.
Status CheckRegion(const std::string& region, std::string_view field) {
  if (region.empty())
    return Status::InvalidArgument(fmt::format("{} is needed to route this case", field),
                                   std::string(field));
  if (Result<ids::RegionCode> r = ids::ParseRegionCode(region); !r.ok())
    return Status::InvalidArgument(r.status().message(), std::string(field));
  return Status::Ok();
}

class RouteBuilder {
 public:
  explicit RouteBuilder(const RoutingInput& in) : in_(in) {}

  // Adds the office of `region` (required: an error when it is missing or malformed).
  Status Need(const std::string& region, std::string_view field, std::string_view basis) {
    ZQ_RETURN_IF_ERROR(CheckRegion(region, field));
    Add(region, basis);
    return Status::Ok();
  }

  // Adds the office of `region` when it is given (an error only when malformed).
  Status Maybe(const std::string& region, std::string_view field, std::string_view basis) {
    if (region.empty())
      return Status::Ok();
    return Need(region, field, basis);
  }

  // Adds `region` when it received the case first (the law's "先行收到…的，也可以予以处理").
  Status IfReceivedFirst(const std::string& region, std::string_view field,
                         std::string_view basis) {
    if (region.empty() || region != in_.received_by)
      return Status::Ok();
    return Need(region, field, basis);
  }

  Result<Routing> Finish(std::string article, bool superiors) {
    if (r_.competent.empty())
      return Status::InvalidArgument("no place is known to route this case", "domicile_region");
    r_.article = std::move(article);
    r_.superiors_competent = superiors;
    r_.handler = r_.competent.front().region;
    if (!in_.received_by.empty() && CheckCompetence(in_.received_by, r_).ok()) {
      r_.handler = in_.received_by;
      if (r_.competent.size() > 1)
        r_.article += "; 第十三条";
    }
    return std::move(r_);
  }

 private:
  void Add(const std::string& region, std::string_view basis) {
    for (Competent& c : r_.competent) {
      if (c.region == region) {
        c.basis += fmt::format("、{}", basis);
        return;
      }
    }
    r_.competent.push_back({.region = region, .basis = std::string(basis)});
  }

  const RoutingInput& in_;
  Routing r_;
};

Result<Routing> RouteComplaint(const RoutingInput& in) {
  RouteBuilder b(in);
  switch (in.respondent_kind) {
    case RespondentKind::kOrdinary:
      ZQ_RETURN_IF_ERROR(b.Maybe(in.business_region, "business_region", "实际经营地"));
      ZQ_RETURN_IF_ERROR(b.Maybe(in.domicile_region, "domicile_region", "住所地"));
      return b.Finish("第十二条第一款", false);
    case RespondentKind::kPlatform:
    case RespondentKind::kOwnSite:
      ZQ_RETURN_IF_ERROR(b.Need(in.domicile_region, "domicile_region", "住所地"));
      return b.Finish("第十二条第二款", false);
    case RespondentKind::kPlatformMerchant:
      ZQ_RETURN_IF_ERROR(b.Maybe(in.business_region, "business_region", "实际经营地"));
      ZQ_RETURN_IF_ERROR(
          b.Maybe(in.platform_domicile_region, "platform_domicile_region", "平台经营者住所地"));
      return b.Finish("第十二条第二款", false);
  }
  return Status::InvalidArgument("unknown respondent kind", "respondent_kind");
}

Result<Routing> RouteReport(const RoutingInput& in) {
  RouteBuilder b(in);
  switch (in.subject) {
    case ReportSubject::kMassMediaAd:
      ZQ_RETURN_IF_ERROR(b.Need(in.publisher_region, "publisher_region", "广告发布者所在地"));
      return b.Finish("第二十八条第一款", true);
    case ReportSubject::kInternetAd:
      ZQ_RETURN_IF_ERROR(b.Need(in.publisher_region, "publisher_region", "广告发布者所在地"));
      ZQ_RETURN_IF_ERROR(
          b.IfReceivedFirst(in.advertiser_region, "advertiser_region", "广告主所在地 (先行收到)"));
      ZQ_RETURN_IF_ERROR(
          b.IfReceivedFirst(in.agency_region, "agency_region", "广告经营者所在地 (先行收到)"));
      return b.Finish("第二十八条第二款", true);
    case ReportSubject::kSelfPublishedInternetAd:
      ZQ_RETURN_IF_ERROR(b.Need(in.advertiser_region, "advertiser_region", "广告主所在地"));
      return b.Finish("第二十八条第三款", true);
    case ReportSubject::kConduct:
      break;
  }
  switch (in.respondent_kind) {
    case RespondentKind::kPlatform:
    case RespondentKind::kOwnSite:
      ZQ_RETURN_IF_ERROR(b.Need(in.domicile_region, "domicile_region", "住所地"));
      return b.Finish("第二十七条第一款", true);
    case RespondentKind::kPlatformMerchant:
      ZQ_RETURN_IF_ERROR(b.Need(in.business_region, "business_region", "实际经营地"));
      ZQ_RETURN_IF_ERROR(b.IfReceivedFirst(in.platform_domicile_region, "platform_domicile_region",
                                           "平台经营者住所地 (先行收到)"));
      return b.Finish("第二十七条第二款", true);
    case RespondentKind::kOrdinary:
      break;
  }
  // 行为发生地. Not given, the place the respondent trades (then its domicile) stands for it:
  // the act of a business with premises happens there. The basis says so.
  if (!in.act_region.empty()) {
    ZQ_RETURN_IF_ERROR(b.Need(in.act_region, "act_region", "行为发生地"));
  } else if (!in.business_region.empty()) {
    ZQ_RETURN_IF_ERROR(b.Need(in.business_region, "business_region", "行为发生地 (按实际经营地)"));
  } else {
    ZQ_RETURN_IF_ERROR(b.Need(in.domicile_region, "act_region", "行为发生地 (按住所地)"));
  }
  return b.Finish("第二十五条", true);
}

template <class E, std::size_t N>
Result<E> ParseName(const std::array<std::pair<E, std::string_view>, N>& names,
                    std::string_view text, std::string_view field) {
  std::string all;
  for (const auto& [value, name] : names) {
    if (name == text)
      return value;
    all += all.empty() ? std::string(name) : fmt::format(", {}", name);
  }
  return Status::InvalidArgument(fmt::format("{} must be one of {}", field, all),
                                 std::string(field));
}

}  // namespace

std::string_view RespondentKindName(RespondentKind k) {
  return kRespondentKinds[static_cast<std::size_t>(k)].second;
}

Result<RespondentKind> ParseRespondentKind(std::string_view text) {
  return ParseName(kRespondentKinds, text, "respondent_kind");
}

std::string_view ReportSubjectName(ReportSubject s) {
  return kSubjects[static_cast<std::size_t>(s)].second;
}

Result<ReportSubject> ParseReportSubject(std::string_view text) {
  return ParseName(kSubjects, text, "subject");
}

Result<Routing> Route(const RoutingInput& input) {
  if (!input.received_by.empty())
    ZQ_RETURN_IF_ERROR(CheckRegion(input.received_by, "received_by"));
  return input.kind == Kind::kComplaint ? RouteComplaint(input) : RouteReport(input);
}

Status CheckCompetence(std::string_view office, const Routing& routing) {
  std::string named;
  for (const Competent& c : routing.competent) {
    if (c.region == office ||
        (routing.superiors_competent && office.size() == 6 && c.region.size() == 6 &&
         c.region.starts_with(ids::SubtreePrefix(office))))
      return Status::Ok();
    named += fmt::format("{}{} ({})", named.empty() ? "" : ", ", c.region, c.basis);
  }
  return Status::FailedPrecondition(
      fmt::format("本机关不具有处理权限 ({}): the competent office is {}", routing.article, named),
      "handling_region");
}

}  // namespace zq::complaint
