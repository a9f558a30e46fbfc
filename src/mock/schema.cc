#include "mock/schema.h"

#include <cmath>
#include <vector>

#include "core/text.h"

namespace ms::mock_detail {

namespace {

std::string type_phrase(std::string_view type) {
  if (type == "string") return "a string";
  if (type == "integer") return "an integer";
  if (type == "number") return "a decimal";
  if (type == "boolean") return "a boolean";
  if (type == "array") return "an array";
  if (type == "object") return "an object";
  if (type == "null") return "null";
  return std::string(type);
}

bool is_integral(const Json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return true;
  if (!v.is_number_float()) return false;
  double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

bool type_matches(std::string_view type, const Json& v) {
  if (type == "string") return v.is_string();
  if (type == "integer") return is_integral(v);
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  if (type == "null") return v.is_null();
  return false;
}

std::vector<std::string> schema_types(const Json& schema) {
  std::vector<std::string> out;
  auto it = schema.find("type");
  if (it == schema.end()) return out;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& t : *it) out.push_back(t.get<std::string>());
  }
  return out;
}

const Json& resolve(const Json& schema, const Json& defs) {
  const Json* s = &schema;
  for (int guard = 0; guard < 16; ++guard) {
    auto it = s->find("$ref");
    if (it == s->end()) break;
    s = &defs.at(it->get<std::string>());
  }
  return *s;
}

// Whether `value` has one of the types `schema` (or, for anyOf, one of its branches) accepts.
bool accepts_type(const Json& schema, const Json& defs, const Json& value) {
  const Json& s = resolve(schema, defs);
  if (auto any = s.find("anyOf"); any != s.end()) {
    for (const auto& b : *any)
      if (accepts_type(b, defs, value)) return true;
    return false;
  }
  auto types = schema_types(s);
  if (types.empty()) return true;
  for (const auto& t : types)
    if (type_matches(t, value)) return true;
  return false;
}

void collect_types(const Json& schema, const Json& defs, std::vector<std::string>& out) {
  const Json& s = resolve(schema, defs);
  if (auto any = s.find("anyOf"); any != s.end()) {
    for (const auto& b : *any) collect_types(b, defs, out);
    return;
  }
  for (auto& t : schema_types(s)) {
    bool seen = false;
    for (const auto& o : out) seen = seen || o == t;
    if (!seen) out.push_back(t);
  }
}

std::string join_phrases(const std::vector<std::string>& items, const char* conj) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += items.size() == 2 ? std::string(" ") + conj + " " : (i + 1 == items.size() ? std::string(", ") + conj + " " : ", ");
    out += items[i];
  }
  return out;
}

std::string quoted_value(const Json& v) {
  if (v.is_string()) return "'" + v.get<std::string>() + "'";
  return v.dump();
}

std::string child(const std::string& param, std::string_view key) {
  return param.empty() ? std::string(key) : param + "." + std::string(key);
}

std::string where(const std::string& param) { return param.empty() ? "body" : param; }

std::string number_text(const Json& v) { return v.dump(); }

std::optional<SchemaError> type_error(const std::string& param, const std::vector<std::string>& types,
                                      const Json& value) {
  std::vector<std::string> phrases;
  for (const auto& t : types)
    if (t != "null") phrases.push_back(type_phrase(t));
  std::string expected = phrases.size() == 1 ? phrases[0] : "one of " + join_phrases(phrases, "or");
  return SchemaError{param,
                     "Invalid type for '" + where(param) + "': expected " + expected + ", but got " +
                         json_type_phrase(value) + " instead.",
                     "invalid_type"};
}

std::optional<SchemaError> validate(const Json& schema, const Json& defs, const Json& value,
                                    const std::string& param);

std::optional<SchemaError> validate_object(const Json& s, const Json& defs, const Json& value,
                                           const std::string& param, const std::string* switch_key) {
  static const Json empty = Json::object();
  const Json& props = s.contains("properties") ? s.at("properties") : empty;
  if (auto req = s.find("required"); req != s.end()) {
    for (const auto& r : *req) {
      const auto& key = r.get_ref<const std::string&>();
      if (!value.contains(key))
        return SchemaError{child(param, key), "Missing required parameter: '" + child(param, key) + "'.",
                           "missing_required_parameter"};
    }
  }
  auto additional = s.find("additionalProperties");
  bool closed = additional != s.end() && additional->is_boolean() && !additional->get<bool>();
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (switch_key && it.key() == *switch_key) continue;
    if (props.contains(it.key())) continue;
    if (closed)
      return SchemaError{child(param, it.key()), "Unknown parameter: '" + child(param, it.key()) + "'.",
                         "unknown_parameter"};
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (switch_key && it.key() == *switch_key) continue;
    if (auto p = props.find(it.key()); p != props.end()) {
      if (auto e = validate(*p, defs, it.value(), child(param, it.key()))) return e;
    } else if (additional != s.end() && additional->is_object()) {
      if (auto e = validate(*additional, defs, it.value(), child(param, it.key()))) return e;
    }
  }
  return std::nullopt;
}

std::optional<SchemaError> validate(const Json& schema, const Json& defs, const Json& value,
                                    const std::string& param) {
  const Json& s = resolve(schema, defs);

  if (auto any = s.find("anyOf"); any != s.end()) {
    const Json* first = nullptr;
    for (const auto& b : *any) {
      if (!accepts_type(b, defs, value)) continue;
      auto e = validate(b, defs, value, param);
      if (!e) return std::nullopt;
      if (!first) first = &b;
    }
    if (first) return validate(*first, defs, value, param);
    std::vector<std::string> types;
    collect_types(s, defs, types);
    return type_error(param, types, value);
  }

  auto types = schema_types(s);
  if (!types.empty()) {
    bool ok = false;
    for (const auto& t : types) ok = ok || type_matches(t, value);
    if (!ok) return type_error(param, types, value);
  }
  if (value.is_null()) return std::nullopt;

  if (auto en = s.find("enum"); en != s.end()) {
    bool found = false;
    for (const auto& e : *en) found = found || e == value;
    if (!found) {
      std::vector<std::string> vals;
      for (const auto& e : *en) vals.push_back(quoted_value(e));
      return SchemaError{param,
                         "Invalid value: " + quoted_value(value) + ". Supported values are: " +
                             join_phrases(vals, "and") + ".",
                         "invalid_value"};
    }
  }

  if (value.is_string()) {
    std::size_t len = code_points(value.get_ref<const std::string&>());
    if (auto m = s.find("maxLength"); m != s.end() && len > m->get<std::size_t>())
      return SchemaError{param,
                         "Invalid '" + where(param) + "': string too long. Expected a string with maximum length " +
                             std::to_string(m->get<std::size_t>()) + ", but got a string with length " +
                             std::to_string(len) + " instead.",
                         "string_above_max_length"};
    if (auto m = s.find("minLength"); m != s.end() && len < m->get<std::size_t>())
      return SchemaError{param,
                         "Invalid '" + where(param) + "': string too short. Expected a string with minimum length " +
                             std::to_string(m->get<std::size_t>()) + ", but got a string with length " +
                             std::to_string(len) + " instead.",
                         "string_below_min_length"};
  }

  if (value.is_number()) {
    bool integer = is_integral(value) && !types.empty() && types[0] == "integer";
    const char* kind = integer ? "integer" : "decimal";
    double d = value.get<double>();
    if (auto m = s.find("minimum"); m != s.end() && d < m->get<double>())
      return SchemaError{param,
                         "Invalid '" + where(param) + "': " + kind + " below minimum value. Expected a value >= " +
                             number_text(*m) + ", but got " + number_text(value) + " instead.",
                         std::string(kind) + "_below_min_value"};
    if (auto m = s.find("maximum"); m != s.end() && d > m->get<double>())
      return SchemaError{param,
                         "Invalid '" + where(param) + "': " + kind + " above maximum value. Expected a value <= " +
                             number_text(*m) + ", but got " + number_text(value) + " instead.",
                         std::string(kind) + "_above_max_value"};
  }

  if (value.is_array()) {
    std::size_t n = value.size();
    if (auto m = s.find("minItems"); m != s.end() && n < m->get<std::size_t>()) {
      if (n == 0)
        return SchemaError{param,
                           "Invalid '" + where(param) + "': empty array. Expected an array with minimum length " +
                               std::to_string(m->get<std::size_t>()) + ", but got an empty array instead.",
                           "empty_array"};
      return SchemaError{param,
                         "Invalid '" + where(param) + "': array too short. Expected an array with minimum length " +
                             std::to_string(m->get<std::size_t>()) + ", but got an array with length " +
                             std::to_string(n) + " instead.",
                         "array_below_min_length"};
    }
    if (auto m = s.find("maxItems"); m != s.end() && n > m->get<std::size_t>())
      return SchemaError{param,
                         "Invalid '" + where(param) + "': array too long. Expected an array with maximum length " +
                             std::to_string(m->get<std::size_t>()) + ", but got an array with length " +
                             std::to_string(n) + " instead.",
                         "array_above_max_length"};
    if (auto items = s.find("items"); items != s.end()) {
      for (std::size_t i = 0; i < n; ++i)
        if (auto e = validate(*items, defs, value[i], param + "[" + std::to_string(i) + "]")) return e;
    }
  }

  if (value.is_object()) {
    if (auto sw = s.find("switch"); sw != s.end()) {
      const auto& key = sw->at("property").get_ref<const std::string&>();
      const auto& cases = sw->at("cases");
      std::string p = child(param, key);
      Json tag;
      if (auto v = value.find(key); v != value.end()) {
        tag = *v;
      } else if (sw->contains("default")) {
        tag = sw->at("default");
      } else {
        return SchemaError{p, "Missing required parameter: '" + p + "'.", "missing_required_parameter"};
      }
      if (!tag.is_string())
        return SchemaError{p,
                           "Invalid type for '" + p + "': expected a string, but got " + json_type_phrase(tag) +
                               " instead.",
                           "invalid_type"};
      auto c = cases.find(tag.get<std::string>());
      if (c == cases.end()) {
        std::vector<std::string> vals;
        for (auto it = cases.begin(); it != cases.end(); ++it) vals.push_back("'" + it.key() + "'");
        // Keep the order the schema lists when it gives one.
        if (auto order = sw->find("order"); order != sw->end()) {
          vals.clear();
          for (const auto& o : *order) vals.push_back("'" + o.get<std::string>() + "'");
        }
        return SchemaError{p,
                           "Invalid value: " + quoted_value(tag) + ". Supported values are: " +
                               join_phrases(vals, "and") + ".",
                           "invalid_value"};
      }
      if (auto e = validate_object(resolve(*c, defs), defs, value, param, &key)) return e;
      return validate_object(s, defs, value, param, &key);
    }
    return validate_object(s, defs, value, param, nullptr);
  }
  return std::nullopt;
}

}  // namespace

std::string json_type_phrase(const Json& v) {
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
  if (v.is_number()) return "a decimal";
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  return "null";
}

std::optional<SchemaError> validate_schema(const Json& schema, const Json& defs, const Json& value,
                                           const std::string& param) {
  return validate(schema, defs, value, param);
}

}  // namespace ms::mock_detail
