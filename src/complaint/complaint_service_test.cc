// Intake, the handling steps and the queries of complaints and reports, on both databases:
// a mixed submission split in two (Art. 7), validation naming fields and storing nothing, the
// portal's rate limit, sealed and masked personal data, the lifecycles to closure with their
// deadlines and overdue lists, return and dispatch (Arts. 29, 37), scope, counts.
#include "complaint/complaint_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "complaint/complaint_test_env.h"
#include "complaint/tokenizer.h"

namespace zq::complaint {
namespace {

using registry::testing::MakeEntity;
using registry::testing::Regulator;
using testing::ComplaintServiceTest;

TEST_P(ComplaintServiceTest, MixedSubmissionSplitsIntoAComplaintAndAReport) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const std::int64_t seq = AuditSeq();
  Result<Submitted> s = service_->Submit(public_, Form({"complaint", "report"}), "10.0.0.7");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->cases.size(), 2U);
  const CaseRecord& complaint = s->cases[0];
  const CaseRecord& report = s->cases[1];
  EXPECT_EQ(complaint.kind, Kind::kComplaint);
  EXPECT_EQ(report.kind, Kind::kReport);
  EXPECT_THAT(complaint.number, ::testing::StartsWith("TS20261124-"));
  EXPECT_THAT(report.number, ::testing::StartsWith("JB20261124-"));
  EXPECT_EQ(complaint.submission_id, report.submission_id);
  EXPECT_EQ(complaint.channel, "portal");
  EXPECT_EQ(complaint.respondent_name, "济南某电器商行");  // from the registry
  EXPECT_EQ(complaint.domicile_region, "370102");
  EXPECT_EQ(complaint.handling_region, "370103");  // place of business first (Art. 12)
  EXPECT_EQ(complaint.competent, "370103 (实际经营地); 370102 (住所地)");
  EXPECT_EQ(report.routing_article, "第二十五条");
  EXPECT_EQ(complaint.object_class, "household_appliances");
  EXPECT_EQ(complaint.problem, "safety");
  EXPECT_EQ(complaint.classified_by, "rules");
  ASSERT_EQ(complaint.deadlines.size(), 1U);
  EXPECT_EQ(complaint.deadlines[0].due_on, "2026-12-03");  // 7 WD
  EXPECT_EQ(report.deadlines[0].due_on, "2026-12-15");     // 15 WD
  EXPECT_EQ(complaint.next_due_on, "2026-12-03");
  EXPECT_EQ(AuditSeq(), seq) << "an anonymous submission appended to the audit log";
  // The identity is sealed at rest: neither the phone nor the ID number is stored as written.
  auto tx = t->db().Begin(store::TxMode::kReadOnly);
  const auto rows = (*tx)->Query(
      "SELECT submitter_phone, submitter_id_number, submitter_name FROM complaint_submissions");
  ASSERT_TRUE(rows.ok());
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(rows->rows.at(0).GetText(i).find("1381234"), std::string::npos);
  EXPECT_EQ(rows->rows.at(0).GetText(2).find("李四"), std::string::npos);
}

TEST_P(ComplaintServiceTest, BadInputNamesItsFieldAndStoresNothing) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  auto field_of = [&](SubmissionInput in) {
    return service_->Submit(public_, in, "10.0.0.8").status();
  };
  SubmissionInput in = Form();
  in.phone.clear();
  EXPECT_EQ(field_of(in).field(), "phone");
  in = Form();
  in.id_number = "110105199001011234";  // a common placeholder: its check digit is wrong
  EXPECT_EQ(field_of(in).field(), "id_number");
  in = Form();
  in.respondent_uscc = "91370102MA0000000X";
  EXPECT_EQ(field_of(in).field(), "respondent_uscc");
  in = Form();
  in.respondent_uscc = MakeEntity("370102", 99, "x").uscc;  // well formed, not registered
  EXPECT_EQ(field_of(in).code(), StatusCode::kNotFound);
  EXPECT_EQ(field_of(in).field(), "respondent_uscc");
  in = Form();
  in.kinds = {"inquiry"};
  EXPECT_EQ(field_of(in).field(), "kind");
  in = Form();
  in.facts = std::string("\xC4\xE3\xBA\xC3");  // GBK bytes: not UTF-8
  EXPECT_EQ(field_of(in).field(), "facts");
  in = Form();
  in.respondent_uscc.clear();
  in.business_region.clear();
  in.respondent_name = "路边摊";  // no USCC and no region: nowhere to route it
  EXPECT_EQ(field_of(in).field(), "domicile_region");
  // A batch is all or nothing, its errors naming the item.
  std::vector<SubmissionInput> batch = {Form(), Form()};
  batch[1].facts.clear();
  EXPECT_EQ(service_->SubmitBatch(Regulator("370000"), batch).status().field(), "items[1].facts");
  batch[1] = Form();
  batch[1].respondent_uscc = MakeEntity("370102", 98, "x").uscc;
  EXPECT_EQ(service_->SubmitBatch(Regulator("370000"), batch).status().field(),
            "items[1].respondent_uscc");
  EXPECT_EQ(Count("complaint_submissions"), 0);
  EXPECT_EQ(Count("complaint_cases"), 0);
  // Another system's submission is taken once.
  batch = {Form()};
  batch[0].external_id = "12315-0001";
  ASSERT_TRUE(service_->SubmitBatch(Regulator("370000"), batch).ok());
  EXPECT_EQ(service_->SubmitBatch(Regulator("370000"), batch).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(Count("complaint_cases"), 1);
  EXPECT_EQ(service_->SubmitBatch(auth::Caller(), batch).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_P(ComplaintServiceTest, PortalIsRateLimitedPerClient) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(service_->Submit(public_, Form(), "10.0.0.9").ok());
  EXPECT_EQ(service_->Submit(public_, Form(), "10.0.0.9").status().code(),
            StatusCode::kResourceExhausted);
  EXPECT_TRUE(service_->Submit(public_, Form(), "10.0.0.10").ok());  // another client
  SubmissionInput bad = Form();
  bad.facts.clear();  // a mistake does not use up the hour
  EXPECT_EQ(service_->Submit(public_, bad, "10.0.0.11").status().code(),
            StatusCode::kInvalidArgument);
  env_.clock.Advance(std::chrono::minutes(61));
  EXPECT_TRUE(service_->Submit(public_, Form(), "10.0.0.9").ok());
  EXPECT_TRUE(service_->Submit(Regulator("370103"), Form(), "").ok());  // officials: no quota
}

TEST_P(ComplaintServiceTest, ComplaintFromIntakeToClosureWithDeadlines) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auth::Caller office = Regulator("370103");
  const CaseRecord c = service_->Submit(office, Form(), "")->cases.at(0);
  EXPECT_EQ(c.channel, "phone");
  EXPECT_EQ(c.handling_region, "370103");
  EXPECT_EQ(c.actions,
            (std::vector<std::string>{"accept", "refuse", "return", "merge", "classify"}));
  EXPECT_EQ(service_->Get(Regulator("370202"), c.id).status().code(), StatusCode::kNotFound);
  // Overdue after 7 working days without a decision.
  At("2026-12-04");
  auto overdue = service_->List(office, {.overdue_only = true});
  ASSERT_TRUE(overdue.ok()) << overdue.status().ToString();
  ASSERT_EQ(overdue->total, 1);
  EXPECT_TRUE(overdue->items[0].overdue);
  EXPECT_EQ(service_->List(Regulator("370102"), {.overdue_only = true})->total, 0);
  EXPECT_EQ(service_->List(Regulator("370100"), {.overdue_only = true})->total, 1);
  EXPECT_EQ(service_->Step(office, c.id, Action::kRefuse, {.ground = "nope"}).status().field(),
            "ground");
  Result<CaseRecord> a = service_->Step(office, c.id, Action::kAccept, {});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->state, State::kAccepted);
  EXPECT_TRUE(a->deadlines[0].overdue);  // accepted late: recorded, but nothing runs late
  EXPECT_FALSE(a->overdue);
  EXPECT_EQ(a->deadlines[1].timer, Timer::kMediate);
  EXPECT_EQ(a->next_due_on, "2027-02-05");
  EXPECT_EQ(service_->List(office, {.overdue_only = true})->total, 0);
  ASSERT_TRUE(service_->Step(office, c.id, Action::kMediate, {.note = "电话调解"}).ok());
  EXPECT_EQ(service_->Step(office, c.id, Action::kTerminate, {}).status().field(), "ground");
  At("2026-12-10");
  a = service_->Step(office, c.id, Action::kTerminate, {.ground = "refused_or_absent"});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->deadlines.back().timer, Timer::kTerminationNotice);
  EXPECT_EQ(a->deadlines.back().due_on, "2026-12-21");
  EXPECT_THAT(a->actions, ::testing::Contains("notify"));
  ASSERT_TRUE(service_->Notify(office, c.id, {}).ok());
  EXPECT_EQ(service_->Notify(office, c.id, {}).status().code(), StatusCode::kFailedPrecondition);
  a = service_->Step(office, c.id, Action::kClose, {});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->state, State::kClosed);
  EXPECT_EQ(a->next_due_on, "");
  EXPECT_EQ(service_->Step(office, c.id, Action::kAccept, {}).status().code(),
            StatusCode::kFailedPrecondition);
  const CaseRecord read = *service_->Get(office, c.id);
  ASSERT_EQ(read.history.size(), 6U);  // submit, accept, mediate, terminate, notify, close
  EXPECT_EQ(read.history[0].action, "submit");
  EXPECT_EQ(read.history[2].note, "电话调解");
  EXPECT_EQ(read.history[3].from_state, "mediating");
}

TEST_P(ComplaintServiceTest, NonCompetentOfficeReturnsAndIntakeDispatches) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const CaseRecord c = service_->Submit(public_, Form(), "10.0.1.1")->cases.at(0);
  const auth::Caller office = Regulator("370103");
  Result<CaseRecord> r = service_->Step(office, c.id, Action::kReturn, {});
  EXPECT_EQ(r.status().field(), "reason");
  r = service_->Step(office, c.id, Action::kReturn, {.reason = "被投诉人已迁出本区"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->state, State::kReturned);
  EXPECT_THAT(r->return_reason, ::testing::HasSubstr("370102 (住所地)"));
  EXPECT_TRUE(r->actions.empty());  // the county cannot dispatch it: intake above does
  const auth::Caller intake = Regulator("370100");
  EXPECT_EQ(service_->Step(intake, c.id, Action::kDispatch, {.handling_region = "370105"})
                .status()
                .field(),
            "handling_region");
  r = service_->Step(intake, c.id, Action::kDispatch, {.handling_region = "370102"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->state, State::kReceived);
  EXPECT_EQ(r->handling_region, "370102");
  EXPECT_EQ(service_->Get(office, c.id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(service_->Step(Regulator("370102"), c.id, Action::kAccept, {}).ok());
}

TEST_P(ComplaintServiceTest, ReportVerificationDecisionAndReporterConfidentiality) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  SubmissionInput in = Form({"report"});
  in.respondent_uscc = shop_.uscc;
  in.respondent_kind = "platform_merchant";
  in.platform_uscc = platform_.uscc;
  const CaseRecord c = service_->Submit(public_, in, "10.0.2.1")->cases.at(0);
  EXPECT_EQ(c.handling_region, "370103");  // Art. 27: the merchant's place of business
  EXPECT_EQ(c.platform_domicile_region, "330110");
  const auth::Caller office = Regulator("370103");
  ASSERT_TRUE(service_->Step(office, c.id, Action::kAccept, {}).ok());
  EXPECT_EQ(service_->Step(office, c.id, Action::kExtend, {}).status().field(), "reason");
  Result<CaseRecord> r = service_->Step(office, c.id, Action::kExtend, {.reason = "局长批准"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->deadlines[0].due_on, "2027-01-05");  // 15 + 15 WD
  EXPECT_EQ(service_->Step(office, c.id, Action::kExtend, {.reason = "again"}).status().code(),
            StatusCode::kFailedPrecondition);
  r = service_->Step(office, c.id, Action::kOpen, {.outcome = "立案调查"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->deadlines.back().timer, Timer::kNotifyReporter);
  EXPECT_EQ(r->deadlines.back().due_on, "2026-12-01");
  // The handling office and its superiors see the reporter (audited); others do not.
  std::int64_t seq = AuditSeq();
  const CaseRecord full = *service_->Get(Regulator("370100"), c.id);
  EXPECT_EQ(full.submitter->visibility, "full");
  EXPECT_EQ(full.submitter->phone, "13812345678");
  EXPECT_EQ(AuditSeq(), seq + 1);
  auth::Caller analyst = Regulator("370103");
  analyst.role = auth::Role::kAnalyst;
  seq = AuditSeq();
  const CaseRecord hidden = *service_->Get(analyst, c.id);
  EXPECT_EQ(hidden.submitter->visibility, "withheld");
  EXPECT_EQ(hidden.submitter->phone, "");
  EXPECT_TRUE(hidden.actions.empty());
  EXPECT_EQ(AuditSeq(), seq);
  const CaseRecord complaint = service_->Submit(public_, Form(), "10.0.2.2")->cases.at(0);
  const CaseRecord masked = *service_->Get(analyst, complaint.id);
  EXPECT_EQ(masked.submitter->visibility, "masked");
  EXPECT_EQ(masked.submitter->phone, "138****5678");
  EXPECT_EQ(masked.submitter->name, "李*");
  EXPECT_EQ(masked.submitter->id_number, "110105********002X");
}

TEST_P(ComplaintServiceTest, OfficersRelabelAndCountsGroupByRegionClassAndProblem) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auth::Caller office = Regulator("370103");
  const CaseRecord a = service_->Submit(office, Form(), "")->cases.at(0);
  ASSERT_TRUE(service_->Submit(office, Form(), "").ok());
  SubmissionInput food = Form();
  food.facts = "超市卖的牛奶已经过了保质期";
  ASSERT_TRUE(service_->Submit(office, food, "").ok());
  EXPECT_EQ(service_->Classify(office, a.id, "food", "nope").status().field(), "problem");
  Result<CaseRecord> relabelled =
      service_->Classify(office, a.id, "household_appliances", "quality");
  ASSERT_TRUE(relabelled.ok()) << relabelled.status().ToString();
  EXPECT_EQ(relabelled->classified_by, office.actor);
  const auto counts = service_->Counts(Regulator("370100"), {});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  ASSERT_EQ(counts->size(), 3U);
  for (const CaseCount& n : *counts) {
    EXPECT_EQ(n.region, "370103");
    EXPECT_EQ(n.count, 1);
  }
  EXPECT_TRUE(service_->Counts(Regulator("370200"), {})->empty());
  EXPECT_EQ(service_->Counts(Regulator("370200"), {.region = "370103"}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->Counts(office, {.from = "2026-13-01"}).status().field(), "from");
}

// `zq keys rotate` re-seals the submitters under the new key, blind index too.
TEST_P(ComplaintServiceTest, PersonalDataFollowsAKeyRotation) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const CaseRecord c = service_->Submit(public_, Form(), "10.0.3.1")->cases.at(0);
  const auth::KeyRing next = *auth::KeyRing::FromMasterKey(std::string(32, 'n'));
  ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) {
                return service_->RekeyPersonalData(tx, next.personal_data());
              }).ok());
  ComplaintService rotated(t->db(), *env_.registry, env_.audit, next.personal_data(), env_.clock);
  const CaseRecord read = *rotated.Get(Regulator("370103"), c.id);
  EXPECT_EQ(read.submitter->phone, "13812345678");
  EXPECT_EQ(read.submitter->id_number, "11010519491231002X");
  auto tx = t->db().Begin(store::TxMode::kReadOnly);
  const std::vector<store::Value> p = {next.personal_data().BlindIndex("13812345678")};
  EXPECT_EQ((*tx)
                ->Query("SELECT COUNT(*) FROM complaint_submissions WHERE "
                        "submitter_phone_index = ?",
                        p)
                ->rows.at(0)
                .GetInt(0),
            1);
}

// A model file that labels the form's text `label` (and a phone's `other`).
std::string ModelLabelling(const std::string& text, const std::string& label,
                           const std::string& other) {
  Tokenizer tokenizer = Tokenizer::Create().value();
  const std::vector<TrainingDocument> docs = {{tokenizer.Tokens(text), label},
                                              {tokenizer.Tokens("手机屏幕碎了"), other}};
  return NaiveBayesModel::Train(docs, {.tokenizer = tokenizer.Name()})->Serialize();
}

TEST_P(ComplaintServiceTest, AnInstalledModelReachesEveryServiceOnTheDatabase) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  // A second service on the same database, as another server process would hold.
  ComplaintService other(t->db(), *env_.registry, env_.audit, env_.keys.personal_data(),
                         env_.clock);
  const SubmissionInput form = Form();
  const std::string text = form.facts + "\n" + form.request;
  auto classify = [&](ComplaintService& service) {
    Result<Submitted> s = service.Submit(Regulator("370103"), form, "");
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::pair(s->cases[0].object_class, s->cases[0].classified_by)
                  : std::pair(std::string(), std::string());
  };
  EXPECT_EQ(classify(other), std::pair(std::string("household_appliances"), std::string("rules")));
  EXPECT_EQ(service_->InstallClassifier(Regulator("370000"), "x").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_FALSE(service_->ClassifierInUse(public_).ok());

  const std::int64_t seq = AuditSeq();
  Result<ClassifierModelInfo> first = service_->InstallClassifier(
      auth::Caller::System(), ModelLabelling(text, "food", "household_appliances"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(AuditSeq(), seq + 1);
  EXPECT_EQ(classify(other),
            std::pair(std::string("food"), "model:" + first->digest.substr(0, 16)));
  // Another model installed by the first service: the second one uses it at its next case.
  Result<ClassifierModelInfo> second = service_->InstallClassifier(
      auth::Caller::System(), ModelLabelling(text, "clothing", "household_appliances"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_NE(second->digest, first->digest);
  EXPECT_EQ(classify(other),
            std::pair(std::string("clothing"), "model:" + second->digest.substr(0, 16)));
  Result<std::optional<ClassifierModelInfo>> in_use = other.ClassifierInUse(Regulator("370103"));
  ASSERT_TRUE(in_use.ok() && in_use->has_value());
  EXPECT_EQ((*in_use)->id, second->id);
  EXPECT_EQ(Count("complaint_classifier_models"), 2);
  // Retired: the keyword rules again, everywhere.
  ASSERT_TRUE(service_->RetireClassifier(auth::Caller::System()).ok());
  EXPECT_EQ(classify(other), std::pair(std::string("household_appliances"), std::string("rules")));
  EXPECT_EQ(service_->RetireClassifier(auth::Caller::System()).status().code(),
            StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, ComplaintServiceTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::complaint
