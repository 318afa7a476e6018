// zq complaint classifier train | tokenize, zq complaint classify (complaint_commands.h): the
// naive Bayes classifier (text_classifier.h) over CSV files, words from ICU (tokenizer.h).
#include "complaint/complaint_commands.h"

#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "complaint/complaint_json.h"
#include "complaint/complaint_service.h"
#include "complaint/csv_table.h"
#include "complaint/text_classifier.h"
#include "complaint/tokenizer.h"
#include "core/file_text.h"

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
  return ValueOrFail(ReadFileText(path, field));
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

std::string ModelText(const ClassifierModelInfo& m) {
  return fmt::format(
      "model {} ({}): {} labels, {} words, trained on {} texts; installed by {} at {}", m.id,
      m.digest.substr(0, 16), m.labels.size(), m.vocabulary, m.documents, m.installed_by,
      m.installed_at);
}

// Prints a database command's result: `object` on one line with --json, else `text`.
void Print(const nlohmann::json& object, const std::string& text, bool json) {
  std::cout << (json ? object.dump() + "\n" : text);
}

// install | status | retire: the model intake uses, in the database (ComplaintService).
void RegisterInUse(CLI::App& classifier, const WithComplaintService& with_service) {
  struct Options {
    std::string db;
    std::string key_file;
    bool json = false;
    std::string model;
  };

  auto o = std::make_shared<Options>();
  auto add_db_options = [o](CLI::App* cmd) {
    cmd->add_option("--db", o->db, "SQLite file path or postgresql:// URI")->required();
    cmd->add_option("--key-file", o->key_file, "file holding the master key");
    cmd->add_flag("--json", o->json, "print the result as JSON");
  };
  // Runs `call` on the database's service and prints the model it answers after `verb`, or
  // that the keyword rules are in use; the command fails with the call's status.
  using Call = std::function<Result<std::optional<ClassifierModelInfo>>(ComplaintService&)>;
  auto run = [o, with_service](const std::string& verb, const Call& call) {
    const Status s = with_service(o->db, o->key_file, [&](ComplaintService& service) -> Status {
      ZQ_ASSIGN_OR_RETURN(const std::optional<ClassifierModelInfo> m, call(service));
      Print(
          ClassifierModelJson(m),
          verb + (m ? ModelText(*m) : std::string("the keyword rules (no model installed)")) + "\n",
          o->json);
      return Status::Ok();
    });
    if (!s.ok())
      FailWith(s);
  };
  auto some = [](Result<ClassifierModelInfo> m) -> Result<std::optional<ClassifierModelInfo>> {
    ZQ_RETURN_IF_ERROR(m.status());
    return std::optional<ClassifierModelInfo>(std::move(m).value());
  };
  CLI::App* install = classifier.add_subcommand(
      "install",
      "Install a trained model (zq complaint classifier train) for intake: from now "
      "on it labels each new case's object class");
  add_db_options(install);
  install->add_option("MODEL", o->model, "the model file")->required();
  install->callback([o, run, some] {
    const std::string text = ReadFile(o->model, "model");
    run("installed ", [&](ComplaintService& service) {
      return some(service.InstallClassifier(auth::Caller::System(), text));
    });
  });
  CLI::App* status =
      classifier.add_subcommand("status", "Which classifier intake uses: a model, or the rules");
  add_db_options(status);
  status->callback([run] {
    run("in use: ",
        [](ComplaintService& service) { return service.ClassifierInUse(auth::Caller::System()); });
  });
  CLI::App* retire = classifier.add_subcommand(
      "retire", "Stop using the installed model: intake returns to the keyword rules");
  add_db_options(retire);
  retire->callback([run, some] {
    run("retired ", [&](ComplaintService& service) {
      return some(service.RetireClassifier(auth::Caller::System()));
    });
  });
}

}  // namespace

void RegisterComplaintCommands(CLI::App& app, FailFn fail, WithComplaintService with_service) {
  Fail() = std::move(fail);
  CLI::App* complaint = app.add_subcommand(
      "complaint", "Complaints and reports (投诉举报): the trainable text classifier");
  complaint->require_subcommand(1);
  CLI::App* classifier = complaint->add_subcommand(
      "classifier",
      "The complaint text classifier (投诉分类模型): train it, show its words, install it for "
      "intake");
  classifier->require_subcommand(1);
  RegisterTrain(*classifier);
  RegisterTokenize(*classifier);
  RegisterInUse(*classifier, with_service);
  RegisterClassify(*complaint);
}

}  // namespace zq::complaint
