#include "templates/templates.h"

#include <regex>

#include "core/text.h"

namespace ms {

std::optional<TemplateSet> TemplateSet::load(const fs::path& root, Diagnostics& diags) {
  TemplateSet set;
  std::size_t errors_before = diags.error_count();
  auto read_dir = [&](const fs::path& dir, bool partial) {
    for (const auto& path : list_files(dir, ".mustache")) {
      std::string shown = display_path(root, path);
      auto text = read_file(path);
      if (!text) {
        diags.error(shown, "unreadable-file", "cannot read the template");
        continue;
      }
      std::string name = path.stem().string();
      set.files_.emplace(shown, SourceFile(shown, std::move(*text)));
      if (partial) set.partials_[name] = shown;
      else set.names_.push_back(name);
    }
  };
  read_dir(root / "templates" / "partials", true);
  read_dir(root / "templates", false);
  if (set.names_.empty()) diags.error("templates", "missing-templates", "no templates/*.mustache found");
  for (const auto& name : set.names_) {
    std::string file = "templates/" + name + ".mustache";
    Expanded e;
    std::vector<std::string> stack;
    if (!set.expand(file, set.files_.at(file).text(), e, stack, diags)) continue;
    kainjow::mustache::mustache check(e.text);
    if (!check.is_valid()) {
      set.expanded_[name] = std::move(e);
      set.report(name, check.error_message(), diags);
      set.expanded_.erase(name);
      continue;
    }
    set.expanded_[name] = std::move(e);
  }
  // Each partial can also be rendered on its own, as "partials/<name>": a fragment the view model
  // renders once and reuses on many pages.
  // A problem inside a partial is reported once, whether found through a page or on its own.
  for (const auto& [name, file] : set.partials_) {
    std::string key = "partials/" + name;
    Expanded e;
    std::vector<std::string> stack;
    Diagnostics own;
    bool ok = set.expand(file, set.files_.at(file).text(), e, stack, own);
    if (ok) {
      set.expanded_[key] = std::move(e);
      kainjow::mustache::mustache check(set.expanded_[key].text);
      if (!check.is_valid()) {
        set.report(key, check.error_message(), own);
        set.expanded_.erase(key);
      }
    }
    for (const auto& d : own.items()) diags.add_unique(d);
  }
  if (diags.error_count() > errors_before) return std::nullopt;
  return set;
}

bool TemplateSet::expand(const std::string& file, const std::string& text, Expanded& out,
                         std::vector<std::string>& stack, Diagnostics& diags) const {
  stack.push_back(file);
  const SourceFile& src = files_.at(file);
  std::size_t pos = 0;
  bool ok = true;
  auto copy = [&](std::size_t from, std::size_t to) {
    if (to <= from) return;
    out.map.push_back({out.text.size(), to - from, file, from});
    out.text.append(text, from, to - from);
  };
  while (true) {
    std::size_t open = text.find("{{>", pos);
    if (open == std::string::npos) break;
    std::size_t close = text.find("}}", open);
    if (close == std::string::npos) break;  // kainjow reports the unclosed tag
    std::string name = text.substr(open + 3, close - open - 3);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    copy(pos, open);
    auto it = partials_.find(name);
    // A problem inside a partial that several pages include is reported once.
    Diagnostics one;
    if (it == partials_.end()) {
      one.error(src, open, "unknown-partial", "unknown partial `" + name + "` (no templates/partials/" + name + ".mustache)");
      diags.add_unique(one.items().front());
      ok = false;
    } else if (std::find(stack.begin(), stack.end(), it->second) != stack.end()) {
      one.error(src, open, "recursive-partial", "partial `" + name + "` includes itself");
      diags.add_unique(one.items().front());
      ok = false;
    } else {
      ok = expand(it->second, files_.at(it->second).text(), out, stack, diags) && ok;
    }
    pos = close + 2;
  }
  copy(pos, text.size());
  stack.pop_back();
  return ok;
}

std::vector<TemplateSet::MessageReference> TemplateSet::message_references() const {
  static const std::regex ref(R"(\{\{[#^/&{]?\s*t\.([A-Za-z0-9_.-]+)\s*\}?\}\})");
  std::vector<MessageReference> out;
  for (const auto& [path, file] : files_) {
    const std::string& text = file.text();
    for (std::sregex_iterator it(text.begin(), text.end(), ref), end; it != end; ++it)
      out.push_back({(*it)[1], &file, static_cast<std::size_t>(it->position(1)) - 2});
  }
  return out;
}

void TemplateSet::report(const std::string& name, const std::string& message, Diagnostics& diags) const {
  // kainjow messages end with "at <offset>" into the text it parsed.
  static const std::regex at_offset(R"((.*) at (\d+)$)");
  std::smatch m;
  std::string text = message;
  std::size_t offset = 0;
  bool located = false;
  if (std::regex_match(message, m, at_offset)) {
    text = m[1];
    offset = std::stoul(m[2]);
    located = true;
  }
  const Expanded& e = expanded_.at(name);
  if (located) {
    for (const auto& seg : e.map) {
      if (offset >= seg.begin && offset < seg.begin + seg.length) {
        // A partial shared by several pages is reported once.
        Diagnostics one;
        one.error(files_.at(seg.file), seg.offset + (offset - seg.begin), "template-syntax", text);
        diags.add_unique(one.items().front());
        return;
      }
    }
  }
  diags.error("templates/" + name + ".mustache", "template-error", text);
}

namespace {

// kainjow's escaping (the same five characters, the same entities), copying runs of plain text
// at once instead of one character at a time.
std::string escape_html(const std::string& s) { return html_escape(s, "&apos;"); }

// kainjow writes the output through `stream << piece`; this appends to one string.
struct StringSink {
  std::string& out;
  StringSink& operator<<(const std::string& piece) {
    out += piece;
    return *this;
  }
};

}  // namespace

kainjow::mustache::mustache TemplateSet::Renderer::compile(const std::string& name) const {
  kainjow::mustache::mustache m(set_->expanded_.at(name).text);
  m.set_custom_escape(escape_html);
  return m;
}

TemplateSet::Renderer TemplateSet::renderer() const {
  Renderer r;
  r.set_ = this;
  for (const auto& [name, e] : expanded_) r.compiled_.emplace(name, r.compile(name));
  return r;
}

std::string TemplateSet::Renderer::render(const std::string& name, const TemplateData& data, Diagnostics& diags,
                                          const TemplateData* shared) {
  auto it = compiled_.find(name);
  if (it == compiled_.end()) {
    diags.error("templates/" + name + ".mustache", "missing-template", "template `" + name + "` does not exist");
    return {};
  }
  ctx_.clear();
  if (shared) ctx_.push(shared);
  ctx_.push(&data);
  std::string out;
  out.reserve(64 * 1024);
  StringSink sink{out};
  it->second.render(ctx_, sink);
  if (!it->second.is_valid()) {
    set_->report(name, it->second.error_message(), diags);
    it->second = compile(name);
  }
  return out;
}

const std::vector<std::string>& TemplateSet::Renderer::Context::parts_of(const std::string& name) const {
  auto& entry = parts_[&name];
  if (entry.first != name || entry.second.empty()) {
    entry.first = name;
    entry.second.clear();
    std::size_t from = 0;
    while (true) {
      std::size_t dot = name.find('.', from);
      entry.second.push_back(name.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
      if (dot == std::string::npos) break;
      from = dot + 1;
    }
  }
  return entry.second;
}

const TemplateData* TemplateSet::Renderer::Context::get(const std::string& name) const {
  if (items_.empty()) return nullptr;
  if (name == ".") return items_.back();
  if (name.find('.') == std::string::npos) return get_partial(name);
  const auto& parts = parts_of(name);
  for (auto item = items_.rbegin(); item != items_.rend(); ++item) {
    const TemplateData* var = *item;
    for (const auto& part : parts) {
      var = var->get(part);
      if (!var) break;
    }
    if (var) return var;
  }
  return nullptr;
}

const TemplateData* TemplateSet::Renderer::Context::get_partial(const std::string& name) const {
  for (auto item = items_.rbegin(); item != items_.rend(); ++item)
    if (const TemplateData* var = (*item)->get(name)) return var;
  return nullptr;
}

std::string TemplateSet::fingerprint() const {
  std::string out;
  for (const auto& [path, file] : files_) out += path + "\n" + file.text() + "\n";
  return out;
}

}  // namespace ms
