// multipart/form-data (RFC 7578) parsing and writing for the transcription endpoint.
#include <cctype>

#include "mock/mock.h"

namespace ms {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Parameters of a header value: `form-data; name="file"; filename="a b.wav"`. Names lowercased;
// quoted strings unescaped.
std::vector<std::pair<std::string, std::string>> header_params(std::string_view value) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    std::size_t eq = value.find('=', i);
    std::size_t semi = value.find(';', i);
    if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
      i = semi;
      continue;
    }
    std::string name = lower(trim(value.substr(i, eq - i)));
    std::size_t j = eq + 1;
    while (j < value.size() && (value[j] == ' ' || value[j] == '\t')) ++j;
    std::string v;
    if (j < value.size() && value[j] == '"') {
      ++j;
      while (j < value.size() && value[j] != '"') {
        if (value[j] == '\\' && j + 1 < value.size()) ++j;
        v += value[j++];
      }
      if (j < value.size()) ++j;
      i = value.find(';', j);
    } else {
      std::size_t end = value.find(';', j);
      v = std::string(trim(value.substr(j, end == std::string_view::npos ? value.npos : end - j)));
      i = end;
    }
    out.emplace_back(std::move(name), std::move(v));
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 5987 ext-value: UTF-8''percent%20encoded
std::string decode_ext_value(std::string_view v) {
  std::size_t q = v.find("''");
  if (q != std::string_view::npos) v.remove_prefix(q + 2);
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '%' && i + 2 < v.size() && hex_value(v[i + 1]) >= 0 && hex_value(v[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(v[i + 1]) * 16 + hex_value(v[i + 2]));
      i += 2;
    } else {
      out += v[i];
    }
  }
  return out;
}

std::string escape_param(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"')
      out += "%22";
    else if (c == '\\')
      out += "\\\\";  // header_params() reads a backslash as an escape
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::optional<std::vector<MultipartPart>> parse_multipart(std::string_view content_type,
                                                          std::string_view body) {
  std::string boundary;
  for (auto& [name, value] : header_params(content_type))
    if (name == "boundary") boundary = value;
  if (boundary.empty() || boundary.size() > 200) return std::nullopt;

  const std::string delimiter = "--" + boundary;
  std::size_t pos;
  if (body.substr(0, delimiter.size()) == delimiter) {
    pos = delimiter.size();
  } else {
    std::size_t found = body.find("\r\n" + delimiter);
    if (found == std::string_view::npos) return std::nullopt;
    pos = found + 2 + delimiter.size();
  }

  std::vector<MultipartPart> parts;
  const std::string next_delimiter = "\r\n" + delimiter;
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter; the epilogue is ignored
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;

    std::size_t headers_end = body.find("\r\n\r\n", pos);
    std::size_t data_begin;
    std::string_view headers;
    if (body.substr(pos, 2) == "\r\n") {  // no headers at all
      headers = {};
      data_begin = pos + 2;
    } else {
      if (headers_end == std::string_view::npos) return std::nullopt;
      headers = body.substr(pos, headers_end - pos);
      data_begin = headers_end + 4;
    }

    MultipartPart part;
    bool has_disposition = false;
    std::optional<std::string> ext_filename;
    std::size_t h = 0;
    while (h < headers.size()) {
      std::size_t eol = headers.find("\r\n", h);
      std::string_view line = headers.substr(h, eol == std::string_view::npos ? headers.npos : eol - h);
      h = eol == std::string_view::npos ? headers.size() : eol + 2;
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      std::string name = lower(trim(line.substr(0, colon)));
      std::string_view value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        if (lower(value.substr(0, value.find(';'))) != "form-data") return std::nullopt;
        has_disposition = true;
        for (auto& [pname, pvalue] : header_params(value)) {
          if (pname == "name")
            part.name = pvalue;
          else if (pname == "filename")
            part.filename = pvalue;
          else if (pname == "filename*")
            ext_filename = decode_ext_value(pvalue);
        }
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (ext_filename) part.filename = ext_filename;
    if (!has_disposition) return std::nullopt;

    std::size_t data_end = body.find(next_delimiter, data_begin);
    if (data_end == std::string_view::npos) return std::nullopt;
    part.data = std::string(body.substr(data_begin, data_end - data_begin));
    parts.push_back(std::move(part));
    pos = data_end + next_delimiter.size();
  }
}

std::string serialize_multipart(const std::vector<MultipartPart>& parts, std::string_view boundary) {
  std::string out;
  for (const auto& p : parts) {
    out += "--";
    out += boundary;
    out += "\r\nContent-Disposition: form-data; name=\"" + escape_param(p.name) + "\"";
    if (p.filename) out += "; filename=\"" + escape_param(*p.filename) + "\"";
    out += "\r\n";
    if (!p.content_type.empty()) out += "Content-Type: " + p.content_type + "\r\n";
    out += "\r\n";
    out += p.data;
    out += "\r\n";
  }
  out += "--";
  out += boundary;
  out += "--\r\n";
  return out;
}

}  // namespace ms
