// settings.cpp - reading and checking the TATTLER_* variables.
//
// Each variable has one small reader that records a problem instead of
// failing, so load_settings() can list every problem of a configuration.
//
// Limits: durations are whole seconds only (no "5m" suffixes).
#include "config/settings.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

extern char** environ;

namespace tattler::config {
namespace {

constexpr const char* kVectors[] = {"email", "sms", "telegram", "whatsapp"};

// trim - s without leading and trailing white space.
std::string trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// lower - ASCII lower-case copy.
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(
                          static_cast<unsigned char>(c)));
  return out;
}

// upper - ASCII upper-case copy.
std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(
                          static_cast<unsigned char>(c)));
  return out;
}

// Reader - looks variables up and collects problems.
class Reader {
 public:
  explicit Reader(const Environment& env) : env_(env) {}

  // get - the value if set and not empty (tattler treats empty as unset).
  std::optional<std::string> get(const std::string& name) const {
    auto it = env_.find(name);
    if (it == env_.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }

  // problem - record one problem line.
  void problem(const std::string& name, const std::string& why) {
    problems_.push_back(fmt::format("{}: {}", name, why));
  }

  // seconds - a positive whole number of seconds, or the default.
  std::chrono::seconds seconds(const std::string& name,
                               std::chrono::seconds fallback) {
    auto n = count(name, static_cast<size_t>(fallback.count()));
    return std::chrono::seconds(static_cast<int64_t>(n));
  }

  // count - a positive integer, or the default.
  size_t count(const std::string& name, size_t fallback) {
    auto v = get(name);
    if (!v) return fallback;
    std::string t = trim(*v);
    size_t n = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (ec != std::errc() || p != t.data() + t.size() || n == 0 ||
        n > 1000000000) {
      problem(name, fmt::format("'{}' is not a positive whole number", *v));
      return fallback;
    }
    return n;
  }

  // choice - one of the allowed values (trimmed, lower-cased), or default.
  std::string choice(const std::string& name,
                     const std::vector<std::string>& allowed,
                     const std::string& fallback) {
    auto v = get(name);
    if (!v) return fallback;
    std::string t = lower(trim(*v));
    if (std::find(allowed.begin(), allowed.end(), t) != allowed.end()) {
      return t;
    }
    problem(name, fmt::format("'{}' is not one of {}", *v,
                              fmt::join(allowed, ", ")));
    return fallback;
  }

  std::vector<std::string>& problems() { return problems_; }

 private:
  const Environment& env_;
  std::vector<std::string> problems_;
};

// default_email_sender - "<login user>@<hostname>" lower-cased, as tattler.
std::string default_email_sender() {
  std::string user = "tattler";
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) {
    user = pw->pw_name;
  } else if (const char* u = getenv("USER"); u && *u) {
    user = u;
  }
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  std::string h = host[0] ? host : "localhost";
  return lower(user + "@" + h);
}

// parse_port - a TCP port number 1..65535.
std::optional<uint16_t> parse_port(std::string_view s) {
  unsigned n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n == 0 || n > 65535) {
    return std::nullopt;
  }
  return static_cast<uint16_t>(n);
}

// read_listen - TATTLER_LISTEN_ADDRESS: host:port, [ipv6]:port.
void read_listen(Reader& r, Settings& s) {
  const std::string name = "TATTLER_LISTEN_ADDRESS";
  auto v = r.get(name);
  if (!v) return;
  std::string text = trim(*v);
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    r.problem(name, fmt::format("'{}' has no port; want host:port", *v));
    return;
  }
  std::string host = text.substr(0, colon);
  auto port = parse_port(std::string_view(text).substr(colon + 1));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    r.problem(name, fmt::format("'{}': put an IPv6 address in brackets, "
                                "e.g. [::1]:11503", *v));
    return;
  }
  if (host.empty() || !port) {
    r.problem(name, fmt::format("'{}' is not a valid host:port", *v));
    return;
  }
  s.listen = ListenAddress{host, *port};
}

// read_smtp - the SMTP variables; address syntax checked here, the
// transport checks the rest.
void read_smtp(Reader& r, Settings& s) {
  if (auto v = r.get("TATTLER_SMTP_ADDRESS")) {
    std::string t = trim(*v);
    std::string host = t;
    std::optional<std::string> port;
    if (!t.empty() && t.front() == '[') {
      size_t close = t.find(']');
      host = close == std::string::npos ? "" : t.substr(1, close - 1);
      if (close != std::string::npos && close + 1 < t.size()) {
        if (t[close + 1] != ':') host.clear();
        port = t.substr(close + 2);
      }
    } else if (size_t c = t.rfind(':'); c != std::string::npos) {
      host = t.substr(0, c);
      port = t.substr(c + 1);
      if (host.find(':') != std::string::npos) host.clear();
    }
    bool host_ok = !host.empty() &&
                   host.find_first_of(" \t/@") == std::string::npos;
    if (!host_ok || (port && !parse_port(*port))) {
      r.problem("TATTLER_SMTP_ADDRESS",
                fmt::format("'{}' is not a valid host[:port]", *v));
    } else {
      s.smtp_address = t;
    }
  }
  s.smtp_timeout = r.seconds("TATTLER_SMTP_TIMEOUT", s.smtp_timeout);
  s.smtp_tls = r.get("TATTLER_SMTP_TLS").has_value();
  s.smtp_auth = r.get("TATTLER_SMTP_AUTH");
  if (s.smtp_auth && s.smtp_auth->find(':') == std::string::npos) {
    r.problem("TATTLER_SMTP_AUTH", "want user:password");
  }
  s.smtp_verify =
      r.choice("TATTLER_SMTP_VERIFY", {"yes", "no"}, "yes") == "yes";
}

// read_modes_and_vectors - master mode and the per-vector variables.
void read_modes_and_vectors(Reader& r, Settings& s) {
  if (auto v = r.get("TATTLER_MASTER_MODE")) {
    std::string m = lower(trim(*v));
    if (m == "debug" || m == "staging" || m == "production") {
      s.master_mode = m;
    } else if (!m.empty()) {
      r.problem("TATTLER_MASTER_MODE",
                fmt::format("'{}' is not one of debug, staging, production",
                            *v));
    }
  }
  for (const char* vec : kVectors) {
    std::string up = upper(vec);
    if (auto d = r.get("TATTLER_DEBUG_RECIPIENT_" + up)) {
      s.debug_recipients[vec] = *d;
    }
    if (auto p = r.get("TATTLER_SUPERVISOR_RECIPIENT_" + up)) {
      s.supervisor_recipients[vec] = *p;
    }
    if (auto snd = r.get("TATTLER_" + up + "_SENDER")) s.senders[vec] = *snd;
  }
  // Trimmed only: compose lower-cases the address and keeps the case of a
  // display name ("Shop Zürich <noreply@shop.ch>").
  s.email_sender = s.senders.count("email") ? trim(s.senders["email"])
                                            : default_email_sender();
  s.sms_sender = r.get("TATTLER_SMS_SENDER");
}

// read_tattler - the remaining variables of behaviour section 11.1.
void read_tattler(Reader& r, Settings& s) {
  read_listen(r, s);
  s.template_base = r.get("TATTLER_TEMPLATE_BASE");
  if (s.template_base) {
    std::error_code ec;
    if (!std::filesystem::is_directory(*s.template_base, ec)) {
      r.problem("TATTLER_TEMPLATE_BASE",
                fmt::format("'{}' is not a directory", *s.template_base));
    }
  }
  s.template_type = r.choice("TATTLER_TEMPLATE_TYPE", {"jinja"}, "jinja");
  s.plugin_path = r.get("TATTLER_PLUGIN_PATH");
  if (s.plugin_path) {
    std::error_code ec;
    if (!std::filesystem::is_directory(*s.plugin_path, ec)) {
      s.warnings.push_back(fmt::format(
          "Ignoring plug-in path '{}' as it's not a directory. Fix with "
          "envvar TATTLER_PLUGIN_PATH.", *s.plugin_path));
    }
  }
  s.blacklist_path = r.get("TATTLER_BLACKLIST_PATH");
  read_modes_and_vectors(r, s);
  read_smtp(r, s);
  s.bulksms_token = r.get("TATTLER_BULKSMS_TOKEN");
  if (s.bulksms_token && s.bulksms_token->find(':') == std::string::npos) {
    r.problem("TATTLER_BULKSMS_TOKEN", "want token_id:secret");
  }
  if (auto routing = r.get("BULKSMS_DEFAULT_ROUTING")) {
    std::string u = upper(trim(*routing));
    if (u != "ECONOMY" && u != "STANDARD" && u != "PREMIUM") {
      r.problem("BULKSMS_DEFAULT_ROUTING",
                fmt::format("'{}' is not one of ECONOMY, STANDARD, PREMIUM",
                            *routing));
    }
    s.bulksms_routing = u;
  }
  s.telegram_bot_token = r.get("TATTLER_TELEGRAM_BOT_TOKEN");
  s.whatsapp_access_token = r.get("TATTLER_WHATSAPP_ACCESS_TOKEN");
  s.log_level = r.choice("LOG_LEVEL",
                         {"debug", "info", "warning", "error", "critical"},
                         "info");
}

// read_ours - the variables this server adds.
void read_ours(Reader& r, Settings& s) {
  s.transport = r.choice("TATTLER_TRANSPORT", {"smtp", "capture"}, "smtp") ==
                        "capture"
                    ? TransportKind::kCapture
                    : TransportKind::kSmtp;
  if (auto v = r.get("TATTLER_CAPTURE_DIR")) s.capture_dir = *v;
  s.attachment_guard =
      r.choice("TATTLER_ATTACHMENT_GUARD", {"off", "on"}, "off") == "on";
  if (auto v = r.get("TATTLER_QUEUE_DIR")) s.queue_dir = *v;
  s.queue_url = r.get("TATTLER_QUEUE_URL");
  if (s.queue_url && s.queue_url->rfind("postgresql://", 0) != 0 &&
      s.queue_url->rfind("postgres://", 0) != 0) {
    r.problem("TATTLER_QUEUE_URL", "want postgresql://...");
  }
  s.retry_first_delay =
      r.seconds("TATTLER_RETRY_FIRST_DELAY", s.retry_first_delay);
  s.retry_max_delay = r.seconds("TATTLER_RETRY_MAX_DELAY", s.retry_max_delay);
  s.retry_max_age = r.seconds("TATTLER_RETRY_MAX_AGE", s.retry_max_age);
  s.retention = r.seconds("TATTLER_RETENTION", s.retention);
  s.lease = r.seconds("TATTLER_LEASE", s.lease);
  s.answer_timeout = r.seconds("TATTLER_ANSWER_TIMEOUT", s.answer_timeout);
  s.delivery_workers = r.count("TATTLER_DELIVERY_WORKERS", 8);
  s.log_format = r.choice("TATTLER_LOG_FORMAT", {"text", "json"}, "text") ==
                         "json"
                     ? LogFormat::kJson
                     : LogFormat::kText;
  s.max_connections = r.count("TATTLER_MAX_CONNECTIONS", 1024);
  s.read_timeout = r.seconds("TATTLER_READ_TIMEOUT", s.read_timeout);
  s.idle_timeout = r.seconds("TATTLER_IDLE_TIMEOUT", s.idle_timeout);
  if (s.retry_max_delay < s.retry_first_delay) {
    r.problem("TATTLER_RETRY_MAX_DELAY",
              "must not be shorter than TATTLER_RETRY_FIRST_DELAY");
  }
}

// lookup - value of a per-vector map entry.
std::optional<std::string> lookup(const std::map<std::string, std::string>& m,
                                  std::string_view key) {
  auto it = m.find(std::string(key));
  if (it == m.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::optional<std::string> Settings::debug_recipient(
    std::string_view vector) const {
  return lookup(debug_recipients, vector);
}

std::optional<std::string> Settings::supervisor_recipient(
    std::string_view vector) const {
  return lookup(supervisor_recipients, vector);
}

std::optional<std::string> Settings::sender(std::string_view vector) const {
  if (vector == "email") return email_sender;
  return lookup(senders, vector);
}

// process_environment - copy environ into a map.
Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
  }
  return env;
}

// read_envdir - overlay base with the files of dir.
Result<Environment> read_envdir(const std::filesystem::path& dir,
                                Environment base) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Err{fmt::format("envdir '{}' is not a directory", dir.string())};
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || name.find('=') != name.npos) {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) {
      return Err{fmt::format("envdir: cannot read '{}'",
                             entry.path().string())};
    }
    std::string line;
    std::getline(in, line);
    std::replace(line.begin(), line.end(), '\0', '\n');
    while (!line.empty() && std::isspace(static_cast<unsigned char>(
                                line.back()))) {
      line.pop_back();
    }
    if (line.empty() && entry.file_size() == 0) {
      base.erase(name);
    } else {
      base[name] = line;
    }
  }
  if (ec) return Err{fmt::format("envdir '{}': {}", dir.string(),
                                 ec.message())};
  return base;
}

// load_settings - read everything, then fail with all problems, if any.
Result<Settings> load_settings(const Environment& env) {
  Reader r(env);
  Settings s;
  read_tattler(r, s);
  read_ours(r, s);
  if (!r.problems().empty()) {
    return Err{fmt::format("{}", fmt::join(r.problems(), "\n"))};
  }
  return s;
}

// problems_of - split an error message into its lines.
std::vector<std::string> problems_of(const std::string& error) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= error.size()) {
    size_t nl = error.find('\n', start);
    if (nl == std::string::npos) nl = error.size();
    if (nl > start) lines.push_back(error.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

}  // namespace tattler::config
