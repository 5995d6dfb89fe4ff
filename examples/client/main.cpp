// main.cpp - example: list what a tattler server offers, then notify.
//
//   tattler_client_example <addr:port> <scope> <event> <recipient>
//
// Uses both APIs: TattlerClientHTTP for the listings and a send with a typed
// date in the context, send_notification() for a one-shot send.
// Exit 0 when both sends were delivered.
//
// Limits: an example; no retries, no dead-letter handling of its own.
#include <chrono>
#include <iostream>
#include <tattler/client.hpp>

namespace {

// join - "a, b, c".
std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace std::chrono;
  if (argc != 5) {
    std::cerr << "usage: " << argv[0]
              << " <addr:port> <scope> <event> <recipient>\n";
    return 2;
  }
  tattler::Endpoint server = tattler::parse_endpoint(argv[1]);
  std::string scope = argv[2], event = argv[3], recipient = argv[4];

  try {
    tattler::TattlerClientHTTP client(scope, server.address, server.port,
                                      "production");
    std::cout << "scopes: " << join(client.scopes()) << "\n";
    std::cout << "events: " << join(client.events()) << "\n";
    std::cout << "vectors: " << join(client.vectors(event)) << "\n";

    tattler::Json context = {{"number", "EX-1"}, {"total", 10}};
    context["due"] = tattler::typed(year_month_day{2030y / July / 1});
    for (const auto& r : client.send({}, event, recipient, context)) {
      std::cout << "sent: " << r.vector << " " << r.result << "\n";
    }
  } catch (const tattler::ClientError& err) {
    std::cerr << "failed: " << err.what() << "\n";
    return 1;
  }

  tattler::NotificationOptions options;
  options.srv_addr = server.address;
  options.srv_port = server.port;
  options.mode = "production";
  options.context = {{"number", "EX-2"}, {"total", 20}};
  options.context["due"] = tattler::typed(year_month_day{2030y / August / 1});
  auto outcome = tattler::send_notification(scope, event, recipient, options);
  std::cout << "send_notification: " << (outcome.success ? "ok" : "failed")
            << " " << outcome.error << "\n";
  return outcome.success ? 0 : 1;
}
