// failure_test.cpp - what the client does when the server is unreachable,
// stalls, fails with 5xx or answers garbage: typed errors and dead letters.
// The real server cannot be made to do these, so a loopback stub plays it.
//
// Limits: a connect timeout (as opposed to a request timeout) is not
// exercised: loopback connects never hang.
#include <gtest/gtest.h>

#include <cstdlib>

#include "stub_server.hpp"
#include "tattler/client.hpp"

namespace {

namespace fs = std::filesystem;
using tattler::testing::StubServer;
using namespace std::chrono_literals;

class ClientFailure : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (fs::temp_directory_path() / "tattler-dl-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    tattler::set_log_handler(nullptr);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // client_for - a client of scope "billing" on a loopback port.
  std::unique_ptr<tattler::TattlerClientHTTP> client_for(int port) {
    auto c = std::make_unique<tattler::TattlerClientHTTP>(
        "billing", "127.0.0.1", port, "staging");
    c->set_deadletter_dir(dir_);
    c->set_request_timeout(5000ms);
    return c;
  }

  // only_letter - the single dead letter of the directory.
  tattler::DeadLetter only_letter() {
    auto files = tattler::list_dead_letters(dir_);
    EXPECT_EQ(files.size(), 1u);
    tattler::DeadLetter letter;
    std::string error;
    if (!files.empty()) tattler::load_dead_letter(files[0], &letter, &error);
    return letter;
  }

  fs::path dir_;
};

TEST_F(ClientFailure, UnreachableServerIsAConnectionErrorAndADeadLetter) {
  auto client = client_for(tattler::testing::closed_port());
  tattler::Json ctx = {{"total", 3}};

  try {
    client->send({"email"}, "invoice", "42", ctx, 1, "billing:x1");
    FAIL() << "no exception";
  } catch (const tattler::ConnectionError& err) {
    EXPECT_FALSE(err.timed_out());
    EXPECT_EQ(err.http_status(), 0);
    EXPECT_TRUE(err.retryable());
    EXPECT_EQ(err.correlation_id(), "billing:x1");
  }

  tattler::DeadLetter letter = only_letter();
  EXPECT_EQ(letter.scope, "billing");
  EXPECT_EQ(letter.mode, "staging");
  EXPECT_EQ(letter.event, "invoice");
  EXPECT_EQ(letter.recipient, "42");
  EXPECT_EQ(letter.vectors, std::vector<std::string>{"email"});
  EXPECT_EQ(letter.context, ctx);
  EXPECT_EQ(letter.priority, 1);
  EXPECT_EQ(letter.correlation_id, "billing:x1");
  EXPECT_EQ(letter.http_status, 0);
  EXPECT_NE(letter.error, "");
  EXPECT_EQ(client->last_dead_letter(), tattler::list_dead_letters(dir_)[0]);
}

TEST_F(ClientFailure, StallingServerTimesOutAndIsADeadLetter) {
  StubServer stub(StubServer::Mode::kStall);
  auto client = client_for(stub.port());
  client->set_request_timeout(300ms);

  try {
    client->send({}, "invoice", "42");
    FAIL() << "no exception";
  } catch (const tattler::ConnectionError& err) {
    EXPECT_TRUE(err.timed_out()) << err.what();
  }

  EXPECT_EQ(only_letter().event, "invoice");
}

TEST_F(ClientFailure, ListingCallsTimeOutToo) {
  StubServer stub(StubServer::Mode::kStall);
  auto client = client_for(stub.port());
  client->set_request_timeout(200ms);

  EXPECT_THROW(client->scopes(), tattler::ConnectionError);
  EXPECT_TRUE(tattler::list_dead_letters(dir_).empty());
}

TEST_F(ClientFailure, ServerErrorCarriesStatusAndJsonMessage) {
  StubServer stub(StubServer::Mode::kAnswer,
                  StubServer::http_answer(
                      503, "Service Unavailable",
                      R"({"error": "queue full", "correlationId": "c"})"));
  auto client = client_for(stub.port());

  try {
    client->send({"email"}, "invoice", "42", {}, std::nullopt, "c");
    FAIL() << "no exception";
  } catch (const tattler::HttpError& err) {
    EXPECT_EQ(err.http_status(), 503);
    EXPECT_EQ(err.server_message(), "queue full");
    EXPECT_STREQ(err.what(), "HTTP Error 503: queue full");
    EXPECT_TRUE(err.retryable());
  }

  EXPECT_EQ(only_letter().http_status, 503);
}

TEST_F(ClientFailure, ReasonPhraseIsTheMessageWhenTheBodyIsNotJson) {
  StubServer stub(StubServer::Mode::kAnswer,
                  StubServer::http_answer(500, "Unable to send: boom", "x"));
  auto client = client_for(stub.port());

  try {
    client->send({}, "invoice", "42");
    FAIL() << "no exception";
  } catch (const tattler::HttpError& err) {
    EXPECT_EQ(err.server_message(), "Unable to send: boom");
  }
}

TEST_F(ClientFailure, GarbageAnswerIsAProtocolErrorAndADeadLetter) {
  StubServer stub(StubServer::Mode::kAnswer,
                  StubServer::http_answer(200, "OK", "<html>"));
  auto client = client_for(stub.port());

  EXPECT_THROW(client->send({}, "invoice", "42"), tattler::ProtocolError);
  EXPECT_EQ(tattler::list_dead_letters(dir_).size(), 1u);
}

TEST_F(ClientFailure, DeadLettersCanBeTurnedOff) {
  auto client = client_for(tattler::testing::closed_port());
  client->set_deadletter_dir(std::nullopt);

  EXPECT_THROW(client->send({}, "invoice", "42"), tattler::ConnectionError);
  EXPECT_TRUE(tattler::list_dead_letters(dir_).empty());
  EXPECT_TRUE(client->last_dead_letter().empty());
}

TEST_F(ClientFailure, SendNotificationReportsInsteadOfThrowing) {
  setenv("TATTLER_DEADLETTER_PATH", dir_.c_str(), 1);
  tattler::NotificationOptions options;
  options.srv_addr = "127.0.0.1";
  options.srv_port = tattler::testing::closed_port();
  options.correlation_id = "corr-1";

  auto outcome =
      tattler::send_notification("billing", "invoice", "42", options);
  unsetenv("TATTLER_DEADLETTER_PATH");

  EXPECT_FALSE(outcome.success);
  EXPECT_EQ(outcome.http_status, 0);
  EXPECT_EQ(outcome.correlation_id, "corr-1");
  EXPECT_NE(outcome.error, "");
  EXPECT_TRUE(fs::exists(outcome.dead_letter));
}

}  // namespace
