#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

namespace test {

fs::path source_dir() { return MODELSITE_SOURCE_DIR; }
fs::path binary() { return MODELSITE_BINARY; }
bool update_golden() {
  const char* v = std::getenv("UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

TempDir::TempDir() {
  std::random_device rd;
  path = fs::temp_directory_path() / ("modelsite-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(path);
}
TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path, ec);
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
}

RunResult run(const std::string& args, const fs::path& cwd, const std::string& env, const std::string& wrapper) {
  TempDir io;
  std::string prefix = (env.empty() ? "" : env + " ") + (wrapper.empty() ? "" : wrapper + " ");
  std::string cmd = "cd '" + cwd.string() + "' && " + prefix + "'" + binary().string() + "' " + args + " >'" + (io.path / "out").string() +
                    "' 2>'" + (io.path / "err").string() + "'";
  int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read(io.path / "out");
  r.err = read(io.path / "err");
  return r;
}

void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

void make_site(const fs::path& dir, const std::vector<fs::path>& overlays) {
  copy_tree(source_dir() / "templates", dir / "templates");
  copy_tree(source_dir() / "locales", dir / "locales");
  for (const auto& overlay : overlays) {
    for (auto it = fs::recursive_directory_iterator(overlay); it != fs::recursive_directory_iterator(); ++it) {
      if (!it->is_regular_file()) continue;
      fs::path rel = fs::relative(it->path(), overlay);
      std::string name = rel.string();
      if (name == "expected.txt") continue;
      if (name.size() > 6 && name.substr(name.size() - 6) == ".patch") {
        fs::path target = dir / name.substr(0, name.size() - 6);
        auto j = nlohmann::json::parse(read(target));
        auto patch = nlohmann::json::parse(read(it->path()));
        for (auto p = patch.begin(); p != patch.end(); ++p) j[p.key()] = p.value();
        write(target, j.dump(2) + "\n");
      } else if (name.size() > 7 && name.substr(name.size() - 7) == ".delete") {
        fs::remove(dir / name.substr(0, name.size() - 7));
      } else {
        fs::create_directories((dir / rel).parent_path());
        fs::copy_file(it->path(), dir / rel, fs::copy_options::overwrite_existing);
      }
    }
  }
}

std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  if (!fs::exists(dir)) return out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it)
    if (it->is_regular_file()) out[fs::relative(it->path(), dir).generic_string()] = read(it->path());
  return out;
}

}  // namespace test
