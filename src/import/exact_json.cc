#include "import/exact_json.h"

#include <vector>

namespace ms {
namespace {

// Builds the DOM like nlohmann's own SAX DOM parser, and records float texts by JSON pointer.
class ExactBuilder {
 public:
  explicit ExactBuilder(ExactJson& out) : out_(out) {}

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return put(Json(v)); }
  bool number_float(Json::number_float_t v, const std::string& text) {
    out_.number_text.emplace(current_pointer(), text);
    return put(Json(v));
  }
  bool string(std::string& v) { return put(Json(std::move(v))); }
  bool binary(Json::binary_t&) { return false; }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool key(std::string& k) {
    path_.back().key = k;
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
    error_at = position;
    error_token = token;
    error_id = e.id;
    return false;
  }

  std::size_t error_at = 0;
  std::string error_token;
  int error_id = 0;

 private:
  struct Level {
    Json* container;
    std::string key;       // the pending member name in an object
    std::size_t next = 0;  // the next index in an array
  };

  std::string current_pointer() const {
    std::string p;
    for (const auto& l : path_) {
      if (l.container->is_object()) p = json_pointer_append(p, l.key);
      else p = json_pointer_append(p, l.next);
    }
    return p;
  }

  Json* place(Json v) {
    if (path_.empty()) {
      out_.value = std::move(v);
      return &out_.value;
    }
    Level& l = path_.back();
    if (l.container->is_object()) {
      Json& slot = (*l.container)[l.key];
      slot = std::move(v);
      return &slot;
    }
    l.container->push_back(std::move(v));
    ++l.next;
    return &l.container->back();
  }

  bool put(Json v) {
    place(std::move(v));
    return true;
  }
  bool open(Json v) {
    // The pointer of a container's members is computed from the parent's pending key or index,
    // so the index advances only once the container is complete.
    Json* slot;
    if (!path_.empty() && path_.back().container->is_array()) {
      path_.back().container->push_back(std::move(v));
      slot = &path_.back().container->back();
    } else {
      slot = place(std::move(v));
    }
    path_.push_back({slot, {}, 0});
    return true;
  }
  bool close() {
    path_.pop_back();
    if (!path_.empty() && path_.back().container->is_array()) ++path_.back().next;
    return true;
  }

  ExactJson& out_;
  std::vector<Level> path_;
};

}  // namespace

std::optional<std::string> ExactJson::decimal_text(const std::string& pointer, const Json& v) const {
  if (v.is_number_float()) {
    auto it = number_text.find(pointer);
    if (it != number_text.end()) return it->second;
    return std::nullopt;
  }
  if (v.is_number_integer()) return v.dump();
  if (v.is_string()) return v.get<std::string>();
  return std::nullopt;
}

std::optional<ExactJson> parse_exact_json(const SourceFile& file, Diagnostics& diags) {
  if (json_nesting_beyond(file.text())) {
    Diagnostics local;
    parse_json_document(file, local);  // reports json-depth at the bracket, as for content files
    diags.append(local);
    return std::nullopt;
  }
  ExactJson out;
  ExactBuilder builder(out);
  bool ok = Json::sax_parse(file.text(), &builder, Json::input_format_t::json, /*strict=*/true,
                            /*ignore_comments=*/true);
  if (ok) return out;
  if (builder.error_id == 406) {  // a number beyond binary floating point's range: 1e400
    std::size_t at = builder.error_at >= builder.error_token.size() ? builder.error_at - builder.error_token.size() : 0;
    diags.error(file, at, "json-syntax", "invalid JSON: the number `" + builder.error_token + "` is out of range");
    return std::nullopt;
  }
  // Report through the content loader's parser: the same positions and hints as for content files.
  Diagnostics local;
  if (!parse_json_document(file, local)) {
    diags.append(local);
  } else {
    diags.error(file.path(), "json-syntax", "invalid JSON");
  }
  return std::nullopt;
}

}  // namespace ms
