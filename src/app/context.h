#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "core/clock.h"
#include "store/database.h"

namespace zq::app {

// The app's services, by type, and the parts every module shares (the database, the key ring, the
// clock, the audit log). Modules put their services in with Emplace while the app builds them and
// take their dependencies' out with Get. Owns the services and destroys them in reverse order of
// construction, so a service outlives every service that was built with a reference to it.
// Borrows the database, keys and clock: they must outlive it. Not thread-safe while building;
// afterwards Get and Find only read.
class Context {
 public:
  Context(store::Database& db, const auth::KeyRing& keys, const Clock& clock);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  store::Database& db() const { return db_; }

  const auth::KeyRing& keys() const { return keys_; }

  const Clock& clock() const { return clock_; }

  const auth::AuditLog& audit() const { return audit_; }

  auth::AuditLog& audit() { return audit_; }  // e.g. to rekey it (zq keys rotate)

  // Constructs a T from `args` and keeps it. A second T is a wiring error (two modules providing
  // the same service): the process stops with a message naming both modules.
  template <class T, class... Args>
  T& Emplace(Args&&... args) {
    auto holder = std::make_unique<Holder<T>>(std::forward<Args>(args)...);
    T& value = holder->value;
    Keep(typeid(T), &value, std::move(holder));
    return value;
  }

  // The T a module emplaced, or null.
  template <class T>
  T* Find() const {
    return static_cast<T*>(Lookup(typeid(T)));
  }

  // The T a module emplaced. Asking for one no module provides is a wiring error (a manifest that
  // does not name the module it takes the service from): the process stops with a message naming
  // the type and the module being built.
  template <class T>
  T& Get() const {
    T* value = Find<T>();
    if (value == nullptr)
      Missing(typeid(T));
    return *value;
  }

  // The module whose services are being built ("" outside App::Build); for messages.
  void set_building(std::string module) { building_ = std::move(module); }

 private:
  struct Owned {
    virtual ~Owned() = default;
  };

  template <class T>
  struct Holder final : Owned {
    template <class... Args>
    requires std::is_constructible_v<T, Args...>

    explicit Holder(Args&&... args) : value(std::forward<Args>(args)...) {}
    // Aggregates (settings structs): clang 14 has no parenthesised aggregate initialisation.
    template <class... Args>

    requires(!std::is_constructible_v<T, Args...>) explicit Holder(Args&&... args)
        : value{std::forward<Args>(args)...} {}

    T value;
  };

  struct Entry {
    void* value;
    std::string module;  // the one that emplaced it
  };

  void Keep(const std::type_info& type, void* value, std::unique_ptr<Owned> owned);
  void* Lookup(const std::type_info& type) const;
  [[noreturn]] void Missing(const std::type_info& type) const;

  store::Database& db_;
  const auth::KeyRing& keys_;
  const Clock& clock_;
  auth::AuditLog audit_;
  std::unordered_map<std::type_index, Entry> entries_;
  std::vector<std::unique_ptr<Owned>> owned_;  // in order of construction
  std::string building_;
};

// The readable name of a type (demangled), for messages.
std::string TypeName(const std::type_info& type);

}  // namespace zq::app
