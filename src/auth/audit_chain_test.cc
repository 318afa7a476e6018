#include "auth/audit_chain.h"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

namespace zq::auth {
namespace {

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 6; ++i) {
      AuditEntry e;
      e.at = "2026-11-24T00:0" + std::to_string(i) + ":00Z";
      e.actor = "admin";
      e.role = "platform_admin";
      e.action = "entity.upsert";
      e.object = "entity:9137010" + std::to_string(i);
      e.request_id = "req-" + std::to_string(i);
      e.source = "127.0.0.1";
      chain_.Link(entries_.empty() ? nullptr : &entries_.back(), e);
      entries_.push_back(e);
    }
  }

  AuditChain chain_{std::string(32, 'a')};
  std::vector<AuditEntry> entries_;
};

TEST_F(AuditChainTest, IntactChainVerifies) {
  EXPECT_FALSE(chain_.Verify(entries_).has_value());
  EXPECT_FALSE(chain_.Verify(entries_, 6).has_value());
}

TEST_F(AuditChainTest, AlteredFieldIsNamed) {
  entries_[3].actor = "intruder";
  auto finding = chain_.Verify(entries_);
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->kind, ChainBreak::kAltered);
  EXPECT_EQ(finding->seq, 4);
}

TEST_F(AuditChainTest, AlteredEntryWithRecomputedUnkeyedHashIsStillCaught) {
  // An intruder who rewrites entry 2 and fixes its hash without the key cannot make it verify.
  entries_[1].action = "entity.delete";
  entries_[1].hash = AuditChain(std::string(32, 'b')).HashOf(entries_[1]);
  auto finding = chain_.Verify(entries_);
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->seq, 2);
}

TEST_F(AuditChainTest, RemovedEntryIsNamed) {
  entries_.erase(entries_.begin() + 2);
  auto finding = chain_.Verify(entries_);
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->kind, ChainBreak::kRemoved);
  EXPECT_EQ(finding->seq, 3);
}

TEST_F(AuditChainTest, RemovedTailIsFoundWithTheExpectedCount) {
  entries_.pop_back();
  EXPECT_FALSE(chain_.Verify(entries_).has_value());
  auto finding = chain_.Verify(entries_, 6);
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->kind, ChainBreak::kRemoved);
  EXPECT_EQ(finding->seq, 6);
}

TEST_F(AuditChainTest, ReorderedEntriesAreNamed) {
  std::swap(entries_[1], entries_[2]);
  auto finding = chain_.Verify(entries_);
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->kind, ChainBreak::kRemoved);  // seq 3 arrives where 2 was expected
  EXPECT_EQ(finding->seq, 2);
}

TEST_F(AuditChainTest, RenumberedSwapIsCaughtAsAlteration) {
  // Swapping two entries and renumbering them keeps seq in order but breaks the hashes.
  std::swap(entries_[1], entries_[2]);
  std::swap(entries_[1].seq, entries_[2].seq);
  auto finding = chain_.Verify(entries_);
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->kind, ChainBreak::kAltered);
  EXPECT_EQ(finding->seq, 2);
}

TEST_F(AuditChainTest, EntryMovedBackwardsIsReordering) {
  entries_.push_back(entries_[0]);
  auto finding = chain_.Verify(entries_);
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->kind, ChainBreak::kReordered);
}

}  // namespace
}  // namespace zq::auth
