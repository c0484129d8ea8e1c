// Fuzz harness command_frames: one message as the ledger's ROUTER socket
// reads it (workers/command_frames.h). The bytes are cut into frames: each
// frame is a 2-byte little-endian length then that many bytes (the last
// takes what is left). For any frames, DecodeCommandFrames never crashes
// and:
//  - the envelope it names lies within the frames (the delimiter included
//    when there is one), so a reply can always be sent back;
//  - a message over the size limit, without a delimiter, or with other than
//    exactly one body frame is refused (invalid_argument, a UTF-8 message);
//  - an accepted message's Command serializes and parses back to itself.
#include "workers/command_frames.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"

namespace gongkai::fuzz {
namespace {

// Small limits make the size refusal reachable with small inputs.
constexpr size_t kMaxBytes = 4096;

std::vector<std::string_view> Frames(std::string_view bytes) {
  std::vector<std::string_view> frames;
  while (!bytes.empty() && frames.size() < 64) {
    if (bytes.size() < 2) {
      frames.push_back(bytes);
      break;
    }
    const size_t length = size_t(uint8_t(bytes[0])) | size_t(uint8_t(bytes[1])) << 8;
    bytes.remove_prefix(2);
    frames.push_back(bytes.substr(0, length));
    bytes.remove_prefix(std::min(length, bytes.size()));
  }
  return frames;
}

int TestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string_view> frames =
      Frames(std::string_view(reinterpret_cast<const char*>(data), size));
  size_t total = 0;
  for (auto frame : frames) total += frame.size();
  const DecodedMessage decoded = DecodeCommandFrames(frames, total, kMaxBytes, false);
  FUZZ_CHECK(decoded.envelope_frames <= frames.size());
  if (decoded.has_delimiter) {
    FUZZ_CHECK(decoded.envelope_frames >= 1);
    FUZZ_CHECK(frames[decoded.envelope_frames - 1].empty());
  }
  const bool shape_ok = decoded.has_delimiter && frames.size() == decoded.envelope_frames + 1;
  if (total > kMaxBytes || !shape_ok) FUZZ_CHECK(!decoded.refusal.ok());
  if (!decoded.refusal.ok()) {
    FUZZ_CHECK(decoded.refusal.code() == StatusCode::kInvalidArgument);
    FUZZ_CHECK(IsValidUtf8(decoded.refusal.message()));
    return 0;
  }
  const std::string bytes = decoded.command.SerializeAsString();
  v1::Command again;
  FUZZ_CHECK(again.ParseFromString(bytes));
  FUZZ_CHECK(again.SerializeAsString() == bytes);
  // The truncated form of the same message is always refused.
  FUZZ_CHECK(!DecodeCommandFrames(frames, total, kMaxBytes, true).refusal.ok());
  return 0;
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gongkai::fuzz::TestOneInput(data, size);
}
