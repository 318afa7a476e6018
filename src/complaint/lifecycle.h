#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"

// The two case kinds and their state machines. A submission that holds both a complaint and a
// report becomes one case of each, handled apart (Order 20 Art. 7).
//
//   complaint: received ─accept→ accepted ─mediate→ mediating ─agree→ agreed ─close→ closed
//              received ─refuse→ refused ─close→ closed      mediating/accepted ─terminate→
//              terminated ─close→ closed
//   report:    received ─accept→ verifying (─extend→ verifying) ─open→ opened ─close→ closed
//                                          ─not_open→ not_opened ─close→ closed
//   both:      received ─return→ returned ─dispatch→ received (central intake sends it on, Art. 37)
//              received ─merge→ merged (a repeat of an earlier case, linked to it)
//              closed ─reopen→ the state before closing (history kept)
//   pause/resume stop and restart the running timer's clock in accepted, mediating (complaint)
//   and verifying (report) without changing the state.
namespace zq::complaint {

enum class Kind { kComplaint, kReport };  // 投诉, 举报: "complaint", "report"

enum class State {
  kReceived,    // 收到, waiting for the competent office's decision
  kReturned,    // sent back by a non-competent office, with the competent one named
  kAccepted,    // complaint: 受理
  kRefused,     // complaint: 不予受理 (Art. 15 ground)
  kMediating,   // complaint: 调解中
  kAgreed,      // complaint: 调解成功
  kTerminated,  // complaint: 终止调解 (Art. 21 ground)
  kVerifying,   // report: 核查中
  kOpened,      // report: 立案
  kNotOpened,   // report: 不予立案
  kClosed,      // 办结
  kMerged,      // 重复: a repeat of an earlier case, linked to it and handled there
};

enum class Action {
  kAccept,
  kRefuse,
  kReturn,
  kDispatch,
  kMediate,
  kAgree,
  kTerminate,
  kExtend,
  kOpen,
  kNotOpen,
  kClose,
  kPause,   // the running timer's clock stops (testing: Art. 20; 处罚程序规定 Art. 18)
  kResume,  // it runs again; the paused working days are not counted
  kMerge,   // a repeat of an earlier case: linked to it and closed as merged
  kReopen,  // a closed case returns to the state it was closed from
};

std::string_view KindName(Kind k);
Result<Kind> ParseKind(std::string_view text);  // kInvalidArgument field "kind"
std::string_view StateName(State s);
Result<State> ParseState(std::string_view text);  // kInvalidArgument field "state"
std::string_view ActionName(Action a);
Result<Action> ParseAction(std::string_view text);  // kInvalidArgument field "action"

// The state `action` leads to from `from` for a case of `kind`; kFailedPrecondition (field
// "state") naming the state when the action is not allowed there.
Result<State> Next(Kind kind, State from, Action action);

// The actions allowed in `state` for a case of `kind`, in declaration order.
std::vector<Action> ActionsIn(Kind kind, State state);

// False for a state where the case is finished (closed, merged) or out of the office's hands
// (returned).
bool IsOpen(State s);

}  // namespace zq::complaint
