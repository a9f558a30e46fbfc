// The script and style `modelsite serve` adds to the pages it serves (never to built files).
// They are served as files, so pages keep working under a `script-src 'self'` policy.
#pragma once
#include <string>

namespace ms {

const std::string& live_script();  // /__modelsite/live.js
const std::string& live_style();   // /__modelsite/live.css

}  // namespace ms
