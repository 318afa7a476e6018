#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "app/context.h"
#include "app/module.h"
#include "core/result.h"
#include "store/domain_events.h"

// The composition root (DESIGN.md §2): builds every module from its manifest, in dependency order,
// into one Context that `zq serve`, the CLI commands and the demo all take their services from.
namespace zq::app {

// The modules in build order: each after every module it depends on, otherwise in the order given
// (ZQ_MODULES). kInvalidArgument ("modules") for an unnamed or twice-named module;
// kFailedPrecondition ("modules") naming the module and the dependency that no module provides, or
// the modules of a dependency cycle ("credit → inspection → credit").
Result<std::vector<Module>> SortModules(std::vector<Module> modules);

// The start-up check of the domain events: every published kind is "<module>.<fact>", every
// consumer has a name no other consumer has and each of its kind prefixes matches a kind some
// module publishes. kFailedPrecondition ("modules") naming the module and the kind otherwise.
Status CheckEvents(const std::vector<Module>& modules,
                   const std::vector<std::vector<store::DomainEventConsumer>>& consumers);

class App {
 public:
  // Sorts `modules` (SortModules), then builds each into a new context over `db`, `keys` and
  // `clock` (which must outlive the app), then collects the consumers and checks the events
  // (CheckEvents). `configure` runs first, to put settings in the context that manifests look
  // for (e.g. an auth::AuthPolicy). Errors: those of SortModules and CheckEvents, and the first
  // failing build, with the module's name in the message.
  static Result<std::unique_ptr<App>> Build(std::vector<Module> modules, store::Database& db,
                                            const auth::KeyRing& keys, const Clock& clock,
                                            const std::function<void(Context&)>& configure = {});

  // Runs the modules' start functions in build order, on a migrated database (the CLI does, once
  // it has migrated); the first error, with the module's name in the message.
  Status Start();

  Context& context() { return *context_; }

  template <class T>
  T& Get() {
    return context_->Get<T>();
  }

  const std::vector<Module>& modules() const { return modules_; }  // in build order

  // The consumers of each module (parallel to modules()).
  const std::vector<std::vector<store::DomainEventConsumer>>& consumers() const {
    return consumers_;
  }

  // Every consumer, in build order (what the event dispatcher runs).
  std::vector<store::DomainEventConsumer> AllConsumers() const;

  // Runs the modules' demo steps: the kRecords ones in build order, then `between_stages` (which
  // lets the domain-event consumers catch up; may be empty), then the kAfterEvents ones. Stops at
  // the first error (the step's name in the message) or when a step answers DemoNext::kStop
  // (returned).
  Result<DemoNext> RunDemo(const DemoRun& run, const std::function<Status()>& between_stages = {});

 private:
  App() = default;

  std::vector<Module> modules_;
  std::vector<std::vector<store::DomainEventConsumer>> consumers_;
  std::unique_ptr<Context> context_;
};

}  // namespace zq::app
