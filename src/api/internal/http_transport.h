#pragma once

#include <functional>
#include <memory>

#include "api/http.h"
#include "core/result.h"

namespace zq::api {
struct ServerOptions;
}

namespace zq::api::internal {

// What the transport asks of the server above it.
struct TransportHooks {
  // Answers a well-formed request. Runs on a worker thread and may block (database calls).
  std::function<Response(Request&)> serve;
  // Adds the headers every answer carries. Also run on the transport's own answers to requests
  // that never reach `serve` (400 malformed, 413 body too large, 431 head too large).
  std::function<void(const Request&, Response&)> finish;
};

// The network side of ApiServer, on Boost.Beast: one acceptor, two I/O threads, a pool of worker
// threads for `serve`. Each connection has a total deadline for its request head (so trickling
// clients cannot hold it), then one for the body and one for writing the answer; keep-alive
// connections idle out. Bodies over options.max_body_bytes answer 413, chunked ones included,
// without being read further. TLS (1.2 and later) when options name a certificate and a key.
// Stops and joins every thread when destroyed; the hooks must outlive it.
class HttpTransport {
 public:
  // Binds and starts serving. kInvalidArgument for a bad certificate, key or trusted proxy;
  // kUnavailable when the address cannot be bound.
  static Result<std::unique_ptr<HttpTransport>> Start(const ServerOptions& options,
                                                      TransportHooks hooks);
  struct Impl;
  explicit HttpTransport(std::unique_ptr<Impl> impl);  // by Start()
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  int port() const;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace zq::api::internal
