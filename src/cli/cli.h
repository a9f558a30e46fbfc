// What the commands share: the argument cursor, usage errors, and printing diagnostics.
#pragma once
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/diagnostics.h"

namespace ms::cli {

struct Args {
  std::vector<std::string> items;
  std::size_t pos = 0;
  bool more() const { return pos < items.size(); }
};

// Wrong usage: printed with the command's name, exit 2.
struct UsageError {
  std::string message;
};

inline std::string value_of(Args& a, const std::string& flag) {
  if (!a.more()) throw UsageError{"option " + flag + " needs a value"};
  return a.items[a.pos++];
}

inline int int_value(Args& a, const std::string& flag, int min, int max) {
  std::string v = value_of(a, flag);
  try {
    std::size_t used = 0;
    int n = std::stoi(v, &used);
    if (used != v.size() || n < min || n > max) throw std::out_of_range("range");
    return n;
  } catch (const std::exception&) {
    throw UsageError{"option " + flag + " needs a number from " + std::to_string(min) + " to " + std::to_string(max) + ", not `" + v + "`"};
  }
}

inline void print_diagnostics(const Diagnostics& diags) {
  std::string text = format_diagnostics(diags);
  std::fputs(text.c_str(), stderr);
  if (diags.error_count() > 0 || diags.warning_count() > 0) {
    std::fprintf(stderr, "%zu error%s, %zu warning%s\n", diags.error_count(), diags.error_count() == 1 ? "" : "s",
                 diags.warning_count(), diags.warning_count() == 1 ? "" : "s");
  }
}

int cmd_serve(Args& a);  // serve_command.cc
int cmd_new(Args& a);    // new_command.cc

}  // namespace ms::cli
