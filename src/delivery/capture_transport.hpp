// capture_transport.hpp - a Transport that writes messages to a folder
// instead of sending them.
//
// Used by the demo and by tests that need no SMTP server: each message
// becomes one file in the capture folder, named after its message id:
//   <dir>/<id>.eml            e-mail: the RFC 5322 bytes, exactly as sent
//   <dir>/<id>.json           other vectors: the JSON payload
//   <dir>/<id>.envelope.json  {"vector", "sender", "recipients",
//                              "message_id"} written first, so a reader
//                              that sees the .eml/.json also finds it.
// Every file is written to a temporary name and renamed, so a reader never
// sees half a message. The folder is created when missing.
//
// Limits: a message id is reduced to the characters [A-Za-z0-9@._+-] for
// the file name (others become '_'); two messages with the same id overwrite
// each other. Nothing is ever deleted from the folder. Files are not
// fsync'ed: after a power loss a renamed file may be empty.
#pragma once

#include <filesystem>
#include <string>

#include "compose/message.hpp"
#include "delivery/transport.hpp"

namespace tattler::delivery {

class CaptureTransport : public Transport {
 public:
  // dir is created on the first send if it does not exist.
  explicit CaptureTransport(std::filesystem::path dir);

  CaptureTransport(const CaptureTransport&) = delete;
  CaptureTransport& operator=(const CaptureTransport&) = delete;

  // send - write the message files; a file-system error is a temporary
  // failure naming the path (a full disk may heal).
  Outcome send(const compose::Message& message) override;

  // file_stem - the file name (without extension) used for message_id.
  static std::string file_stem(const std::string& message_id);

 private:
  std::filesystem::path dir_;
};

}  // namespace tattler::delivery
