// zq modules: the app's modules in build order with their dependencies, the domain events they
// publish and consume, their route groups, commands and demo steps. An operator's view of the
// registration (ZQ_MODULES), and a cheap check of it: every manifest is built.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"

namespace zq::cli {
namespace {

std::string Joined(const std::vector<std::string>& items) {
  if (items.empty())
    return "-";
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

template <class T>
std::vector<std::string> NamesOf(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const T& item : items) out.push_back(item.name);
  return out;
}

std::vector<std::string> ConsumersOf(const std::vector<store::DomainEventConsumer>& consumers) {
  std::vector<std::string> out;
  for (const store::DomainEventConsumer& c : consumers)
    out.push_back(c.name + " (" + Joined(c.kind_prefixes) + ")");
  return out;
}

}  // namespace

void RegisterModulesCommand(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "modules", "List the modules in build order: dependencies, domain events, routes, commands");
  cmd->add_flag("--json", *json, "the list as JSON");
  cmd->callback([json] {
    // The manifests are built over an empty in-memory database with a throwaway key: building
    // services reads nothing.
    const std::unique_ptr<store::Database> db =
        ValueOrFail(store::Database::Open(":memory:"), *json);
    const auth::KeyRing keys =
        ValueOrFail(auth::KeyRing::FromMasterKey(std::string(32, 'm')), *json);
    const std::unique_ptr<app::App> built =
        ValueOrFail(app::App::Build(Modules(), *db, keys, SystemClock::Instance()), *json);
    const app::App& a = *built;
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < a.modules().size(); ++i) {
      const app::Module& m = a.modules()[i];
      const std::vector<std::string> consumers = ConsumersOf(a.consumers()[i]);
      if (*json) {
        out.push_back({{"name", m.name},
                       {"depends_on", m.depends_on},
                       {"publishes", m.publishes},
                       {"consumers", consumers},
                       {"routes", NamesOf(m.routes)},
                       {"commands", NamesOf(m.commands)},
                       {"demo", NamesOf(m.demo)}});
        continue;
      }
      std::cout << i + 1 << ". " << m.name << "\n"
                << "   depends on: " << Joined(m.depends_on) << "\n"
                << "   publishes:  " << Joined(m.publishes) << "\n"
                << "   consumes:   " << Joined(consumers) << "\n"
                << "   routes:     " << Joined(NamesOf(m.routes)) << "\n"
                << "   commands:   " << Joined(NamesOf(m.commands)) << "\n"
                << "   demo:       " << Joined(NamesOf(m.demo)) << "\n";
    }
    if (*json)
      std::cout << out.dump() << "\n";
  });
}

}  // namespace zq::cli
