#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "registry/records.h"

namespace zq::demo {

// An illustrative key supervised product catalogue (重点监管产品目录) of 40 categories that
// provincial catalogues commonly name, with a risk grade and the legal basis of supervision
// (CCC = 强制性产品认证, 生产许可证 = 工业产品生产许可证). No official machine-readable list was
// found (shared/data/README.md), so this is demonstration data, not a legal catalogue.
const std::vector<registry::CatalogueEntry>& IllustrativeCatalogue();

// A (catalogue code, product name) pair for a maker in `industry_code`: the entry whose industry
// matches the class or, failing that, its division; else one picked by `random`.
std::pair<std::string_view, std::string_view> CatalogueFor(std::string_view industry_code,
                                                           std::uint64_t random);

}  // namespace zq::demo
