// The handling steps beyond the plain state moves, on both databases: the statutory clock stopped
// for testing and restarted across 中秋 and 国庆 (a complaint's mediation, Art. 20; a report's
// verification, 处罚程序规定 Art. 18), a repeat merged into the first case and shown both ways,
// reopening to the state before closing, the finding 查证属实 published for credit, and the
// running timers counted for the 工作台.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "complaint/complaint_test_env.h"
#include "store/domain_events.h"

namespace zq::complaint {
namespace {

using registry::testing::Regulator;
using testing::ComplaintServiceTest;
using ::testing::Contains;
using ::testing::Not;

class ComplaintHandlingTest : public ComplaintServiceTest {
 protected:
  const Deadline& TimerOf(const CaseRecord& c, Timer t) {
    for (const Deadline& d : c.deadlines) {
      if (d.timer == t)
        return d;
    }
    ADD_FAILURE() << "no timer " << TimerName(t);
    return c.deadlines.at(0);
  }

  std::vector<store::DomainEvent> Events() {
    auto tx = db_->Begin(store::TxMode::kReadOnly);
    return *store::ReadDomainEvents(**tx, 0, 100, "complaint.");
  }
};

// Accepted Mon 2026-09-21: 45 WD end 2026-11-30. Testing from Thu 09-24 to Mon 10-12 stops the
// clock for the working days in (09-24, 10-12]: 9-28, 9-29, 9-30, 10-8, 10-9, 10-10 (调休, a
// Saturday) and 10-12 — seven, so mediation ends on 2026-12-09.
TEST_P(ComplaintHandlingTest, TestingPausesMediationAcrossTheHolidays) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  At("2026-09-21");
  const auth::Caller office = Regulator("370103");
  const CaseRecord c = service_->Submit(office, Form(), "")->cases.at(0);
  EXPECT_THAT(c.actions, Not(Contains("pause")));  // no timer of mediation runs yet
  Result<CaseRecord> r = service_->Step(office, c.id, Action::kAccept, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(TimerOf(*r, Timer::kMediate).due_on, "2026-11-30");
  EXPECT_THAT(r->actions, Contains("pause"));
  EXPECT_THAT(r->actions, Not(Contains("resume")));
  ASSERT_TRUE(service_->Step(office, c.id, Action::kMediate, {.note = "上门调解"}).ok());
  EXPECT_EQ(service_->Step(office, c.id, Action::kResume, {}).status().field(), "paused_on");
  At("2026-09-24");
  EXPECT_EQ(service_->Step(office, c.id, Action::kPause, {.ground = "holiday"}).status().field(),
            "ground");
  r = service_->Step(office, c.id, Action::kPause, {.ground = "testing", .note = "送检电热水壶"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->state, State::kMediating);
  EXPECT_EQ(r->dates.paused_on, "2026-09-24");
  EXPECT_EQ(r->next_due_on, "");  // a stopped clock is not due
  EXPECT_THAT(r->actions, Contains("resume"));
  EXPECT_THAT(r->actions, Not(Contains("pause")));
  EXPECT_EQ(service_->Step(office, c.id, Action::kPause, {.ground = "testing"}).status().code(),
            StatusCode::kFailedPrecondition);
  // While stopped, the due day slides with every working day and nothing is overdue.
  At("2026-10-09");
  const CaseRecord during = *service_->Get(office, c.id);
  EXPECT_TRUE(TimerOf(during, Timer::kMediate).paused);
  EXPECT_EQ(TimerOf(during, Timer::kMediate).due_on, "2026-12-07");  // 45 + 5 WD so far
  EXPECT_FALSE(during.overdue);
  At("2026-10-12");
  r = service_->Step(office, c.id, Action::kResume, {.note = "检测报告已到"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->dates.paused_on, "");
  EXPECT_EQ(r->dates.paused_working_days, 7);
  EXPECT_EQ(TimerOf(*r, Timer::kMediate).due_on, "2026-12-09");
  EXPECT_EQ(r->next_due_on, "2026-12-09");
  // On 2026-12-01 mediation would have been late without the pause; it is not.
  At("2026-12-01");
  EXPECT_EQ(service_->List(office, {.overdue_only = true})->total, 0);
  At("2026-12-10");
  EXPECT_EQ(service_->List(office, {.overdue_only = true})->total, 1);
  const CaseRecord read = *service_->Get(office, c.id);
  EXPECT_EQ(read.history.at(3).action, "pause");
  EXPECT_THAT(read.history.at(3).note, ::testing::HasSubstr("第二十条"));
  EXPECT_THAT(read.history.at(4).note, ::testing::HasSubstr("7 working days not counted"));
}

// A report received Mon 2026-09-21 is verified within 15 WD (10-19); testing over 国庆 adds 7.
// A decision taken while the clock is stopped ends the pause first.
TEST_P(ComplaintHandlingTest, TestingPausesAReportsVerification) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  At("2026-09-21");
  const auth::Caller office = Regulator("370103");
  const CaseRecord c = service_->Submit(office, Form({"report"}), "")->cases.at(0);
  ASSERT_TRUE(service_->Step(office, c.id, Action::kAccept, {}).ok());
  At("2026-09-24");
  ASSERT_TRUE(service_->Step(office, c.id, Action::kPause, {.ground = "testing"}).ok());
  At("2026-10-12");
  Result<CaseRecord> r = service_->Step(office, c.id, Action::kOpen, {.outcome = "立案"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->dates.paused_working_days, 7);
  const Deadline& verify = TimerOf(*r, Timer::kVerify);
  EXPECT_EQ(verify.due_on, "2026-10-28");
  EXPECT_EQ(verify.met_on, "2026-10-12");
  EXPECT_FALSE(verify.overdue);
  EXPECT_FALSE(verify.paused);
}

TEST_P(ComplaintHandlingTest, ARepeatIsMergedIntoTheFirstCaseAndLinkedBothWays) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auth::Caller office = Regulator("370103");
  const CaseRecord first = service_->Submit(public_, Form(), "10.1.0.1")->cases.at(0);
  const CaseRecord second = service_->Submit(public_, Form(), "10.1.0.2")->cases.at(0);
  const CaseRecord third = service_->Submit(office, Form(), "")->cases.at(0);
  SubmissionInput other = Form();
  other.phone = "13900000000";
  const CaseRecord stranger = service_->Submit(office, other, "")->cases.at(0);
  // The officer sees the earlier open cases from the same phone against the same respondent.
  const CaseRecord read = *service_->Get(office, third.id);
  ASSERT_EQ(read.duplicate_candidates.size(), 2U);
  EXPECT_EQ(read.duplicate_candidates[0].number, first.number);
  EXPECT_TRUE(service_->Get(office, stranger.id)->duplicate_candidates.empty());
  EXPECT_THAT(read.actions, Contains("merge"));
  // Merging needs an earlier case of the same kind.
  EXPECT_EQ(service_->Step(office, second.id, Action::kMerge, {}).status().field(), "duplicate_of");
  EXPECT_EQ(service_->Step(office, first.id, Action::kMerge, {.duplicate_of = second.number})
                .status()
                .field(),
            "duplicate_of");
  EXPECT_EQ(service_->Step(office, second.id, Action::kMerge, {.duplicate_of = "TS19990101-000001"})
                .status()
                .code(),
            StatusCode::kNotFound);
  Result<CaseRecord> r =
      service_->Step(office, second.id, Action::kMerge, {.duplicate_of = first.number});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->state, State::kMerged);
  EXPECT_EQ(r->next_due_on, "");
  EXPECT_TRUE(r->actions.empty());
  // A repeat of a repeat joins the first case of the chain.
  r = service_->Step(office, third.id, Action::kMerge, {.duplicate_of = second.number});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->duplicate_of, first.id);
  const CaseRecord root = *service_->Get(office, first.id);
  ASSERT_EQ(root.duplicates.size(), 2U);
  EXPECT_EQ(root.duplicates[1].number, third.number);
  EXPECT_EQ(root.duplicates[1].state, "merged");
  EXPECT_EQ(root.history.back().action, "link");
  EXPECT_EQ(service_->Get(office, third.id)->duplicate_of_number, first.number);
  EXPECT_EQ(service_->List(office, {.state = "merged"})->total, 2);
  // Another county does not learn that the first case exists.
  EXPECT_EQ(
      service_
          ->Step(Regulator("370102"), stranger.id, Action::kMerge, {.duplicate_of = first.number})
          .status()
          .code(),
      StatusCode::kNotFound);
}

TEST_P(ComplaintHandlingTest, ReopeningReturnsToTheStateBeforeClosingAndKeepsTheHistory) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auth::Caller office = Regulator("370103");
  const CaseRecord c = service_->Submit(office, Form(), "")->cases.at(0);
  ASSERT_TRUE(service_->Step(office, c.id, Action::kAccept, {}).ok());
  EXPECT_EQ(service_->Step(office, c.id, Action::kReopen, {.reason = "x"}).status().code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(service_->Step(office, c.id, Action::kMediate, {}).ok());
  ASSERT_TRUE(service_->Step(office, c.id, Action::kAgree, {.outcome = "退货退款"}).ok());
  ASSERT_TRUE(service_->Step(office, c.id, Action::kClose, {}).ok());
  EXPECT_EQ(service_->Step(office, c.id, Action::kReopen, {}).status().field(), "reason");
  Result<CaseRecord> r =
      service_->Step(office, c.id, Action::kReopen, {.reason = "商家未履行调解协议"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->state, State::kAgreed);
  EXPECT_EQ(r->closed_on, "");
  EXPECT_EQ(r->reopened, 1);
  EXPECT_EQ(r->actions, (std::vector<std::string>{"close", "classify"}));
  r = service_->Step(office, c.id, Action::kClose, {.outcome = "已履行"});
  ASSERT_TRUE(r.ok());
  const CaseRecord read = *service_->Get(office, c.id);
  ASSERT_EQ(read.history.size(), 7U);  // submit accept mediate agree close reopen close
  EXPECT_EQ(read.history[5].action, "reopen");
  EXPECT_EQ(read.history[5].from_state, "closed");
  EXPECT_EQ(read.history[5].to_state, "agreed");
  EXPECT_EQ(read.history[5].note, "商家未履行调解协议");
}

TEST_P(ComplaintHandlingTest, AnUpheldCaseIsPublishedForCreditOnce) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auth::Caller office = Regulator("370103");
  const CaseRecord refused = service_->Submit(office, Form(), "")->cases.at(0);
  ASSERT_TRUE(
      service_->Step(office, refused.id, Action::kRefuse, {.ground = "over_three_years"}).ok());
  EXPECT_EQ(service_->Step(office, refused.id, Action::kClose, {.upheld = true}).status().field(),
            "upheld");
  const CaseRecord report = service_->Submit(office, Form({"report"}), "")->cases.at(0);
  ASSERT_TRUE(service_->Step(office, report.id, Action::kAccept, {}).ok());
  ASSERT_TRUE(service_->Step(office, report.id, Action::kOpen, {.outcome = "立案"}).ok());
  Result<CaseRecord> r = service_->Step(office, report.id, Action::kClose, {.upheld = true});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->upheld);
  std::vector<store::DomainEvent> events = Events();
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].kind, "complaint.upheld");
  EXPECT_EQ(events[0].source_id, report.number);
  EXPECT_EQ(events[0].uscc, shop_.uscc);
  EXPECT_EQ(events[0].region_code, "370103");
  EXPECT_EQ(events[0].occurred_on, "2026-11-24");
  EXPECT_THAT(events[0].payload, ::testing::HasSubstr("\"kind\":\"report\""));
  // Reopened and closed again: still one event.
  ASSERT_TRUE(service_->Step(office, report.id, Action::kReopen, {.reason = "复核"}).ok());
  ASSERT_TRUE(service_->Step(office, report.id, Action::kClose, {.upheld = true}).ok());
  EXPECT_EQ(Events().size(), 1U);
  // A respondent without a USCC cannot be scored: upheld, no event.
  SubmissionInput unregistered = Form({"report"});
  unregistered.respondent_uscc.clear();
  unregistered.respondent_name = "无照摊点";
  unregistered.domicile_region = "370103";
  const CaseRecord loose = service_->Submit(office, unregistered, "")->cases.at(0);
  ASSERT_TRUE(service_->Step(office, loose.id, Action::kAccept, {}).ok());
  ASSERT_TRUE(service_->Step(office, loose.id, Action::kOpen, {}).ok());
  r = service_->Step(office, loose.id, Action::kClose, {.upheld = true});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Events().size(), 1U);
}

// The 工作台's to-do: the cases with a timer running, those past it, and the earliest due day not
// yet past, per jurisdiction, in one aggregate that agrees with tallying the case list.
TEST_P(ComplaintHandlingTest, DueCountsAreTheRunningTimersOfTheJurisdiction) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auth::Caller office = Regulator("370103");
  At("2026-11-02");  // due for acceptance 2026-11-11
  ASSERT_TRUE(service_->Submit(office, Form(), "").ok());
  const CaseRecord refused = service_->Submit(office, Form(), "")->cases.at(0);
  ASSERT_TRUE(
      service_->Step(office, refused.id, Action::kRefuse, {.ground = "not_consumption"}).ok());
  ASSERT_TRUE(service_->Step(office, refused.id, Action::kClose, {}).ok());
  At("2026-11-20");  // due 2026-12-01
  ASSERT_TRUE(service_->Submit(office, Form(), "").ok());
  const CaseRecord paused = service_->Submit(office, Form(), "")->cases.at(0);
  ASSERT_TRUE(service_->Step(office, paused.id, Action::kAccept, {}).ok());
  ASSERT_TRUE(service_->Step(office, paused.id, Action::kMediate, {}).ok());
  ASSERT_TRUE(service_->Step(office, paused.id, Action::kPause, {.ground = "testing"}).ok());
  const CaseRecord other = service_->Submit(Regulator("370102"), Form(), "")->cases.at(0);
  ASSERT_EQ(other.handling_region, "370102");
  At("2026-11-25");
  const auto expect = [&](const auth::Caller& caller, std::int64_t running, std::int64_t overdue,
                          std::string_view next_due) {
    SCOPED_TRACE(caller.region_code);
    Result<DueCount> due = service_->DueCounts(caller);
    ASSERT_TRUE(due.ok()) << due.status().ToString();
    EXPECT_EQ(due->running, running);
    EXPECT_EQ(due->overdue, overdue);
    EXPECT_EQ(due->next_due, next_due);
    // The same as tallying every case of the list, as the to-do once did.
    DueCount tally;
    const Result<PageOf<CaseRecord>> all = service_->List(caller, {.page = {.page_size = 100}});
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    for (const CaseRecord& c : all->items) {
      if (c.next_due_on.empty())
        continue;
      ++tally.running;
      if (c.overdue)
        ++tally.overdue;
      else if (tally.next_due.empty() || c.next_due_on < tally.next_due)
        tally.next_due = c.next_due_on;
    }
    EXPECT_EQ(tally.running, running);
    EXPECT_EQ(tally.overdue, overdue);
    EXPECT_EQ(tally.next_due, next_due);
  };
  expect(office, 2, 1, "2026-12-01");  // the paused and the closed case are not running
  expect(Regulator("370102"), 1, 0, "2026-12-01");
  expect(Regulator("370100"), 3, 1, "2026-12-01");
  expect(auth::Caller::System(), 3, 1, "2026-12-01");
  expect(Regulator("370202"), 0, 0, "");
  At("2026-12-02");
  expect(Regulator("370100"), 3, 3, "");
  EXPECT_EQ(service_->DueCounts(public_).status().code(), StatusCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(Backends, ComplaintHandlingTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::complaint
