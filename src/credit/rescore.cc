#include "credit/rescore.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "credit/internal/batch_scorer.h"
#include "credit/internal/credit_sql.h"
#include "credit/scoring.h"

namespace zq::credit {
namespace {

using store::Value;

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
  // At least a few ranges per thread, so that every thread has work on a small table too.
  const std::int64_t least = options.threads > 1 ? 4 * std::int64_t{options.threads} : 1;
  const std::int64_t count =
      std::min<std::int64_t>(std::max((last - first) / per_range + 1, least), 100000);
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

// Strings of many rows in one buffer: no allocation per row once the buffer has grown.
class Arena {
 public:
  void clear() {
    text_.clear();
    spans_.clear();
  }

  std::size_t size() const { return spans_.size(); }

  bool empty() const { return spans_.empty(); }

  void push_back(std::string_view s) {
    spans_.emplace_back(text_.size(), s.size());
    text_.append(s);
  }

  // Replaces the last string (its old text stays unused until clear()).
  void set_back(std::string_view s) {
    spans_.back() = {text_.size(), s.size()};
    text_.append(s);
  }

  std::string_view operator[](std::size_t i) const {
    return std::string_view(text_).substr(spans_[i].first, spans_[i].second);
  }

  std::string_view back() const { return (*this)[spans_.size() - 1]; }

 private:
  std::string text_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // (offset, length)
};

// The latest grade row of each entity, reduced to what internal::Changed compares: labels as
// indexes into the rule set's axes (-1: a label this rule set does not have), the rule version as
// same-or-not.
struct LatestOutcome {
  std::int8_t risk_index = -1;
  std::int8_t grade_index = -1;
  bool abnormal_listed = false;
  bool serious_listed = false;
  bool same_version = false;
};

int LabelIndex(const Axis& axis, std::string_view label) {
  const auto it = std::find(axis.labels.begin(), axis.labels.end(), label);
  return it == axis.labels.end() ? -1 : static_cast<int>(it - axis.labels.begin());
}

// Scores ranges of entities: reads a range's latest grades and its events in (uscc, id) order
// into compact arrays (USCCs and regions in arenas, events as 32-byte records with an interned
// type: nothing allocated per row once the buffers have grown), then scores each entity with the
// batch scorer and makes a grade row only for an entity whose outcome changed.
class RangeScorer {
 public:
  RangeScorer(const RuleSet& rules, std::int32_t as_of, const std::string& computed_at)
      : scorer_(rules, as_of), computed_at_(computed_at) {}

  Result<RangeOutput> Score(store::Transaction& tx, const Range& range) {
    const std::vector<Value> both = {range.lo, range.hi};
    const std::span<const Value> params =
        range.hi.empty() ? std::span<const Value>(both).first(1) : std::span<const Value>(both);
    const std::string_view where =
        range.hi.empty() ? " WHERE uscc >= ?" : " WHERE uscc >= ? AND uscc < ?";
    ZQ_RETURN_IF_ERROR(ReadLatest(tx, where, params));
    ZQ_RETURN_IF_ERROR(ReadEvents(tx, where, params));
    RangeOutput out;
    out.events = static_cast<std::int64_t>(events_.size());
    out.entities = static_cast<std::int64_t>(usccs_.size());
    std::size_t cursor = 0;
    for (std::size_t k = 0; k < usccs_.size(); ++k) {
      const std::span<const internal::CompactEvent> events(events_.data() + first_[k],
                                                           first_[k + 1] - first_[k]);
      const internal::BatchOutcome o = scorer_.Score(events);
      const LatestOutcome* last = FindLatest(usccs_[k], cursor);
      if (last != nullptr && last->same_version && last->risk_index == o.risk_index &&
          last->grade_index == o.grade_index && last->abnormal_listed == o.abnormal_listed &&
          last->serious_listed == o.serious_listed) {
        continue;
      }
      scorer_.ToScoring(events, scoring_);
      out.rows.push_back(internal::GradeRow(internal::GradeFor(
          usccs_[k], regions_[k], scorer_.ToAssessment(o), scoring_, computed_at_)));
    }
    return out;
  }

 private:
  // Rows come in (uscc, id) order: the last one of each USCC is its latest.
  Status ReadLatest(store::Transaction& tx, std::string_view where, std::span<const Value> params) {
    latest_keys_.clear();
    latest_.clear();
    by_key_.clear();
    in_byte_order_ = true;
    const RuleSet& rules = scorer_.rules();
    return tx.Scan(
        std::string("SELECT uscc, risk_class, grade, abnormal_listed, serious_listed, "
                    "rule_version FROM credit_grades") +
            std::string(where) + " ORDER BY uscc, id",
        params, [&](const store::RowView& r) {
          const std::string_view uscc = r.Text(0);
          if (latest_keys_.empty() || latest_keys_.back() != uscc) {
            in_byte_order_ = in_byte_order_ && (latest_keys_.empty() || latest_keys_.back() < uscc);
            latest_keys_.push_back(uscc);
            latest_.emplace_back();
          }
          LatestOutcome& l = latest_.back();
          l.risk_index = static_cast<std::int8_t>(LabelIndex(rules.risk_axis(), r.Text(1)));
          l.grade_index = static_cast<std::int8_t>(LabelIndex(rules.grade_axis(), r.Text(2)));
          l.abnormal_listed = r.Int(3) != 0;
          l.serious_listed = r.Int(4) != 0;
          l.same_version = r.Text(5) == rules.version();
          return true;
        });
  }

  Status ReadEvents(store::Transaction& tx, std::string_view where, std::span<const Value> params) {
    usccs_.clear();
    regions_.clear();
    first_.clear();
    events_.clear();
    Status failure;
    ZQ_RETURN_IF_ERROR(
        tx.Scan(std::string("SELECT uscc, id, event_type, occurred_on, display_until, region_code, "
                            "ends_event_id, severity FROM credit_events") +
                    std::string(where) + " ORDER BY uscc, id",
                params, [&](const store::RowView& r) {
                  failure = Add(r);
                  return failure.ok();
                }));
    ZQ_RETURN_IF_ERROR(failure);
    first_.push_back(events_.size());
    return Status::Ok();
  }

  Status Add(const store::RowView& r) {
    const std::string_view uscc = r.Text(0);
    const std::string_view region = r.Text(5);
    if (usccs_.empty() || usccs_.back() != uscc) {
      in_byte_order_ = in_byte_order_ && (usccs_.empty() || usccs_.back() < uscc);
      usccs_.push_back(uscc);
      regions_.push_back(region);
      first_.push_back(events_.size());
    } else if (regions_.back() != region) {
      regions_.set_back(region);  // an entity's region is its latest event's
    }
    internal::CompactEvent e;
    e.id = r.Int(1);
    e.type = scorer_.TypeIndex(r.Text(2));
    ZQ_ASSIGN_OR_RETURN(e.occurred, DayNumber(r.Text(3), "occurred_on"));
    const std::string_view until = r.Text(4);
    if (!until.empty()) {
      ZQ_ASSIGN_OR_RETURN(e.display_until, DayNumber(until, "display_until"));
    }
    e.ends_event = r.Int(6);
    e.severity = static_cast<std::int32_t>(r.Int(7));
    events_.push_back(e);
    return Status::Ok();
  }

  // The latest outcome of `uscc`, or nullptr. Entities and their latest rows come in the
  // database's order, which for USCCs is byte order: a cursor then moves forward through the
  // latest rows. Keys out of byte order (other text under another collation) are looked up by
  // binary search in a sorted index instead.
  const LatestOutcome* FindLatest(std::string_view uscc, std::size_t& cursor) {
    if (in_byte_order_) {
      while (cursor < latest_keys_.size() && latest_keys_[cursor] < uscc) ++cursor;
      const bool found = cursor < latest_keys_.size() && latest_keys_[cursor] == uscc;
      return found ? &latest_[cursor] : nullptr;
    }
    if (by_key_.size() != latest_keys_.size()) {
      by_key_.resize(latest_keys_.size());
      for (std::size_t i = 0; i < by_key_.size(); ++i) by_key_[i] = i;
      std::sort(by_key_.begin(), by_key_.end(),
                [&](std::size_t x, std::size_t y) { return latest_keys_[x] < latest_keys_[y]; });
    }
    const auto it = std::lower_bound(
        by_key_.begin(), by_key_.end(), uscc,
        [&](std::size_t i, std::string_view key) { return latest_keys_[i] < key; });
    return it != by_key_.end() && latest_keys_[*it] == uscc ? &latest_[*it] : nullptr;
  }

  internal::BatchScorer scorer_;
  const std::string& computed_at_;
  Arena latest_keys_;
  std::vector<LatestOutcome> latest_;
  std::vector<std::size_t> by_key_;  // latest rows by key, when not in byte order
  bool in_byte_order_ = true;        // the latest rows' keys, then the entities' too
  Arena usccs_;
  Arena regions_;
  std::vector<std::size_t> first_;  // index of each entity's first event, then events_.size()
  std::vector<internal::CompactEvent> events_;
  std::vector<ScoringEvent> scoring_;  // a changed entity's events, for its grade row
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
