#pragma once

// Test fixture pieces for storage tests of the registry and the modules above it: a fresh
// database (store/testing), a fixed clock and keys, the audit log, and the registry with its
// reference data loaded.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "core/clock.h"
#include "core/ids/uscc.h"
#include "registry/registry.h"
#include "store/testing/test_database.h"

namespace zq::registry::testing {

struct RegistryEnv {
  FakeClock clock{std::chrono::sys_days{std::chrono::year{2026} / 11 / 24}};
  auth::KeyRing keys = *auth::KeyRing::FromMasterKey(std::string(32, 'z'));
  auth::AuditLog audit{keys.audit_chain(), clock};
  std::unique_ptr<Registry> registry;

  Status Start(store::Database& db) {
    registry = std::make_unique<Registry>(db, audit, keys.personal_data(), clock);
    return registry->LoadReferenceData();
  }

  // A console account as auth/ stores it (no usable password): what linking an inspector to
  // an account checks for.
  static Status AddAccount(store::Database& db, std::string username, std::string_view role,
                           std::string region_code) {
    return store::InTransaction(db, [&](store::Transaction& tx) {
      const std::vector<store::Value> v = {std::move(username), std::string(role),
                                           std::move(region_code)};
      return tx
          .Execute(
              "INSERT INTO users (username, password_hash, role, region_code, created_at, "
              "password_changed_at) VALUES (?, 'x', ?, ?, '2026-11-24T00:00:00.000Z', "
              "'2026-11-24T00:00:00.000Z')",
              v)
          .status();
    });
  }
};

// A valid USCC for an enterprise in `county`, unique per `serial` (org code "MA" + 6 digits).
inline std::string MakeUscc(std::string_view county, int serial, char type = '1') {
  return *ids::ComposeUscc(fmt::format("9{}{}", type, county),
                           fmt::format("MA{:06d}", static_cast<unsigned>(serial) % 1000000));
}

inline MarketEntity MakeEntity(std::string_view county, int serial, std::string name) {
  MarketEntity e;
  e.uscc = MakeUscc(county, serial);
  e.name = std::move(name);
  e.legal_representative = "张三";
  e.region_code = std::string(county);
  e.industry_code = "3831";
  e.registered_capital_fen = 500'000'00;
  e.established_on = "2015-06-01";
  e.size = EntitySize::kSmall;
  return e;
}

inline auth::Caller Regulator(std::string region) {
  auth::Caller c;
  c.actor = "reg-" + region;
  c.role = auth::Role::kRegulator;
  c.region_code = std::move(region);
  return c;
}

}  // namespace zq::registry::testing
