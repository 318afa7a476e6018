#include "app/app.h"

#include <algorithm>
#include <map>
#include <set>

#include "events/dispatcher.h"

namespace zq::app {
namespace {

Status Precondition(const std::string& message) {
  return Status::FailedPrecondition(message, "modules");
}

// Depth-first topological sort; `path` holds the modules being visited, so meeting one of them
// again closes a cycle, which the message spells out.
Status Visit(const std::string& name, const std::map<std::string, const Module*>& by_name,
             std::vector<std::string>& path, std::set<std::string>& done,
             std::vector<Module>& out) {
  if (done.contains(name))
    return Status::Ok();
  if (const auto it = std::find(path.begin(), path.end(), name); it != path.end()) {
    std::string cycle;
    for (auto step = it; step != path.end(); ++step) cycle += *step + " → ";
    return Precondition("module dependency cycle: " + cycle + name);
  }
  const Module& module = *by_name.at(name);
  path.push_back(name);
  for (const std::string& dep : module.depends_on) {
    if (!by_name.contains(dep)) {
      return Precondition("module '" + name + "' depends on '" + dep +
                          "', which is not a registered module (ZQ_MODULES in CMakeLists.txt)");
    }
    ZQ_RETURN_IF_ERROR(Visit(dep, by_name, path, done, out));
  }
  path.pop_back();
  done.insert(name);
  out.push_back(module);
  return Status::Ok();
}

}  // namespace

Result<std::vector<Module>> SortModules(std::vector<Module> modules) {
  std::map<std::string, const Module*> by_name;
  for (const Module& m : modules) {
    if (m.name.empty())
      return Status::InvalidArgument("a module manifest has no name", "modules");
    if (!by_name.emplace(m.name, &m).second)
      return Status::InvalidArgument("two modules are named '" + m.name + "'", "modules");
  }
  std::vector<Module> out;
  std::vector<std::string> path;
  std::set<std::string> done;
  for (const Module& m : modules) ZQ_RETURN_IF_ERROR(Visit(m.name, by_name, path, done, out));
  return out;
}

Status CheckEvents(const std::vector<Module>& modules,
                   const std::vector<std::vector<store::DomainEventConsumer>>& consumers) {
  std::vector<std::string> kinds;
  for (const Module& m : modules) {
    for (const std::string& kind : m.publishes) {
      if (!kind.starts_with(m.name + ".") || kind.size() == m.name.size() + 1) {
        return Precondition("module '" + m.name + "' publishes '" + kind + "': a kind is '" +
                            m.name + ".<fact>'");
      }
      kinds.push_back(kind);
    }
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < modules.size() && i < consumers.size(); ++i) {
    for (const store::DomainEventConsumer& c : consumers[i]) {
      if (c.name.empty() || !names.insert(c.name).second) {
        return Precondition("module '" + modules[i].name + "' declares a consumer named '" +
                            c.name + "', which is empty or taken");
      }
      if (c.kind_prefixes.empty() || !c.handle) {
        return Precondition("consumer '" + c.name + "' of module '" + modules[i].name +
                            "' has no kinds or no handler");
      }
      for (const std::string& prefix : c.kind_prefixes) {
        const bool published = std::any_of(
            kinds.begin(), kinds.end(), [&](const auto& kind) { return kind.starts_with(prefix); });
        if (!published) {
          return Precondition("consumer '" + c.name + "' of module '" + modules[i].name +
                              "' listens for '" + prefix + "', which no module publishes");
        }
      }
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<App>> App::Build(std::vector<Module> modules, store::Database& db,
                                        const auth::KeyRing& keys, const Clock& clock,
                                        const std::function<void(Context&)>& configure) {
  std::unique_ptr<App> app(new App());
  ZQ_ASSIGN_OR_RETURN(app->modules_, SortModules(std::move(modules)));
  app->context_ = std::make_unique<Context>(db, keys, clock);
  Context& ctx = *app->context_;
  if (configure)
    configure(ctx);
  for (const Module& m : app->modules_) {
    ctx.set_building(m.name);
    if (m.build) {
      if (Status s = m.build(ctx); !s.ok())
        return Status(s.code(), "building module '" + m.name + "': " + s.message(), s.field());
    }
  }
  for (const Module& m : app->modules_) {
    ctx.set_building(m.name);
    app->consumers_.push_back(m.consumers ? m.consumers(ctx)
                                          : std::vector<store::DomainEventConsumer>{});
  }
  ctx.set_building("");
  ZQ_RETURN_IF_ERROR(CheckEvents(app->modules_, app->consumers_));
  // The one dispatcher of the modules' consumers, last, so that it is destroyed (its thread
  // stopped) before the services its handlers use.
  ctx.Emplace<events::EventDispatcher>(db, app->AllConsumers(), events::DispatchOptions{}, clock);
  return app;
}

Status App::Start() {
  for (const Module& m : modules_) {
    if (!m.start)
      continue;
    if (Status s = m.start(*context_); !s.ok())
      return Status(s.code(), "starting module '" + m.name + "': " + s.message(), s.field());
  }
  return Status::Ok();
}

std::vector<store::DomainEventConsumer> App::AllConsumers() const {
  std::vector<store::DomainEventConsumer> out;
  for (const auto& of_module : consumers_)
    out.insert(out.end(), of_module.begin(), of_module.end());
  return out;
}

Result<DemoNext> App::RunDemo(const DemoRun& run, const std::function<Status()>& between_stages) {
  for (const DemoStage stage : {DemoStage::kRecords, DemoStage::kAfterEvents}) {
    if (stage == DemoStage::kAfterEvents && between_stages)
      ZQ_RETURN_IF_ERROR(between_stages());
    for (const Module& m : modules_) {
      for (const DemoStep& step : m.demo) {
        if (step.stage != stage)
          continue;
        Result<DemoNext> next = step.run(*context_, run);
        if (!next.ok()) {
          const Status& s = next.status();
          return Status(s.code(), "demo step '" + m.name + ": " + step.name + "': " + s.message(),
                        s.field());
        }
        if (*next == DemoNext::kStop)
          return DemoNext::kStop;
      }
    }
  }
  return DemoNext::kContinue;
}

}  // namespace zq::app
