// Multinomial naive Bayes for complaint texts (text_classifier.h).
#include "complaint/text_classifier.h"

#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace zq::complaint {
namespace {

constexpr std::string_view kMagic = "zq-complaint-nb";
constexpr std::string_view kVersion = "1";

bool HasLineBreakOrTab(std::string_view s) { return s.find_first_of("\t\r\n") != s.npos; }

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == line.npos ? line.npos : tab - start));
    if (tab == line.npos)
      return out;
    start = tab + 1;
  }
}

// Reads the model file line by line, each error naming its line.
class ModelReader {
 public:
  explicit ModelReader(std::string_view text) : text_(text) {}

  Status Error(std::string_view what) const {
    return Status::InvalidArgument(fmt::format("model line {}: {}", line_, what), "model");
  }

  // The next line's tab-separated fields, or an error at the end of the file.
  Result<std::vector<std::string_view>> Next() {
    if (pos_ >= text_.size()) {
      ++line_;
      return Error("the file ends early");
    }
    const std::size_t end = text_.find('\n', pos_);
    std::string_view line = text_.substr(pos_, end == text_.npos ? text_.npos : end - pos_);
    pos_ = end == text_.npos ? text_.size() : end + 1;
    ++line_;
    return SplitTabs(line);
  }

  // The next line as `key <TAB> value`.
  Result<std::string_view> Keyed(std::string_view key) {
    ZQ_ASSIGN_OR_RETURN(std::vector<std::string_view> f, Next());
    if (f.size() != 2 || f[0] != key)
      return Error(fmt::format("expected \"{}<TAB>value\"", key));
    return f[1];
  }

  Result<double> Number(std::string_view s) const {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
      return Error(fmt::format("\"{}\" is not a finite number", s));
    return v;
  }

  Result<std::size_t> Count(std::string_view s) const {
    std::size_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty())
      return Error(fmt::format("\"{}\" is not a count", s));
    return v;
  }

  bool AtEnd() const { return text_.find_first_not_of("\r\n", pos_) == text_.npos; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
};

}  // namespace

Result<NaiveBayesModel> NaiveBayesModel::Train(std::span<const TrainingDocument> documents,
                                               const TrainingOptions& options) {
  if (documents.empty())
    return Status::InvalidArgument("no documents to train on", "rows");
  if (!(options.alpha > 0) || !std::isfinite(options.alpha))
    return Status::InvalidArgument("alpha must be a number above 0", "alpha");
  // Label → documents, term → count per label; std::map keeps both in byte order.
  std::map<std::string, std::size_t> label_documents;
  for (const TrainingDocument& d : documents) {
    if (d.label.empty() || HasLineBreakOrTab(d.label))
      return Status::InvalidArgument("a label is empty or holds a tab or line end", "label");
    ++label_documents[d.label];
  }
  NaiveBayesModel m;
  m.tokenizer_ = options.tokenizer;
  m.alpha_ = options.alpha;
  m.documents_ = documents.size();
  std::map<std::string, std::size_t> label_index;
  for (const auto& [label, n] : label_documents) {
    label_index.emplace(label, m.labels_.size());
    m.labels_.push_back(label);
    m.label_documents_.push_back(n);
  }
  const std::size_t labels = m.labels_.size();
  std::map<std::string, std::vector<double>> counts;
  for (const TrainingDocument& d : documents) {
    const std::size_t c = label_index.at(d.label);
    for (const std::string& t : d.tokens) {
      if (t.empty() || t.find_first_of(" \t\r\n\f\v") != t.npos)
        return Status::InvalidArgument("a token is empty or holds white space", "tokens");
      std::vector<double>& row = counts[t];
      row.resize(labels, 0.0);
      row[c] += 1;
    }
  }
  // sklearn's arithmetic, so that the same counts give the same bits:
  // log(count + alpha) - log(Σ_t (count + alpha)), log(n_c) - log(n).
  std::vector<double> smoothed_total(labels, 0.0);
  for (const auto& [term, row] : counts) {
    for (std::size_t c = 0; c < labels; ++c) smoothed_total[c] += row[c] + m.alpha_;
  }
  m.vocabulary_.reserve(counts.size());
  m.log_probabilities_.reserve(counts.size() * labels);
  for (const auto& [term, row] : counts) {
    m.vocabulary_.push_back(term);
    for (std::size_t c = 0; c < labels; ++c)
      m.log_probabilities_.push_back(std::log(row[c] + m.alpha_) - std::log(smoothed_total[c]));
  }
  for (std::size_t c = 0; c < labels; ++c) {
    m.log_priors_.push_back(std::log(static_cast<double>(m.label_documents_[c])) -
                            std::log(static_cast<double>(m.documents_)));
  }
  m.IndexTerms();
  return m;
}

void NaiveBayesModel::IndexTerms() {
  term_index_.clear();
  term_index_.reserve(vocabulary_.size());
  for (std::size_t i = 0; i < vocabulary_.size(); ++i) term_index_.emplace(vocabulary_[i], i);
}

std::size_t NaiveBayesModel::TermIndex(const std::string& term) const {
  const auto it = term_index_.find(term);
  return it == term_index_.end() ? npos : it->second;
}

std::vector<double> NaiveBayesModel::Scores(std::span<const std::string> tokens) const {
  // The counts of the known terms, summed in vocabulary order as sklearn's sparse product does,
  // then the prior added.
  std::map<std::size_t, double> counts;
  for (const std::string& t : tokens) {
    const std::size_t i = TermIndex(t);
    if (i != npos)
      counts[i] += 1;
  }
  std::vector<double> scores(labels_.size(), 0.0);
  for (const auto& [term, n] : counts) {
    for (std::size_t c = 0; c < labels_.size(); ++c) scores[c] += n * LogProbability(term, c);
  }
  for (std::size_t c = 0; c < labels_.size(); ++c) scores[c] += log_priors_[c];
  return scores;
}

const std::string& NaiveBayesModel::Predict(std::span<const std::string> tokens) const {
  const std::vector<double> scores = Scores(tokens);
  std::size_t best = 0;
  for (std::size_t c = 1; c < scores.size(); ++c) {
    if (scores[c] > scores[best])
      best = c;
  }
  return labels_[best];
}

std::string NaiveBayesModel::Serialize() const {
  std::string out =
      fmt::format("{}\t{}\ntokenizer\t{}\nalpha\t{:.17g}\ndocuments\t{}\nlabels\t{}\n", kMagic,
                  kVersion, tokenizer_, alpha_, documents_, labels_.size());
  for (std::size_t c = 0; c < labels_.size(); ++c)
    out += fmt::format("label\t{}\t{}\t{:.17g}\n", labels_[c], label_documents_[c], log_priors_[c]);
  out += fmt::format("vocabulary\t{}\n", vocabulary_.size());
  for (std::size_t t = 0; t < vocabulary_.size(); ++t) {
    out += vocabulary_[t];
    for (std::size_t c = 0; c < labels_.size(); ++c)
      out += fmt::format("\t{:.17g}", LogProbability(t, c));
    out += '\n';
  }
  return out;
}

Result<NaiveBayesModel> NaiveBayesModel::Parse(std::string_view text) {
  ModelReader r(text);
  ZQ_ASSIGN_OR_RETURN(std::vector<std::string_view> head, r.Next());
  if (head.size() != 2 || head[0] != kMagic)
    return r.Error(fmt::format("not a {} model file", kMagic));
  if (head[1] != kVersion)
    return r.Error(fmt::format("format version {} (this zq reads {})", head[1], kVersion));
  NaiveBayesModel m;
  ZQ_ASSIGN_OR_RETURN(const std::string_view tokenizer, r.Keyed("tokenizer"));
  m.tokenizer_ = std::string(tokenizer);
  ZQ_ASSIGN_OR_RETURN(const std::string_view alpha, r.Keyed("alpha"));
  ZQ_ASSIGN_OR_RETURN(m.alpha_, r.Number(alpha));
  ZQ_ASSIGN_OR_RETURN(const std::string_view documents, r.Keyed("documents"));
  ZQ_ASSIGN_OR_RETURN(m.documents_, r.Count(documents));
  ZQ_ASSIGN_OR_RETURN(const std::string_view labels_text, r.Keyed("labels"));
  ZQ_ASSIGN_OR_RETURN(const std::size_t labels, r.Count(labels_text));
  if (labels == 0)
    return r.Error("a model needs at least one label");
  for (std::size_t c = 0; c < labels; ++c) {
    ZQ_ASSIGN_OR_RETURN(std::vector<std::string_view> f, r.Next());
    if (f.size() != 4 || f[0] != "label" || f[1].empty())
      return r.Error("expected \"label<TAB>code<TAB>documents<TAB>log prior\"");
    if (!m.labels_.empty() && !(m.labels_.back() < f[1]))
      return r.Error("labels must be unique and in byte order");
    m.labels_.emplace_back(f[1]);
    ZQ_ASSIGN_OR_RETURN(const std::size_t n, r.Count(f[2]));
    m.label_documents_.push_back(n);
    ZQ_ASSIGN_OR_RETURN(const double prior, r.Number(f[3]));
    m.log_priors_.push_back(prior);
  }
  ZQ_ASSIGN_OR_RETURN(const std::string_view terms_text, r.Keyed("vocabulary"));
  ZQ_ASSIGN_OR_RETURN(const std::size_t terms, r.Count(terms_text));
  // A count larger than the file could hold is refused before anything is reserved for it.
  if (terms > text.size())
    return r.Error("the vocabulary's size is larger than the file");
  m.vocabulary_.reserve(terms);
  m.log_probabilities_.reserve(terms * labels);
  for (std::size_t t = 0; t < terms; ++t) {
    ZQ_ASSIGN_OR_RETURN(std::vector<std::string_view> f, r.Next());
    if (f.size() != labels + 1 || f[0].empty())
      return r.Error(fmt::format("expected a term and {} log-probabilities", labels));
    if (!m.vocabulary_.empty() && !(m.vocabulary_.back() < f[0]))
      return r.Error("terms must be unique and in byte order");
    m.vocabulary_.emplace_back(f[0]);
    for (std::size_t c = 0; c < labels; ++c) {
      ZQ_ASSIGN_OR_RETURN(const double p, r.Number(f[c + 1]));
      m.log_probabilities_.push_back(p);
    }
  }
  if (!r.AtEnd())
    return r.Error("text after the vocabulary");
  m.IndexTerms();
  return m;
}

}  // namespace zq::complaint
