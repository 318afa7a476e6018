// The naive Bayes model on a tiny example computed by hand, its model file, and its refusals.
#include "complaint/text_classifier.h"

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/status_is.h"

namespace zq::complaint {
namespace {

using status_matchers::StatusIs;
using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// x: "a a b", "a"; y: "b c". Vocabulary a, b, c (V = 3), alpha 1.
//   x: counts a 3, b 1, c 0 (4 tokens) → P(a|x) = 4/7, P(b|x) = 2/7, P(c|x) = 1/7
//   y: counts a 0, b 1, c 1 (2 tokens) → P(a|y) = 1/5, P(b|y) = 2/5, P(c|y) = 2/5
//   P(x) = 2/3, P(y) = 1/3
std::vector<TrainingDocument> Tiny() {
  return {{.tokens = {"a", "a", "b"}, .label = "x"},
          {.tokens = {"b", "c"}, .label = "y"},
          {.tokens = {"a"}, .label = "x"}};
}

NaiveBayesModel TinyModel() {
  Result<NaiveBayesModel> m = NaiveBayesModel::Train(Tiny(), {.alpha = 1, .tokenizer = "t"});
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return std::move(m).value();
}

TEST(NaiveBayesModel, LogProbabilitiesAreTheSmoothedFrequenciesComputedByHand) {
  const NaiveBayesModel m = TinyModel();
  EXPECT_THAT(m.labels(), ElementsAre("x", "y"));
  EXPECT_THAT(m.label_documents(), ElementsAre(2U, 1U));
  EXPECT_THAT(m.log_priors(),
              ElementsAre(DoubleEq(std::log(2.0 / 3)), DoubleEq(std::log(1.0 / 3))));
  ASSERT_THAT(m.vocabulary(), ElementsAre("a", "b", "c"));
  const double expected[3][2] = {{4.0 / 7, 1.0 / 5}, {2.0 / 7, 2.0 / 5}, {1.0 / 7, 2.0 / 5}};
  for (std::size_t t = 0; t < 3; ++t) {
    for (std::size_t c = 0; c < 2; ++c)
      EXPECT_DOUBLE_EQ(m.LogProbability(t, c), std::log(expected[t][c])) << t << "," << c;
  }
}

TEST(NaiveBayesModel, ScoresSumTheCountsOfKnownTokensAndThePrior) {
  const NaiveBayesModel m = TinyModel();
  // "c c z": z is unknown and ignored.
  const std::vector<std::string> d = {"c", "c", "z"};
  EXPECT_THAT(m.Scores(d), ElementsAre(DoubleEq(std::log(2.0 / 3) + 2 * std::log(1.0 / 7)),
                                       DoubleEq(std::log(1.0 / 3) + 2 * std::log(2.0 / 5))));
  EXPECT_EQ(m.Predict(d), "y");
  EXPECT_EQ(m.Predict(std::vector<std::string>{"a"}), "x");
  EXPECT_EQ(m.Predict(std::vector<std::string>{}), "x");  // the prior alone
}

TEST(NaiveBayesModel, ATieGoesToTheFirstLabelInByteOrder) {
  const std::vector<TrainingDocument> docs = {{.tokens = {"p"}, .label = "b"},
                                              {.tokens = {"q"}, .label = "a"}};
  const NaiveBayesModel m = NaiveBayesModel::Train(docs, {}).value();
  EXPECT_THAT(m.labels(), ElementsAre("a", "b"));
  EXPECT_EQ(m.Predict(std::vector<std::string>{"p", "q"}), "a");
  EXPECT_EQ(m.Predict(std::vector<std::string>{"p"}), "b");
}

TEST(NaiveBayesModel, TheModelFileReadsBackAsTheSameModel) {
  const NaiveBayesModel m = TinyModel();
  const std::string file = m.Serialize();
  EXPECT_THAT(file, HasSubstr("zq-complaint-nb\t1\ntokenizer\tt\nalpha\t1\ndocuments\t3\n"));
  const Result<NaiveBayesModel> back = NaiveBayesModel::Parse(file);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->Serialize(), file);
  EXPECT_EQ(back->tokenizer(), "t");
  for (std::size_t t = 0; t < 3; ++t) {
    for (std::size_t c = 0; c < 2; ++c)
      EXPECT_EQ(back->LogProbability(t, c), m.LogProbability(t, c));  // bit for bit
  }
  EXPECT_EQ(back->Predict(std::vector<std::string>{"c", "c"}), "y");
}

TEST(NaiveBayesModel, ABrokenModelFileIsRefusedNamingTheLine) {
  const std::string good = TinyModel().Serialize();
  const auto refused = [](const std::string& text, const std::string& message) {
    const Status s = NaiveBayesModel::Parse(text).status();
    EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument, "model")) << text;
    EXPECT_THAT(s.message(), HasSubstr(message)) << text;
  };
  refused("", "line 1: the file ends early");
  refused("id,text\n1,x\n", "line 1: not a zq-complaint-nb model file");
  refused("zq-complaint-nb\t2\n", "line 1: format version 2");
  refused(good.substr(0, good.rfind("c\t")), "line 11: the file ends early");
  std::string short_row = good;
  short_row.replace(short_row.find("\nb\t"), 3, "\nb\t1\t");
  refused(short_row, "line 10: expected a term and 2 log-probabilities");
  std::string nan = good;
  nan.replace(nan.find("alpha\t1"), 7, "alpha\tnan");
  refused(nan, "line 3: \"nan\" is not a finite number");
  std::string order = good;
  order.replace(order.find("\nb\t"), 3, "\na\t");
  refused(order, "line 10: terms must be unique and in byte order");
  refused(good + "extra\n", "text after the vocabulary");
}

TEST(NaiveBayesModel, TrainingRefusesWhatCannotBeAModel) {
  EXPECT_THAT(NaiveBayesModel::Train({}, {}).status(),
              StatusIs(StatusCode::kInvalidArgument, "rows"));
  std::vector<TrainingDocument> docs = Tiny();
  EXPECT_THAT(NaiveBayesModel::Train(docs, {.alpha = 0}).status(),
              StatusIs(StatusCode::kInvalidArgument, "alpha"));
  docs[1].label = "";
  EXPECT_THAT(NaiveBayesModel::Train(docs, {}).status(),
              StatusIs(StatusCode::kInvalidArgument, "label"));
  docs = Tiny();
  docs[2].tokens = {"a b"};
  EXPECT_THAT(NaiveBayesModel::Train(docs, {}).status(),
              StatusIs(StatusCode::kInvalidArgument, "tokens"));
}

}  // namespace
}  // namespace zq::complaint
