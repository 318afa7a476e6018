#include "app/app.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/status_is.h"

namespace zq::app {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::zq::status_matchers::StatusIs;

Module Named(std::string name, std::vector<std::string> deps = {}) {
  Module m;
  m.name = std::move(name);
  m.depends_on = std::move(deps);
  return m;
}

std::vector<std::string> Names(const std::vector<Module>& modules) {
  std::vector<std::string> out;
  for (const Module& m : modules) out.push_back(m.name);
  return out;
}

TEST(SortModules, PutsEachModuleAfterItsDependenciesAndKeepsTheGivenOrderOtherwise) {
  Result<std::vector<Module>> sorted =
      SortModules({Named("inspection", {"credit", "registry"}), Named("auth"),
                   Named("credit", {"registry"}), Named("registry", {"auth"}), Named("example")});
  ASSERT_TRUE(sorted.ok()) << sorted.status().ToString();
  EXPECT_THAT(Names(*sorted), ElementsAre("auth", "registry", "credit", "inspection", "example"));
}

TEST(SortModules, AMissingDependencyFailsNamingBothModules) {
  Result<std::vector<Module>> sorted = SortModules({Named("auth"), Named("risk", {"complaint"})});
  EXPECT_THAT(sorted.status(), StatusIs(StatusCode::kFailedPrecondition, "modules"));
  EXPECT_EQ(sorted.status().message(),
            "module 'risk' depends on 'complaint', which is not a registered module (ZQ_MODULES "
            "in CMakeLists.txt)");
}

TEST(SortModules, ACycleFailsSpellingItOut) {
  Result<std::vector<Module>> sorted =
      SortModules({Named("auth"), Named("credit", {"auth", "inspection"}),
                   Named("inspection", {"recall"}), Named("recall", {"credit"})});
  EXPECT_THAT(sorted.status(), StatusIs(StatusCode::kFailedPrecondition, "modules"));
  EXPECT_EQ(sorted.status().message(),
            "module dependency cycle: credit → inspection → recall → credit");
}

TEST(SortModules, AModuleDependingOnItselfIsACycle) {
  Result<std::vector<Module>> sorted = SortModules({Named("credit", {"credit"})});
  EXPECT_THAT(sorted.status(), StatusIs(StatusCode::kFailedPrecondition, "modules"));
  EXPECT_THAT(sorted.status().message(), HasSubstr("credit → credit"));
}

TEST(SortModules, TwoModulesOfOneNameAreRefused) {
  EXPECT_THAT(SortModules({Named("credit"), Named("credit")}).status(),
              StatusIs(StatusCode::kInvalidArgument, "modules"));
}

store::DomainEventConsumer Consumer(std::string name, std::string prefix) {
  return {std::move(name), {std::move(prefix)}, [](store::Transaction&, const store::DomainEvent&) {
            return Status::Ok();
          }};
}

TEST(CheckEvents, AConsumerMustListenForAKindSomeModulePublishes) {
  Module inspection = Named("inspection");
  inspection.publishes = {"inspection.batch_failed"};
  const std::vector<Module> modules = {Named("credit"), inspection};
  EXPECT_TRUE(CheckEvents(modules, {{Consumer("credit.inspection", "inspection.")}, {}}).ok());
  Status s = CheckEvents(modules, {{Consumer("credit.recall", "recall.")}, {}});
  EXPECT_THAT(s, StatusIs(StatusCode::kFailedPrecondition, "modules"));
  EXPECT_EQ(s.message(),
            "consumer 'credit.recall' of module 'credit' listens for 'recall.', which no module "
            "publishes");
  EXPECT_THAT(
      CheckEvents(modules, {{Consumer("a", "inspection."), Consumer("a", "inspection.")}, {}}),
      StatusIs(StatusCode::kFailedPrecondition, "modules"));
}

TEST(CheckEvents, APublishedKindCarriesItsModulesName) {
  Module credit = Named("credit");
  credit.publishes = {"inspection.batch_failed"};
  EXPECT_THAT(CheckEvents({credit}, {{}}), StatusIs(StatusCode::kFailedPrecondition, "modules"));
}

class AppTest : public ::testing::Test {
 protected:
  std::unique_ptr<store::Database> db_ = std::move(store::Database::Open(":memory:")).value();
  auth::KeyRing keys_ = *auth::KeyRing::FromMasterKey(std::string(32, 'a'));
  FakeClock clock_{std::chrono::system_clock::time_point{}};
};

// Two services where the second borrows the first, as real ones do.
struct Ledger {
  std::vector<std::string>* log;

  ~Ledger() { log->push_back("~Ledger"); }
};

struct Scorer {
  Ledger& ledger;

  ~Scorer() { ledger.log->push_back("~Scorer"); }
};

TEST_F(AppTest, BuildsInDependencyOrderAndDestroysInReverse) {
  std::vector<std::string> log;
  Module scorer = Named("scorer", {"ledger"});
  scorer.build = [&](Context& ctx) {
    log.push_back("build scorer");
    ctx.Emplace<Scorer>(ctx.Get<Ledger>());
    return Status::Ok();
  };
  Module ledger = Named("ledger");
  ledger.build = [&](Context& ctx) {
    log.push_back("build ledger");
    ctx.Emplace<Ledger>(&log);
    return Status::Ok();
  };
  {
    Result<std::unique_ptr<App>> app = App::Build({scorer, ledger}, *db_, keys_, clock_);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    EXPECT_THAT(Names((*app)->modules()), ElementsAre("ledger", "scorer"));
    EXPECT_EQ(&(*app)->Get<Scorer>().ledger, &(*app)->Get<Ledger>());
    EXPECT_EQ((*app)->context().Find<std::string>(), nullptr);
  }
  EXPECT_THAT(log, ElementsAre("build ledger", "build scorer", "~Scorer", "~Ledger"));
}

TEST_F(AppTest, AFailingBuildNamesTheModule) {
  Module broken = Named("broken");
  broken.build = [](Context&) { return Status::InvalidArgument("no rules", "rules"); };
  Result<std::unique_ptr<App>> app = App::Build({broken}, *db_, keys_, clock_);
  EXPECT_THAT(app.status(), StatusIs(StatusCode::kInvalidArgument, "rules"));
  EXPECT_EQ(app.status().message(), "building module 'broken': no rules");
}

TEST_F(AppTest, AMissingDependencyFailsAtStart) {
  Result<std::unique_ptr<App>> app =
      App::Build({Named("auth"), Named("risk", {"complaint"})}, *db_, keys_, clock_);
  EXPECT_THAT(app.status(), StatusIs(StatusCode::kFailedPrecondition, "modules"));
  EXPECT_THAT(app.status().message(), HasSubstr("'risk' depends on 'complaint'"));
}

TEST_F(AppTest, ACycleFailsAtStart) {
  Result<std::unique_ptr<App>> app =
      App::Build({Named("a", {"b"}), Named("b", {"a"})}, *db_, keys_, clock_);
  EXPECT_THAT(app.status(), StatusIs(StatusCode::kFailedPrecondition, "modules"));
  EXPECT_EQ(app.status().message(), "module dependency cycle: a → b → a");
}

TEST_F(AppTest, ConfigureSettingsReachTheManifests) {
  struct Setting {
    int value;
  };

  Module reader = Named("reader");
  int seen = 0;
  reader.build = [&](Context& ctx) {
    seen = ctx.Find<Setting>() != nullptr ? ctx.Get<Setting>().value : -1;
    return Status::Ok();
  };
  Result<std::unique_ptr<App>> app = App::Build(
      {reader}, *db_, keys_, clock_, [](Context& ctx) { ctx.Emplace<Setting>(Setting{7}); });
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ(seen, 7);
}

TEST_F(AppTest, DemoStepsRunByStageThenModuleOrder) {
  std::vector<std::string> log;
  const auto step = [&](std::string name, DemoStage stage) {
    return DemoStep{name, stage, [&log, name](Context&, const DemoRun&) -> Result<DemoNext> {
                      log.push_back(name);
                      return DemoNext::kContinue;
                    }};
  };
  Module first = Named("first");
  first.demo = {step("first records", DemoStage::kRecords),
                step("first after", DemoStage::kAfterEvents)};
  Module second = Named("second", {"first"});
  second.demo = {step("second records", DemoStage::kRecords)};
  Result<std::unique_ptr<App>> app = App::Build({second, first}, *db_, keys_, clock_);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  std::ostringstream out;
  DemoRun run;
  run.out = &out;
  Result<DemoNext> next = (*app)->RunDemo(run, [&] {
    log.push_back("events");
    return Status::Ok();
  });
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_THAT(log, ElementsAre("first records", "second records", "events", "first after"));
}

TEST_F(AppTest, ADemoStepAnsweringStopEndsTheDemo) {
  Module first = Named("first");
  int later = 0;
  first.demo = {
      DemoStep{"generate", DemoStage::kRecords,
               [](Context&, const DemoRun&) -> Result<DemoNext> { return DemoNext::kStop; }},
      DemoStep{"more", DemoStage::kAfterEvents, [&](Context&, const DemoRun&) -> Result<DemoNext> {
                 ++later;
                 return DemoNext::kContinue;
               }}};
  Result<std::unique_ptr<App>> app = App::Build({first}, *db_, keys_, clock_);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  DemoRun run;
  Result<DemoNext> next = (*app)->RunDemo(run);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, DemoNext::kStop);
  EXPECT_EQ(later, 0);
}

TEST_F(AppTest, AskingForAServiceNoModuleProvidesStopsNamingIt) {
  Module greedy = Named("greedy");
  greedy.build = [](Context& ctx) {
    ctx.Get<Ledger>();
    return Status::Ok();
  };
  EXPECT_DEATH((void)App::Build({greedy}, *db_, keys_, clock_),
               "zq::app::.*Ledger was asked for while building module 'greedy', but no module "
               "provides it");
}

}  // namespace
}  // namespace zq::app
