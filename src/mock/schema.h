// Request validation for the mock: a small subset of JSON Schema, enough to express the request
// bodies of the OpenAI API (components.schemas.Create*Request in the official OpenAPI document),
// with OpenAI's error messages and codes.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ms::mock_detail {

using Json = nlohmann::json;

// A 400 invalid_request_error: `param` is the location ("messages[0].role"), `code` one of
// missing_required_parameter, invalid_type, invalid_value, unknown_parameter, empty_array,
// array_below_min_length, array_above_max_length, string_below_min_length,
// string_above_max_length, integer_below_min_value, integer_above_max_value,
// decimal_below_min_value, decimal_above_max_value.
struct SchemaError {
  std::string param;
  std::string message;
  std::string code;
};

// Supported keywords: "$ref" (a name in `defs`), "type" (a name or a list, "null" for nullable),
// "enum", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "items",
// "properties", "required", "additionalProperties" (false or a schema), "anyOf" (the first branch
// whose type matches reports the error), and "switch": {"property", "cases", "default"} for
// unions discriminated by a property (role, type).
std::optional<SchemaError> validate_schema(const Json& schema, const Json& defs, const Json& value,
                                           const std::string& param = "");

// The request schema of a JSON endpoint ("chat.completions", ...; "audio.transcriptions" for the
// form fields turned into JSON), and the definitions its "$ref"s point to.
const Json& request_schema(std::string_view endpoint);
const Json& request_schema_defs();

std::string json_type_phrase(const Json& v);  // "a string", "an integer", "null", ...

}  // namespace ms::mock_detail
