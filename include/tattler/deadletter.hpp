// deadletter.hpp - notifications that could not be sent, kept on disk.
//
// When a send fails in a way that sending again later can fix (the server is
// unreachable, timed out, answered 5xx or garbage), the client writes one
// JSON file with everything needed to send it again into the dead-letter
// directory: TATTLER_DEADLETTER_PATH, default /tmp/tattler_deadletter. The
// file is written under a temporary name and renamed, so a reader never sees
// half a letter. tattler_replay sends them again.
//
// File layout (one JSON object):
//   {"version": 1, "scope", "mode", "event", "recipient",
//    "vectors": [...] or null, "context": {...}, "priority": n or null,
//    "correlationId", "endpoint": "addr:port", "error": first error,
//    "httpStatus": status of the first failure (0 = no answer),
//    "time": UTC ISO 8601 of the first failure, "attempts": n,
//    "lastError": error of the latest attempt}
// File name: <UTC yyyymmddThhmmss>_<pid>_<random>_<scope>_<event>.json;
// names starting with '.' are temporary and never listed.
//
// Limits: no locking: two replays of the same directory at the same time can
// send a letter twice. The directory itself is not fsync'ed after the
// rename, so a power loss right then can lose the newest letter.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tattler/result.hpp"

namespace tattler {

inline constexpr char kDefaultDeadLetterDir[] = "/tmp/tattler_deadletter";

struct DeadLetter {
  std::string scope;
  std::string mode;
  std::string event;
  std::string recipient;
  std::vector<std::string> vectors;  // empty: every vector of the event
  Json context = Json::object();
  std::optional<int> priority;
  std::string correlation_id;
  std::string endpoint;  // "addr:port" the failed send went to
  std::string error;     // the first error
  int http_status = 0;   // of the first error; 0 when there was no answer
  std::string time;      // when the first error happened, UTC ISO 8601
  int attempts = 1;
  std::string last_error;
};

// to_json - the on-disk form of a dead letter.
Json to_json(const DeadLetter& letter);

// dead_letter_from_json - reads the on-disk form; false + *error if invalid.
bool dead_letter_from_json(const Json& json, DeadLetter* letter,
                           std::string* error);

// default_deadletter_dir - TATTLER_DEADLETTER_PATH or the default.
std::filesystem::path default_deadletter_dir();

// store_dead_letter - writes a new letter into dir (created if missing);
// returns its path, or an empty path and *error.
std::filesystem::path store_dead_letter(const DeadLetter& letter,
                                        const std::filesystem::path& dir,
                                        std::string* error);

// rewrite_dead_letter - replaces an existing letter file atomically.
bool rewrite_dead_letter(const DeadLetter& letter,
                         const std::filesystem::path& file, std::string* error);

// load_dead_letter - reads one letter file; false + *error if unreadable.
bool load_dead_letter(const std::filesystem::path& file, DeadLetter* letter,
                      std::string* error);

// list_dead_letters - the letter files of dir, oldest name first.
std::vector<std::filesystem::path> list_dead_letters(
    const std::filesystem::path& dir);

}  // namespace tattler
