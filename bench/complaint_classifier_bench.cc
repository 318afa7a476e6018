// Complaint classification at intake (issue 19), per text, on the 500 held-out texts of
// src/complaint/testdata: the keyword rules (Taxonomy::Classify, what intake ran before a model
// was installed) as the baseline, ICU word segmentation alone, and segmentation plus the naive
// Bayes prediction (what intake runs with a model installed); and training on the 1,500 rows.
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "complaint/classification.h"
#include "complaint/csv_table.h"
#include "complaint/text_classifier.h"
#include "complaint/tokenizer.h"

namespace {

using zq::complaint::CsvTable;

// The `text` (and `label`) columns of a file of testdata/.
struct Texts {
  std::vector<std::string> text;
  std::vector<std::string> label;
};

Texts Read(const std::string& name) {
  std::ifstream in(std::string(ZQ_SOURCE_DIR) + "/src/complaint/testdata/" + name,
                   std::ios::binary);
  const CsvTable table = *zq::complaint::ReadCsvTable(in);
  const std::size_t t = *zq::complaint::ColumnIndex(table, "text", "text");
  const std::size_t l = *zq::complaint::ColumnIndex(table, "label", "label");
  Texts out;
  for (const auto& r : table.rows) {
    out.text.push_back(r.fields[t]);
    out.label.push_back(r.fields[l]);
  }
  return out;
}

const Texts& HeldOut() {
  static const Texts texts = Read("complaints_test.csv");
  return texts;
}

std::vector<zq::complaint::TrainingDocument> TrainingSet() {
  const Texts train = Read("complaints_train.csv");
  zq::complaint::Tokenizer tokenizer = zq::complaint::Tokenizer::Create().value();
  std::vector<zq::complaint::TrainingDocument> docs;
  for (std::size_t i = 0; i < train.text.size(); ++i)
    docs.push_back({tokenizer.Tokens(train.text[i]), train.label[i]});
  return docs;
}

void BM_Baseline_KeywordRules(benchmark::State& state) {
  const auto& taxonomy = zq::complaint::Taxonomy::Embedded();
  for (auto _ : state) {
    for (const std::string& text : HeldOut().text)
      benchmark::DoNotOptimize(taxonomy.Classify(text));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(HeldOut().text.size()));
}

BENCHMARK(BM_Baseline_KeywordRules)->Unit(benchmark::kMillisecond);

void BM_IcuWords(benchmark::State& state) {
  zq::complaint::Tokenizer tokenizer = zq::complaint::Tokenizer::Create().value();
  for (auto _ : state) {
    for (const std::string& text : HeldOut().text) benchmark::DoNotOptimize(tokenizer.Tokens(text));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(HeldOut().text.size()));
}

BENCHMARK(BM_IcuWords)->Unit(benchmark::kMillisecond);

void BM_IcuWordsAndNaiveBayes(benchmark::State& state) {
  const auto docs = TrainingSet();
  const auto model = *zq::complaint::NaiveBayesModel::Train(docs, {.tokenizer = "icu-word"});
  zq::complaint::Tokenizer tokenizer = zq::complaint::Tokenizer::Create().value();
  std::size_t right = 0;
  for (auto _ : state) {
    right = 0;
    for (std::size_t i = 0; i < HeldOut().text.size(); ++i)
      right += model.Predict(tokenizer.Tokens(HeldOut().text[i])) == HeldOut().label[i];
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(HeldOut().text.size()));
  state.counters["accuracy"] =
      static_cast<double>(right) / static_cast<double>(HeldOut().text.size());
}

BENCHMARK(BM_IcuWordsAndNaiveBayes)->Unit(benchmark::kMillisecond);

void BM_Train1500(benchmark::State& state) {
  const auto docs = TrainingSet();
  for (auto _ : state)
    benchmark::DoNotOptimize(
        zq::complaint::NaiveBayesModel::Train(docs, {.tokenizer = "icu-word"}));
}

BENCHMARK(BM_Train1500)->Unit(benchmark::kMillisecond);

}  // namespace
