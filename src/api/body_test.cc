#include "api/body.h"

#include <optional>

#include <gtest/gtest.h>

namespace zq::api {
namespace {

enum class Colour { kRed, kBlue };

bool ParseColour(std::string_view text, Colour& out) {
  if (text == "red" || text == "红") {
    out = Colour::kRed;
    return true;
  }
  if (text == "blue") {
    out = Colour::kBlue;
    return true;
  }
  return false;
}

struct Thing {
  std::string code;
  std::int64_t count = 7;
  bool active = true;
  std::vector<std::string> tags;
  std::optional<std::string> ended_on;
  std::string mood;
  Colour colour = Colour::kBlue;
  int small = 0;
};

const Body<Thing> kThing =
    Body<Thing>()
        .Member("code", &Thing::code, Presence::kRequired, {.description = "the code"})
        .Member("count", &Thing::count, Presence::kOptional)
        .Member("active", &Thing::active, Presence::kOptional)
        .Member("tags", &Thing::tags, Presence::kOptional)
        .Member("ended_on", &Thing::ended_on, Presence::kOptional, {.format = "date"})
        .Member("mood", &Thing::mood, Presence::kOptional, {.one_of = {"calm", "cross"}})
        .Enumerated("colour", &Thing::colour, Presence::kOptional, ParseColour,
                    {.one_of = {"red", "blue"}})
        .Member("small", &Thing::small, Presence::kOptional);

Status ErrorOf(const char* body) { return kThing.Read(nlohmann::json::parse(body)).status(); }

TEST(BodyTest, SchemaComesFromTheDeclaration) {
  const nlohmann::json schema = nlohmann::json::parse(kThing.Schema());
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["required"], nlohmann::json::array({"code"}));
  EXPECT_EQ(schema["properties"]["code"],
            nlohmann::json({{"type", "string"}, {"description", "the code"}}));
  EXPECT_EQ(schema["properties"]["count"]["type"], "integer");
  EXPECT_EQ(schema["properties"]["active"]["type"], "boolean");
  EXPECT_EQ(schema["properties"]["tags"],
            nlohmann::json({{"type", "array"}, {"items", {{"type", "string"}}}}));
  EXPECT_EQ(schema["properties"]["ended_on"]["format"], "date");
  EXPECT_EQ(schema["properties"]["mood"]["enum"], nlohmann::json::array({"calm", "cross"}));
  EXPECT_EQ(schema["properties"]["colour"]["enum"], nlohmann::json::array({"red", "blue"}));
  EXPECT_EQ(schema["properties"].size(), 8u);
}

TEST(BodyTest, ReadsEveryMemberAndKeepsDefaultsOfAbsentOnes) {
  Result<Thing> t = kThing.Read(nlohmann::json::parse(
      R"({"code":"A1","tags":["x","y"],"ended_on":"2026-01-02","mood":"calm","colour":"红",
          "small":-3,"unknown":1,"active":null})"));
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->code, "A1");
  EXPECT_EQ(t->count, 7);  // absent: the default stays
  EXPECT_TRUE(t->active);  // null counts as absent
  EXPECT_EQ(t->tags, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(t->ended_on, "2026-01-02");
  EXPECT_EQ(t->mood, "calm");
  EXPECT_EQ(t->colour, Colour::kRed);  // the parser accepts more than the documented names
  EXPECT_EQ(t->small, -3);
  EXPECT_FALSE(kThing.Read(nlohmann::json::parse(R"({"code":"B"})"))->ended_on.has_value());
}

TEST(BodyTest, EachErrorNamesItsMember) {
  struct Case {
    const char* body;
    const char* field;
    const char* message;
  };

  for (const Case& c : std::vector<Case>{
           {R"({})", "code", "code is required"},
           {R"({"code":null})", "code", "code is required"},
           {R"({"code":5})", "code", "code must be text"},
           {R"({"code":"a","count":1.5})", "count", "count must be a whole number"},
           {R"({"code":"a","count":"3"})", "count", "count must be a whole number"},
           {R"({"code":"a","count":18446744073709551615})", "count", "count is too large"},
           {R"({"code":"a","active":"yes"})", "active", "active must be true or false"},
           {R"({"code":"a","tags":"x"})", "tags", "tags must be a list of texts"},
           {R"({"code":"a","tags":["x",1]})", "tags", "tags must be a list of texts"},
           {R"({"code":"a","ended_on":false})", "ended_on", "ended_on must be text"},
           {R"({"code":"a","mood":"glad"})", "mood", "mood must be one of: calm, cross"},
           {R"({"code":"a","colour":"green"})", "colour", "unknown colour \"green\""},
           {R"({"code":"a","small":3000000000})", "small", "small is out of range"},
       }) {
    const Status s = ErrorOf(c.body);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.body;
    EXPECT_EQ(s.field(), c.field) << c.body;
    EXPECT_EQ(s.message(), c.message) << c.body;
  }
}

TEST(BodyTest, ParseRefusesWhatIsNotAJsonObject) {
  Request req;
  for (const char* body : {"", "[1]", "{\"code\":", "\"text\""}) {
    req.body = body;
    const Status s = kThing.Parse(req).status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << body;
    EXPECT_EQ(s.field(), "body") << body;
  }
  req.body = R"({"code":"ok"})";
  EXPECT_TRUE(kThing.Parse(req).ok());
}

TEST(BodyTest, PathIdIsAPositiveWholeNumber) {
  Request req;
  req.path_params["id"] = "42";
  EXPECT_EQ(*PathId(req), 42);
  for (const char* bad : {"0", "-1", "4x", "", "99999999999999999999"}) {
    req.path_params["id"] = bad;
    EXPECT_EQ(PathId(req).status().field(), "id") << bad;
  }
  req.path_params["event"] = "5";
  EXPECT_EQ(*PathId(req, "event"), 5);
  EXPECT_EQ(PathId(req, "missing").status().field(), "missing");
}

}  // namespace
}  // namespace zq::api
