#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

// 投诉分类模型: the trainable classifier of complaint texts (issue 19), beside the keyword rules
// of classification.h. Pure: no files, no database; `zq complaint classifier train` and
// `zq complaint classify` (complaint_commands.cc) read and write the files.
namespace zq::complaint {

// One labelled text as the model sees it: its tokens (Tokenizer::Tokens) and its label.
struct TrainingDocument {
  std::vector<std::string> tokens;
  std::string label;
};

struct TrainingOptions {
  double alpha = 1.0;     // Laplace (add-alpha) smoothing, > 0
  std::string tokenizer;  // the Tokenizer::Name() that made the tokens, recorded in the model
};

// Multinomial naive Bayes over term counts, the model of scikit-learn's
// MultinomialNB(alpha, fit_prior=True) on CountVectorizer counts:
//   log P(c)     = log(documents of c / documents)
//   log P(t | c) = log((count of t in c + alpha) / (tokens in c + alpha · vocabulary size))
//   score(d, c)  = log P(c) + Σ over the known tokens t of d: count(t, d) · log P(t | c)
// Tokens outside the vocabulary are ignored. The prediction is the label of the highest score;
// labels are kept in byte order (sklearn's classes_), and a tie goes to the first of them, as
// numpy's argmax does. Immutable once made; const methods are thread-safe.
class NaiveBayesModel {
 public:
  // kInvalidArgument: no documents (field "rows"), an empty label or one holding a tab or line
  // end (field "label"), a token holding white space (field "tokens"), alpha not > 0 ("alpha").
  static Result<NaiveBayesModel> Train(std::span<const TrainingDocument> documents,
                                       const TrainingOptions& options);

  // The model file written by Serialize. kInvalidArgument (field "model") naming the line for a
  // file that is not one, of another format version, or inconsistent.
  static Result<NaiveBayesModel> Parse(std::string_view text);

  // A versioned plain-text (TSV) model file:
  //   zq-complaint-nb <TAB> 1
  //   tokenizer <TAB> icu-word        alpha <TAB> 1        documents <TAB> 1500
  //   labels <TAB> L, then L lines: label <TAB> code <TAB> documents <TAB> log P(c)
  //   vocabulary <TAB> V, then V lines: term <TAB> log P(t | c) for each label in label order
  // Doubles are written with 17 significant digits, so Parse(Serialize()) is the same model.
  std::string Serialize() const;

  // score(tokens, c) for each label, in labels() order.
  std::vector<double> Scores(std::span<const std::string> tokens) const;
  // The label of the highest score (the first label on a tie).
  const std::string& Predict(std::span<const std::string> tokens) const;

  const std::vector<std::string>& labels() const { return labels_; }

  const std::vector<std::size_t>& label_documents() const { return label_documents_; }

  const std::vector<double>& log_priors() const { return log_priors_; }

  // Terms in byte order; LogProbability(term index, label index) = log P(t | c).
  const std::vector<std::string>& vocabulary() const { return vocabulary_; }

  double LogProbability(std::size_t term, std::size_t label) const {
    return log_probabilities_[term * labels_.size() + label];
  }

  // The index of `term` in vocabulary(), or npos.
  std::size_t TermIndex(const std::string& term) const;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  double alpha() const { return alpha_; }

  const std::string& tokenizer() const { return tokenizer_; }

  std::size_t documents() const { return documents_; }

 private:
  NaiveBayesModel() = default;
  void IndexTerms();

  std::string tokenizer_;
  double alpha_ = 1.0;
  std::size_t documents_ = 0;
  std::vector<std::string> labels_;
  std::vector<std::size_t> label_documents_;
  std::vector<double> log_priors_;
  std::vector<std::string> vocabulary_;
  std::vector<double> log_probabilities_;  // term-major: [term * labels + label]
  std::unordered_map<std::string, std::size_t> term_index_;
};

}  // namespace zq::complaint
