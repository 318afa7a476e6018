// The stats module's manifest (质量统计): statistical engines for the province's quality
// indicators — stratified pass rates with their intervals (stratified.h).
#include "app/manifests.h"

namespace zq::stats {

app::Module Manifest() {
  app::Module m;
  m.name = "stats";
  m.depends_on = {"inspection"};  // the pass-rate cube of spot-check verdicts
  return m;
}

}  // namespace zq::stats
