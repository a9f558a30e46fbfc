#include "mock/media.h"

#include <array>

namespace ms::mock_detail {

namespace {

constexpr std::uint32_t kSampleRate = 24000;
constexpr std::uint32_t kSamples = kSampleRate / 2;  // half a second

void put_le16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}
void put_le32(std::string& out, std::uint32_t v) {
  put_le16(out, v & 0xFFFF);
  put_le16(out, v >> 16);
}
void put_le64(std::string& out, std::uint64_t v) {
  put_le32(out, static_cast<std::uint32_t>(v));
  put_le32(out, static_cast<std::uint32_t>(v >> 32));
}
void put_be16(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}
void put_be24(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 16) & 0xFF);
  put_be16(out, v & 0xFFFF);
}
void put_be32(std::string& out, std::uint32_t v) {
  put_be16(out, v >> 16);
  put_be16(out, v & 0xFFFF);
}
void put_syncsafe(std::string& out, std::uint32_t v) {
  for (int shift = 21; shift >= 0; shift -= 7) out += static_cast<char>((v >> shift) & 0x7F);
}

// CRC-32 as in PNG and zlib (reflected, polynomial 0xEDB88320).
std::uint32_t crc32_png(std::string_view data) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

// CRC-32 as in Ogg (polynomial 0x04C11DB7, not reflected, no final xor).
std::uint32_t crc32_ogg(std::string_view data) {
  std::uint32_t crc = 0;
  for (unsigned char c : data) {
    crc ^= static_cast<std::uint32_t>(c) << 24;
    for (int k = 0; k < 8; ++k) crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
  }
  return crc;
}

std::uint8_t crc8_flac(std::string_view data) {
  std::uint8_t crc = 0;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = static_cast<std::uint8_t>((crc & 0x80) ? (crc << 1) ^ 0x07 : crc << 1);
  }
  return crc;
}

std::uint16_t crc16_flac(std::string_view data) {
  std::uint16_t crc = 0;
  for (unsigned char c : data) {
    crc ^= static_cast<std::uint16_t>(c << 8);
    for (int k = 0; k < 8; ++k)
      crc = static_cast<std::uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x8005 : crc << 1);
  }
  return crc;
}

std::uint32_t adler32(std::string_view data) {
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : data) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

void png_chunk(std::string& out, std::string_view type, std::string_view data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type);
  body += data;
  out += body;
  put_be32(out, crc32_png(body));
}

std::string wav(std::string_view title) {
  std::string info = "INFO";
  info += "INAM";
  std::string name(title);
  name += '\0';
  put_le32(info, static_cast<std::uint32_t>(name.size()));
  info += name;
  if (name.size() % 2) info += '\0';

  std::string chunks = "fmt ";
  put_le32(chunks, 16);
  put_le16(chunks, 1);  // PCM
  put_le16(chunks, 1);  // mono
  put_le32(chunks, kSampleRate);
  put_le32(chunks, kSampleRate * 2);
  put_le16(chunks, 2);
  put_le16(chunks, 16);
  chunks += "LIST";
  put_le32(chunks, static_cast<std::uint32_t>(info.size()));
  chunks += info;
  chunks += "data";
  put_le32(chunks, kSamples * 2);
  chunks.append(kSamples * 2, '\0');

  std::string out = "RIFF";
  put_le32(out, static_cast<std::uint32_t>(4 + chunks.size()));
  out += "WAVE";
  out += chunks;
  return out;
}

std::string mp3(std::string_view title) {
  std::string frame_body;
  frame_body += '\x03';  // UTF-8
  frame_body += title;
  std::string tag_body = "TIT2";
  put_syncsafe(tag_body, static_cast<std::uint32_t>(frame_body.size()));
  tag_body += std::string(2, '\0');
  tag_body += frame_body;

  std::string out = "ID3";
  out += '\x04';
  out += '\0';
  out += '\0';
  put_syncsafe(out, static_cast<std::uint32_t>(tag_body.size()));
  out += tag_body;

  // MPEG-1 Layer III, no CRC, 32 kbit/s, 48 kHz, mono: 96-byte frames of 1152 samples. Zero side
  // information means no coded coefficients: silence.
  std::string frame = {'\xFF', '\xFB', '\x14', '\xC0'};
  frame.append(96 - 4, '\0');
  const int frames = (48000 / 2 + 1151) / 1152;
  for (int i = 0; i < frames; ++i) out += frame;
  return out;
}

std::string flac(std::string_view title) {
  constexpr std::uint32_t block = 4000;
  std::string out = "fLaC";
  // STREAMINFO
  out += '\x00';
  put_be24(out, 34);
  put_be16(out, block);
  put_be16(out, block);
  put_be24(out, 13);  // min frame size
  put_be24(out, 13);  // max frame size
  std::uint64_t packed = (static_cast<std::uint64_t>(kSampleRate) << 44) | (0ull << 41) | (15ull << 36) | kSamples;
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((packed >> shift) & 0xFF);
  out.append(16, '\0');  // MD5 unknown
  // VORBIS_COMMENT, the last metadata block
  std::string vc;
  std::string vendor = "modelsite mock";
  put_le32(vc, static_cast<std::uint32_t>(vendor.size()));
  vc += vendor;
  put_le32(vc, 1);
  std::string comment = "TITLE=" + std::string(title);
  put_le32(vc, static_cast<std::uint32_t>(comment.size()));
  vc += comment;
  out += '\x84';
  put_be24(out, static_cast<std::uint32_t>(vc.size()));
  out += vc;
  // Frames: fixed block size, 24 kHz, mono, 16 bits, one CONSTANT subframe of 0.
  for (std::uint32_t n = 0; n * block < kSamples; ++n) {
    std::string f = {'\xFF', '\xF8', '\x77', '\x08'};
    f += static_cast<char>(n);  // frame number (UTF-8 coded; < 128)
    put_be16(f, block - 1);
    f += static_cast<char>(crc8_flac(f));
    f += '\x00';  // subframe header: CONSTANT, no wasted bits
    put_be16(f, 0);
    put_be16(f, crc16_flac(f));
    out += f;
  }
  return out;
}

std::string ogg_page(std::uint8_t flags, std::uint64_t granule, std::uint32_t seq,
                     const std::string& data, const std::string& lacing) {
  std::string page = "OggS";
  page += '\0';
  page += static_cast<char>(flags);
  put_le64(page, granule);
  put_le32(page, 0x6D6F636Bu);  // serial "mock"
  put_le32(page, seq);
  put_le32(page, 0);  // CRC, filled below
  page += static_cast<char>(lacing.size());
  page += lacing;
  page += data;
  std::uint32_t crc = crc32_ogg(page);
  for (int i = 0; i < 4; ++i) page[22 + i] = static_cast<char>((crc >> (8 * i)) & 0xFF);
  return page;
}

std::string lacing_for(std::size_t size) {
  std::string l(size / 255, '\xFF');
  l += static_cast<char>(size % 255);
  return l;
}

std::string opus(std::string_view title) {
  constexpr std::uint32_t pre_skip = 312;
  std::string head = "OpusHead";
  head += '\x01';
  head += '\x01';
  put_le16(head, pre_skip);
  put_le32(head, kSampleRate);
  put_le16(head, 0);
  head += '\0';

  std::string tags = "OpusTags";
  std::string vendor = "modelsite mock";
  put_le32(tags, static_cast<std::uint32_t>(vendor.size()));
  tags += vendor;
  put_le32(tags, 1);
  std::string comment = "TITLE=" + std::string(title);
  put_le32(tags, static_cast<std::uint32_t>(comment.size()));
  tags += comment;

  // 25 silent CELT packets of 20 ms (TOC 0xF8: fullband, 20 ms, mono, one frame).
  std::string audio, lacing;
  const int packets = 25;
  for (int i = 0; i < packets; ++i) {
    audio += std::string{'\xF8', '\xFF', '\xFE'};
    lacing += '\x03';
  }
  std::string out = ogg_page(0x02, 0, 0, head, lacing_for(head.size()));
  out += ogg_page(0x00, 0, 1, tags, lacing_for(tags.size()));
  out += ogg_page(0x04, static_cast<std::uint64_t>(packets) * 960 + pre_skip, 2, audio, lacing);
  return out;
}

std::string aac() {
  // ADTS header (MPEG-4, no CRC, AAC-LC, 24 kHz, mono, 11-byte frames) and a raw data block with
  // one single_channel_element with max_sfb = 0 (no spectral data) then ID_END.
  const std::string frame = {'\xFF', '\xF1', '\x58', '\x40', '\x01', '\x7F', '\xFC',
                             '\x00', '\x00', '\x00', '\x07'};
  std::string out;
  for (std::uint32_t n = 0; n * 1024 < kSamples; ++n) out += frame;
  return out;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  static const char* const table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    std::uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                      (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += table[v & 63];
  }
  if (i < bytes.size()) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? table[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string tiny_png(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  constexpr std::uint32_t side = 8;
  std::string raw;
  for (std::uint32_t y = 0; y < side; ++y) {
    raw += '\0';  // filter: none
    for (std::uint32_t x = 0; x < side; ++x) {
      raw += static_cast<char>(r);
      raw += static_cast<char>(g);
      raw += static_cast<char>(b);
    }
  }
  std::string z = {'\x78', '\x01', '\x01'};  // zlib header, one final stored block
  put_le16(z, static_cast<std::uint32_t>(raw.size()));
  put_le16(z, static_cast<std::uint32_t>(~raw.size() & 0xFFFF));
  z += raw;
  put_be32(z, adler32(raw));

  std::string ihdr;
  put_be32(ihdr, side);
  put_be32(ihdr, side);
  ihdr += std::string{'\x08', '\x02', '\x00', '\x00', '\x00'};

  std::string out = "\x89PNG\r\n\x1a\n";
  png_chunk(out, "IHDR", ihdr);
  png_chunk(out, "IDAT", z);
  png_chunk(out, "IEND", "");
  return out;
}

SpeechAudio silent_speech(std::string_view format, std::string_view title) {
  if (format == "wav") return {"audio/wav", wav(title)};
  if (format == "pcm") return {"audio/pcm", std::string(kSamples * 2, '\0')};
  if (format == "flac") return {"audio/flac", flac(title)};
  if (format == "opus") return {"audio/opus", opus(title)};
  if (format == "aac") return {"audio/aac", aac()};
  return {"audio/mpeg", mp3(title)};
}

}  // namespace ms::mock_detail
