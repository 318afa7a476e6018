# Every library comes from Debian's packages, installed by scripts/bootstrap.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
# Boost.Math is header-only (libboost-dev); Boost::headers carries its include path.
# Boost.Beast and Boost.Asio (header-only) are the HTTP server (api/http_transport.cc).
find_package(Boost 1.74 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(CLI11 QUIET)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
# Reading XLSX imports (core/xlsx.h): libzip for the package, expat for its XML parts.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
find_package(EXPAT REQUIRED)
# Validating EPCIS documents against GS1's JSON Schemas (trace/epcis_schema.h); header-only.
find_package(valijson REQUIRED)
# Linear algebra of PLS path modelling (stats/plspm.h); header-only.
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
# Word segmentation of complaint texts, Chinese by ICU's dictionary (complaint/tokenizer.h).
find_package(ICU REQUIRED COMPONENTS uc i18n)
if(ZQ_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(ZQ_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
