// client_log.cpp - default log handler (stderr) and its replacement.
//
// Limits: the handler is process-wide; replacing it while other threads log
// is safe (a mutex guards it) but serialises their log lines.
#include "client_log.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace tattler {

namespace {

std::mutex& handler_mutex() {
  static std::mutex m;
  return m;
}

// threshold - lowest level written by the default handler, from LOG_LEVEL.
LogLevel threshold() {
  const char* env = std::getenv("LOG_LEVEL");
  if (env == nullptr) return LogLevel::kWarning;
  if (strcasecmp(env, "debug") == 0) return LogLevel::kDebug;
  if (strcasecmp(env, "info") == 0) return LogLevel::kInfo;
  if (strcasecmp(env, "error") == 0) return LogLevel::kError;
  return LogLevel::kWarning;
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "?";
}

// default_handler - one line on stderr when the level passes LOG_LEVEL.
void default_handler(LogLevel level, const std::string& line) {
  static const LogLevel kThreshold = threshold();
  if (level < kThreshold) return;
  std::fprintf(stderr, "tattler_client [%s] %s\n", level_name(level),
               line.c_str());
}

LogHandler& current_handler() {
  static LogHandler handler = default_handler;
  return handler;
}

}  // namespace

// set_log_handler - replaces the process-wide handler.
void set_log_handler(LogHandler handler) {
  std::lock_guard<std::mutex> lock(handler_mutex());
  current_handler() = std::move(handler);
}

namespace client {

void log(LogLevel level, const std::string& line) {
  std::lock_guard<std::mutex> lock(handler_mutex());
  if (current_handler()) current_handler()(level, line);
}

}  // namespace client

}  // namespace tattler
