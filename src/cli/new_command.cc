// `modelsite new`: scaffolds for a model, provider, locale or page.
#include "cli/cli.h"
#include "serve/scaffold.h"

namespace ms::cli {

int cmd_new(Args& a) {
  if (!a.more()) throw UsageError{"say what to create: model PROVIDER/ID, provider ID, locale TAG or page SLUG"};
  std::string kind = a.items[a.pos++];
  if (kind != "model" && kind != "provider" && kind != "locale" && kind != "page")
    throw UsageError{"unknown kind `" + kind + "` (model, provider, locale or page)"};
  std::string name, from;
  fs::path root = ".";
  while (a.more()) {
    std::string f = a.items[a.pos++];
    if (f == "--root") root = value_of(a, f);
    else if (f == "--from" && kind == "model") from = value_of(a, f);
    else if (!f.empty() && f[0] == '-') throw UsageError{"unknown option `" + f + "` for new " + kind};
    else if (name.empty()) name = f;
    else throw UsageError{"new " + kind + " takes one name, not also `" + f + "`"};
  }
  if (name.empty()) throw UsageError{"new " + kind + " needs a name"};
  ScaffoldResult r = kind == "model"      ? new_model(root, name, from)
                     : kind == "provider" ? new_provider(root, name)
                     : kind == "locale"   ? new_locale(root, name)
                                          : new_page(root, name);
  if (r.exit_code != 0) {
    std::fprintf(stderr, "modelsite new %s: %s\n", kind.c_str(), r.error.c_str());
    return r.exit_code;
  }
  for (const auto& p : r.created) std::fprintf(stderr, "created %s\n", p.c_str());
  for (const auto& p : r.edited) std::fprintf(stderr, "edited  %s\n", p.c_str());
  return 0;
}

}  // namespace ms::cli
