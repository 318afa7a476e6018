// The submitters' sealed fields under a new key (ComplaintService::RekeyPersonalData).
#include <array>

#include "complaint/complaint_service.h"

namespace zq::complaint {

Status ComplaintService::RekeyPersonalData(store::Transaction& tx,
                                           const auth::PersonalDataCipher& to) const {
  struct Sealed {
    std::int64_t id = 0;
    std::array<std::string, 4> fields;  // name, phone, ID number, address
  };

  std::vector<Sealed> rows;
  ZQ_RETURN_IF_ERROR(tx.QueryEach(
      "SELECT id, submitter_name, submitter_phone, submitter_id_number, submitter_address "
      "FROM complaint_submissions ORDER BY id",
      {}, [&](const store::Row& row) {
        rows.push_back(
            {row.GetInt(0), {row.GetText(1), row.GetText(2), row.GetText(3), row.GetText(4)}});
        return true;
      }));
  for (const Sealed& r : rows) {
    std::vector<store::Value> p;
    std::string phone;
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      ZQ_ASSIGN_OR_RETURN(std::string plain, cipher_.Open(r.fields[i]));
      if (i == 1)
        phone = plain;
      p.emplace_back(to.Seal(plain));
    }
    p.emplace_back(phone.empty() ? std::string() : to.BlindIndex(phone));
    p.emplace_back(r.id);
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE complaint_submissions SET submitter_name = ?, "
                                  "submitter_phone = ?, submitter_id_number = ?, "
                                  "submitter_address = ?, submitter_phone_index = ? WHERE id = ?",
                                  p)
                           .status());
  }
  return Status::Ok();
}

}  // namespace zq::complaint
