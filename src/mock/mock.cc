// MockServer: MockApi behind cpp-httplib on 127.0.0.1, recording every request per bearer token.
//
// httplib would parse multipart bodies itself (with std::regex over part headers, which can
// exhaust the stack on long lines) and then hide the raw body. The pre-routing handler therefore
// moves the Content-Type header aside so that every body is read raw, within our limits, and
// MockApi sees exactly the bytes the client sent.
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "mock/mock.h"

namespace ms {

namespace {

constexpr const char* kSavedContentType = "X-Modelsite-Mock-Content-Type";
constexpr std::chrono::seconds kBodyDeadline{30};
// Bodies are read (and what exceeds the endpoint's limit thrown away) up to this size, so that a
// client still sending gets its 413; beyond it (only possible with chunked encoding: httplib
// refuses a longer Content-Length) the connection is dropped.
constexpr std::size_t kReadMax = MockApi::kMaxMultipartBody + (1u << 20);
// Worker threads. httplib serves each connection on one pool thread from its first byte to its
// last, and a client that stalls mid-request holds its thread for the 5 s read time-out (or up to
// kBodyDeadline while it trickles a body). httplib's default pool (8 threads on a small machine)
// let 20 stalled clients delay every other request by seconds; with 64, up to 63 stalled clients
// leave a thread free. Idle threads cost only their stacks' address space.
constexpr std::size_t kWorkerThreads = 64;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string bearer_of(const MockRequest& req) {
  auto it = req.headers.find("authorization");
  if (it == req.headers.end()) return "";
  std::string_view v = it->second;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  if (v.size() < 7 || lower(v.substr(0, 7)) != "bearer ") return "";
  v.remove_prefix(7);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return std::string(v);
}

bool is_pseudo_header(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT";
}

std::string status_text(int status) {
  switch (status) {
    case 400: return "Bad request: the HTTP request could not be parsed.";
    case 404: return "Not found.";
    case 405: return "Method not allowed.";
    case 408: return "Request timeout.";
    case 413: return "Request body too large.";
    case 414: return "Request URI too long.";
    case 416: return "Range not satisfiable.";
    default: return "HTTP error " + std::to_string(status) + ".";
  }
}

MockRequest to_mock_request(const httplib::Request& req) {
  MockRequest m;
  m.method = req.method;
  m.path = req.path;
  for (const auto& [name, value] : req.headers) {
    if (is_pseudo_header(name)) continue;
    std::string key = lower(name);
    if (key == lower(kSavedContentType)) key = "content-type";
    m.headers.emplace(key, value);  // the first of repeated headers wins
  }
  return m;
}

void send(httplib::Response& res, const MockResponse& r) {
  res.status = r.status;
  for (const auto& [name, value] : r.headers) res.set_header(name, value);
  if (r.content_type.rfind("text/event-stream", 0) == 0) {
    // One chunk per event, as a streaming server would send them.
    auto body = std::make_shared<std::string>(r.body);
    auto pos = std::make_shared<std::size_t>(0);
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(r.content_type, [body, pos](std::size_t, httplib::DataSink& sink) {
      if (*pos >= body->size()) {
        sink.done();
        return true;
      }
      std::size_t end = body->find("\n\n", *pos);
      end = end == std::string::npos ? body->size() : end + 2;
      bool ok = sink.write(body->data() + *pos, end - *pos);
      *pos = end;
      return ok;
    });
    return;
  }
  res.set_content(r.body, r.content_type);
}

}  // namespace

struct MockServer::Impl {
  explicit Impl(std::vector<MockModel> models) : api(std::move(models)) {}

  MockApi api;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  std::atomic<int> port{-1};
  std::function<void(const RecordedRequest&)> callback;
  mutable std::mutex mu;
  std::map<std::string, std::vector<RecordedRequest>> recorded;  // by bearer

  void record(MockRequest req, MockResponse res) {
    RecordedRequest r{std::move(req), std::move(res), ""};
    r.bearer = bearer_of(r.request);
    if (callback) callback(r);
    std::lock_guard lock(mu);
    recorded[r.bearer].push_back(std::move(r));
  }

  void handle_without_body(const httplib::Request& req, httplib::Response& res) {
    MockRequest m = to_mock_request(req);
    MockResponse r = api.handle(m);
    send(res, r);
    record(std::move(m), std::move(r));
  }

  void handle_with_body(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    MockRequest m = to_mock_request(req);
    auto ct = m.headers.find("content-type");
    bool multipart = ct != m.headers.end() && lower(ct->second).rfind("multipart/", 0) == 0;
    const std::size_t keep = (multipart ? MockApi::kMaxMultipartBody : MockApi::kMaxJsonBody) + 1;
    const auto deadline = std::chrono::steady_clock::now() + kBodyDeadline;
    std::size_t total = 0;
    bool too_slow = false;
    bool ok = reader([&](const char* data, std::size_t n) {
      total += n;
      if (m.body.size() < keep) m.body.append(data, std::min(n, keep - m.body.size()));
      if (std::chrono::steady_clock::now() > deadline) {
        too_slow = true;
        return false;
      }
      return total <= kReadMax;
    });
    MockResponse r;
    if (total > kReadMax || res.status == 413) {
      r = mock_error(413,
                     "Request body too large: the mock reads at most " + std::to_string(MockApi::kMaxMultipartBody) +
                         " bytes (" + std::to_string(MockApi::kMaxJsonBody) + " for JSON).",
                     "invalid_request_error", "", "request_too_large");
    } else if (too_slow) {
      r = mock_error(408, "The request body did not arrive in time.", "invalid_request_error", "", "timeout");
    } else if (!ok) {
      r = mock_error(400, "Could not read the request body (incomplete or malformed).", "invalid_request_error", "",
                     "incomplete_body");
    } else {
      r = api.handle(m);
    }
    if (!ok) res.set_header("Connection", "close");
    send(res, r);
    record(std::move(m), std::move(r));
  }
};

MockServer::MockServer(std::vector<MockModel> models) : impl_(std::make_unique<Impl>(std::move(models))) {}

MockServer::~MockServer() { stop(); }

namespace {

// The server's limits, its handlers, and OpenAI's error shape for what httplib answers itself.
void install(httplib::Server* server, const httplib::Server::Handler& plain,
             const httplib::Server::HandlerWithContentReader& with_body) {
  server->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  server->set_read_timeout(5, 0);
  server->set_write_timeout(5, 0);
  server->set_keep_alive_timeout(2);
  server->set_keep_alive_max_count(100);
  server->set_payload_max_length(MockApi::kMaxMultipartBody);
  // httplib's default also sets SO_REUSEPORT, which would let a second mock share a busy port.
  server->set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });

  server->set_pre_routing_handler([](const httplib::Request& creq, httplib::Response& res) {
    // The Request object is owned non-const by httplib's connection loop; moving the header is
    // how we keep httplib's multipart parser away from the body (see the top of this file).
    auto& req = const_cast<httplib::Request&>(creq);
    req.headers.erase(kSavedContentType);
    auto it = req.headers.find("Content-Type");
    if (it != req.headers.end()) {
      std::string value = it->second;
      req.headers.erase("Content-Type");
      req.headers.emplace(kSavedContentType, value);
    }
    bool has_body_method = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    if (has_body_method && !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      auto r = mock_error(411, "A Content-Length header is required.", "invalid_request_error", "",
                          "length_required");
      res.status = r.status;
      res.set_header("Connection", "close");
      res.set_content(r.body, r.content_type);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Paths are at most CPPHTTPLIB_REQUEST_URI_MAX_LENGTH (8192) bytes, well within what
  // std::regex_match(".*") handles.
  server->Get(".*", plain);
  server->Options(".*", plain);
  server->Post(".*", with_body);
  server->Put(".*", with_body);
  server->Patch(".*", with_body);
  server->Delete(".*", with_body);

  // Errors httplib answers itself (malformed request line, 414, unknown method...): give them
  // OpenAI's error shape too.
  server->set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    auto r = mock_error(res.status, status_text(res.status), "invalid_request_error", "", "bad_request");
    res.set_content(r.body, r.content_type);
    return httplib::Server::HandlerResponse::Handled;
  }));
  server->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    auto r = mock_error(500, "The mock failed to answer this request.", "server_error", "", "internal_error");
    res.status = 500;
    res.set_content(r.body, r.content_type);
  });
}

}  // namespace

int MockServer::start(int port) {
  if (impl_->server) return impl_->port;
  auto server = std::make_unique<httplib::Server>();
  Impl* impl = impl_.get();
  install(
      server.get(), [impl](const httplib::Request& req, httplib::Response& res) { impl->handle_without_body(req, res); },
      [impl](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        impl->handle_with_body(req, res, reader);
      });

  int bound = -1;
  if (port == 0) {
    bound = server->bind_to_any_port("127.0.0.1");
  } else if (server->bind_to_port("127.0.0.1", port)) {
    bound = port;
  }
  if (bound <= 0) return -1;

  impl_->server = std::move(server);
  impl_->port = bound;
  httplib::Server* raw = impl_->server.get();
  auto finished = std::make_shared<std::atomic<bool>>(false);
  impl_->thread = std::thread([raw, finished] {
    raw->listen_after_bind();
    *finished = true;
  });
  // httplib's stop() does nothing until the accept loop runs: wait for it, so that a stop() right
  // after start() cannot leave the loop running forever.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!raw->is_running() && !*finished && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!raw->is_running()) {
    stop();
    return -1;
  }
  return bound;
}

void MockServer::stop() {
  if (!impl_->server) return;
  impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->server.reset();
  impl_->port = -1;
}

int MockServer::port() const { return impl_->port; }

void MockServer::on_request(std::function<void(const RecordedRequest&)> cb) { impl_->callback = std::move(cb); }

std::vector<RecordedRequest> MockServer::requests_for(const std::string& bearer) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->recorded.find(bearer);
  if (it == impl_->recorded.end()) return {};
  return it->second;
}

void MockServer::clear_requests_for(const std::string& bearer) {
  std::lock_guard lock(impl_->mu);
  impl_->recorded.erase(bearer);
}

const MockApi& MockServer::api() const { return impl_->api; }

std::string format_log_line(const RecordedRequest& r) {
  std::string model = mock_request_model(r.request);
  return r.request.method + " " + r.request.path + " " + std::to_string(r.response.status) + " " +
         std::to_string(r.response.body.size()) + " B " + (model.empty() ? "-" : model);
}

}  // namespace ms
