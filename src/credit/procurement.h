#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/caller.h"
#include "core/clock.h"
#include "core/result.h"
#include "credit/credit_service.h"
#include "registry/registry.h"
#include "store/database.h"

// 优质优价: the procurement preference list — firms whose current public quality credit grade is
// at or above a threshold and that are on neither list (经营异常名录, 严重违法失信名单), for
// procurement and tendering departments. Method: docs/credit-rules.md, "Procurement preference
// list".
namespace zq::credit {

struct PreferenceFilter {
  std::string region_code;    // GB/T 2260: the region and everything beneath it; "" = all
  std::string industry_code;  // GB/T 4754 prefix; "" = all
  std::string min_grade = "AA";
  int page = 1;
  int page_size = 50;  // 1-500
};

struct PreferredFirm {
  std::string uscc;
  std::string name;
  std::string region_code;
  std::string industry_code;
  std::string grade;
  std::string risk_class;
  std::string as_of;  // of the grade
};

struct PreferencePage {
  std::vector<PreferredFirm> items;  // by USCC
  std::int64_t total = 0;
  int page = 1;
  int page_size = 50;
  std::string min_grade;
};

// The list, paged. Firms never graded are not on it (a grade above the default needs a record).
// Who: platform admins; regulators and analysts within their region (a region outside it answers
// kNotFound, field "region"); department clients holding "credit.procurement" or "credit.query"
// (the whole platform). Anyone else has nothing in scope: kNotFound. kInvalidArgument for a grade
// the rule set in force does not have ("min_grade"), a malformed region or page.
Result<PreferencePage> ProcurementPreferenceList(store::Database& db, CreditService& credit,
                                                 const Clock& clock, const auth::Caller& caller,
                                                 const PreferenceFilter& filter);

}  // namespace zq::credit
