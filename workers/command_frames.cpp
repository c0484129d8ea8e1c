#include "workers/command_frames.h"

#include <string>

namespace gongkai {

DecodedMessage DecodeCommandFrames(const std::vector<std::string_view>& frames, size_t total_bytes,
                                   size_t max_bytes, bool truncated) {
  DecodedMessage out;
  size_t delimiter = 0;
  while (delimiter < frames.size() && !frames[delimiter].empty()) ++delimiter;
  out.has_delimiter = delimiter < frames.size();
  out.envelope_frames = out.has_delimiter ? delimiter + 1 : (frames.empty() ? 0 : 1);
  if (truncated || total_bytes > max_bytes) {
    out.refusal =
        InvalidArgumentError("the message is " + std::to_string(total_bytes) + " bytes; at most " +
                             std::to_string(max_bytes) + " are accepted");
    return out;
  }
  if (!out.has_delimiter) {
    out.refusal = InvalidArgumentError(
        "malformed message: expected an empty delimiter frame, then one Command frame");
    return out;
  }
  const size_t body_frames = frames.size() - delimiter - 1;
  if (body_frames != 1) {
    out.refusal = InvalidArgumentError(
        "malformed message: expected exactly one Command frame after the delimiter, got " +
        std::to_string(body_frames));
    return out;
  }
  const std::string_view body = frames[delimiter + 1];
  if (!out.command.ParseFromArray(body.data(), int(body.size()))) {
    out.refusal = InvalidArgumentError(
        "the message is not a gongkai.v1.Command (protobuf): check the client's schema");
  }
  return out;
}

}  // namespace gongkai
