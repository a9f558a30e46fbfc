// Shared helpers for tests that run the modelsite binary on a throwaway site.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace test {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

fs::path source_dir();
fs::path binary();
// A fresh empty folder under the system temp dir, removed by the destructor.
struct TempDir {
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path path;
};

// Runs the modelsite binary in cwd; `env` ("NAME=value ...") and `wrapper` (a command such as
// "unshare --net") go before it on the shell's command line.
RunResult run(const std::string& args, const fs::path& cwd, const std::string& env = "", const std::string& wrapper = "");
std::string read(const fs::path& p);
void write(const fs::path& p, const std::string& content);
void copy_tree(const fs::path& from, const fs::path& to);
// Copies the project's templates and locales, then overlays the case files (a `<file>.patch`
// JSON object sets keys in <file>; a `<file>.delete` removes it).
void make_site(const fs::path& dir, const std::vector<fs::path>& overlays);
// Every regular file under dir (relative path -> bytes).
std::map<std::string, std::string> snapshot(const fs::path& dir);
bool update_golden();

}  // namespace test
