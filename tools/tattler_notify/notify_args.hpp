// notify_args.hpp - the command line of tattler_notify.
//
// Same arguments and checks as tattler's tattler_notify (recipient scope
// event [name=value ...], -v -s -m -p -j -a), plus: TATTLER_SERVER_ADDRESS
// when -s is absent, bracketed IPv6 servers ("[::1]:11503"), "//" comments in
// the -j file, --timeout/--connect-timeout, --correlation-id, --json output
// and a load mode (--repeat, --clients) used by the benchmarks.
//
// Limits: usage errors exit with 2 and print CLI11's wording, not argparse's
// (the message texts of tattler's own checks are kept).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tattler/client.hpp"

namespace tattler::notify {

struct NotifyArgs {
  std::string recipient;
  std::string scope;
  std::string event;
  std::vector<std::string> vectors;
  Endpoint server;
  std::string mode = "debug";
  std::optional<int> priority;
  Json context = Json::object();  // -j file merged with name=value pairs
  std::optional<Attachments> attachments;
  double timeout_s = 30;
  double connect_timeout_s = 5;
  std::string correlation_id;
  bool json_output = false;
  int repeat = 0;  // load mode when > 0: sends per client
  int clients = 1;
};

// parse_notify_args - fills *args; returns -1 to go on, else the exit code
// (0 after --help, 1 for an unusable -j file, 2 for a usage error).
int parse_notify_args(int argc, char** argv, NotifyArgs* args);

// parse_server_spec - "host", "host:port", "[v6]" or "[v6]:port"; false for
// anything else (a bare IPv6 address included).
bool parse_server_spec(const std::string& spec, Endpoint* endpoint);

}  // namespace tattler::notify
