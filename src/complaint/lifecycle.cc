// The state machines of complaints and reports (lifecycle.h).
#include "complaint/lifecycle.h"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace zq::complaint {
namespace {

constexpr std::array<std::pair<State, std::string_view>, 12> kStateNames = {{
    {State::kReceived, "received"},
    {State::kReturned, "returned"},
    {State::kAccepted, "accepted"},
    {State::kRefused, "refused"},
    {State::kMediating, "mediating"},
    {State::kAgreed, "agreed"},
    {State::kTerminated, "terminated"},
    {State::kVerifying, "verifying"},
    {State::kOpened, "opened"},
    {State::kNotOpened, "not_opened"},
    {State::kClosed, "closed"},
    {State::kMerged, "merged"},
}};

constexpr std::array<std::pair<Action, std::string_view>, 15> kActionNames = {{
    {Action::kAccept, "accept"},
    {Action::kRefuse, "refuse"},
    {Action::kReturn, "return"},
    {Action::kDispatch, "dispatch"},
    {Action::kMediate, "mediate"},
    {Action::kAgree, "agree"},
    {Action::kTerminate, "terminate"},
    {Action::kExtend, "extend"},
    {Action::kOpen, "open"},
    {Action::kNotOpen, "not_open"},
    {Action::kClose, "close"},
    {Action::kPause, "pause"},
    {Action::kResume, "resume"},
    {Action::kMerge, "merge"},
    {Action::kReopen, "reopen"},
}};

struct Transition {
  Kind kind;
  State from;
  Action action;
  State to;
};

constexpr Transition kTransitions[] = {
    {Kind::kComplaint, State::kReceived, Action::kAccept, State::kAccepted},
    {Kind::kComplaint, State::kReceived, Action::kRefuse, State::kRefused},
    {Kind::kComplaint, State::kReceived, Action::kReturn, State::kReturned},
    {Kind::kComplaint, State::kReturned, Action::kDispatch, State::kReceived},
    {Kind::kComplaint, State::kAccepted, Action::kMediate, State::kMediating},
    {Kind::kComplaint, State::kAccepted, Action::kTerminate, State::kTerminated},
    {Kind::kComplaint, State::kMediating, Action::kAgree, State::kAgreed},
    {Kind::kComplaint, State::kMediating, Action::kTerminate, State::kTerminated},
    {Kind::kComplaint, State::kRefused, Action::kClose, State::kClosed},
    {Kind::kComplaint, State::kAgreed, Action::kClose, State::kClosed},
    {Kind::kComplaint, State::kTerminated, Action::kClose, State::kClosed},
    {Kind::kReport, State::kReceived, Action::kAccept, State::kVerifying},
    {Kind::kReport, State::kReceived, Action::kReturn, State::kReturned},
    {Kind::kReport, State::kReturned, Action::kDispatch, State::kReceived},
    {Kind::kReport, State::kVerifying, Action::kExtend, State::kVerifying},
    {Kind::kReport, State::kVerifying, Action::kOpen, State::kOpened},
    {Kind::kReport, State::kVerifying, Action::kNotOpen, State::kNotOpened},
    {Kind::kReport, State::kOpened, Action::kClose, State::kClosed},
    {Kind::kReport, State::kNotOpened, Action::kClose, State::kClosed},
    // The clock of the running timer stops and restarts; the state stays (workflow.cc checks
    // that it is running or paused).
    {Kind::kComplaint, State::kAccepted, Action::kPause, State::kAccepted},
    {Kind::kComplaint, State::kMediating, Action::kPause, State::kMediating},
    {Kind::kComplaint, State::kAccepted, Action::kResume, State::kAccepted},
    {Kind::kComplaint, State::kMediating, Action::kResume, State::kMediating},
    {Kind::kReport, State::kVerifying, Action::kPause, State::kVerifying},
    {Kind::kReport, State::kVerifying, Action::kResume, State::kVerifying},
    {Kind::kComplaint, State::kReceived, Action::kMerge, State::kMerged},
    {Kind::kReport, State::kReceived, Action::kMerge, State::kMerged},
    // Reopening returns to the state the case was closed from (workflow.cc reads it from the
    // history); the table only says that a closed case may be reopened.
    {Kind::kComplaint, State::kClosed, Action::kReopen, State::kClosed},
    {Kind::kReport, State::kClosed, Action::kReopen, State::kClosed},
};

template <class E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& names, E e) {
  for (const auto& [value, name] : names) {
    if (value == e)
      return name;
  }
  return names[0].second;
}

template <class E, std::size_t N>
Result<E> Parse(const std::array<std::pair<E, std::string_view>, N>& names, std::string_view text,
                std::string_view field) {
  for (const auto& [value, name] : names) {
    if (name == text)
      return value;
  }
  std::string all;
  for (const auto& [value, name] : names) all += all.empty() ? name : fmt::format(", {}", name);
  return Status::InvalidArgument(fmt::format("{} must be one of {}", field, all),
                                 std::string(field));
}

}  // namespace

std::string_view KindName(Kind k) { return k == Kind::kComplaint ? "complaint" : "report"; }

Result<Kind> ParseKind(std::string_view text) {
  if (text == "complaint")
    return Kind::kComplaint;
  if (text == "report")
    return Kind::kReport;
  return Status::InvalidArgument("kind must be complaint or report", "kind");
}

std::string_view StateName(State s) { return NameOf(kStateNames, s); }

Result<State> ParseState(std::string_view text) { return Parse(kStateNames, text, "state"); }

std::string_view ActionName(Action a) { return NameOf(kActionNames, a); }

Result<Action> ParseAction(std::string_view text) { return Parse(kActionNames, text, "action"); }

Result<State> Next(Kind kind, State from, Action action) {
  for (const Transition& t : kTransitions) {
    if (t.kind == kind && t.from == from && t.action == action)
      return t.to;
  }
  return Status::FailedPrecondition(fmt::format("a {} in state {} cannot {}", KindName(kind),
                                                StateName(from), ActionName(action)),
                                    "state");
}

std::vector<Action> ActionsIn(Kind kind, State state) {
  std::vector<Action> out;
  for (const auto& [action, name] : kActionNames) {
    if (Next(kind, state, action).ok())
      out.push_back(action);
  }
  return out;
}

bool IsOpen(State s) { return s != State::kClosed && s != State::kReturned && s != State::kMerged; }

}  // namespace zq::complaint
