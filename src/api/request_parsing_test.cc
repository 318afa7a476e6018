#include "api/internal/request_parsing.h"

#include <gtest/gtest.h>

#include "api/internal/compression.h"
#include "core/testing/status_is.h"

namespace zq::api::internal {
namespace {

using ::zq::status_matchers::StatusIs;
using Query = std::multimap<std::string, std::string>;

TEST(DecodeUrl, DecodesPercentEscapesAndPlusOnlyInQueries) {
  EXPECT_EQ(DecodeUrl("a%20b+c", PlusSign::kSpace), "a b c");
  EXPECT_EQ(DecodeUrl("a%20b+c", PlusSign::kLiteral), "a b+c");
  EXPECT_EQ(DecodeUrl("%E8%B4%A8%e5%bc%ba", PlusSign::kLiteral), "质强");
  EXPECT_EQ(DecodeUrl("%u8D28", PlusSign::kLiteral), "质");    // cpp-httplib's %uXXXX
  EXPECT_EQ(DecodeUrl("%zz%4", PlusSign::kLiteral), "%zz%4");  // malformed escapes stay as they are
  EXPECT_EQ(DecodeUrl("%uD800x", PlusSign::kLiteral), "x");    // a lone surrogate gives nothing
  EXPECT_EQ(DecodeUrl("%2e%2e/%00", PlusSign::kLiteral), std::string("../\0", 4));
}

TEST(SplitTarget, ReadsPathAndQueryAsCppHttplibDid) {
  std::string path;
  Query query;
  ASSERT_TRUE(
      SplitTarget("/api/v1/entities?name=%E8%B4%A8+%E5%BC%BA&page=2&&=x&page=2&flag", path, query));
  EXPECT_EQ(path, "/api/v1/entities");
  // "=x" names "x": empty pieces are skipped before the name is taken, as cpp-httplib did.
  EXPECT_EQ(query, (Query{{"name", "质 强"}, {"page", "2"}, {"x", ""}, {"flag", ""}}));

  query.clear();
  ASSERT_TRUE(SplitTarget("/a%20b+c?k=1&k=2", path, query));
  EXPECT_EQ(path, "/a b+c");
  EXPECT_EQ(query, (Query{{"k", "1"}, {"k", "2"}}));

  EXPECT_FALSE(SplitTarget("/x?a=1?b=2", path, query));

  // The fuzzer's find (fuzz/corpus/request_parsing/surrogate-name): a name that decodes to
  // nothing is dropped like a missing one.
  query.clear();
  ASSERT_TRUE(SplitTarget("8?%uDff2&k=1", path, query));
  EXPECT_EQ(query, (Query{{"k", "1"}}));
}

TEST(ProxyTrust, RejectsWhatIsNotAnAddressOrBlock) {
  EXPECT_THAT(ProxyTrust::Parse({"proxy.example"}).status(),
              StatusIs(StatusCode::kInvalidArgument, "trusted_proxy"));
  EXPECT_THAT(ProxyTrust::Parse({"10.0.0.0/33"}).status(),
              StatusIs(StatusCode::kInvalidArgument, "trusted_proxy"));
  EXPECT_THAT(ProxyTrust::Parse({"10.0.0.0/"}).status(),
              StatusIs(StatusCode::kInvalidArgument, "trusted_proxy"));
  EXPECT_TRUE(ProxyTrust::Parse({"127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"}).ok());
}

TEST(ProxyTrust, MatchesAddressesAndCidrBlocks) {
  const ProxyTrust trust = *ProxyTrust::Parse({"127.0.0.1", "10.1.0.0/16", "fd00::/8"});
  EXPECT_TRUE(trust.Trusts("127.0.0.1"));
  EXPECT_TRUE(trust.Trusts("::ffff:127.0.0.1"));
  EXPECT_FALSE(trust.Trusts("127.0.0.2"));
  EXPECT_TRUE(trust.Trusts("10.1.255.3"));
  EXPECT_FALSE(trust.Trusts("10.2.0.1"));
  EXPECT_TRUE(trust.Trusts("fd12::1"));
  EXPECT_FALSE(trust.Trusts("fe80::1"));
  EXPECT_FALSE(trust.Trusts("garbage"));
  EXPECT_FALSE(ProxyTrust().Trusts("127.0.0.1"));
}

TEST(ProxyTrust, ClientIsTheRightMostUntrustedHopOfATrustedPeer) {
  const ProxyTrust trust = *ProxyTrust::Parse({"127.0.0.1", "10.0.0.0/8"});
  // From a trusted proxy: the hop it received the request from, past other trusted proxies.
  EXPECT_EQ(trust.ClientAddress("127.0.0.1", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(trust.ClientAddress("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2"), "203.0.113.7");
  EXPECT_EQ(trust.ClientAddress("127.0.0.1", "10.0.0.9, 10.0.0.2"), "10.0.0.9");
  EXPECT_EQ(trust.ClientAddress("127.0.0.1", "::ffff:203.0.113.8"), "203.0.113.8");
  EXPECT_EQ(trust.ClientAddress("127.0.0.1", "spoofed, not-an-address"), "127.0.0.1");
  EXPECT_EQ(trust.ClientAddress("127.0.0.1", ""), "127.0.0.1");
  // From anyone else the header is ignored.
  EXPECT_EQ(trust.ClientAddress("198.51.100.1", "203.0.113.7"), "198.51.100.1");
  EXPECT_EQ(ProxyTrust().ClientAddress("127.0.0.1", "203.0.113.7"), "127.0.0.1");
}

TEST(CanonicalAddress, WritesMappedIpv4AsIpv4) {
  EXPECT_EQ(CanonicalAddress("::ffff:192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(CanonicalAddress("2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(CanonicalAddress("192.0.2.1"), "192.0.2.1");
}

TEST(AcceptsGzip, ReadsTokensAndQValues) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0.000, br"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip(""));
}

TEST(Gzip, ProducesAGzipStream) {
  const std::string packed = Gzip(std::string(10000, 'a'));
  ASSERT_GE(packed.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);  // RFC 1952 §2.3.1: ID1 ID2
  EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
  EXPECT_LT(packed.size(), 200u);
  EXPECT_TRUE(IsCompressible("text/javascript; charset=utf-8"));
  EXPECT_TRUE(IsCompressible("application/json; charset=utf-8"));
  EXPECT_FALSE(IsCompressible("image/png"));
}

}  // namespace
}  // namespace zq::api::internal
