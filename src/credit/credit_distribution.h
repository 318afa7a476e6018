#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/caller.h"
#include "core/result.h"
#include "credit/credit_service.h"
#include "registry/registry.h"
#include "store/database.h"

namespace zq::credit {

// 信用风险分类分布: how many active (存续) market entities of a region are in each supervision risk
// class A-D, per direct sub-region and per GB/T 4754-2017 section (门类), for the console's credit
// overview. An entity's class is its current one, as CreditService::Query gives it: the newest
// stored grade, or, for an entity never graded, the class the rule set in force today gives an
// entity without events. Method: docs/credit-rules.md ("Class distribution").
struct ClassDistribution {
  // Counts per class, indexed A=0 … D=3.
  using Counts = std::array<std::int64_t, 4>;

  struct Group {
    std::string code;  // region code or section letter
    std::string name;
    Counts counts{};
    std::int64_t graded = 0;  // entities with a stored grade (the others have the default class)
  };

  std::string region_code;    // "" for the whole country
  std::string rule_version;   // of the rule set that gives the default class
  std::string as_of;          // today, YYYY-MM-DD
  std::string default_class;  // the class of an entity never graded
  Counts total{};
  std::int64_t graded = 0;
  std::vector<Group> by_region;  // per direct child of the region (none below a county)
  std::vector<Group>
      by_industry;  // per section, all 20 (entities without a known section: total only)
};

// The distribution for `region` (none: the caller's jurisdiction). Officials only: platform
// admins see every region, regulators and analysts their subtree; kNotFound (field "region") for
// an unknown region or one outside the caller's jurisdiction, kPermissionDenied for other roles.
// Reads in one read-only transaction; thread-safe as the services it is given.
Result<ClassDistribution> ClassDistributionFor(store::Database& db, registry::Registry& registry,
                                               CreditService& credit, const Clock& clock,
                                               const auth::Caller& caller,
                                               const std::optional<ids::RegionCode>& region);

}  // namespace zq::credit
