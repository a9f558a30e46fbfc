// `modelsite serve`: preview with rebuild on save and live reload.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>

#include "cli/cli.h"
#include "serve/serve.h"

extern char** environ;

namespace ms::cli {

namespace {

std::atomic<bool> g_stop{false};
void on_stop_signal(int) { g_stop = true; }

// Opens the URL in the desktop's browser without waiting for it.
void open_browser(const std::string& url) {
  pid_t pid = 0;
  std::string tool = "xdg-open";
  char* argv[] = {tool.data(), const_cast<char*>(url.c_str()), nullptr};
  if (::posix_spawnp(&pid, tool.c_str(), nullptr, nullptr, argv, environ) != 0)
    std::fprintf(stderr, "warning: could not run xdg-open; open %s by hand\n", url.c_str());
}

}  // namespace

int cmd_serve(Args& a) {
  ServeOptions o;
  bool open = false;
  while (a.more()) {
    std::string f = a.items[a.pos++];
    if (f == "--root") o.root = value_of(a, f);
    else if (f == "--port" || f == "-p") o.port = int_value(a, f, 0, 65535);
    else if (f == "--check") o.check = true;
    else if (f == "--open") open = true;
    else if (f == "--out" || f == "-o") o.out = value_of(a, f);
    else if (f == "--jobs" || f == "-j") o.jobs = int_value(a, f, 1, 256);
    else if (f == "--verbose" || f == "-v") o.verbose = true;
    else throw UsageError{"unknown option `" + f + "` for serve"};
  }
  ServeSession session(o, [](const std::string& text) {
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
  });
  std::string error;
  auto port = session.start(error);
  if (!port) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 2;
  }
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  std::string url = "http://127.0.0.1:" + std::to_string(*port) + "/";
  std::fprintf(stderr, "serving %s on %s (Ctrl-C stops)\n",
               (o.out.empty() ? default_serve_out(o.root) : o.out).string().c_str(), url.c_str());
  if (open) open_browser(url);
  session.run(g_stop);
  session.shutdown();
  std::fprintf(stderr, "serve stopped\n");
  return 0;
}

}  // namespace ms::cli
