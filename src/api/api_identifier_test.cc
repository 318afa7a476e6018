// The API: identifiers in paths and query parameters are parsed at the edge, so a malformed one
// answers 400 with the parser's message (naming the failed rule and the field), and a
// well-formed one that is not registered answers 404.
#include <cctype>
#include <string>
#include <vector>

#include "api/api_test_env.h"
#include "core/ids/uscc.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;
using registry::testing::MakeEntity;
using registry::testing::MakeUscc;

// The parser's own error for `text`.
std::string ParserMessage(std::string_view text) { return ids::ParseUscc(text).status().message(); }

TEST_P(ApiTest, AMalformedUsccInAPathIsTheParsersErrorAndAnUnknownOneIsNotFound) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("admin");
  const std::string firm = MakeEntity("370102", 3, "").uscc;
  std::string bad_check = firm;
  bad_check.back() = bad_check.back() == '0' ? '1' : '0';
  // The entity, the credit file and the public grade, by USCC.
  const auto targets = [](const std::string& uscc) {
    return std::vector<std::string>{"/api/v1/entities/" + uscc,
                                    "/api/v1/credit/entities/" + uscc + "/file",
                                    "/api/v1/public/credit/" + uscc};
  };
  for (const std::string& bad : {std::string("XYZ"), bad_check}) {
    for (const std::string& target : targets(bad)) {
      auto res = client_->Get(target, Auth());
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 400) << target << ": " << res->body;
      EXPECT_EQ(Body(res)["error"]["code"], "INVALID_ARGUMENT") << target;
      EXPECT_EQ(Body(res)["error"]["field"], "uscc") << target;
      EXPECT_EQ(Body(res)["error"]["message"], ParserMessage(bad)) << target;
    }
  }
  for (const std::string& target : targets(MakeUscc("370102", 999))) {
    auto res = client_->Get(target, Auth());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << target << ": " << res->body;
    EXPECT_EQ(Body(res)["error"]["field"], "uscc") << target;
  }
  EXPECT_EQ(ParserMessage("XYZ"), "a USCC has 18 characters, this has 3");
  // The parser normalises: a lower-case code finds the entity.
  std::string lower = firm;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(client_->Get("/api/v1/entities/" + lower, Auth())->status, 200);
  EXPECT_EQ(client_->Get("/api/v1/credit/entities/" + firm + "/file", Auth())->status, 200);
}

TEST_P(ApiTest, AMalformedRegionParameterIsTheParsersErrorNamingTheParameter) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("admin");
  for (const char* target :
       {"/api/v1/dashboard?region=3701", "/api/v1/credit/distribution?region=3701",
        "/api/v1/inspectors?region=3701"}) {
    auto res = client_->Get(target, Auth());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << target << ": " << res->body;
    EXPECT_EQ(Body(res)["error"]["field"], "region") << target;
    EXPECT_EQ(Body(res)["error"]["message"], "a region code has six digits") << target;
  }
  // Well formed but not a region: not found.
  auto res = client_->Get("/api/v1/credit/distribution?region=379999", Auth());
  EXPECT_EQ(res->status, 404) << res->body;
}

}  // namespace
}  // namespace zq::api::apitest
