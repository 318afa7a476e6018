#include "credit/rescore.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "credit/internal/credit_sql.h"
#include "credit/scoring.h"

namespace zq::credit {
namespace {

using store::Row;
using store::Value;

std::string_view TextAt(const Row& r, std::size_t i) {
  const auto* text = std::get_if<std::string>(&r[i]);
  return text == nullptr ? std::string_view() : std::string_view(*text);
}

// What internal::Changed compares, of an assessment (the rest of the row only when it is written).
GradeRecord Outcome(const Assessment& a) {
  GradeRecord g;
  g.risk_class = a.risk_class;
  g.grade = a.grade;
  g.abnormal_listed = a.abnormal_listed;
  g.serious_listed = a.serious_listed;
  g.rule_version = a.rule_version;
  return g;
}

// A USCC range [lo, hi); `hi` empty: no upper bound ("" is below every USCC).
struct Range {
  std::string lo;
  std::string hi;
};

// Split points only of the shape every USCC has ([0-9A-Z], 18 characters): such strings sort the
// same way in std::string, SQLite (BINARY) and PostgreSQL (C and en_US-style collations), so the
// ranges partition the database's own order exactly.
bool IsPlainUscc(std::string_view s) {
  return s.size() == 18 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
         });
}

// Quantiles of the USCCs of evenly spaced event ids: ranges of about `events_per_range` events
// each, without scanning the table (one primary-key look-up per split).
Result<std::vector<Range>> PlanRanges(store::Database& db, const RescoreOptions& options) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet bounds,
                      tx->Query("SELECT MIN(id), MAX(id) FROM credit_events"));
  const std::int64_t first = bounds.rows.at(0).GetInt(0);
  const std::int64_t last = bounds.rows.at(0).GetInt(1);
  const std::int64_t per_range = std::max<std::int64_t>(options.events_per_range, 1);
  const std::int64_t count = std::min<std::int64_t>((last - first) / per_range + 1, 100000);
  std::vector<std::string> splits;
  for (std::int64_t k = 1; k < count; ++k) {
    const std::vector<Value> id = {first + (last - first) * k / count};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet rs,
        tx->Query("SELECT uscc FROM credit_events WHERE id >= ? ORDER BY id LIMIT 1", id));
    if (!rs.rows.empty() && IsPlainUscc(rs.rows[0].GetText(0)))
      splits.push_back(rs.rows[0].GetText(0));
  }
  std::sort(splits.begin(), splits.end());
  splits.erase(std::unique(splits.begin(), splits.end()), splits.end());
  std::vector<Range> ranges;
  std::string lo;
  for (std::string& s : splits) {
    ranges.push_back({lo, s});
    lo = std::move(s);
  }
  ranges.push_back({lo, ""});
  return ranges;
}

// One range's grade rows to write, and its counts.
struct RangeOutput {
  std::vector<std::vector<Value>> rows;
  std::int64_t entities = 0;
  std::int64_t events = 0;
};

class RangeScorer {
 public:
  RangeScorer(const RuleSet& rules, std::int32_t as_of, const std::string& computed_at)
      : rules_(rules), as_of_(as_of), computed_at_(computed_at) {}

  Result<RangeOutput> Score(store::Transaction& tx, const Range& range) {
    out_ = RangeOutput();
    latest_.clear();
    const std::vector<Value> both = {range.lo, range.hi};
    const std::span<const Value> params =
        range.hi.empty() ? std::span<const Value>(both).first(1) : std::span<const Value>(both);
    const std::string_view where =
        range.hi.empty() ? " WHERE uscc >= ?" : " WHERE uscc >= ? AND uscc < ?";
    // Rows come in (uscc, id) order: the last one of each USCC is its latest.
    ZQ_RETURN_IF_ERROR(
        tx.QueryEach(std::string("SELECT uscc, risk_class, grade, abnormal_listed, serious_listed, "
                                 "rule_version FROM credit_grades") +
                         std::string(where) + " ORDER BY uscc, id",
                     params, [&](const Row& r) {
                       GradeRecord& l = latest_[std::string(TextAt(r, 0))];
                       l.risk_class = TextAt(r, 1);
                       l.grade = TextAt(r, 2);
                       l.abnormal_listed = r.GetInt(3) != 0;
                       l.serious_listed = r.GetInt(4) != 0;
                       l.rule_version = TextAt(r, 5);
                       return true;
                     }));
    Status failure;
    ZQ_RETURN_IF_ERROR(tx.QueryEach(
        std::string("SELECT uscc, id, event_type, occurred_on, display_until, region_code, "
                    "ends_event_id, severity FROM credit_events") +
            std::string(where) + " ORDER BY uscc, id",
        params, [&](const Row& r) {
          failure = Add(r);
          return failure.ok();
        }));
    ZQ_RETURN_IF_ERROR(failure);
    FinishEntity();
    return std::move(out_);
  }

 private:
  Status Add(const Row& r) {
    const std::string_view uscc = TextAt(r, 0);
    if (uscc != uscc_) {
      FinishEntity();
      uscc_ = uscc;
      events_.clear();
    }
    const std::string_view region = TextAt(r, 5);
    if (region != region_)
      region_ = region;
    ++out_.events;
    const std::string_view type = TextAt(r, 2);
    auto it = types_.find(type);
    if (it == types_.end())
      it = types_.emplace(type).first;
    ScoringEvent e;
    e.id = r.GetInt(1);
    e.type = *it;
    ZQ_ASSIGN_OR_RETURN(e.occurred, DayNumber(TextAt(r, 3), "occurred_on"));
    const std::string_view until = TextAt(r, 4);
    if (!until.empty()) {
      ZQ_ASSIGN_OR_RETURN(e.display_until, DayNumber(until, "display_until"));
    }
    e.ends_event = r.GetInt(6);
    e.severity = static_cast<int>(r.GetInt(7));
    events_.push_back(e);
    return Status::Ok();
  }

  void FinishEntity() {
    if (uscc_.empty())
      return;
    ++out_.entities;
    const Assessment a = Assess(rules_, events_, as_of_);
    const auto last = latest_.find(uscc_);
    if (last == latest_.end() || internal::Changed(last->second, Outcome(a))) {
      out_.rows.push_back(
          internal::GradeRow(internal::GradeFor(uscc_, region_, a, events_, computed_at_)));
    }
    uscc_.clear();
  }

  const RuleSet& rules_;
  const std::int32_t as_of_;
  const std::string& computed_at_;
  // Event type names live here (nodes never move); scoring events point into it.
  std::unordered_set<std::string, StringHash, std::equal_to<>> types_;
  std::unordered_map<std::string, GradeRecord, StringHash, std::equal_to<>> latest_;  // class etc.
  RangeOutput out_;
  std::string uscc_;
  std::string region_;
  std::vector<ScoringEvent> events_;
};

// Scored ranges waiting for the writer; bounded so that memory stays bounded.
class Pipeline {
 public:
  explicit Pipeline(int producers) : producers_(producers) {}

  // False when the run has failed (the producer should stop).
  bool Push(RangeOutput out) {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return queue_.size() < kMaxQueued || !failure_.ok(); });
    if (!failure_.ok())
      return false;
    queue_.push_back(std::move(out));
    ready_.notify_one();
    return true;
  }

  void ProducerDone(const Status& s) {
    const std::lock_guard lock(mu_);
    if (!s.ok() && failure_.ok())
      failure_ = s;
    --producers_;
    ready_.notify_all();
    space_.notify_all();
  }

  void Fail(const Status& s) {
    const std::lock_guard lock(mu_);
    if (failure_.ok())
      failure_ = s;
    space_.notify_all();
  }

  // The next scored range; nullopt when every producer is done and the queue is empty, or on
  // failure.
  std::optional<RangeOutput> Pop() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return !queue_.empty() || producers_ == 0 || !failure_.ok(); });
    if (!failure_.ok() || queue_.empty())
      return std::nullopt;
    RangeOutput out = std::move(queue_.front());
    queue_.pop_front();
    space_.notify_one();
    return out;
  }

  Status failure() {
    const std::lock_guard lock(mu_);
    return failure_;
  }

 private:
  static constexpr std::size_t kMaxQueued = 8;
  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<RangeOutput> queue_;
  int producers_;
  Status failure_;
};

}  // namespace

Result<RescoreStats> RescoreAllEntities(store::Database& db, const RuleSet& rules,
                                        std::int32_t as_of, const std::string& computed_at,
                                        const RescoreOptions& options) {
  RescoreStats stats;
  stats.rule_version = rules.version();
  stats.as_of = DayText(as_of);
  ZQ_ASSIGN_OR_RETURN(const std::vector<Range> ranges, PlanRanges(db, options));
  const int threads = std::clamp(options.threads, 1, 4);
  Pipeline pipeline(threads);
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      RangeScorer scorer(rules, as_of, computed_at);
      Status s;
      for (std::size_t k = next++; k < ranges.size() && s.ok(); k = next++) {
        Result<RangeOutput> out = [&]() -> Result<RangeOutput> {
          ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
          return scorer.Score(*tx, ranges[k]);
        }();
        if (!out.ok())
          s = out.status();
        else if (!pipeline.Push(std::move(out).value()))
          break;
      }
      pipeline.ProducerDone(s);
    });
  }
  std::vector<std::vector<Value>> batch;
  const auto flush = [&]() -> Status {
    if (batch.empty())
      return Status::Ok();
    ZQ_RETURN_IF_ERROR(store::InTransaction(db, [&](store::Transaction& tx) {
      return tx.BulkInsert("credit_grades", internal::GradeInsertColumns(), batch);
    }));
    batch.clear();
    return Status::Ok();
  };
  Status written;
  while (std::optional<RangeOutput> out = pipeline.Pop()) {
    stats.entities += out->entities;
    stats.events += out->events;
    stats.changed += static_cast<std::int64_t>(out->rows.size());
    for (std::vector<Value>& row : out->rows) batch.push_back(std::move(row));
    if (batch.size() >= options.batch_size) {
      written = flush();
      if (!written.ok()) {
        pipeline.Fail(written);
        break;
      }
    }
  }
  for (std::thread& w : workers) w.join();
  ZQ_RETURN_IF_ERROR(written);
  ZQ_RETURN_IF_ERROR(pipeline.failure());
  ZQ_RETURN_IF_ERROR(flush());
  return stats;
}

}  // namespace zq::credit
