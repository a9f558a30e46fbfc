// The mock's audio endpoints: speech in each format and transcriptions in each response format,
// with their invalid requests.
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mock/mock.h"
#include "mock_support.h"

using namespace mocktest;

// ---------------------------------------------------------------------------------------------
// Speech.

TEST_CASE("speech_returns_real_audio_in_each_format", "[mock]") {
  auto speak = [](const char* format) {
    Json body{{"model", "tts-1"}, {"input", "Today is a wonderful day!"}, {"voice", "alloy"}};
    if (format) body["response_format"] = format;
    auto r = post("/v1/audio/speech", body);
    REQUIRE(r.status == 200);
    return r;
  };
  SECTION("mp3 by default: an ID3 tag then MPEG-1 Layer III frames") {
    auto r = speak(nullptr);
    CHECK(r.content_type == "audio/mpeg");
    REQUIRE(r.body.substr(0, 3) == "ID3");
    std::size_t tag = 10 + ((static_cast<std::size_t>(r.body[6]) << 21) | (static_cast<std::size_t>(r.body[7]) << 14) |
                            (static_cast<std::size_t>(r.body[8]) << 7) | static_cast<std::size_t>(r.body[9]));
    CHECK(r.body.find("This is a mock speech from tts-1 (alloy) of: Today is a wonderful day!") != std::string::npos);
    REQUIRE(r.body.size() > tag + 4);
    CHECK(static_cast<unsigned char>(r.body[tag]) == 0xFF);
    CHECK((static_cast<unsigned char>(r.body[tag + 1]) & 0xFE) == 0xFA);  // MPEG-1 Layer III
    CHECK((r.body.size() - tag) % 96 == 0);
  }
  SECTION("wav: RIFF with 24 kHz 16-bit mono PCM") {
    auto r = speak("wav");
    CHECK(r.content_type == "audio/wav");
    CHECK(r.body.substr(0, 4) == "RIFF");
    CHECK(le32(r.body, 4) == r.body.size() - 8);
    CHECK(r.body.substr(8, 8) == "WAVEfmt ");
    CHECK(le32(r.body, 24) == 24000);
    auto data = r.body.find("data");
    REQUIRE(data != std::string::npos);
    CHECK(le32(r.body, data + 4) == r.body.size() - data - 8);
  }
  SECTION("pcm: raw samples") {
    auto r = speak("pcm");
    CHECK(r.content_type == "audio/pcm");
    CHECK(r.body.size() == 24000);
  }
  SECTION("flac") {
    auto r = speak("flac");
    CHECK(r.content_type == "audio/flac");
    CHECK(r.body.substr(0, 4) == "fLaC");
  }
  SECTION("opus in Ogg") {
    auto r = speak("opus");
    CHECK(r.content_type == "audio/opus");
    CHECK(r.body.substr(0, 4) == "OggS");
    CHECK(r.body.find("OpusHead") != std::string::npos);
    CHECK(r.body.find("OpusTags") != std::string::npos);
  }
  SECTION("aac in ADTS") {
    auto r = speak("aac");
    CHECK(r.content_type == "audio/aac");
    CHECK(static_cast<unsigned char>(r.body[0]) == 0xFF);
    CHECK((static_cast<unsigned char>(r.body[1]) & 0xF6) == 0xF0);
  }
}

TEST_CASE("speech_rejects_invalid_requests", "[mock]") {
  Json body{{"model", "tts-1"}, {"input", "Hello"}, {"voice", "alloy"}};
  SECTION("missing voice") {
    body.erase("voice");
    require_error(post("/v1/audio/speech", body), 400, "missing_required_parameter", "voice");
  }
  SECTION("unknown voice") {
    body["voice"] = "robot";
    require_error(post("/v1/audio/speech", body), 400, "invalid_value", "voice");
  }
  SECTION("unknown response_format") {
    body["response_format"] = "ogg";
    require_error(post("/v1/audio/speech", body), 400, "invalid_value", "response_format");
  }
  SECTION("input too long") {
    body["input"] = std::string(4097, 'a');
    require_error(post("/v1/audio/speech", body), 400, "string_above_max_length", "input");
  }
  SECTION("speed out of range") {
    body["speed"] = 5;
    require_error(post("/v1/audio/speech", body), 400, "decimal_above_max_value", "speed");
  }
  SECTION("an unknown parameter") {
    body["format"] = "mp3";
    require_error(post("/v1/audio/speech", body), 400, "unknown_parameter", "format");
  }
  SECTION("a model that does not speak") {
    body["model"] = "whisper-1";
    require_error(post("/v1/audio/speech", body), 404, "model_not_found", "model");
  }
}

// ---------------------------------------------------------------------------------------------
// Transcriptions.

TEST_CASE("transcription_returns_text_in_each_response_format", "[mock]") {
  ms::MultipartPart file{"file", std::string("speech.mp3"), "audio/mpeg", std::string(1234, 'x')};
  ms::MultipartPart model{"model", std::nullopt, "", "whisper-1"};
  const std::string text = "This is a mock transcript from whisper-1 of speech.mp3 (1234 bytes).";

  auto json = transcribe({file, model});
  REQUIRE(json.status == 200);
  CHECK(json.content_type == "application/json");
  CHECK(json_of(json)["text"] == text);

  auto plain = transcribe({model, file, {"response_format", std::nullopt, "", "text"}});
  REQUIRE(plain.status == 200);
  CHECK(plain.content_type == "text/plain; charset=utf-8");
  CHECK(plain.body == text);

  auto verbose = transcribe({file, model, {"response_format", std::nullopt, "", "verbose_json"},
                             {"timestamp_granularities[]", std::nullopt, "", "word"}});
  REQUIRE(verbose.status == 200);
  Json v = json_of(verbose);
  CHECK(v["text"] == text);
  CHECK(v["language"] == "english");
  CHECK(v["duration"] == 1.0);
  CHECK(v["words"].size() == 11);

  CHECK(transcribe({file, model, {"response_format", std::nullopt, "", "srt"}}).body ==
        "1\n00:00:00,000 --> 00:00:01,000\n" + text + "\n\n");
  // Same fields, another boundary: the same answer.
  auto other = api().handle(request("POST", "/v1/audio/transcriptions", ms::serialize_multipart({file, model}, "zz"),
                                    "multipart/form-data; boundary=zz"));
  CHECK(other.body == json.body);
}

TEST_CASE("transcription_rejects_invalid_requests", "[mock]") {
  ms::MultipartPart file{"file", std::string("a.wav"), "audio/wav", "RIFF"};
  ms::MultipartPart model{"model", std::nullopt, "", "whisper-1"};
  require_error(transcribe({model}), 400, "missing_required_parameter", "file");
  require_error(transcribe({file}), 400, "missing_required_parameter", "model");
  require_error(transcribe({{"file", std::nullopt, "", "not a file"}, model}), 400, "invalid_type", "file");
  require_error(transcribe({file, model, {"response_format", std::nullopt, "", "mp3"}}), 400, "invalid_value",
                "response_format");
  require_error(transcribe({file, model, {"temperature", std::nullopt, "", "warm"}}), 400, "invalid_type",
                "temperature");
  require_error(transcribe({file, model, {"colour", std::nullopt, "", "red"}}), 400, "unknown_parameter", "colour");
  require_error(transcribe({file, {"model", std::nullopt, "", "tts-1"}}), 404, "model_not_found", "model");
  std::string body = multipart_body({file, model});
  require_error(api().handle(request("POST", "/v1/audio/transcriptions", body.substr(0, body.size() - 10), kMultipartType)),
                400, "invalid_multipart");
  require_error(api().handle(request("POST", "/v1/audio/transcriptions", body, "multipart/form-data")), 400,
                "invalid_multipart");
}
