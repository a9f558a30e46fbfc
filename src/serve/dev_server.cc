#include "serve/dev_server.h"

#include "core/hash.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "serve/live_assets.h"

namespace ms {

namespace {

constexpr const char* kLivePrefix = "/__modelsite/";

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Whether something already listens on 127.0.0.1:port. httplib binds with SO_REUSEPORT, which
// would let a second server share a port with one that also set it; a plain bind tells.
bool port_is_taken(int port, std::string& error) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool taken = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0;
  if (taken) error = std::strerror(errno);
  ::close(fd);
  return taken;
}

std::string status_json(const BuildStatus& s) {
  nlohmann::json j = {{"generation", s.generation}, {"ok", s.ok}, {"diagnostics", s.diagnostics},
                      {"check", {{"state", s.check_state}, {"summary", s.check_summary}}}};
  return j.dump();
}

void no_store(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
}

// A built file's validator: its size and modification time (a rebuild that rewrites a file
// gives it a new time).
std::string entity_tag(const fs::path& file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (ec) return "";
  auto time = fs::last_write_time(file, ec);
  if (ec) return "";
  return "\"" + std::to_string(size) + "-" + std::to_string(static_cast<unsigned long long>(time.time_since_epoch().count())) + "\"";
}

}  // namespace

ResolvedPath resolve_request_path(const fs::path& root, const std::string& decoded_path) {
  ResolvedPath out;
  if (decoded_path.empty() || decoded_path[0] != '/') return out;
  if (decoded_path.find('\0') != std::string::npos || decoded_path.find('\\') != std::string::npos) return out;
  fs::path rel;
  std::size_t start = 1;
  while (start <= decoded_path.size()) {
    std::size_t slash = decoded_path.find('/', start);
    std::string seg = decoded_path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (seg == "." || seg == "..") return out;
    if (!seg.empty()) rel /= seg;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::error_code ec;
  fs::path real_root = fs::canonical(root, ec);
  if (ec) return out;
  fs::path real = fs::canonical(real_root / rel, ec);
  if (ec) return out;
  auto [r, p] = std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end());
  if (r != real_root.end()) return out;  // outside the folder (a symlink out)
  if (fs::is_directory(real, ec)) {
    if (!ends_with(decoded_path, "/")) {
      out.kind = ResolvedPath::Kind::redirect;
      out.location = decoded_path + "/";
      return out;
    }
    fs::path index = fs::canonical(real / "index.html", ec);
    if (ec || !fs::is_regular_file(index, ec)) return out;
    if (std::mismatch(real_root.begin(), real_root.end(), index.begin(), index.end()).first != real_root.end()) return out;
    real = index;
  } else if (!fs::is_regular_file(real, ec)) {
    return out;
  }
  out.kind = ResolvedPath::Kind::file;
  out.file = real;
  return out;
}

std::string content_type_for(const fs::path& file) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},       {".htm", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},         {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},  {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"}, {".webmanifest", "application/manifest+json; charset=utf-8"},
      {".xml", "application/xml; charset=utf-8"},  {".xsl", "application/xml; charset=utf-8"},
      {".atom", "application/atom+xml; charset=utf-8"}, {".rss", "application/rss+xml; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},       {".md", "text/markdown; charset=utf-8"},
      {".svg", "image/svg+xml"},                   {".png", "image/png"},
      {".jpg", "image/jpeg"},                      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},                       {".webp", "image/webp"},
      {".avif", "image/avif"},                     {".ico", "image/x-icon"},
      {".woff", "font/woff"},                      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},                        {".otf", "font/otf"},
      {".pdf", "application/pdf"},                 {".wasm", "application/wasm"},
      {".mp3", "audio/mpeg"},                      {".wav", "audio/wav"},
      {".mp4", "video/mp4"},                       {".webm", "video/webm"},
  };
  std::string ext = lower(file.extension().string());
  if (ext == ".gz") return "application/gzip";
  for (const auto& [e, type] : kTypes)
    if (ext == e) return type;
  return "application/octet-stream";
}

std::string inject_live_script(const std::string& html, std::uint64_t generation) {
  std::string tag = "<script src=\"" + std::string(kLivePrefix) + "live.js\" data-modelsite-build=\"" +
                    std::to_string(generation) + "\" defer></script>";
  std::string low = lower(html.substr(0, std::min<std::size_t>(html.size(), 64 * 1024)));
  std::size_t at = low.find("</head>");
  if (at == std::string::npos) return html + tag;
  return html.substr(0, at) + tag + html.substr(at);
}

DevServer::DevServer(fs::path site_dir) : site_dir_(std::move(site_dir)), server_(std::make_unique<httplib::Server>()) {
  // One worker per open page's event stream, plus the page loads themselves.
  server_->new_task_queue = [] { return new httplib::ThreadPool(64); };
  install_routes();
}

DevServer::~DevServer() { stop(); }

void DevServer::install_routes() {
  server_->Get("/__modelsite/live.js", [](const httplib::Request&, httplib::Response& res) {
    no_store(res);
    res.set_content(live_script(), "text/javascript; charset=utf-8");
  });
  server_->Get("/__modelsite/live.css", [](const httplib::Request&, httplib::Response& res) {
    no_store(res);
    res.set_content(live_style(), "text/css; charset=utf-8");
  });
  server_->Get("/__modelsite/status", [this](const httplib::Request&, httplib::Response& res) {
    no_store(res);
    res.set_content(status_json(status()), "application/json; charset=utf-8");
  });
  server_->Get("/__modelsite/events", [this](const httplib::Request&, httplib::Response& res) {
    no_store(res);
    auto seen = std::make_shared<std::uint64_t>(0);
    res.set_chunked_content_provider("text/event-stream", [this, seen](std::size_t, httplib::DataSink& sink) {
      std::uint64_t version = 0;
      BuildStatus s;
      if (!wait_for_status(*seen, version, s)) {
        // Nothing new for a while (or stopping): a comment keeps the connection alive.
        std::lock_guard lock(mu_);
        if (stopping_) return false;
        return sink.write(": keep-alive\n\n", 14);
      }
      *seen = version;
      std::string event = "event: status\ndata: " + status_json(s) + "\n\n";
      return sink.write(event.data(), event.size());
    });
  });
  server_->Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    no_store(res);
    ResolvedPath r = resolve_request_path(site_dir_, req.path);
    std::uint64_t generation = status().generation;
    if (r.kind == ResolvedPath::Kind::redirect) {
      std::string query = req.target.find('?') != std::string::npos ? req.target.substr(req.target.find('?')) : "";
      std::string raw_path = req.target.substr(0, req.target.find('?'));
      res.set_redirect(raw_path + "/" + query, 301);
      return;
    }
    // Files other than pages are revalidated rather than fetched again: an open page that takes
    // a new build's HTML in place gets 304s for the style sheets and scripts that did not change.
    // A URL whose `v` is the file's own content hash (the site's asset and list data versions)
    // names that content for good: the browser keeps it without asking again.
    std::string tag;
    if (r.kind == ResolvedPath::Kind::file && !starts_with(content_type_for(r.file), "text/html")) tag = entity_tag(r.file);
    if (!tag.empty() && req.has_param("v")) {
      if (auto body = read_file(r.file); body && hash_hex(*body).substr(0, 10) == req.get_param_value("v")) {
        res.headers.erase("Cache-Control");
        res.set_header("Cache-Control", "max-age=31536000, immutable");
        res.set_header("ETag", tag);
        res.set_content(std::move(*body), content_type_for(r.file));
        return;
      }
    }
    if (!tag.empty()) {
      res.headers.erase("Cache-Control");
      res.set_header("Cache-Control", "no-cache");
      res.set_header("ETag", tag);
      if (req.get_header_value("If-None-Match") == tag) {
        res.status = 304;
        return;
      }
    }
    std::optional<std::string> body;
    if (r.kind == ResolvedPath::Kind::file) body = read_file(r.file);
    if (!body) {
      res.status = 404;
      auto not_found = resolve_request_path(site_dir_, "/404.html");
      std::optional<std::string> page;
      if (not_found.kind == ResolvedPath::Kind::file) page = read_file(not_found.file);
      res.set_content(inject_live_script(page.value_or("<!doctype html><title>Not found</title><h1>Not found</h1>\n"), generation),
                      "text/html; charset=utf-8");
      return;
    }
    std::string type = content_type_for(r.file);
    if (starts_with(type, "text/html")) *body = inject_live_script(*body, generation);
    res.set_content(std::move(*body), type);
  });
}

std::optional<int> DevServer::listen(int port, std::string& error) {
  if (port != 0 && port_is_taken(port, error)) {
    error = "cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + error +
            " (is another server running? pick another with --port)";
    return std::nullopt;
  }
  int bound = port;
  if (port == 0) bound = server_->bind_to_any_port("127.0.0.1");
  else if (!server_->bind_to_port("127.0.0.1", port)) bound = -1;
  if (bound <= 0) {
    error = "cannot listen on 127.0.0.1:" + std::to_string(port);
    return std::nullopt;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return bound;
}

void DevServer::publish(const BuildStatus& status) {
  {
    std::lock_guard lock(mu_);
    status_ = status;
    ++version_;
  }
  changed_.notify_all();
}

BuildStatus DevServer::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

bool DevServer::wait_for_status(std::uint64_t seen_version, std::uint64_t& version, BuildStatus& out) {
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, std::chrono::seconds(15), [&] { return stopping_ || version_ != seen_version; });
  if (stopping_ || version_ == seen_version) return false;
  version = version_;
  out = status_;
  return true;
}

void DevServer::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  changed_.notify_all();
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace ms
