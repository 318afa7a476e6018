// What a route declaration implies: its method and pattern, its group's tag, its path parameters
// and its error statuses; and how the router matches paths.
#include "api/router.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace zq::api {
namespace {

Handler Answer(int n) {
  return [n](const Request&, RequestContext&) -> Result<Response> {
    return Response::Json({{"n", n}});
  };
}

TEST(RouterTest, DeclarationsImplyTagPathParametersAndErrors) {
  Router router;
  router.BeginGroup("credit.lists");
  router.Add({.route = "POST /api/v1/lists/{id}/remove",
              .access = Access::kWriter,
              .summary = "remove",
              .params = {{.name = "why"}},
              .errors = {409},
              .handler = Answer(1)});
  router.BeginGroup("registry");
  router.Add({.route = "GET /api/v1/regions/{code}",
              .access = Access::kPublic,
              .summary = "one region",
              .handler = Answer(2)});
  router.Add({.route = "GET /api/v1/entities/{uscc}",
              .access = Access::kPublic,
              .summary = "one entity",
              .params = {{.name = "uscc", .in = ParamIn::kPath, .description = "the firm"}},
              .errors = {400},
              .handler = Answer(3)});
  ASSERT_EQ(router.routes().size(), 3u);

  const Route& remove = router.routes()[0];
  EXPECT_EQ(remove.method, "POST");
  EXPECT_EQ(remove.pattern, "/api/v1/lists/{id}/remove");
  EXPECT_EQ(remove.tag, "credit.lists");
  ASSERT_EQ(remove.params.size(), 2u);
  EXPECT_EQ(remove.params[0].name, "id");  // the path's first, then the query's
  EXPECT_EQ(remove.params[0].type, ParamType::kInteger);
  EXPECT_EQ(remove.params[0].in, ParamIn::kPath);
  EXPECT_EQ(remove.params[1].name, "why");
  EXPECT_EQ(remove.errors, (std::vector<int>{400, 401, 403, 404, 409}));

  const Route& region = router.routes()[1];
  EXPECT_EQ(region.tag, "registry");
  ASSERT_EQ(region.params.size(), 1u);
  EXPECT_EQ(region.params[0].type, ParamType::kString);
  EXPECT_FALSE(region.params[0].description.empty());
  EXPECT_EQ(region.errors, std::vector<int>{404});  // public, a text code: only "not found"

  const Route& entity = router.routes()[2];
  ASSERT_EQ(entity.params.size(), 1u);
  EXPECT_EQ(entity.params[0].description, "the firm");  // declared, not the default
  EXPECT_EQ(entity.errors, (std::vector<int>{400, 404}));
}

TEST(RouterTest, LiteralSegmentsWinAndOtherMethodsAreKnownPaths) {
  Router router;
  router.Add({.route = "GET /api/v1/entities/{uscc}", .access = Access::kPublic, .handler = {}});
  router.Add({.route = "GET /api/v1/entities/export", .access = Access::kPublic, .handler = {}});
  std::map<std::string, std::string> params;
  bool path_known = false;
  const Route* found = router.Match("GET", "/api/v1/entities/export", params, path_known);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->pattern, "/api/v1/entities/export");
  found = router.Match("GET", "/api/v1/entities/91370100MA3C5XYZ1K", params, path_known);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(params.at("uscc"), "91370100MA3C5XYZ1K");
  EXPECT_EQ(router.Match("POST", "/api/v1/entities/export", params, path_known), nullptr);
  EXPECT_TRUE(path_known);  // 405, not 404
  EXPECT_EQ(router.Match("GET", "/api/v1/nothing", params, path_known), nullptr);
  EXPECT_FALSE(path_known);
}

TEST(RouterDeathTest, AMalformedDeclarationStopsTheSetUp) {
  Router router;
  EXPECT_DEATH(router.Add({.route = "/api/v1/no-method", .access = Access::kPublic}), "");
  EXPECT_DEATH(router.Add({.route = "GET /api/v1/x",
                           .access = Access::kPublic,
                           .params = {{.name = "id", .in = ParamIn::kPath}}}),
               "");  // a path parameter the path lacks
}

}  // namespace
}  // namespace zq::api
