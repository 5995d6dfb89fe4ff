// settings.hpp - every TATTLER_* setting of the server, read once.
//
// Offers Settings, an immutable snapshot of the environment taken at
// start-up (optionally completed by an envdir: one file per variable), with
// tattler's names, defaults and meanings plus our own variables (see
// docs/configuration.md). load_settings() checks every value and reports
// all problems at once, one per line, so an operator fixes them in one go.
//
// Limits: values are read once; a change needs a restart. Plug-in specific
// variables (DATABASE, ...) are not read here.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace tattler::config {

// Environment - variable name to value, as seen by the process.
using Environment = std::map<std::string, std::string>;

// ListenAddress - where the HTTP server binds; host has no brackets.
struct ListenAddress {
  std::string host = "127.0.0.1";
  uint16_t port = 11503;
};

enum class TransportKind { kSmtp, kCapture };
enum class LogFormat { kText, kJson };

struct Settings {
  // --- tattler's variables (behaviour section 11.1) ---
  ListenAddress listen;                      // TATTLER_LISTEN_ADDRESS
  std::optional<std::string> template_base;  // TATTLER_TEMPLATE_BASE, empty=unset
  std::string template_type = "jinja";       // TATTLER_TEMPLATE_TYPE
  std::optional<std::string> plugin_path;    // TATTLER_PLUGIN_PATH
  std::string master_mode = "debug";         // TATTLER_MASTER_MODE (normalised)
  std::optional<std::string> blacklist_path;  // TATTLER_BLACKLIST_PATH
  std::string email_sender;                  // TATTLER_EMAIL_SENDER
  std::string smtp_address = "127.0.0.1";    // TATTLER_SMTP_ADDRESS
  std::chrono::seconds smtp_timeout{30};     // TATTLER_SMTP_TIMEOUT
  bool smtp_tls = false;                     // TATTLER_SMTP_TLS non-empty
  std::optional<std::string> smtp_auth;      // TATTLER_SMTP_AUTH user:password
  std::optional<std::string> sms_sender;     // TATTLER_SMS_SENDER
  std::optional<std::string> bulksms_token;  // TATTLER_BULKSMS_TOKEN
  std::optional<std::string> bulksms_routing;  // BULKSMS_DEFAULT_ROUTING
  std::string log_level = "info";            // LOG_LEVEL (lower-cased)

  // Per vector ("email", "sms", "telegram", "whatsapp"):
  // TATTLER_DEBUG_RECIPIENT_<VECTOR>, TATTLER_SUPERVISOR_RECIPIENT_<VECTOR>,
  // TATTLER_<VECTOR>_SENDER (email's is email_sender above).
  std::map<std::string, std::string> debug_recipients;
  std::map<std::string, std::string> supervisor_recipients;
  std::map<std::string, std::string> senders;

  // Enterprise chat credentials: TATTLER_TELEGRAM_BOT_TOKEN,
  // TATTLER_WHATSAPP_ACCESS_TOKEN.
  std::optional<std::string> telegram_bot_token;
  std::optional<std::string> whatsapp_access_token;

  // --- our variables (docs/configuration.md) ---
  TransportKind transport = TransportKind::kSmtp;   // TATTLER_TRANSPORT
  std::filesystem::path capture_dir = "var/outbox";  // TATTLER_CAPTURE_DIR
  bool smtp_verify = true;                  // TATTLER_SMTP_VERIFY
  bool attachment_guard = false;            // TATTLER_ATTACHMENT_GUARD
  std::filesystem::path queue_dir = "var";  // TATTLER_QUEUE_DIR
  std::optional<std::string> queue_url;     // TATTLER_QUEUE_URL
  std::chrono::seconds retry_first_delay{30};    // TATTLER_RETRY_FIRST_DELAY
  std::chrono::seconds retry_max_delay{3600};    // TATTLER_RETRY_MAX_DELAY
  std::chrono::seconds retry_max_age{86400};     // TATTLER_RETRY_MAX_AGE
  std::chrono::seconds retention{604800};        // TATTLER_RETENTION
  std::chrono::seconds lease{60};                // TATTLER_LEASE
  std::chrono::seconds answer_timeout{30};       // TATTLER_ANSWER_TIMEOUT
  size_t delivery_workers = 8;                   // TATTLER_DELIVERY_WORKERS
  LogFormat log_format = LogFormat::kText;       // TATTLER_LOG_FORMAT
  size_t max_connections = 1024;                 // TATTLER_MAX_CONNECTIONS
  std::chrono::seconds read_timeout{30};         // TATTLER_READ_TIMEOUT
  std::chrono::seconds idle_timeout{60};         // TATTLER_IDLE_TIMEOUT

  // Things worth a warning at start-up that do not stop the server
  // (e.g. TATTLER_PLUGIN_PATH not a directory, as tattler warns).
  std::vector<std::string> warnings;

  // debug_recipient - TATTLER_DEBUG_RECIPIENT_<VECTOR>, if set and not empty.
  std::optional<std::string> debug_recipient(std::string_view vector) const;

  // supervisor_recipient - TATTLER_SUPERVISOR_RECIPIENT_<VECTOR>, if set.
  std::optional<std::string> supervisor_recipient(
      std::string_view vector) const;

  // sender - TATTLER_<VECTOR>_SENDER (email falls back to its default).
  std::optional<std::string> sender(std::string_view vector) const;
};

// process_environment - a copy of the process environment.
Environment process_environment();

// read_envdir - base overlaid with the variables of an envdir folder: each
// regular file is one variable named like the file, its value the first
// line with trailing whitespace removed; an empty file unsets the variable.
Result<Environment> read_envdir(const std::filesystem::path& dir,
                                Environment base);

// load_settings - checks and reads every variable. On failure the error
// lists every problem, one per line ("TATTLER_X: why").
Result<Settings> load_settings(const Environment& env);

// problems_of - the lines of a load_settings() error message.
std::vector<std::string> problems_of(const std::string& error);

}  // namespace tattler::config
