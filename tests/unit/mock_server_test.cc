// The mock server over real sockets: answers and recorded requests, streaming, uploads, bad
// transport, clients that vanish, stop and restart.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "mock/mock.h"
#include "mock_support.h"

using namespace mocktest;

// ---------------------------------------------------------------------------------------------
// The server, over real sockets.

namespace {

struct RunningServer {
  // The log before the server: members go in reverse order, and a request still in flight when
  // the test ends (a client that stalled or vanished) is logged while the server stops.
  std::vector<std::string> log;
  std::mutex log_mu;
  ms::MockServer server{catalog()};
  int port = -1;
  RunningServer() {
    server.on_request([this](const ms::RecordedRequest& r) {
      std::lock_guard lock(log_mu);
      log.push_back(ms::format_log_line(r));
    });
    port = server.start(0);
    REQUIRE(port > 0);
  }
  httplib::Client client(const std::string& key = "sk-test") const {
    httplib::Client c("127.0.0.1", port);
    c.set_bearer_token_auth(key);
    c.set_read_timeout(10, 0);
    return c;
  }
  // Waits until `bearer` has `count` recorded requests (they are recorded from worker threads).
  std::vector<ms::RecordedRequest> wait_for(const std::string& bearer, std::size_t count) const {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      auto got = server.requests_for(bearer);
      if (got.size() >= count || std::chrono::steady_clock::now() > deadline) return got;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
};

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

void send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    REQUIRE(n > 0);
    sent += static_cast<std::size_t>(n);
  }
}

// Sends raw bytes on a fresh connection and reads one response (headers and Content-Length body).
std::string raw_exchange(int port, const std::string& data) {
  int fd = connect_to(port);
  send_all(fd, data);
  std::string reply;
  char buf[4096];
  for (;;) {
    auto head_end = reply.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::string head = reply.substr(0, head_end);
      for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto cl = head.find("content-length:");
      std::size_t length = cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 15));
      if (reply.size() >= head_end + 4 + length) break;
    }
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    reply.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

}  // namespace

TEST_CASE("server_answers_and_records_requests_per_bearer", "[mock]") {
  RunningServer s;
  CHECK(s.server.port() == s.port);
  auto cli = s.client("key-one");
  auto res = cli.Post("/v1/chat/completions", chat_body().dump(), "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  Json j = Json::parse(res->body);
  CHECK(j["choices"][0]["message"]["content"] ==
        "This is a mock answer from gpt-4-0314 to: Explain the significance of snapshot mod");

  // Determinism over the wire.
  auto again = cli.Post("/v1/chat/completions", chat_body().dump(), "application/json");
  REQUIRE(again);
  CHECK(again->body == res->body);

  auto other = s.client("key-two").Get("/v1/models");
  REQUIRE(other);
  CHECK(other->status == 200);

  auto one = s.wait_for("key-one", 2);
  REQUIRE(one.size() == 2);
  CHECK(one[0].bearer == "key-one");
  CHECK(one[0].request.method == "POST");
  CHECK(one[0].request.path == "/v1/chat/completions");
  CHECK(one[0].request.headers.at("authorization") == "Bearer key-one");
  CHECK(one[0].request.headers.at("content-type") == "application/json");
  CHECK(one[0].request.body == chat_body().dump());
  CHECK(one[0].response.body == res->body);
  CHECK(s.wait_for("key-two", 1).size() == 1);

  s.server.clear_requests_for("key-one");
  CHECK(s.server.requests_for("key-one").empty());
  CHECK(s.server.requests_for("key-two").size() == 1);
  {
    std::lock_guard lock(s.log_mu);
    REQUIRE(s.log.size() == 3);
    CHECK(s.log[0] == "POST /v1/chat/completions 200 " + std::to_string(res->body.size()) + " B gpt-4-0314");
  }
}

TEST_CASE("server_streams_chat_chunks_as_server_sent_events", "[mock]") {
  RunningServer s;
  Json body = chat_body("Stream this please");
  body["stream"] = true;
  auto res = s.client().Post("/v1/chat/completions", body.dump(), "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").rfind("text/event-stream", 0) == 0);
  auto data = sse_data(res->body);
  REQUIRE(data.size() > 3);
  CHECK(data.back() == "[DONE]");
  std::string text;
  for (std::size_t i = 0; i + 1 < data.size(); ++i) {
    Json chunk = Json::parse(data[i]);
    CHECK(chunk["object"] == "chat.completion.chunk");
    if (chunk["choices"][0]["delta"].contains("content"))
      text += chunk["choices"][0]["delta"]["content"].get<std::string>();
  }
  CHECK(text == "This is a mock answer from gpt-4-0314 to: Stream this please");
}

TEST_CASE("server_accepts_multipart_uploads_and_records_the_raw_body", "[mock]") {
  RunningServer s;
  httplib::MultipartFormDataItems items = {{"file", std::string("RIFF\0\0\0\0WAVE", 12), "hello.wav", "audio/wav"},
                                           {"model", "whisper-1", "", ""},
                                           {"response_format", "text", "", ""}};
  auto res = s.client("upload").Post("/v1/audio/transcriptions", items);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == "This is a mock transcript from whisper-1 of hello.wav (12 bytes).");
  auto rec = s.wait_for("upload", 1);
  REQUIRE(rec.size() == 1);
  auto parts = ms::parse_multipart(rec[0].request.headers.at("content-type"), rec[0].request.body);
  REQUIRE(parts);
  CHECK(parts->size() == 3);
}

TEST_CASE("server_rejects_bad_transport_and_keeps_serving", "[mock]") {
  RunningServer s;
  auto cli = s.client();
  SECTION("wrong method") {
    auto res = cli.Put("/v1/chat/completions", "{}", "application/json");
    REQUIRE(res);
    CHECK(res->status == 405);
    CHECK(res->get_header_value("Allow") == "POST");
  }
  SECTION("unknown path") {
    auto res = cli.Get("/v2/models");
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(Json::parse(res->body)["error"]["code"] == "unknown_url");
  }
  SECTION("no key") {
    httplib::Client anon("127.0.0.1", s.port);
    auto res = anon.Post("/v1/chat/completions", chat_body().dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(Json::parse(res->body)["error"]["code"] == "invalid_api_key");
  }
  SECTION("wrong content type") {
    auto res = cli.Post("/v1/chat/completions", chat_body().dump(), "text/plain");
    REQUIRE(res);
    CHECK(res->status == 415);
  }
  SECTION("a JSON body over 1 MiB") {
    auto res = cli.Post("/v1/chat/completions", chat_body(std::string(2u << 20, 'a')).dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK(Json::parse(res->body)["error"]["code"] == "request_too_large");
  }
  SECTION("an upload over 25 MiB") {
    httplib::MultipartFormDataItems items = {{"file", std::string(26u << 20, 'x'), "big.wav", "audio/wav"},
                                             {"model", "whisper-1", "", ""}};
    auto res = cli.Post("/v1/audio/transcriptions", items);
    REQUIRE(res);
    CHECK(res->status == 413);
  }
  SECTION("truncated JSON") {
    auto res = cli.Post("/v1/chat/completions", R"({"model":"gpt-4-0314","messages":[)", "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(Json::parse(res->body)["error"]["code"] == "invalid_json");
  }
  SECTION("invalid UTF-8") {
    auto res = cli.Post("/v1/chat/completions", "{\"model\":\"\xc3\x28\"}", "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(Json::parse(res->body)["error"]["code"] == "invalid_utf8");
  }
  SECTION("a garbage request line") {
    std::string reply = raw_exchange(s.port, "HELLO\r\n\r\n");
    CHECK(reply.rfind("HTTP/1.1 400", 0) == 0);
  }
  SECTION("a POST without Content-Length") {
    std::string reply = raw_exchange(s.port,
                                     "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                                     "Content-Type: application/json\r\n\r\n{}");
    CHECK(reply.rfind("HTTP/1.1 411", 0) == 0);
  }
  SECTION("a request URI over 8 KiB") {
    std::string reply = raw_exchange(s.port, "GET /" + std::string(100000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(reply.rfind("HTTP/1.1 414", 0) == 0);
  }
  auto ok = cli.Post("/v1/chat/completions", chat_body().dump(), "application/json");
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("server_survives_clients_that_vanish_mid_request", "[mock]") {
  RunningServer s;
  SECTION("half a body, then disconnect") {
    int fd = connect_to(s.port);
    send_all(fd,
             "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer vanished\r\n"
             "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":");
    ::close(fd);
    auto rec = s.wait_for("vanished", 1);
    REQUIRE(rec.size() == 1);
    CHECK(rec[0].response.status == 400);
    CHECK(Json::parse(rec[0].response.body)["error"]["code"] == "incomplete_body");
  }
  SECTION("half the headers, then disconnect") {
    int fd = connect_to(s.port);
    send_all(fd, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Le");
    ::close(fd);
  }
  SECTION("a stalled client does not block others") {
    int fd = connect_to(s.port);
    send_all(fd,
             "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer slow\r\n"
             "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
    auto start = std::chrono::steady_clock::now();
    auto res = s.client().Get("/v1/models");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    ::close(fd);
  }
  auto res = s.client().Post("/v1/chat/completions", chat_body().dump(), "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("server_stops_restarts_and_reports_a_busy_port", "[mock]") {
  ms::MockServer a(catalog());
  CHECK(a.port() == -1);
  int port = a.start(0);
  REQUIRE(port > 0);
  ms::MockServer b(catalog());
  CHECK(b.start(port) == -1);
  a.stop();
  CHECK(a.port() == -1);
  a.stop();  // twice is fine
  int again = a.start(0);
  REQUIRE(again > 0);
  httplib::Client cli("127.0.0.1", again);
  cli.set_bearer_token_auth("k");
  auto res = cli.Get("/v1/models/whisper-1");
  REQUIRE(res);
  CHECK(res->status == 200);
}
