// libFuzzer target: EARS and Benjamini–Hochberg (stats/signals.h) over any series and options.
// Input format: byte 0 picks the method (bits 0-1) and byte 1 the baseline (0-255, refused below
// 3); bytes 2-3 give min_sigma and alpha (a byte each, scaled; alpha 0 means the default); every
// further byte is a weekly count. Ears either refuses by a named field or answers one
// upperbound, statistic and alarm per judged period, with an alarm exactly where the count is
// above the upperbound; the q-values of any p-values lie in [0, 1], each no less than its p.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/status.h"
#include "stats/signals.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4)
    return 0;
  zq::stats::EarsOptions options;
  options.method = static_cast<zq::stats::EarsMethod>(data[0] % 3);
  options.baseline = data[1];
  options.min_sigma = data[2] / 16.0;
  options.alpha = data[3] / 256.0;
  std::vector<double> observed(data + 4, data + size);
  const zq::Result<zq::stats::EarsResult> r = zq::stats::Ears(observed, options);
  if (!r.ok()) {
    ZQ_CHECK(!r.status().field().empty());
  } else {
    const std::size_t judged = observed.size() - r->first;
    ZQ_CHECK(r->upperbound.size() == judged && r->statistic.size() == judged &&
             r->alarm.size() == judged && r->baseline_mean.size() == judged);
    for (std::size_t i = 0; i < judged; ++i)
      ZQ_CHECK(r->alarm[i] == (observed[r->first + i] > r->upperbound[i]));
  }
  std::vector<double> p;
  for (std::size_t i = 4; i < size; ++i) p.push_back(data[i] / 255.0);
  const std::vector<double> q = zq::stats::BenjaminiHochberg(p);
  ZQ_CHECK(q.size() == p.size());
  for (std::size_t i = 0; i < q.size(); ++i) ZQ_CHECK(q[i] >= p[i] && q[i] <= 1);
  return 0;
}
