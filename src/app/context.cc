#include "app/context.h"

#include <cstdlib>
#include <iostream>

#include <cxxabi.h>

namespace zq::app {

Context::Context(store::Database& db, const auth::KeyRing& keys, const Clock& clock)
    : db_(db), keys_(keys), clock_(clock), audit_(keys.audit_chain(), clock) {}

Context::~Context() {
  // Services hold references to those built before them: destroy the latest first.
  while (!owned_.empty()) owned_.pop_back();
}

void Context::Keep(const std::type_info& type, void* value, std::unique_ptr<Owned> owned) {
  const auto [it, inserted] = entries_.try_emplace(std::type_index(type), Entry{value, building_});
  if (!inserted) {
    std::cerr << "zq: wiring error: module '" << building_ << "' provides " << TypeName(type)
              << ", which module '" << it->second.module << "' provides already\n";
    std::abort();
  }
  owned_.push_back(std::move(owned));
}

void* Context::Lookup(const std::type_info& type) const {
  const auto it = entries_.find(std::type_index(type));
  return it == entries_.end() ? nullptr : it->second.value;
}

void Context::Missing(const std::type_info& type) const {
  std::cerr << "zq: wiring error: " << TypeName(type) << " was asked for"
            << (building_.empty() ? std::string() : " while building module '" + building_ + "'")
            << ", but no module provides it (is its module among the dependencies?)\n";
  std::abort();
}

std::string TypeName(const std::type_info& type) {
  int status = 0;
  char* name = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string out = status == 0 && name != nullptr ? name : type.name();
  std::free(name);  // NOLINT(cppcoreguidelines-no-malloc): __cxa_demangle's contract
  return out;
}

}  // namespace zq::app
