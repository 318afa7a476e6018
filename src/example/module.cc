// An empty example module: a manifest and nothing else, to show what registering a module takes.
#include "app/manifests.h"

namespace zq::example {

app::Module Manifest() {
  app::Module m;
  m.name = "example";
  m.depends_on = {"registry"};
  return m;
}

}  // namespace zq::example
