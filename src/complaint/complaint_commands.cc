// zq complaint classifier train | tokenize, zq complaint classify (complaint_commands.h): the
// naive Bayes classifier (text_classifier.h) over CSV files, words from ICU (tokenizer.h).
#include "complaint/complaint_commands.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "complaint/csv_table.h"
#include "complaint/text_classifier.h"
#include "complaint/tokenizer.h"

namespace zq::complaint {
namespace {

// The manifest's cli::FailCommand; it throws, so nothing after a failure runs.
FailFn& Fail() {
  static FailFn fail;
  return fail;
}

[[noreturn]] void FailWith(const Status& status) {
  Fail()(status);
  throw CLI::RuntimeError(1);  // not reached: fail ends the command
}

template <class T>
T ValueOrFail(Result<T> result, std::string_view file = {}) {
  if (!result.ok()) {
    const Status& s = result.status();
    FailWith(file.empty() ? s
                          : Status(s.code(), fmt::format("{}: {}", file, s.message()), s.field()));
  }
  return std::move(result).value();
}

std::string ReadFile(const std::string& path, const char* field) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    FailWith(Status::InvalidArgument("cannot read " + path, field));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

CsvTable ReadTable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    FailWith(Status::InvalidArgument("cannot read " + path, "file"));
  return ValueOrFail(ReadCsvTable(in), path);
}

// The index of the column `name` of `file`'s table, named by the command's option `option`.
std::size_t Column(const CsvTable& table, const std::string& file, const std::string& name,
                   const char* option) {
  return ValueOrFail(ColumnIndex(table, name, option), file);
}

// Writes `text` to `path`, or to standard output when `path` is empty.
void Output(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::cout << text << std::flush;
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out)
    FailWith(Status::InvalidArgument("cannot write " + path, "out"));
}

// The input's header and rows unchanged, each with one more field: `column`, then `value(row)`.
template <class ValueFn>
std::string WithColumn(const CsvTable& table, const std::string& column, ValueFn value) {
  std::vector<std::string> header = table.header;
  header.push_back(column);
  std::string out = CsvLine(header);
  for (const CsvRecord& r : table.rows) {
    std::vector<std::string> fields = r.fields;
    fields.push_back(value(r));
    out += CsvLine(fields);
  }
  return out;
}

void RegisterTrain(CLI::App& group) {
  struct Options {
    std::string file, text_column, label_column, out;
    double alpha = 1.0;
    bool bigrams = false;
  };

  auto o = std::make_shared<Options>();
  CLI::App* cmd = group.add_subcommand(
      "train",
      "Train the classifier (multinomial naive Bayes over ICU word counts) on a labelled CSV: "
      "any label set, e.g. the 中消协 object classes or officers' corrections; exit status 2 for "
      "a bad file");
  cmd->add_option("FILE.csv", o->file, "CSV with a header (UTF-8)")->required();
  cmd->add_option("--text-column", o->text_column, "the column of complaint texts")->required();
  cmd->add_option("--label-column", o->label_column, "the column of labels")->required();
  cmd->add_option("--out", o->out, "the model file to write (plain text)")->required();
  cmd->add_option("--alpha", o->alpha, "Laplace smoothing (default 1)");
  cmd->add_flag("--bigrams", o->bigrams, "also count pairs of adjacent words");
  cmd->callback([o] {
    const CsvTable table = ReadTable(o->file);
    const std::size_t text = Column(table, o->file, o->text_column, "text-column");
    const std::size_t label = Column(table, o->file, o->label_column, "label-column");
    if (table.rows.empty())
      FailWith(Status::InvalidArgument(o->file + ": no rows to train on", "file"));
    Tokenizer tokenizer =
        ValueOrFail(Tokenizer::Create(o->bigrams ? WordBigrams::kYes : WordBigrams::kNo));
    std::vector<TrainingDocument> documents;
    for (const CsvRecord& r : table.rows) {
      const std::string& l = r.fields[label];
      if (l.empty() || l.find_first_of("\t\r\n") != l.npos) {
        FailWith(Status::InvalidArgument(
            fmt::format("{}: line {}: the label (column \"{}\") is {}", o->file, r.line,
                        o->label_column, l.empty() ? "empty" : "broken by a tab or line end"),
            "label-column"));
      }
      documents.push_back({.tokens = tokenizer.Tokens(r.fields[text]), .label = l});
    }
    const NaiveBayesModel model = ValueOrFail(
        NaiveBayesModel::Train(documents, {.alpha = o->alpha, .tokenizer = tokenizer.Name()}));
    Output(o->out, model.Serialize());
    std::cout << fmt::format("rows used: {}\nlabels: {}\n", model.documents(),
                             model.labels().size());
    for (std::size_t c = 0; c < model.labels().size(); ++c)
      std::cout << fmt::format("  {}\t{}\n", model.labels()[c], model.label_documents()[c]);
    std::cout << fmt::format("vocabulary: {} terms\nmodel: {} (tokenizer {}, alpha {})\n",
                             model.vocabulary().size(), o->out, model.tokenizer(), model.alpha());
  });
}

void RegisterTokenize(CLI::App& group) {
  struct Options {
    std::string file, text_column, out;
  };

  auto o = std::make_shared<Options>();
  CLI::App* cmd = group.add_subcommand(
      "tokenize",
      "The words the classifier sees: the CSV unchanged plus a last column \"tokens\" (the "
      "words joined by spaces), e.g. for a reference implementation");
  cmd->add_option("FILE.csv", o->file, "CSV with a header (UTF-8)")->required();
  cmd->add_option("--text-column", o->text_column, "the column of complaint texts")->required();
  cmd->add_option("--out", o->out, "write here instead of standard output");
  cmd->callback([o] {
    const CsvTable table = ReadTable(o->file);
    const std::size_t text = Column(table, o->file, o->text_column, "text-column");
    Tokenizer tokenizer = ValueOrFail(Tokenizer::Create());
    Output(o->out, WithColumn(table, "tokens", [&](const CsvRecord& r) {
             return fmt::format("{}", fmt::join(tokenizer.Tokens(r.fields[text]), " "));
           }));
  });
}

void RegisterClassify(CLI::App& complaint) {
  struct Options {
    std::string file, model, text_column, out;
  };

  auto o = std::make_shared<Options>();
  CLI::App* cmd = complaint.add_subcommand(
      "classify",
      "Classify the texts of a CSV with a trained model: the CSV unchanged plus a last column "
      "\"predicted_label\", one row per input row; exit status 2 for a bad file");
  cmd->add_option("FILE.csv", o->file, "CSV with a header (UTF-8)")->required();
  cmd->add_option("--model", o->model, "a model from zq complaint classifier train")->required();
  cmd->add_option("--text-column", o->text_column, "the column of complaint texts")->required();
  cmd->add_option("--out", o->out, "write here instead of standard output");
  cmd->callback([o] {
    const NaiveBayesModel model =
        ValueOrFail(NaiveBayesModel::Parse(ReadFile(o->model, "model")), o->model);
    Tokenizer tokenizer = ValueOrFail(Tokenizer::Named(model.tokenizer()), o->model);
    const CsvTable table = ReadTable(o->file);
    const std::size_t text = Column(table, o->file, o->text_column, "text-column");
    Output(o->out, WithColumn(table, "predicted_label", [&](const CsvRecord& r) {
             return model.Predict(tokenizer.Tokens(r.fields[text]));
           }));
  });
}

}  // namespace

void RegisterComplaintCommands(CLI::App& app, FailFn fail) {
  Fail() = std::move(fail);
  CLI::App* complaint = app.add_subcommand(
      "complaint", "Complaints and reports (投诉举报): the trainable text classifier over files");
  complaint->require_subcommand(1);
  CLI::App* classifier = complaint->add_subcommand(
      "classifier", "Train the complaint text classifier (投诉分类模型), or show its words");
  classifier->require_subcommand(1);
  RegisterTrain(*classifier);
  RegisterTokenize(*classifier);
  RegisterClassify(*complaint);
}

}  // namespace zq::complaint
