#include "inspection/results.h"

#include <algorithm>

namespace zq::inspection {

std::string_view VerdictName(Verdict verdict) {
  return verdict == Verdict::kPass ? "pass" : "fail";
}

Result<Verdict> ParseVerdict(std::string_view text, std::string_view field) {
  if (text == "pass")
    return Verdict::kPass;
  if (text == "fail")
    return Verdict::kFail;
  return Status::InvalidArgument("a verdict is \"pass\" or \"fail\"", std::string(field));
}

Verdict BatchVerdictOf(const std::vector<TestItem>& items) {
  return std::any_of(items.begin(), items.end(),
                     [](const TestItem& i) { return i.verdict == Verdict::kFail; })
             ? Verdict::kFail
             : Verdict::kPass;
}

std::string_view AppealKindName(AppealKind kind) {
  return kind == AppealKind::kObjection ? "objection" : "retest";
}

Result<AppealKind> ParseAppealKind(std::string_view text) {
  if (text == "objection")
    return AppealKind::kObjection;
  if (text == "retest")
    return AppealKind::kRetest;
  return Status::InvalidArgument("kind is \"objection\" (异议) or \"retest\" (复检)", "kind");
}

std::string_view EscalationStepName(int level) {
  switch (level) {
    case 1:
      return "public_notice";  // 公告
    case 2:
      return "suspension";  // 责令停业整顿
    case 3:
      return "licence_revoked";  // 吊销营业执照
    default:
      return "none";
  }
}

}  // namespace zq::inspection
