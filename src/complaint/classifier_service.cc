// ComplaintService: the trainable classifier at intake (投诉分类模型): installing a model file,
// the model in use, retiring it, and the object class it gives a case's text.
#include <chrono>

#include <fmt/format.h>

#include "complaint/complaint_service.h"
#include "complaint/tokenizer.h"
#include "core/calendar.h"
#include "store/row_mapping.h"

namespace zq::complaint {
namespace {

using store::Value;

// A model's row as ClassifierModelInfo (its labels are read from the file itself).
const store::Columns<ClassifierModelInfo>& ModelColumns() {
  using M = ClassifierModelInfo;
  static const store::Columns<M> kColumns(
      "id", &M::id, "digest", &M::digest, "tokenizer", &M::tokenizer, "vocabulary", &M::vocabulary,
      "documents", &M::documents, "installed_by", &M::installed_by, "installed_at",
      &M::installed_at, "retired_at", &M::retired_at);
  return kColumns;
}

constexpr std::string_view kInUse = "retired_at = '' ORDER BY id DESC LIMIT 1";

// The characters of the digest a case's classified_by carries.
constexpr std::size_t kDigestShown = 16;

// The row of the model in use (none with the keyword rules), in ModelColumns' order.
Result<store::ResultSet> InUseRow(store::Transaction& tx) {
  return tx.Query(
      ModelColumns().SelectFrom(fmt::format("complaint_classifier_models WHERE {}", kInUse)), {});
}

Status InvalidModel(std::string message) {
  return Status::InvalidArgument(std::move(message), "model");
}

std::string NowText(const Clock& clock) {
  return FormatUtcTimestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(clock.Now()));
}

}  // namespace

Result<ClassifierModelInfo> ComplaintService::InstallClassifier(const auth::Caller& caller,
                                                                std::string_view model) {
  if (!caller.IsAdministrator())
    return Status::PermissionDenied("installing the complaint classifier is an administrator's");
  if (model.empty())
    return InvalidModel("the model file is empty");
  Result<NaiveBayesModel> parsed = NaiveBayesModel::Parse(model);
  if (!parsed.ok())
    return InvalidModel(parsed.status().message());
  ZQ_ASSIGN_OR_RETURN(Tokenizer ours, Tokenizer::Create());
  if (parsed->tokenizer() != ours.Name()) {
    return InvalidModel(fmt::format("the model was trained on tokenizer \"{}\"; intake uses \"{}\"",
                                    parsed->tokenizer(), ours.Name()));
  }
  std::vector<std::string> unknown;
  for (const std::string& label : parsed->labels()) {
    if (!taxonomy_.Has("object", label))
      unknown.push_back(label);
  }
  if (!unknown.empty()) {
    return InvalidModel(
        fmt::format("labels {} are not object codes of the taxonomy (data/complaint/taxonomy.csv)",
                    fmt::join(unknown, ", ")));
  }
  ClassifierModelInfo info;
  info.digest = auth::ToHex(auth::Sm3(model));
  info.tokenizer = parsed->tokenizer();
  info.labels = parsed->labels();
  info.vocabulary = static_cast<std::int64_t>(parsed->vocabulary().size());
  info.documents = static_cast<std::int64_t>(parsed->documents());
  info.installed_by = caller.actor;
  info.installed_at = NowText(clock_);
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadWrite));
  const std::vector<Value> retire = {info.installed_at};
  ZQ_RETURN_IF_ERROR(
      tx->Query("UPDATE complaint_classifier_models SET retired_at = ? WHERE retired_at = ''",
                retire)
          .status());
  const std::vector<Value> row = {info.digest,       std::string(model),
                                  info.tokenizer,    static_cast<std::int64_t>(info.labels.size()),
                                  info.vocabulary,   info.documents,
                                  info.installed_by, info.installed_at};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet inserted,
      tx->Query(
          "INSERT INTO complaint_classifier_models (digest, model, tokenizer, labels, "
          "vocabulary, documents, installed_by, installed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING id",
          row));
  info.id = inserted.rows.at(0).GetInt(0);
  ZQ_RETURN_IF_ERROR(audit_.Append(*tx, caller, "complaint.classifier.install",
                                   fmt::format("complaint_classifier_model:{}", info.id),
                                   info.digest));
  ZQ_RETURN_IF_ERROR(tx->Commit());
  return info;
}

Result<std::optional<ClassifierModelInfo>> ComplaintService::ClassifierInUse(
    const auth::Caller& caller) {
  if (!caller.IsOfficial())
    return Status::PermissionDenied("the complaint classifier is shown to officials");
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, InUseRow(*tx));
  if (rs.rows.empty())
    return std::optional<ClassifierModelInfo>();
  ClassifierModelInfo info = ModelColumns().FromRow(rs.rows[0]);
  // The labels from the model intake holds (parsed once per model), not from the file again.
  ZQ_ASSIGN_OR_RETURN(const ModelInUse in_use, LoadModelInUse(*tx));
  if (in_use.model)
    info.labels = in_use.model->labels();
  return std::optional<ClassifierModelInfo>(std::move(info));
}

Result<ClassifierModelInfo> ComplaintService::RetireClassifier(const auth::Caller& caller) {
  if (!caller.IsAdministrator())
    return Status::PermissionDenied("retiring the complaint classifier is an administrator's");
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadWrite));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, InUseRow(*tx));
  if (rs.rows.empty())
    return Status::NotFound("no complaint classifier is in use: intake uses the keyword rules",
                            "model");
  ClassifierModelInfo info = ModelColumns().FromRow(rs.rows[0]);
  info.retired_at = NowText(clock_);
  const std::vector<Value> p = {info.retired_at, info.id};
  ZQ_RETURN_IF_ERROR(
      tx->Query("UPDATE complaint_classifier_models SET retired_at = ? WHERE id = ?", p).status());
  ZQ_RETURN_IF_ERROR(audit_.Append(*tx, caller, "complaint.classifier.retire",
                                   fmt::format("complaint_classifier_model:{}", info.id),
                                   info.digest));
  ZQ_RETURN_IF_ERROR(tx->Commit());
  return info;
}

Result<ComplaintService::ModelInUse> ComplaintService::LoadModelInUse(store::Transaction& tx) {
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query(fmt::format("SELECT id, digest FROM complaint_classifier_models WHERE {}", kInUse),
               {}));
  if (rs.rows.empty())
    return ModelInUse();
  const std::int64_t id = rs.rows[0].GetInt(0);
  {
    std::lock_guard lock(model_mu_);
    if (model_cache_.id == id)
      return model_cache_;
  }
  const std::vector<Value> key = {id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet text,
                      tx.Query("SELECT model FROM complaint_classifier_models WHERE id = ?", key));
  ZQ_ASSIGN_OR_RETURN(NaiveBayesModel model, NaiveBayesModel::Parse(text.rows.at(0).GetText(0)));
  ModelInUse loaded{.id = id,
                    .digest = rs.rows[0].GetText(1),
                    .model = std::make_shared<const NaiveBayesModel>(std::move(model))};
  std::lock_guard lock(model_mu_);
  model_cache_ = loaded;
  return loaded;
}

Result<std::optional<std::pair<std::string, std::string>>> ComplaintService::ModelObjectClass(
    store::Transaction& tx, std::string_view text) {
  ZQ_ASSIGN_OR_RETURN(const ModelInUse in_use, LoadModelInUse(tx));
  if (!in_use.model)
    return std::optional<std::pair<std::string, std::string>>();
  ZQ_ASSIGN_OR_RETURN(Tokenizer tokenizer, Tokenizer::Named(in_use.model->tokenizer()));
  const std::vector<std::string> tokens = tokenizer.Tokens(text);
  return std::optional<std::pair<std::string, std::string>>(
      std::pair(in_use.model->Predict(tokens), "model:" + in_use.digest.substr(0, kDigestShown)));
}

}  // namespace zq::complaint
