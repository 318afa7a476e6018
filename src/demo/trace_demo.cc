#include "demo/trace_demo.h"

#include <cmath>
#include <map>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/ids/gtin.h"
#include "demo/random.h"

namespace zq::demo {
namespace {

using nlohmann::json;

constexpr std::string_view kDigitalLink = "https://id.gs1.org/";

// A demo GS1 key: `block` (3 digits), a 9-digit serial and the check digit (13 digits: a GLN, or
// a GTIN-13).
std::string Key13(std::string_view block, std::uint64_t serial) {
  const std::string body = fmt::format("{}{:09d}", block, serial % 1'000'000'000);
  return body + *ids::Gs1CheckDigit(body);
}

// A firm of a chain and its location.
struct Site {
  std::string uscc;
  std::string region_code;
  std::string location;  // canonical Digital Link of its GLN
};

// The chains' firms: each gets one GLN, registered the first time it is used.
class Sites {
 public:
  Sites(registry::Registry& registry, trace::MasterData& master_data)
      : registry_(registry), master_data_(master_data) {}

  Result<Site> Of(const std::string& uscc, const std::string& region_code, const char* name) {
    if (auto it = sites_.find(uscc); it != sites_.end())
      return it->second;
    const std::string gln = Key13("698", sites_.size() + 1);
    ZQ_ASSIGN_OR_RETURN(const trace::TraceLocation l,
                        master_data_.AddLocation(auth::Caller::System(), gln, uscc, name));
    return sites_[uscc] = Site{uscc, region_code, l.location};
  }

  // Up to `n` active entities of the GB/T 4754 division `industry` in the subtree of `region`.
  Result<std::vector<registry::MarketEntity>> Firms(const std::string& region,
                                                    const std::string& industry, int n) {
    const std::string key = region + "/" + industry;
    if (auto it = firms_.find(key); it != firms_.end())
      return it->second;
    registry::EntityFilter filter;
    filter.region_code = region;
    filter.industry_code = industry;
    filter.status = registry::EntityStatus::kActive;
    ZQ_ASSIGN_OR_RETURN(auto page, registry_.SearchEntities(auth::Caller::System(), filter,
                                                            {.page = 1, .page_size = n}));
    return firms_[key] = std::move(page.items);
  }

  std::int64_t count() const { return static_cast<std::int64_t>(sites_.size()); }

 private:
  registry::Registry& registry_;
  trace::MasterData& master_data_;
  std::map<std::string, Site> sites_;
  std::map<std::string, std::vector<registry::MarketEntity>> firms_;
};

// One chain's events, in time order.
class Chain {
 public:
  explicit Chain(std::chrono::sys_days start) : start_(start) {}

  // An instant `hours` after the chain's start, in Beijing time.
  std::string At(int hours) const {
    const auto t = std::chrono::sys_seconds(start_) + std::chrono::hours(hours);
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}+08:00", t);
  }

  static json Quantity(const std::string& lot, double quantity, const char* uom) {
    return {{"epcClass", lot}, {"quantity", quantity}, {"uom", uom}};
  }

  void Commission(int hours, const Site& at, const std::string& lot, double quantity,
                  const char* uom, const std::string& produced) {
    json e = Event("ObjectEvent", hours, at, "commissioning", "active");
    e["action"] = "ADD";
    e["quantityList"] = json::array({Quantity(lot, quantity, uom)});
    e["ilmd"] = {{"cbvmda:lotNumber", lot.substr(lot.rfind('/') + 1)},
                 {"cbvmda:itemExpirationDate", produced}};
    events_.push_back(std::move(e));
  }

  void Transform(int hours, const Site& at, const json& input, const std::string& lot,
                 double quantity) {
    json e = Event("TransformationEvent", hours, at, "commissioning", "active");
    e["inputQuantityList"] = json::array({input});
    e["outputQuantityList"] = json::array({Quantity(lot, quantity, "EA")});
    events_.push_back(std::move(e));
  }

  // A shipment from `from` to `to` and, a day later, its receipt; `order` names the order.
  void Ship(int hours, const Site& from, const Site& to, const json& quantity,
            const std::string& order, const char* disposition = "in_transit") {
    for (const bool receiving : {false, true}) {
      json e = Event("ObjectEvent", hours + (receiving ? 24 : 0), receiving ? to : from,
                     receiving ? "receiving" : "shipping", receiving ? "in_progress" : disposition);
      e["action"] = "OBSERVE";
      e["quantityList"] = json::array({quantity});
      e["sourceList"] = json::array({{{"type", "location"}, {"source", from.location}}});
      e["destinationList"] = json::array({{{"type", "location"}, {"destination", to.location}}});
      e["bizTransactionList"] = json::array({{{"type", "po"}, {"bizTransaction", order}}});
      events_.push_back(std::move(e));
    }
  }

  std::size_t size() const { return events_.size(); }

  std::string Document() const {
    return json{{"@context", {"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}},
                {"type", "EPCISDocument"},
                {"schemaVersion", "2.0"},
                {"creationDate", At(24 * 60)},
                {"epcisBody", {{"eventList", events_}}}}
        .dump();
  }

 private:
  json Event(const char* type, int hours, const Site& at, const char* step,
             const char* disposition) const {
    return {{"type", type},
            {"eventTime", At(hours)},
            {"eventTimeZoneOffset", "+08:00"},
            {"bizStep", step},
            {"disposition", disposition},
            {"readPoint", {{"id", at.location}}},
            {"bizLocation", {{"id", at.location}}}};
  }

  std::chrono::sys_days start_;
  json events_ = json::array();
};

}  // namespace

int TraceDemoChains(std::string_view scale) {
  return scale == "province" ? 2000 : scale == "city" ? 400 : 60;
}

Result<TraceDemoSummary> GenerateTraceChains(registry::Registry& registry,
                                             trace::MasterData& master_data,
                                             trace::CaptureService& capture,
                                             const TraceDemoOptions& o) {
  const auth::Caller system = auth::Caller::System();
  SplitMix64 rng(o.seed ^ 0x7472616365ULL);  // "trace"
  ZQ_ASSIGN_OR_RETURN(const auto makers, registry.ManufacturersIn(system, o.province_code, {}));
  TraceDemoSummary summary;
  if (makers.empty())
    return summary;
  Sites sites(registry, master_data);
  const std::chrono::sys_days today(o.today);
  for (int c = 0; c < o.chains; ++c) {
    const registry::Manufacturer& maker = makers[rng.Below(makers.size())];
    ZQ_ASSIGN_OR_RETURN(auto products, registry.SearchProducts(system, "", maker.uscc,
                                                               {.page = 1, .page_size = 2}));
    if (products.items.empty())
      continue;
    const std::string gtin = products.items[rng.Below(products.items.size())].product_code;
    const std::string city = maker.region_code.substr(0, 4) + "00";
    ZQ_ASSIGN_OR_RETURN(auto wholesalers, sites.Firms(city, "51", 6));
    ZQ_ASSIGN_OR_RETURN(auto farms, sites.Firms(o.province_code, "01", 8));
    ZQ_ASSIGN_OR_RETURN(auto retailers, sites.Firms(city, "52", 12));
    ZQ_ASSIGN_OR_RETURN(auto far_retailers, sites.Firms(o.province_code, "52", 20));
    if (wholesalers.empty() || retailers.empty())
      continue;
    ZQ_ASSIGN_OR_RETURN(const Site made_at, sites.Of(maker.uscc, maker.region_code, "生产车间"));

    Chain chain(today - std::chrono::days(20 + rng.Below(70)));
    const std::string lot =
        fmt::format("{}01/{}/10/L{}{:03d}", kDigitalLink, gtin, chain.At(0).substr(0, 10), c);
    const double made = 1000.0 * static_cast<double>(2 + rng.Below(9));
    if (!farms.empty() && rng.Below(2) == 0) {
      // Made from a farm's raw lot (a transformation at the maker).
      const registry::MarketEntity& farm = farms[rng.Below(farms.size())];
      ZQ_ASSIGN_OR_RETURN(const Site grown_at, sites.Of(farm.uscc, farm.region_code, "基地"));
      const std::string raw =
          fmt::format("{}01/0{}/10/R{:04d}", kDigitalLink, Key13("697", rng.Below(1000)), c);
      chain.Commission(0, grown_at, raw, made / 2, "KGM", chain.At(24 * 180).substr(0, 10));
      chain.Ship(2, grown_at, made_at, Chain::Quantity(raw, made / 2, "KGM"),
                 fmt::format("urn:epcglobal:cbv:bt:{}:PO-R{}", grown_at.location.substr(23), c));
      chain.Transform(30, made_at, Chain::Quantity(raw, made / 2, "KGM"), lot, made);
    } else {
      chain.Commission(30, made_at, lot, made, "EA", chain.At(24 * 365).substr(0, 10));
    }
    // To one or two wholesalers of the city, each on to two to four retailers.
    const int n_wholesalers = 1 + static_cast<int>(rng.Below(2));
    double left = made;
    for (int w = 0; w < n_wholesalers; ++w) {
      const registry::MarketEntity& firm = wholesalers[rng.Below(wholesalers.size())];
      ZQ_ASSIGN_OR_RETURN(const Site hub, sites.Of(firm.uscc, firm.region_code, "配送中心"));
      const double sent = w + 1 == n_wholesalers ? left * 0.9 : left / 2;
      left -= sent;
      const int hours = 48 + 24 * w;
      chain.Ship(
          hours, made_at, hub, Chain::Quantity(lot, sent, "EA"),
          fmt::format("urn:epcglobal:cbv:bt:{}:SO-{}-{}", made_at.location.substr(23), c, w));
      const int n_shops = 2 + static_cast<int>(rng.Below(3));
      for (int s = 0; s < n_shops; ++s) {
        const auto& pool = s == 0 && !far_retailers.empty() ? far_retailers : retailers;
        const registry::MarketEntity& shop_firm = pool[rng.Below(pool.size())];
        ZQ_ASSIGN_OR_RETURN(const Site shop,
                            sites.Of(shop_firm.uscc, shop_firm.region_code, "门店"));
        const double part = std::floor(sent / (n_shops + 1));
        chain.Ship(
            hours + 72 + 24 * s, hub, shop, Chain::Quantity(lot, part, "EA"),
            fmt::format("urn:epcglobal:cbv:bt:{}:DO-{}-{}-{}", hub.location.substr(23), c, w, s));
        if (c % 15 == 7 && s == 0) {
          // A recall: the shop sends the lot back to the maker.
          chain.Ship(hours + 24 * 20, shop, made_at, Chain::Quantity(lot, part / 2, "EA"),
                     fmt::format("urn:epcglobal:cbv:bt:{}:RMA-{}", shop.location.substr(23), c),
                     "returned");
          ++summary.recalled;
        }
      }
    }
    ZQ_ASSIGN_OR_RETURN(
        const trace::CaptureJob job,
        capture.Capture(chain.Document(), trace::ErrorBehaviour::kRollback, "demo"));
    if (!job.success)
      return Status::Internal("the demo's supply chain was refused: " + job.errors);
    ++summary.chains;
    summary.events += job.stored_count;
  }
  summary.locations = sites.count();
  return summary;
}

}  // namespace zq::demo
