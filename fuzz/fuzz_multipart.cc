// The mock's multipart/form-data parser: the first line is the Content-Type header, the rest the
// body. Whatever parses serializes back to a body that parses to the same parts.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mock/mock.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t nl = in.find('\n');
  if (nl == std::string_view::npos) return 0;
  auto parts = ms::parse_multipart(in.substr(0, nl), in.substr(nl + 1));
  if (!parts) return 0;
  const std::string boundary = "modelsite-fuzz-boundary-7f3a";
  for (const auto& p : *parts) {
    std::string filename = p.filename.value_or("");
    if (p.data.find(boundary) != std::string::npos || p.name.find('"') != std::string::npos ||
        filename.find('"') != std::string::npos || p.name.find_first_of("\r\n") != std::string::npos ||
        filename.find_first_of("\r\n") != std::string::npos || p.content_type.find_first_of("\r\n") != std::string::npos)
      return 0;  // not representable with this boundary / without quoting
  }
  auto again = ms::parse_multipart("multipart/form-data; boundary=" + boundary, ms::serialize_multipart(*parts, boundary));
  if (!again || again->size() != parts->size()) std::abort();
  for (std::size_t i = 0; i < parts->size(); ++i) {
    const auto &a = (*parts)[i], &b = (*again)[i];
    if (a.name != b.name || a.filename != b.filename || a.content_type != b.content_type || a.data != b.data) std::abort();
  }
  return 0;
}
