// The dated rule tables, the state machines and the deadlines computed from them, across 国庆 and
// 春节 with their make-up working days (expected dates counted by hand on data/holiday-cn).
#include "complaint/rules.h"

#include <gtest/gtest.h>

#include "complaint/deadlines.h"
#include "complaint/lifecycle.h"

namespace zq::complaint {
namespace {

const WorkingDayCalendar& Cn() { return WorkingDayCalendar::China(); }

TEST(RuleBookTest, EmbeddedTablesHoldOrder20) {
  const RuleBook& r = RuleBook::Embedded();
  EXPECT_EQ(r.TimerOn(Timer::kAccept, "2026-12-06")->days, 7);
  EXPECT_EQ(r.TimerOn(Timer::kMediate, "2026-12-06")->days, 45);
  EXPECT_EQ(r.TimerOn(Timer::kTerminationNotice, "2026-12-06")->days, 7);
  EXPECT_EQ(r.TimerOn(Timer::kVerify, "2026-12-06")->days, 15);
  EXPECT_EQ(r.TimerOn(Timer::kVerifyExtension, "2026-12-06")->days, 15);
  EXPECT_EQ(r.TimerOn(Timer::kNotifyReporter, "2026-12-06")->days, 5);
  EXPECT_EQ(r.TimerOn(Timer::kJurisdictionDispute, "2026-12-06")->days, 7);
  EXPECT_EQ(r.TimerOn(Timer::kAccept, "2019-12-31").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.GroundsOn(kInadmissible, "2026-12-06").size(), 6U);
  EXPECT_EQ(r.GroundsOn(kMediationEnd, "2026-12-06").size(), 7U);
  EXPECT_EQ(r.GroundOn(kInadmissible, "over_three_years", "2026-12-06")->article, "第十五条第四项");
  const Status bad = r.GroundOn(kInadmissible, "no_such", "2026-12-06").status();
  EXPECT_EQ(bad.field(), "ground");
  EXPECT_NE(bad.message().find("over_three_years"), std::string::npos);
}

// A revised measure is a new row: a timer started before it keeps the old limit.
TEST(RuleBookTest, RuleInForceOnTheStartDayApplies) {
  const Result<RuleBook> r = RuleBook::FromCsv(
      "timer,effective_from,days,unit,source\n"
      "accept,2020-01-01,7,working,Art. 14\n"
      "accept,2026-04-15,5,working,revised\n",
      "kind,code,effective_from,effective_to,article,text\n"
      "inadmissible,old,2020-01-01,2026-04-15,a,b\n"
      "inadmissible,new,2026-04-15,,c,d\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->TimerOn(Timer::kAccept, "2026-04-14")->days, 7);
  EXPECT_EQ(r->TimerOn(Timer::kAccept, "2026-04-15")->days, 5);
  EXPECT_EQ(*r->Due(Timer::kAccept, "2026-04-14", Cn()), "2026-04-23");
  EXPECT_EQ(*r->Due(Timer::kAccept, "2026-04-15", Cn()), "2026-04-22");
  EXPECT_TRUE(r->GroundOn(kInadmissible, "old", "2026-04-14").ok());
  EXPECT_FALSE(r->GroundOn(kInadmissible, "old", "2026-04-15").ok());
  EXPECT_TRUE(r->GroundOn(kInadmissible, "new", "2026-04-15").ok());
}

TEST(RuleBookTest, MalformedTablesNameTheLine) {
  const Status s =
      RuleBook::FromCsv("timer,effective_from,days,unit,source\naccept,2020-13-01,7,working,x\n",
                        "kind,code,effective_from,effective_to,article,text\n")
          .status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("line 2"), std::string::npos);
  EXPECT_FALSE(RuleBook::FromCsv("timer\nnope,2020-01-01,7,working,x\n", "").ok());
}

TEST(DueTest, WorkingDaysAcrossNationalDayAndSpringFestival) {
  const RuleBook& r = RuleBook::Embedded();
  // 国庆 2026: 10-01..10-07 off, Sat 10-10 worked.
  EXPECT_EQ(*r.Due(Timer::kAccept, "2026-09-28", Cn()), "2026-10-13");
  // 春节 2026: Sat 02-14 worked, 02-15..02-23 off, Sat 02-28 worked.
  EXPECT_EQ(*r.Due(Timer::kAccept, "2026-02-12", Cn()), "2026-02-28");
  EXPECT_EQ(*r.Due(Timer::kAccept, "2026-02-10", Cn()), "2026-02-26");
  EXPECT_EQ(*r.Due(Timer::kMediate, "2026-09-30", Cn()), "2026-12-08");
  EXPECT_EQ(*r.Due(Timer::kMediate, "2026-09-30", Cn(), 3), "2026-12-11");  // testing paused
  EXPECT_EQ(*r.Due(Timer::kVerify, "2026-09-25", Cn()), "2026-10-22");
  EXPECT_EQ(*r.Due(Timer::kNotifyReporter, "2026-10-13", Cn()), "2026-10-20");
  EXPECT_EQ(*r.Due(Timer::kJurisdictionDispute, "2026-12-01", Cn()), "2026-12-10");
  EXPECT_EQ(r.Due(Timer::kAccept, "2031-06-01", Cn()).status().code(),
            StatusCode::kInvalidArgument);  // no holiday notice for 2031 yet
}

TEST(DeadlinesTest, ComplaintTimersMetLateAndRunning) {
  CaseDates c{.kind = Kind::kComplaint, .state = State::kMediating, .received_on = "2026-09-28"};
  c.decided_on = "2026-10-14";  // one day late
  c.accepted_on = "2026-10-14";
  const auto d = DeadlinesOf(c, RuleBook::Embedded(), Cn(), "2026-10-20");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->size(), 2U);
  EXPECT_EQ((*d)[0].timer, Timer::kAccept);
  EXPECT_EQ((*d)[0].due_on, "2026-10-13");
  EXPECT_TRUE((*d)[0].overdue);
  EXPECT_EQ((*d)[1].timer, Timer::kMediate);
  EXPECT_FALSE((*d)[1].overdue);
  EXPECT_GT((*d)[1].days_left, 30);
  EXPECT_FALSE(AnyOverdue(*d));  // the late one was met: nothing running is late
}

TEST(DeadlinesTest, TerminationNoticeAndOverdueWhileRunning) {
  CaseDates c{.kind = Kind::kComplaint, .state = State::kTerminated};
  c.received_on = "2026-11-02";
  c.decided_on = c.accepted_on = "2026-11-03";
  c.ended_on = "2026-12-01";
  c.terminated = true;
  const auto d = DeadlinesOf(c, RuleBook::Embedded(), Cn(), "2026-12-11");
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->size(), 3U);
  EXPECT_EQ((*d)[2].timer, Timer::kTerminationNotice);
  EXPECT_EQ((*d)[2].due_on, "2026-12-10");
  EXPECT_TRUE((*d)[2].overdue);
  EXPECT_EQ((*d)[2].days_left, -1);
  EXPECT_TRUE(AnyOverdue(*d));
}

TEST(DeadlinesTest, ReportVerificationExtendedAndRealNameNotice) {
  CaseDates c{.kind = Kind::kReport, .state = State::kVerifying, .received_on = "2026-09-25"};
  auto d = DeadlinesOf(c, RuleBook::Embedded(), Cn(), "2026-10-23");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)[0].due_on, "2026-10-22");
  EXPECT_TRUE(AnyOverdue(*d));
  c.extended = true;
  d = DeadlinesOf(c, RuleBook::Embedded(), Cn(), "2026-10-23");
  EXPECT_EQ((*d)[0].due_on, "2026-11-12");
  EXPECT_FALSE(AnyOverdue(*d));
  c.state = State::kOpened;
  c.decided_on = "2026-10-13";
  c.real_name = true;
  d = DeadlinesOf(c, RuleBook::Embedded(), Cn(), "2026-10-23");
  ASSERT_EQ(d->size(), 2U);
  EXPECT_EQ((*d)[1].timer, Timer::kNotifyReporter);
  EXPECT_EQ((*d)[1].due_on, "2026-10-20");
  EXPECT_TRUE(AnyOverdue(*d));
  c.real_name = false;  // an anonymous reporter is not told
  EXPECT_EQ(DeadlinesOf(c, RuleBook::Embedded(), Cn(), "2026-10-23")->size(), 1U);
}

TEST(LifecycleTest, EachKindHasItsOwnMachine) {
  EXPECT_EQ(*Next(Kind::kComplaint, State::kReceived, Action::kAccept), State::kAccepted);
  EXPECT_EQ(*Next(Kind::kReport, State::kReceived, Action::kAccept), State::kVerifying);
  EXPECT_EQ(Next(Kind::kReport, State::kReceived, Action::kRefuse).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(Next(Kind::kComplaint, State::kVerifying, Action::kOpen).status().field(), "state");
  EXPECT_EQ(*Next(Kind::kComplaint, State::kReturned, Action::kDispatch), State::kReceived);
  EXPECT_EQ(
      ActionsIn(Kind::kComplaint, State::kMediating),
      (std::vector<Action>{Action::kAgree, Action::kTerminate, Action::kPause, Action::kResume}));
  EXPECT_EQ(ActionsIn(Kind::kReport, State::kVerifying),
            (std::vector<Action>{Action::kExtend, Action::kOpen, Action::kNotOpen, Action::kPause,
                                 Action::kResume}));
  EXPECT_EQ(*Next(Kind::kReport, State::kReceived, Action::kMerge), State::kMerged);
  EXPECT_FALSE(IsOpen(State::kMerged));
  EXPECT_TRUE(ActionsIn(Kind::kComplaint, State::kMerged).empty());
  for (std::string_view name : {"received", "not_opened", "closed"})
    EXPECT_EQ(StateName(*ParseState(name)), name);
  EXPECT_EQ(ParseAction("nope").status().field(), "action");
}

}  // namespace
}  // namespace zq::complaint
