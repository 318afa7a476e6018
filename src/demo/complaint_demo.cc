#include "demo/complaint_demo.h"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

#include "complaint/complaint_service.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "demo/name_tables.h"
#include "demo/random.h"

namespace zq::demo {
namespace {

using complaint::Action;
using complaint::CaseRecord;
using complaint::StepInput;
using CivilDay = std::chrono::year_month_day;

// What people complain about, by object class (the taxonomy's codes): goods bought in shops
// (GB/T 4754 division 52) or services. Each item holds a keyword of its class.
struct ComplaintObject {
  std::string_view object_class;
  bool goods;
  std::array<std::string_view, 3> items;
};

constexpr std::array<ComplaintObject, 14> kObjects = {{
    {"household_appliances", true, {"电热水壶", "空调", "洗衣机"}},
    {"daily_goods", true, {"床垫", "儿童玩具", "洗发水"}},
    {"clothing", true, {"羽绒服", "运动鞋", "童装"}},
    {"food", true, {"婴儿奶粉", "月饼", "食用油"}},
    {"vehicles", true, {"电动自行车", "电动车头盔", "汽车轮胎"}},
    {"housing_materials", true, {"瓷砖", "插座", "门窗"}},
    {"jewellery_sports", true, {"黄金手镯", "健身器材", "文具"}},
    {"tobacco_drinks", true, {"白酒", "茶叶", "饮料"}},
    {"medical", true, {"血压计", "医用口罩", "体温计"}},
    {"life_services", false, {"美发预付卡", "洗车服务", "家政服务"}},
    {"decoration_property", false, {"房屋装修", "物业服务", "装饰工程"}},
    {"education", false, {"英语培训课程", "辅导班", "驾驶培训"}},
    {"telecom", false, {"宽带套餐", "话费套餐", "流量套餐"}},
    {"tourism", false, {"旅行社跟团游", "景区门票", "旅游线路"}},
}};

// What went wrong (each phrase holds a keyword of its problem code) and what is asked.
constexpr std::array<std::string_view, 8> kGoodsProblems = {
    "用了不到一周就坏了，质量不合格", "使用时漏电，差点触电，存在安全隐患",
    "结账时多收了钱，价格与标价不符", "经鉴定是假冒产品",
    "商家收了定金后违约，拒不退款",   "出现故障后商家拒绝三包，售后不予处理",
    "实物与宣传不符，商家虚假宣传",   "回家称重发现缺斤少两"};
constexpr std::array<std::string_view, 5> kServiceProblems = {
    "服务质量差，与合同约定不符", "商家乱收费，多收了费用", "预付后商家违约，拒不退还押金",
    "宣传夸大，虚假宣传误导消费", "服务人员态度恶劣，辱骂消费者"};
constexpr std::array<std::string_view, 5> kRequests = {
    "要求退货退款", "要求退一赔三", "要求赔偿损失", "要求更换", "要求商家道歉并整改"};
constexpr std::array<std::string_view, 5> kAgreements = {
    "双方达成调解协议，商家退货退款", "商家同意更换新品", "商家赔偿消费者500元",
    "商家退还多收费用并道歉", "商家按三包规定免费维修"};

template <std::size_t N>
std::string_view PickWord(SplitMix64& rng, const std::array<std::string_view, N>& list) {
  return list[rng.Below(N)];
}

// One planned submission.
struct PlannedSubmission {
  CivilDay received{};
  int minute = 0;  // of the office day, from 09:00 Beijing time
  registry::MarketEntity firm;
  const ComplaintObject* object = nullptr;
  std::string text;
  std::vector<std::string> kinds;
  bool portal = false;
  int id = 0;
  int submitter = 0;    // index of the person, so a repeat comes from the same phone
  int repeat_of = -1;   // a repeat of that plan's complaint, from the same person (merged)
  bool rising = false;  // of the rising series
};

// The facts of a complaint or report against `firm` about something of `object`.
std::string ComplaintText(const registry::MarketEntity& firm, const ComplaintObject& object,
                          bool report, SplitMix64& rng) {
  const std::string_view item = object.items[rng.Below(object.items.size())];
  const std::string_view problem =
      object.goods ? PickWord(rng, kGoodsProblems) : PickWord(rng, kServiceProblems);
  if (report)
    return fmt::format("举报{}：其{}{}，请依法查处", firm.name, item, problem);
  return object.goods ? fmt::format("在{}购买的{}{}", firm.name, item, problem)
                      : fmt::format("{}的{}{}", firm.name, item, problem);
}

// Active firms of a county: shops (GB/T 4754 division 52) for goods, any firm for services.
class FirmPools {
 public:
  explicit FirmPools(registry::Registry& registry) : registry_(registry) {}

  // A firm drawn from the pool, or the `nth` (1-based) when given; null when the county has none.
  Result<const registry::MarketEntity*> Draw(const std::string& county, bool goods, SplitMix64& rng,
                                             int nth = 0) {
    const std::string key = county + (goods ? "/52" : "/");
    auto it = pools_.find(key);
    if (it == pools_.end()) {
      registry::EntityFilter filter;
      filter.region_code = county;
      filter.industry_code = goods ? "52" : "";
      filter.status = registry::EntityStatus::kActive;
      ZQ_ASSIGN_OR_RETURN(auto page, registry_.SearchEntities(auth::Caller::System(), filter,
                                                              {.page = 1, .page_size = 12}));
      it = pools_.emplace(key, std::move(page.items)).first;
    }
    const auto& pool = it->second;
    if (pool.empty())
      return nullptr;
    const std::size_t i = nth > 0 ? static_cast<std::size_t>(nth - 1) % pool.size()
                                  : static_cast<std::size_t>(rng.Below(pool.size()));
    return &pool[i];
  }

 private:
  registry::Registry& registry_;
  std::map<std::string, std::vector<registry::MarketEntity>> pools_;
};

class CaseGenerator {
 public:
  CaseGenerator(store::Database& db, registry::Registry& registry, const auth::AuditLog& audit,
                const auth::PersonalDataCipher& cipher, const ComplaintDemoOptions& o)
      : o_(o),
        rng_(o.seed ^ 0x636f6d706c61696eULL),
        clock_(std::chrono::sys_days(o.today)),
        service_(db, registry, audit, cipher, clock_) {}

  Result<ComplaintDemoSummary> Run(std::vector<PlannedSubmission> plans) {
    std::stable_sort(plans.begin(), plans.end(),
                     [](const PlannedSubmission& a, const PlannedSubmission& b) {
                       return std::chrono::sys_days(a.received) < std::chrono::sys_days(b.received);
                     });
    std::map<int, std::string> numbers;  // plan id → its complaint's number
    for (const PlannedSubmission& p : plans) {
      At(p.received, p.minute);
      const auth::Caller officer = Officer(p.firm.region_code);
      const auth::Caller caller = p.portal ? auth::Caller{} : officer;
      ZQ_ASSIGN_OR_RETURN(
          const complaint::Submitted s,
          service_.Submit(caller, Form(p), fmt::format("demo-{}", summary_.submissions)));
      ++summary_.submissions;
      for (CaseRecord c : s.cases) {
        ++summary_.cases;
        summary_.rising += p.rising && c.kind == complaint::Kind::kComplaint ? 1 : 0;
        if (const auto first = numbers.find(p.repeat_of); first != numbers.end()) {
          ZQ_RETURN_IF_ERROR(
              Take(c, Later(p.received, 1), Action::kMerge, {.duplicate_of = first->second})
                  .status());
        } else {
          ZQ_RETURN_IF_ERROR(c.kind == complaint::Kind::kComplaint ? Complaint(c, p)
                                                                   : Report(c, p));
        }
        ++summary_.by_state[std::string(complaint::StateName(c.state))];
        if (c.kind == complaint::Kind::kComplaint)
          numbers[p.id] = c.number;
      }
    }
    At(o_.today, 480);
    complaint::CaseFilter overdue;
    overdue.overdue_only = true;
    overdue.page = {.page = 1, .page_size = 1};
    ZQ_ASSIGN_OR_RETURN(const auto page, service_.List(auth::Caller::System(), overdue));
    summary_.overdue = page.total;
    return summary_;
  }

 private:
  // The clock at `minute` past 09:00 Beijing time (01:00 UTC) on `day`.
  void At(CivilDay day, int minute) {
    clock_.Set(std::chrono::sys_days(day) + std::chrono::hours(1) + std::chrono::minutes(minute));
  }

  // `n` working days after `day` (n = 0: the next working day, or `day` if it is one).
  CivilDay Later(CivilDay day, int n) const {
    if (n == 0 && calendar_.IsWorkingDay(day))
      return day;
    Result<CivilDay> d = calendar_.AddWorkingDays(day, std::max(n, 1));
    return d.ok() ? *d : CivilDay(std::chrono::sys_days(o_.today) + std::chrono::days(1));
  }

  // Whether `day` lies within the `days` before today.
  bool Recent(CivilDay day, int days) const {
    return std::chrono::sys_days(o_.today) - std::chrono::sys_days(day) <= std::chrono::days(days);
  }

  static auth::Caller Officer(const std::string& region) {
    auth::Caller c;
    c.actor = "demo-officer";
    c.role = auth::Role::kRegulator;
    c.region_code = region;
    return c;
  }

  complaint::SubmissionInput Form(const PlannedSubmission& p) {
    SplitMix64 person(static_cast<std::uint64_t>(p.submitter) * 7919 + o_.seed);
    complaint::SubmissionInput in;
    in.kinds = p.kinds;
    in.name =
        fmt::format("{}{}{}", PickWord(person, names::kSurnames),
                    PickWord(person, names::kGivenNames), PickWord(person, names::kGivenNames));
    in.phone = fmt::format("1{}{:09d}", 3 + person.Below(7), person.Below(1'000'000'000));
    in.address = fmt::format("{}路{}号", PickWord(person, names::kStreets), 1 + person.Below(300));
    in.real_name = rng_.Below(4) != 0;
    in.publish_consent = person.Below(5) < 2;  // two in five let their facts be published
    in.respondent_uscc = p.firm.uscc;
    in.business_region = p.firm.region_code;
    in.facts = p.text;
    in.request = std::string(PickWord(rng_, kRequests));
    return in;
  }

  // One step on `day` unless that is after today; false when it was not taken (the case stays).
  Result<bool> Take(CaseRecord& c, CivilDay day, Action action, StepInput in = {}) {
    if (std::chrono::sys_days(day) > std::chrono::sys_days(o_.today))
      return false;
    At(day, 60 + static_cast<int>(rng_.Below(360)));
    ZQ_ASSIGN_OR_RETURN(c, service_.Step(Officer(c.handling_region), c.id, action, in));
    return true;
  }

  // A complaint's life: returned, refused, left unaccepted (overdue), or accepted and mediated to
  // an agreement or a termination, then closed, rated and now and then reopened.
  Status Complaint(CaseRecord& c, const PlannedSubmission& p) {
    const std::uint64_t fate = rng_.Below(100);
    if (fate < 3) {
      return Take(c, Later(p.received, 1), Action::kReturn,
                  {.reason = "被投诉人已迁出本辖区，实际经营地不在本局管辖范围"})
          .status();
    }
    // Now and then an office is slow: a recent case still waits (overdue once 7 working days
    // pass), an older one was accepted late.
    if (fate < 8 && Recent(p.received, 30))
      return Status::Ok();
    CivilDay day = Later(p.received, fate < 8 ? 9 : 1 + static_cast<int>(rng_.Below(4)));
    if (fate < 15) {
      ZQ_ASSIGN_OR_RETURN(
          bool taken, Take(c, day, Action::kRefuse,
                           {.ground = rng_.Below(2) ? "materials_missing" : "not_consumption"}));
      if (taken)
        ZQ_RETURN_IF_ERROR(
            Take(c, Later(day, 1 + static_cast<int>(rng_.Below(4))), Action::kClose).status());
      return Status::Ok();
    }
    ZQ_ASSIGN_OR_RETURN(bool taken, Take(c, day, Action::kAccept));
    if (!taken)
      return Status::Ok();
    day = Later(day, static_cast<int>(rng_.Below(5)));
    ZQ_ASSIGN_OR_RETURN(taken, Take(c, day, Action::kMediate));
    if (!taken)
      return Status::Ok();
    day = Later(day, 1);
    if (fate < 27) {  // sent for testing: the clock stops, and starts again when the report is in
      ZQ_ASSIGN_OR_RETURN(taken, Take(c, Later(day, 2), Action::kPause,
                                      {.ground = "testing", .note = "送检测机构检验"}));
      if (taken) {
        ZQ_ASSIGN_OR_RETURN(taken,
                            Take(c, Later(day, 12), Action::kResume, {.note = "检验报告已出具"}));
      }
      if (!taken)
        return Status::Ok();
      day = Later(day, 12);
    }
    day = Later(day, 3 + static_cast<int>(rng_.Below(20)));
    if (fate < 75) {
      ZQ_ASSIGN_OR_RETURN(taken, Take(c, day, Action::kAgree,
                                      {.outcome = std::string(PickWord(rng_, kAgreements))}));
    } else {
      static constexpr std::array<std::string_view, 3> kEnds = {"no_agreement", "refused_or_absent",
                                                                "withdrawn_or_settled"};
      ZQ_ASSIGN_OR_RETURN(
          taken, Take(c, day, Action::kTerminate, {.ground = std::string(PickWord(rng_, kEnds))}));
    }
    if (!taken)
      return Status::Ok();
    return Close(c, p, Later(day, 1 + static_cast<int>(rng_.Below(3))), fate < 21);
  }

  // A report's life: verified, perhaps with the approved extension, opened as a case or not, the
  // real-name reporter told, closed.
  Status Report(CaseRecord& c, const PlannedSubmission& p) {
    const std::uint64_t fate = rng_.Below(100);
    CivilDay day = Later(p.received, 1 + static_cast<int>(rng_.Below(4)));
    ZQ_ASSIGN_OR_RETURN(bool taken, Take(c, day, Action::kAccept));
    if (!taken || (fate < 6 && Recent(p.received, 40)))
      return Status::Ok();  // verifying; overdue once 15 working days pass
    int verify = fate < 6 ? 17 : 4 + static_cast<int>(rng_.Below(10));
    if (fate < 20) {
      ZQ_ASSIGN_OR_RETURN(taken, Take(c, Later(day, 12), Action::kExtend,
                                      {.reason = "案情复杂，经负责人批准延长十五个工作日"}));
      if (!taken)
        return Status::Ok();
      verify = 14 + static_cast<int>(rng_.Below(12));
    }
    day = Later(day, verify);
    const bool open = fate < 65;
    ZQ_ASSIGN_OR_RETURN(
        taken, Take(c, day, open ? Action::kOpen : Action::kNotOpen,
                    {.outcome = open ? "经核查，涉嫌违法，已立案调查" : "经核查，未发现违法行为"}));
    if (!taken)
      return Status::Ok();
    return Close(c, p, Later(day, 2 + static_cast<int>(rng_.Below(4))), open && fate < 40);
  }

  Status Close(CaseRecord& c, const PlannedSubmission& p, CivilDay day, bool upheld) {
    if (c.dates.real_name || c.dates.terminated) {  // Art. 31's notice, Art. 21's to the parties
      ZQ_ASSIGN_OR_RETURN(const bool told, Told(c, Later(day, 0)));
      if (!told)
        return Status::Ok();
    }
    ZQ_ASSIGN_OR_RETURN(const bool closed, Take(c, day, Action::kClose, {.upheld = upheld}));
    if (!closed)
      return Status::Ok();
    summary_.upheld += c.upheld ? 1 : 0;
    const CivilDay rated = std::chrono::sys_days(day) + std::chrono::days(2 + rng_.Below(5));
    if (c.kind == complaint::Kind::kComplaint && rng_.Below(10) < 6 &&
        std::chrono::sys_days(rated) <= std::chrono::sys_days(o_.today)) {
      static constexpr std::array<double, 5> kStars = {5, 8, 12, 25, 50};  // 1..5 stars, percent
      const int stars = 1 + static_cast<int>(rng_.Weighted(kStars));
      At(rated, 600);
      ZQ_RETURN_IF_ERROR(service_
                             .Rate(c.number, Form(p).phone, stars,
                                   stars >= 4 ? "处理及时，满意" : "",
                                   fmt::format("demo-rate-{}", c.id))
                             .status());
      ++summary_.rated;
    }
    if (c.kind == complaint::Kind::kComplaint && rng_.Below(40) == 0) {
      ZQ_RETURN_IF_ERROR(
          Take(c, Later(day, 5), Action::kReopen, {.reason = "投诉人反映商家未履行调解协议"})
              .status());
    }
    return Status::Ok();
  }

  Result<bool> Told(CaseRecord& c, CivilDay day) {
    if (std::chrono::sys_days(day) > std::chrono::sys_days(o_.today))
      return false;
    At(day, 420);
    ZQ_ASSIGN_OR_RETURN(c,
                        service_.Notify(Officer(c.handling_region), c.id, {.note = "已电话告知"}));
    return true;
  }

  const ComplaintDemoOptions& o_;
  SplitMix64 rng_;
  FakeClock clock_;
  complaint::ComplaintService service_;
  const WorkingDayCalendar& calendar_ = WorkingDayCalendar::China();
  ComplaintDemoSummary summary_;
};

}  // namespace

int ComplaintDemoPerWeek(std::string_view scale) {
  return scale == "province" ? 600 : scale == "city" ? 150 : 30;
}

Result<ComplaintDemoSummary> GenerateComplaintCases(store::Database& db,
                                                    registry::Registry& registry,
                                                    const auth::AuditLog& audit,
                                                    const auth::PersonalDataCipher& cipher,
                                                    const ComplaintDemoOptions& o) {
  ZQ_ASSIGN_OR_RETURN(const std::vector<registry::Region> counties,
                      registry.CountiesUnder(o.province_code));
  if (counties.empty())
    return Status::InvalidArgument("the province has no counties", "province_code");
  std::string rising = o.rising_region;
  if (std::none_of(counties.begin(), counties.end(),
                   [&](const registry::Region& r) { return r.code == rising; }))
    rising = counties.front().code;
  FirmPools firms(registry);
  SplitMix64 rng(o.seed ^ 0x7061696e73ULL);
  std::vector<double> weights;
  for (const registry::Region& r : counties)
    weights.push_back(r.code == rising ? 10 : r.code.starts_with(rising.substr(0, 4)) ? 3 : 1);
  std::vector<PlannedSubmission> plans;
  const auto day_in_week = [&](int week) {
    return CivilDay(std::chrono::sys_days(o.today) -
                    std::chrono::days(7 * week + static_cast<int>(rng.Below(7))));
  };
  // The background: any county, any class, a few repeats.
  for (int week = 0; week < o.weeks; ++week) {
    for (int i = 0; i < o.per_week; ++i) {
      const std::string& county = counties[rng.Weighted(weights)].code;
      const ComplaintObject* object = &kObjects[rng.Below(kObjects.size())];
      if (county == rising && object->object_class == "household_appliances")
        object = &kObjects[1 + rng.Below(kObjects.size() - 1)];  // the rising series is apart
      ZQ_ASSIGN_OR_RETURN(const registry::MarketEntity* firm,
                          firms.Draw(county, object->goods, rng));
      if (firm == nullptr)
        continue;
      PlannedSubmission p{.received = day_in_week(week),
                          .minute = static_cast<int>(rng.Below(480)),
                          .firm = *firm,
                          .object = object,
                          .id = static_cast<int>(plans.size()),
                          .submitter = static_cast<int>(plans.size())};
      const std::uint64_t k = rng.Below(100);
      p.kinds = k < 70   ? std::vector<std::string>{"complaint"}
                : k < 90 ? std::vector<std::string>{"report"}
                         : std::vector<std::string>{"complaint", "report"};
      p.text = ComplaintText(*firm, *object, k >= 70 && k < 90, rng);
      p.portal = rng.Below(100) < 45;
      plans.push_back(p);
      if (k < 70 && rng.Below(100) < 4) {  // the complainant calls again a day or two later
        PlannedSubmission again = p;
        again.id = static_cast<int>(plans.size());
        again.repeat_of = p.id;
        again.portal = false;
        again.received = std::chrono::sys_days(p.received) + std::chrono::days(1 + rng.Below(2));
        if (std::chrono::sys_days(again.received) <= std::chrono::sys_days(o.today))
          plans.push_back(again);
      }
    }
  }
  // The rising series: electric kettles sold by three shops of one county, none to two cases a
  // week all year, then seven in the last week.
  static constexpr std::array<int, 11> kUsual = {1, 1, 0, 1, 1, 0, 2, 1, 1, 0, 1};
  for (int week = 0; week < o.weeks; ++week) {
    const int n = week == 0 ? 7 : kUsual[static_cast<std::size_t>(week - 1) % kUsual.size()];
    for (int i = 0; i < n; ++i) {
      ZQ_ASSIGN_OR_RETURN(const registry::MarketEntity* firm,
                          firms.Draw(rising, true, rng, i % 3 + 1));
      if (firm == nullptr)
        continue;
      plans.push_back(PlannedSubmission{
          .received = day_in_week(week),
          .minute = static_cast<int>(rng.Below(480)),
          .firm = *firm,
          .object = &kObjects[0],
          .text =
              fmt::format("在{}购买的电热水壶（小家电），烧水时底座漏电，家人险些触电", firm->name),
          .kinds = {"complaint"},
          .portal = rng.Below(2) == 0,
          .id = static_cast<int>(plans.size()),
          .submitter = static_cast<int>(plans.size()),
          .rising = week == 0});
    }
  }
  CaseGenerator generator(db, registry, audit, cipher, o);
  ZQ_ASSIGN_OR_RETURN(ComplaintDemoSummary summary, generator.Run(std::move(plans)));
  summary.rising_region = rising;
  return summary;
}

}  // namespace zq::demo
