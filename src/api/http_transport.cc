// The only translation unit that includes Boost.Beast (heavy to compile): accepts connections,
// reads requests under deadlines and limits, hands them to the worker pool, writes the answers.
#include "api/internal/http_transport.h"

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include "api/error_mapping.h"
#include "api/internal/compression.h"
#include "api/internal/request_parsing.h"
#include "api/server.h"
#include "auth/crypto.h"

namespace zq::api::internal {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kGzipCacheBytes = 64 << 20;
constexpr auto kLinger = std::chrono::seconds(2);

std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

std::string NewRequestId() {
  const std::string raw = auth::RandomBytes(8);
  return auth::ToHex({reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()});
}

// Open connections, in all and per source address; beyond either cap a connection is closed at
// once. Thread-safe.
class ConnectionLimits {
 public:
  ConnectionLimits(int total, int per_address) : total_cap_(total), per_address_cap_(per_address) {}

  bool TryAdd(const std::string& address) {
    std::lock_guard lock(mu_);
    int& n = per_address_[address];
    if (total_ >= total_cap_ || n >= per_address_cap_) {
      if (n == 0)
        per_address_.erase(address);
      return false;
    }
    ++n;
    ++total_;
    return true;
  }

  void Remove(const std::string& address) {
    std::lock_guard lock(mu_);
    if (auto it = per_address_.find(address); it != per_address_.end() && --it->second == 0)
      per_address_.erase(it);
    --total_;
  }

 private:
  std::mutex mu_;
  const int total_cap_;
  const int per_address_cap_;
  int total_ = 0;
  std::map<std::string, int> per_address_;
};

// What a written answer needs to know of the request it answers.
struct Exchange {
  unsigned version = 11;
  bool keep_alive = false;
  bool head = false;
};

// Everything the sessions share. Declared so that what sessions use outlives the io_context,
// whose destruction destroys the sessions still pending.
struct Server {
  Server(const ServerOptions& opts, ProxyTrust proxy_trust, TransportHooks transport_hooks)
      : options(opts),
        trust(std::move(proxy_trust)),
        hooks(std::move(transport_hooks)),
        limits(opts.max_connections, opts.max_connections_per_address) {}

  const ServerOptions options;
  const ProxyTrust trust;
  const TransportHooks hooks;
  ConnectionLimits limits;
  GzipCache gzip{kGzipCacheBytes};
  std::optional<ssl::context> tls;
  net::io_context ioc{2};
  net::thread_pool workers{static_cast<std::size_t>(std::max(1, options.worker_threads))};
  tcp::acceptor acceptor{ioc};
  net::steady_timer accept_retry{ioc};
  std::vector<std::thread> io_threads;

  void Accept();
};

// One connection. `Stream` is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(Server& server, Stream stream, std::string peer)
      : server_(server), stream_(std::move(stream)), peer_(std::move(peer)) {}

  ~Session() { server_.limits.Remove(peer_); }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Run() {
    if constexpr (kTls) {
      Lowest().expires_after(server_.options.head_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec)
                                  self->ReadHead();
                              });
    } else {
      ReadHead();
    }
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  // The whole head must arrive within head_timeout of its first byte (of the connection, for
  // the first request): a client trickling one header line at a time is dropped.
  void ReadHead() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(server_.options.max_body_bytes);
    Lowest().expires_after(server_.options.head_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnHead(ec); });
  }

  // Between keep-alive requests: wait up to idle_timeout for the next request's first bytes.
  void AwaitNext() {
    if (buffer_.size() > 0) {
      ReadHead();  // pipelined: the next request is already here
      return;
    }
    Lowest().expires_after(server_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec)
                                return;  // idle too long, or closed: drop
                              self->buffer_.commit(n);
                              self->ReadHead();
                            });
  }

  void OnHead(beast::error_code ec) {
    if (ec) {
      OnReadError(ec);
      return;
    }
    const auto& head = parser_->get();
    if (parser_->is_done()) {
      Dispatch();
      return;
    }
    auto expect = head.find(http::field::expect);
    if (expect != head.end() && beast::iequals(expect->value(), "100-continue")) {
      static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
      Lowest().expires_after(server_.options.write_timeout);
      net::async_write(stream_, net::buffer(kContinue, sizeof kContinue - 1),
                       [self = this->shared_from_this()](beast::error_code e, std::size_t) {
                         if (!e)
                           self->ReadBody();
                       });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    Lowest().expires_after(server_.options.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) {
                         self->OnReadError(ec);
                       } else {
                         self->Dispatch();
                       }
                     });
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      ReplyError(HttpError(413, "RESOURCE_EXHAUSTED", "the request body is too large"));
    } else if (ec == http::error::header_limit) {
      ReplyError(HttpError(431, "RESOURCE_EXHAUSTED", "the request head is too large"));
    } else if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message) {
      ReplyError(HttpError(400, "INVALID_ARGUMENT", "malformed request"));
    }
    // Otherwise (timeout, reset, end of stream) the connection is simply dropped.
  }

  // Answers a request the server could not read, then closes the connection.
  void ReplyError(Response r) {
    Request req;
    req.request_id = NewRequestId();
    req.remote_addr = peer_;
    if (parser_ && parser_->is_header_done())
      SplitTarget(View(parser_->get().target()), req.path, req.query);
    server_.hooks.finish(req, r);
    Write(std::move(r), Exchange{}, /*close=*/true);
  }

  void Dispatch() {
    auto& message = parser_->get();
    auto req = std::make_shared<Request>();
    if (!SplitTarget(View(message.target()), req->path, req->query)) {
      ReplyError(HttpError(400, "INVALID_ARGUMENT", "malformed request target"));
      return;
    }
    req->method = std::string(message.method_string());
    std::string forwarded_for;
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name == "x-forwarded-for") {
        forwarded_for += forwarded_for.empty() ? "" : ",";
        forwarded_for += std::string(field.value());
      }
      req->headers.emplace(std::move(name), std::string(field.value()));
    }
    req->body = std::move(message.body());
    req->remote_addr = server_.trust.ClientAddress(peer_, forwarded_for);
    req->request_id = NewRequestId();
    const Exchange exchange{message.version(), message.keep_alive(), req->method == "HEAD"};
    const bool gzip_ok = AcceptsGzip(req->Header("accept-encoding"));
    net::post(server_.workers, [self = this->shared_from_this(), req, exchange, gzip_ok] {
      Response r = self->Serve(*req, gzip_ok);
      net::post(self->stream_.get_executor(), [self, r = std::move(r), exchange]() mutable {
        self->Write(std::move(r), exchange, /*close=*/false);
      });
    });
  }

  // On a worker thread.
  Response Serve(Request& req, bool gzip_ok) {
    Response r;
    try {
      r = server_.hooks.serve(req);
    } catch (const std::exception& e) {
      spdlog::error("request {}: unhandled exception: {}", req.request_id, e.what());
      r = HttpError(500, "INTERNAL", "internal error");
      server_.hooks.finish(req, r);
    }
    if (gzip_ok && r.body.size() >= 1024 && IsCompressible(r.content_type)) {
      const bool is_static = !IsApiPath(req.path) && r.status == 200;
      std::string packed = is_static ? *server_.gzip.Compress(r.body) : Gzip(r.body);
      if (!packed.empty()) {
        r.body = std::move(packed);
        r.headers.emplace_back("Content-Encoding", "gzip");
      }
    }
    if (IsCompressible(r.content_type))
      r.headers.emplace_back("Vary", "Accept-Encoding");
    return r;
  }

  // On the session's strand. Head and body go out in one gather write (TCP_NODELAY is set).
  void Write(Response r, Exchange exchange, bool close) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), exchange.version);
    for (auto& [name, value] : r.headers) res->insert(name, value);
    res->set(http::field::content_type, r.content_type);
    res->keep_alive(exchange.keep_alive && !close);
    if (exchange.head) {
      res->content_length(r.body.size());
    } else {
      res->body() = std::move(r.body);
      res->prepare_payload();
    }
    Lowest().expires_after(server_.options.write_timeout);
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (ec)
                          return;
                        if (!res->keep_alive()) {
                          self->Shutdown();
                        } else {
                          self->parser_.reset();
                          self->AwaitNext();
                        }
                      });
  }

  // Closes after the last answer. The peer may still be sending a body we refused: read and
  // discard it for a moment, so that closing does not reset the connection before the peer has
  // read the answer (a lingering close).
  void Shutdown() {
    if constexpr (kTls) {
      Lowest().expires_after(kLinger);
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ec;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      Lowest().expires_after(kLinger);
      Drain();
    }
  }

  void Drain() {
    buffer_.clear();
    Lowest().async_read_some(buffer_.prepare(16384),
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                               if (!ec)
                                 self->Drain();
                             });
  }

  Server& server_;
  Stream stream_;
  std::string peer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

void Server::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open())
      return;
    if (ec) {
      // Out of descriptors, say: try again shortly rather than spin.
      spdlog::warn("accept: {}", ec.message());
      accept_retry.expires_after(std::chrono::milliseconds(100));
      accept_retry.async_wait([this](beast::error_code e) {
        if (!e)
          Accept();
      });
      return;
    }
    beast::error_code peer_ec;
    const tcp::endpoint peer = socket.remote_endpoint(peer_ec);
    const std::string address = peer_ec ? "" : CanonicalAddress(peer.address().to_string());
    if (peer_ec || !limits.TryAdd(address)) {
      socket.close(peer_ec);
    } else {
      socket.set_option(tcp::no_delay(true), peer_ec);
      if (tls) {
        std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
            *this, beast::ssl_stream<beast::tcp_stream>(std::move(socket), *tls), address)
            ->Run();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(*this, beast::tcp_stream(std::move(socket)),
                                                     address)
            ->Run();
      }
    }
    Accept();
  });
}

Result<ssl::context> MakeTlsContext(const ServerOptions& options) {
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                  ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  // TLS 1.2: forward-secret AEAD suites only (TLS 1.3's are all of that kind).
  SSL_CTX_set_cipher_list(ctx.native_handle(), "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL");
  beast::error_code ec;
  ctx.use_certificate_chain_file(options.tls_cert_file, ec);
  if (ec)
    return Status::InvalidArgument(fmt::format("cannot use {} as the TLS certificate: {}",
                                               options.tls_cert_file, ec.message()),
                                   "tls_cert");
  ctx.use_private_key_file(options.tls_key_file, ssl::context::pem, ec);
  if (ec || SSL_CTX_check_private_key(ctx.native_handle()) != 1)
    return Status::InvalidArgument(fmt::format("cannot use {} as the TLS key for {}",
                                               options.tls_key_file, options.tls_cert_file),
                                   "tls_key");
  return ctx;
}

}  // namespace

struct HttpTransport::Impl {
  std::unique_ptr<Server> server;
};

HttpTransport::HttpTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpTransport::~HttpTransport() {
  Server& s = *impl_->server;
  s.ioc.stop();
  for (std::thread& t : s.io_threads) t.join();
  beast::error_code ec;
  s.acceptor.close(ec);
  s.workers.stop();
  s.workers.join();
  // Destroying the server destroys the io_context and with it the sessions still open.
}

int HttpTransport::port() const { return impl_->server->acceptor.local_endpoint().port(); }

Result<std::unique_ptr<HttpTransport>> HttpTransport::Start(const ServerOptions& options,
                                                            TransportHooks hooks) {
  ZQ_ASSIGN_OR_RETURN(ProxyTrust trust, ProxyTrust::Parse(options.trusted_proxies));
  if (options.tls_cert_file.empty() != options.tls_key_file.empty())
    return Status::InvalidArgument("TLS needs both a certificate and a key", "tls_key");
  auto server = std::make_unique<Server>(options, std::move(trust), std::move(hooks));
  if (!options.tls_cert_file.empty()) {
    ZQ_ASSIGN_OR_RETURN(ssl::context ctx, MakeTlsContext(options));
    server->tls.emplace(std::move(ctx));
  }
  beast::error_code ec;
  tcp::resolver resolver(server->ioc);
  const auto endpoints =
      resolver.resolve(options.host, std::to_string(options.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty())
    return Status::Unavailable(fmt::format("cannot resolve {}: {}", options.host, ec.message()));
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  tcp::acceptor& acceptor = server->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec)
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec)
    acceptor.bind(endpoint, ec);
  if (!ec)
    acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Status::Unavailable(
        fmt::format("cannot bind {}:{}: {}", options.host, options.port, ec.message()));
  server->Accept();
  for (int i = 0; i < 2; ++i) server->io_threads.emplace_back([s = server.get()] { s->ioc.run(); });
  auto impl = std::make_unique<Impl>();
  impl->server = std::move(server);
  return std::make_unique<HttpTransport>(std::move(impl));
}

}  // namespace zq::api::internal
