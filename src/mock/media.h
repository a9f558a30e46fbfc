// Small, valid media files for the mock's answers: silent audio in each format the speech endpoint
// offers, a tiny PNG, and base64. Everything is deterministic.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ms::mock_detail {

std::string base64_encode(std::string_view bytes);

// An 8x8 PNG of one colour (RGB).
std::string tiny_png(std::uint8_t r, std::uint8_t g, std::uint8_t b);

struct SpeechAudio {
  std::string content_type;
  std::string bytes;
};
// Half a second of silence in `format` (mp3, opus, aac, flac, wav, pcm) carrying `title` as
// metadata where the container has a place for it (ID3 TIT2, Vorbis/Opus TITLE, RIFF INAM).
// wav/pcm/flac: 24 kHz mono 16-bit; mp3: MPEG-1 Layer III 48 kHz mono 32 kbit/s;
// opus: Ogg Opus; aac: ADTS AAC-LC 24 kHz mono. pcm is raw samples without a header.
SpeechAudio silent_speech(std::string_view format, std::string_view title);

}  // namespace ms::mock_detail
