// libFuzzer target: the classifier's inputs (complaint/csv_table.h, complaint/text_classifier.h)
// never crash on any bytes. The first byte picks the reader: even, a CSV table of texts (every
// row read has as many fields as the header); odd, a model file (a model that parses serializes
// to a file that parses to the same model, and predicts for the file's own words).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "complaint/csv_table.h"
#include "complaint/text_classifier.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    std::istringstream in(rest);
    zq::Result<zq::complaint::CsvTable> table = zq::complaint::ReadCsvTable(in);
    if (!table.ok())
      return 0;
    for (const zq::CsvRecord& row : table->rows)
      ZQ_CHECK(row.fields.size() == table->header.size());
    if (!table->header.empty())
      ZQ_CHECK(zq::complaint::ColumnIndex(*table, table->header[0], "text").ok());
    return 0;
  }
  zq::Result<zq::complaint::NaiveBayesModel> model = zq::complaint::NaiveBayesModel::Parse(rest);
  if (!model.ok())
    return 0;
  const std::string text = model->Serialize();
  zq::Result<zq::complaint::NaiveBayesModel> again = zq::complaint::NaiveBayesModel::Parse(text);
  ZQ_CHECK(again.ok());
  ZQ_CHECK(again->Serialize() == text);
  (void)model->Predict(model->vocabulary());
  return 0;
}
