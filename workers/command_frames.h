// Decoding the frames of one message received on the ledger's ROUTER
// socket: [routing frames...] [empty delimiter] [Command bytes]. Pure: the
// socket loop and the fuzz harness (fuzz/command_frames.cpp) share it.
//
// Thread safety: pure function.
#ifndef GONGKAI_WORKERS_COMMAND_FRAMES_H_
#define GONGKAI_WORKERS_COMMAND_FRAMES_H_

#include <string_view>
#include <vector>

#include "engine/status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai {

struct DecodedMessage {
  // Frames [0, envelope_frames) are the envelope to answer through (the
  // delimiter included); without a delimiter, the first frame (the sender's
  // identity) and an empty delimiter must be used.
  size_t envelope_frames = 0;
  bool has_delimiter = false;
  v1::Command command;
  Status refusal;  // Not OK: answer it, and change nothing.
};

// `total_bytes` is the size of every frame together, counted as they were
// read (`frames` may hold only the first ones when the message was too big:
// `truncated`).
DecodedMessage DecodeCommandFrames(const std::vector<std::string_view>& frames, size_t total_bytes,
                                   size_t max_bytes, bool truncated);

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_COMMAND_FRAMES_H_
