// The stats module's manifest (质量统计): the indicator catalogue and values (IndicatorStore,
// indicators.h) with their routes, and the statistical engines behind them — stratified pass
// rates (stratified.h), PLS path modelling for the satisfaction index (plspm.h), composite
// indices and grades (composite.h).
#include "app/context.h"
#include "app/manifests.h"
#include "stats/indicators.h"

namespace zq::stats {

void AddIndicatorRoutes(api::Router& router, app::Context& context);  // stats_routes.cc

app::Module Manifest() {
  app::Module m;
  m.name = "stats";
  m.depends_on = {"inspection"};  // the pass-rate cube of spot-check verdicts
  m.build = [](app::Context& ctx) {
    ctx.Emplace<IndicatorStore>(ctx.db(), ctx.clock());
    return Status::Ok();
  };
  m.start = [](app::Context& ctx) { return ctx.Get<IndicatorStore>().EnsureCatalogue(); };
  m.routes = {app::Routes("stats.indicators", AddIndicatorRoutes)};
  return m;
}

}  // namespace zq::stats
