// notify_args.cpp - parsing and checking tattler_notify's command line.
//
// Limits: see notify_args.hpp.
#include "notify_args.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tattler::notify {

namespace {

constexpr int kUsageError = 2;

struct RawArgs {
  std::string vectors;
  std::string server;
  std::string json_file;
  std::vector<std::string> pairs;
  std::vector<std::string> attach;
  int priority = 0;
};

// usage_error - argparse-like message on stderr; returns the exit code.
int usage_error(const std::string& message) {
  std::fprintf(stderr,
               "usage: tattler_notify [-h] [-v VECTORS] [-s SERVER] [-m MODE] "
               "[-p {1,2,3,4,5}] [-j JSON_CONTEXT] [-a NAME=PATH-or-URL] "
               "recipient scope event_name [context ...]\n"
               "tattler_notify: error: %s\n",
               message.c_str());
  return kUsageError;
}

// valid_name - scope and event names: [a-zA-Z0-9._-]+.
bool valid_name(const std::string& name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

// parse_port - digits, 1..65535, or -1.
int parse_port(const std::string& text) {
  if (text.empty() || text.size() > 5) return -1;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
  }
  int port = std::atoi(text.c_str());
  return (port >= 1 && port <= 65535) ? port : -1;
}

// split_pair - "name=value" at the first '='; false without '=' or name.
bool split_pair(const std::string& text, std::string* name,
                std::string* value) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  *name = text.substr(0, eq);
  *value = text.substr(eq + 1);
  return true;
}

// read_context_file - the -j file as an object; exit code 1 on failure.
int read_context_file(const std::string& path, Json* context) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "tattler_notify: cannot read %s\n", path.c_str());
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  if (!parse_context_text(text.str(), context, &error)) {
    std::fprintf(stderr, "tattler_notify: %s: %s\n", path.c_str(),
                 error.c_str());
    return 1;
  }
  return -1;
}

// split_vectors - "-v a,b" split at commas, as given.
std::vector<std::string> split_vectors(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  if (!text.empty() && text.back() == ',') out.push_back("");
  return out;
}

// apply_raw - checks the free-form values and moves them into *args.
int apply_raw(const RawArgs& raw, NotifyArgs* args) {
  if (!valid_name(args->scope) || !valid_name(args->event)) {
    return usage_error("must be alphanumeric with possibly {_, -, .} values");
  }
  if (!raw.server.empty()) {
    if (!parse_server_spec(raw.server, &args->server)) {
      return usage_error("invalid server_endpoint_spec value: '" + raw.server +
                         "'");
    }
  } else {
    try {
      args->server = endpoint_from_env();
    } catch (const std::invalid_argument& err) {
      return usage_error(std::string("TATTLER_SERVER_ADDRESS: ") + err.what());
    }
  }
  if (raw.priority > 0) args->priority = raw.priority;
  if (!raw.vectors.empty()) args->vectors = split_vectors(raw.vectors);

  if (!raw.json_file.empty()) {
    int rc = read_context_file(raw.json_file, &args->context);
    if (rc >= 0) return rc;
  }
  for (const std::string& pair : raw.pairs) {
    std::string name, value;
    if (!split_pair(pair, &name, &value)) {
      return usage_error("context must be given as name=value, got '" + pair +
                         "'");
    }
    args->context[name] = value;
  }
  for (const std::string& spec : raw.attach) {
    std::string name, value;
    if (!split_pair(spec, &name, &value)) {
      return usage_error("-a wants NAME=PATH-or-URL, got '" + spec + "'");
    }
    if (!args->attachments) args->attachments.emplace();
    bool url =
        value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0;
    args->attachments->insert_or_assign(
        name, url ? AttachmentSource(value)
                  : AttachmentSource(std::filesystem::path(value)));
  }
  return -1;
}

// define_options - every flag and positional on app.
void define_options(CLI::App& app, RawArgs& raw, NotifyArgs* args) {
  app.add_option("-v,--vectors", raw.vectors,
                 "comma-separated vectors (default: all of the event)");
  app.add_option("-s,--server", raw.server,
                 "server as host[:port] or [ipv6][:port] (default: "
                 "TATTLER_SERVER_ADDRESS or 127.0.0.1:11503)");
  app.add_option("-m,--mode", args->mode, "operating mode")
      ->check(CLI::IsMember({"debug", "staging", "production"}));
  app.add_option("-p,--priority", raw.priority, "priority 1 (high)..5")
      ->check(CLI::Range(1, 5));
  app.add_option("-j,--json-context", raw.json_file,
                 "JSON file with the context (// comments allowed)");
  app.add_option("-a,--attach", raw.attach,
                 "attachment NAME=PATH-or-URL (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--timeout", args->timeout_s,
                 "seconds allowed for the whole request (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--connect-timeout", args->connect_timeout_s,
                 "seconds allowed to connect (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("-c,--correlation-id", args->correlation_id,
                 "correlation id (default: a fresh one)");
  app.add_flag("--json", args->json_output, "print the results as JSON");
  app.add_option("--repeat", args->repeat,
                 "load mode: send this many notifications per client")
      ->check(CLI::PositiveNumber);
  app.add_option("--clients", args->clients,
                 "load mode: parallel clients, one connection each")
      ->check(CLI::Range(1, 1024));
  app.add_option("recipient", args->recipient, "recipient id")->required();
  app.add_option("scope", args->scope, "scope name")->required();
  app.add_option("event_name", args->event, "event name")->required();
  app.add_option("context", raw.pairs, "context values as name=value");
}

}  // namespace

// parse_server_spec - brackets protect the colons of an IPv6 address.
bool parse_server_spec(const std::string& spec, Endpoint* endpoint) {
  std::string host = spec;
  std::string port_text;
  if (!spec.empty() && spec.front() == '[') {
    auto close = spec.find(']');
    if (close == std::string::npos || close == 1) return false;
    host = spec.substr(0, close + 1);
    std::string rest = spec.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    if (!rest.empty()) port_text = rest.substr(1);
    if (!rest.empty() && port_text.empty()) return false;
  } else {
    auto colon = spec.find(':');
    if (colon != std::string::npos) {
      if (spec.find(':', colon + 1) != std::string::npos) return false;
      host = spec.substr(0, colon);
      port_text = spec.substr(colon + 1);
      if (port_text.empty()) return false;
    }
  }
  if (host.empty()) return false;

  int port = port_text.empty() ? kDefaultServerPort : parse_port(port_text);
  if (port < 0) return false;
  *endpoint = Endpoint{host, port};
  return true;
}

// parse_notify_args - CLI11 for the syntax, our checks for the values.
int parse_notify_args(int argc, char** argv, NotifyArgs* args) {
  CLI::App app{"Send a notification through a tattler server.",
               "tattler_notify"};
  RawArgs raw;
  define_options(app, raw, args);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& err) {
    return usage_error(err.what());
  }
  return apply_raw(raw, args);
}

}  // namespace tattler::notify
