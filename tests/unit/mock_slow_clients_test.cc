// The mock server under clients that stall mid-request, over real sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mock/mock.h"

namespace {

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
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

// Reads until the peer closes or `limit_s` passes (a safety bound, not a measurement).
std::string read_reply(int fd, int limit_s) {
  timeval tv{limit_s, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string reply;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
  return reply;
}

// True while the server has neither answered nor closed the connection.
bool still_waiting(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;
}

}  // namespace

TEST_CASE("twenty_stalled_clients_do_not_hold_up_a_valid_request", "[mock]") {
  ms::MockServer server({{"gpt-4-0314", "openai", {"chat.completions"}}});
  int port = server.start(0);
  REQUIRE(port > 0);
  // Ten stall in the headers, ten in the body: each holds a server thread until its read
  // time-out (5 s) or body deadline.
  std::vector<int> stalled;
  for (int i = 0; i < 20; ++i) {
    int fd = connect_to(port);
    if (i % 2 == 0)
      send_all(fd, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthoriza");
    else
      send_all(fd, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer slow\r\n"
                   "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":");
    stalled.push_back(fd);
  }
  int fd = connect_to(port);
  send_all(fd, "GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test\r\nConnection: close\r\n\r\n");
  std::string reply = read_reply(fd, 10);
  ::close(fd);
  REQUIRE(reply.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  auto body = nlohmann::json::parse(reply.substr(reply.find("\r\n\r\n") + 4));
  CHECK(body["data"][0]["id"] == "gpt-4-0314");
  // The answer came while every stalled client was still being waited for: it did not wait for
  // any of their threads to time out.
  int waiting = 0;
  for (int s : stalled) waiting += still_waiting(s);
  CHECK(waiting == 20);
  // The stalled clients that sent a body part are recorded as incomplete once they give up.
  for (int s : stalled) ::close(s);
  std::vector<ms::RecordedRequest> rec;
  for (int i = 0; i < 1000 && rec.size() < 10; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    rec = server.requests_for("slow");
  }
  REQUIRE(rec.size() == 10);
  for (const auto& r : rec) {
    CHECK(r.response.status == 400);
    auto e = nlohmann::json::parse(r.response.body);
    CHECK(e["error"]["code"] == "incomplete_body");
    CHECK(e["error"]["type"] == "invalid_request_error");
  }
}
