#include "demo/demo_accounts.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace zq::demo {

std::string LinkDemoInspector(registry::Registry& registry, inspection::ResultService& results,
                              const std::string& username, const std::string& region) {
  const auth::Caller system = auth::Caller::System();
  Result<std::vector<registry::Inspector>> pool = registry.InspectorPool(system, region);
  Result<std::vector<inspection::TaskSummary>> tasks = results.ListTasks(system, {});
  if (!pool.ok() || !tasks.ok())
    return "";
  std::set<std::string> ids;
  for (const registry::Inspector& i : *pool) ids.insert(i.inspector_id);
  std::map<std::string, std::pair<int, int>> counts;  // inspector → (open tasks, all tasks)
  for (const inspection::TaskSummary& t : *tasks) {
    const bool open = t.status != "final" && t.status != "annulled";
    for (const std::string& id : t.inspectors) {
      if (!ids.contains(id))
        continue;
      counts[id].first += open ? 1 : 0;
      ++counts[id].second;
    }
  }
  std::vector<std::pair<std::pair<int, int>, std::string>> ranked;
  for (const auto& entry : counts)
    ranked.push_back({{-entry.second.first, -entry.second.second}, entry.first});
  std::sort(ranked.begin(), ranked.end());
  for (const auto& entry : ranked) {
    if (registry.LinkInspectorAccount(system, entry.second, username).ok())
      return entry.second;
  }
  return "";
}

}  // namespace zq::demo
