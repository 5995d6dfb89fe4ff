// capture_transport.cpp - writes each message into the capture folder.
//
// Limits: see capture_transport.hpp.
#include "delivery/capture_transport.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>

#include "common/result.hpp"

namespace tattler::delivery {

namespace fs = std::filesystem;

namespace {

// next_temp_number - a process-wide counter so concurrent writers of the
// same message id never share a temporary file.
unsigned long next_temp_number() {
  static std::atomic<unsigned long> counter{0};
  return counter.fetch_add(1);
}

// write_atomically - write bytes to path through a temporary file and a
// rename, so readers see the whole file or nothing.
Status write_atomically(const fs::path& path, const std::string& bytes) {
  fs::path temp = path.parent_path() /
                  fmt::format(".{}.{}.{}.tmp", path.filename().string(),
                              ::getpid(), next_temp_number());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temp, ignored);
      return Status::Error(fmt::format("cannot write {}", temp.string()));
    }
  }

  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return Status::Error(
        fmt::format("cannot rename into {}: {}", path.string(), ec.message()));
  }
  return Status::Ok();
}

// envelope_json - the sidecar describing how the message would be sent.
std::string envelope_json(const compose::Message& message) {
  nlohmann::ordered_json envelope = {
      {"vector", message.vector},
      {"sender", message.sender},
      {"recipients", message.recipients},
      {"message_id", message.message_id},
  };
  return envelope.dump(2) + "\n";
}

}  // namespace

CaptureTransport::CaptureTransport(fs::path dir) : dir_(std::move(dir)) {}

std::string CaptureTransport::file_stem(const std::string& message_id) {
  std::string stem;
  stem.reserve(message_id.size());
  for (char c : message_id) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '@' || c == '.' || c == '_' ||
                c == '+' || c == '-';
    stem.push_back(keep ? c : '_');
  }

  // A leading dot would hide the file and collide with our temporary names.
  if (stem.empty() || stem.front() == '.') stem.insert(stem.begin(), '_');
  return stem;
}

Outcome CaptureTransport::send(const compose::Message& message) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) {
    return Outcome::Temporary(fmt::format("cannot create capture folder {}: {}",
                                          dir_.string(), ec.message()));
  }

  std::string stem = file_stem(message.message_id);
  const char* extension = message.vector == "email" ? ".eml" : ".json";

  // The envelope goes first: whoever sees the message file finds it too.
  Status status = write_atomically(dir_ / (stem + ".envelope.json"),
                                   envelope_json(message));
  if (status.ok()) {
    status = write_atomically(dir_ / (stem + extension), message.data);
  }
  if (!status.ok()) return Outcome::Temporary(status.message());

  spdlog::info("{} capture.written vector={} rcpts={} bytes={}",
               message.message_id, message.vector, message.recipients.size(),
               message.data.size());
  return Outcome::Delivered();
}

}  // namespace tattler::delivery
