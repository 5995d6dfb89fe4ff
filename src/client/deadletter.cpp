// deadletter.cpp - writing, reading and listing dead-letter files.
//
// A letter is written to ".<name>.tmp" in the target directory, flushed to
// disk and renamed to "<name>", so a reader sees the whole letter or nothing.
//
// Limits: see deadletter.hpp.
#include "tattler/deadletter.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "tattler/correlation_id.hpp"

namespace tattler {

namespace {

// file_part - a name component made safe for a file name, at most 40 bytes.
std::string file_part(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (out.size() == 40) break;
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '.' || c == '-';
    out.push_back(safe ? c : '-');
  }
  return out.empty() ? "-" : out;
}

// utc_stamp - the current UTC time with the given strftime format.
std::string utc_stamp(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

// write_atomically - temp file in the same directory, fsync, rename.
bool write_atomically(const std::filesystem::path& file,
                      const std::string& text, std::string* error) {
  std::filesystem::path tmp =
      file.parent_path() / ("." + file.filename().string() + ".tmp");
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    *error = "cannot create " + tmp.string() + ": " + std::strerror(errno);
    return false;
  }

  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  bool written = done == text.size() && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);

  if (!written || std::rename(tmp.c_str(), file.c_str()) != 0) {
    if (written) saved = errno;
    *error = "cannot write " + file.string() + ": " + std::strerror(saved);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

// optional_string - a string member or "" when missing/null.
std::string optional_string(const Json& json, const char* key) {
  auto it = json.find(key);
  return (it != json.end() && it->is_string()) ? it->get<std::string>() : "";
}

// optional_int - an integer member or fallback when missing or not one.
int optional_int(const Json& json, const char* key, int fallback) {
  auto it = json.find(key);
  return (it != json.end() && it->is_number_integer()) ? it->get<int>()
                                                       : fallback;
}

}  // namespace

// to_json - the documented on-disk layout, in a fixed key order.
Json to_json(const DeadLetter& letter) {
  Json j = Json::object();
  j["version"] = 1;
  j["scope"] = letter.scope;
  j["mode"] = letter.mode;
  j["event"] = letter.event;
  j["recipient"] = letter.recipient;
  j["vectors"] = letter.vectors.empty() ? Json(nullptr) : Json(letter.vectors);
  j["context"] = letter.context;
  j["priority"] = letter.priority ? Json(*letter.priority) : Json(nullptr);
  j["correlationId"] = letter.correlation_id;
  j["endpoint"] = letter.endpoint;
  j["error"] = letter.error;
  j["httpStatus"] = letter.http_status;
  j["time"] = letter.time;
  j["attempts"] = letter.attempts;
  j["lastError"] = letter.last_error;
  return j;
}

// dead_letter_from_json - scope, event and recipient are required, the rest
// has defaults so that hand-written letters can be replayed too.
bool dead_letter_from_json(const Json& json, DeadLetter* letter,
                           std::string* error) {
  if (!json.is_object()) {
    *error = "not a JSON object";
    return false;
  }
  for (const char* key : {"scope", "event", "recipient"}) {
    auto it = json.find(key);
    if (it == json.end() || !it->is_string()) {
      *error = std::string("missing string field '") + key + "'";
      return false;
    }
  }

  DeadLetter l;
  l.scope = json["scope"].get<std::string>();
  l.event = json["event"].get<std::string>();
  l.recipient = json["recipient"].get<std::string>();
  l.mode = optional_string(json, "mode");
  if (l.mode.empty()) l.mode = "debug";
  auto vectors = json.find("vectors");
  if (vectors != json.end() && vectors->is_array()) {
    for (const Json& v : *vectors) {
      if (v.is_string()) l.vectors.push_back(v.get<std::string>());
    }
  }
  auto context = json.find("context");
  if (context != json.end() && context->is_object()) l.context = *context;
  auto priority = json.find("priority");
  if (priority != json.end() && priority->is_number_integer()) {
    l.priority = priority->get<int>();
  }
  l.correlation_id = optional_string(json, "correlationId");
  l.endpoint = optional_string(json, "endpoint");
  l.error = optional_string(json, "error");
  l.http_status = optional_int(json, "httpStatus", 0);
  l.time = optional_string(json, "time");
  l.attempts = optional_int(json, "attempts", 1);
  l.last_error = optional_string(json, "lastError");
  *letter = std::move(l);
  return true;
}

// default_deadletter_dir - the environment wins when set and not empty.
std::filesystem::path default_deadletter_dir() {
  const char* env = std::getenv("TATTLER_DEADLETTER_PATH");
  return (env != nullptr && *env != '\0') ? env : kDefaultDeadLetterDir;
}

// store_dead_letter - a new uniquely named file in dir.
std::filesystem::path store_dead_letter(const DeadLetter& letter,
                                        const std::filesystem::path& dir,
                                        std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    *error = "cannot create " + dir.string() + ": " + ec.message();
    return {};
  }

  std::string name =
      utc_stamp("%Y%m%dT%H%M%S") + "_" + std::to_string(::getpid()) + "_" +
      mk_correlation_id().substr(0, 10) + "_" + file_part(letter.scope) + "_" +
      file_part(letter.event) + ".json";
  DeadLetter stamped = letter;
  if (stamped.time.empty()) stamped.time = utc_stamp("%Y-%m-%dT%H:%M:%SZ");
  std::filesystem::path file = dir / name;
  if (!write_atomically(file, to_json(stamped).dump(2) + "\n", error)) {
    return {};
  }
  return file;
}

// rewrite_dead_letter - same atomic replacement as a new letter.
bool rewrite_dead_letter(const DeadLetter& letter,
                         const std::filesystem::path& file,
                         std::string* error) {
  return write_atomically(file, to_json(letter).dump(2) + "\n", error);
}

// load_dead_letter - parse errors become *error, never an exception.
bool load_dead_letter(const std::filesystem::path& file, DeadLetter* letter,
                      std::string* error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    *error = "cannot open " + file.string() + ": " + std::strerror(errno);
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  Json json = Json::parse(text.str(), nullptr, false);
  if (json.is_discarded()) {
    *error = "not valid JSON";
    return false;
  }
  return dead_letter_from_json(json, letter, error);
}

// list_dead_letters - regular *.json files not starting with '.'.
std::vector<std::filesystem::path> list_dead_letters(
    const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (entry.path().extension() != ".json") continue;
    if (!entry.is_regular_file(ec)) continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace tattler
