// api_test.cpp - specification of the routes and the POST pipeline, with a
// template tree made by the test and a dispatcher that records jobs.
#include "api/api.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/metrics.hpp"
#include "compose/random_id.hpp"
#include "recipients/addressbook.hpp"
#include "templates/template_tree.hpp"

namespace tattler::api {
namespace {

namespace fs = std::filesystem;

// Recorder - a dispatcher that delivers everything at once and keeps jobs.
class Recorder : public delivery::Dispatcher {
 public:
  void submit(std::vector<delivery::Job> jobs, delivery::Wait,
              delivery::SubmitDone done) override {
    std::vector<delivery::JobResult> results;
    for (auto& j : jobs) {
      results.push_back({j.id, outcome, false});
      std::lock_guard<std::mutex> lock(mutex);
      sent.push_back(std::move(j));
    }
    done(std::move(results));
  }
  delivery::Outcome outcome = delivery::Outcome::Delivered();
  std::mutex mutex;
  std::vector<delivery::Job> sent;
};

// Fixture - a small tree: scope s1 with events plain (email), both (email,
// sms), broken (email with a syntax error) and hidden _x.
class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("tattler-api-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    write("s1/plain/email/subject.txt", "Hi {{ user_firstname }}");
    write("s1/plain/email/body.txt", "Hello {{ name | default('x') }}");
    write("s1/both/email/subject.txt", "S");
    write("s1/both/email/body.txt", "B");
    write("s1/both/sms/body.txt", "sms {{ user_sms }}");
    write("s1/broken/email/subject.txt", "S");
    write("s1/broken/email/body.txt", "{% if %}");
    write("s1/_x/email/subject.txt", "S");
    write("s1/_x/email/body.txt", "B");
    fs::create_directories(base_ / "s2");
    config::Settings settings;
    settings.master_mode = master_mode_;
    settings.email_sender = "sender@example.org";
    settings.debug_recipients["email"] = "debug@example.org";
    recorder_ = std::make_shared<Recorder>();
    api_ = std::make_unique<Api>(ApiDeps{
        std::make_shared<const config::Settings>(settings),
        std::make_shared<const templates::TemplateTree>(base_),
        std::make_shared<recipients::PassThroughAddressbook>(), recorder_,
        nullptr, nullptr, metrics_});
  }
  void TearDown() override { fs::remove_all(base_); }

  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((base_ / rel).parent_path());
    std::ofstream(base_ / rel) << text;
  }

  http::Response call(std::string method, std::string target,
                      std::string body = "",
                      std::string type = "application/json",
                      http::HeaderList headers = {}) {
    http::Request r;
    r.headers = std::move(headers);
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    r.body_limit = 12582912;
    if (!type.empty()) r.headers.emplace_back("Content-Type", type);
    http::Response out;
    bool called = false;
    api_->handle(r, [&](http::Response resp) {
      out = std::move(resp);
      called = true;
    });
    EXPECT_TRUE(called);
    return out;
  }

  std::string master_mode_ = "production";
  fs::path base_;
  std::shared_ptr<Recorder> recorder_;
  std::shared_ptr<Metrics> metrics_ = std::make_shared<Metrics>();
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, ListsScopesSorted) {
  auto r = call("GET", "/notification/");

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[\"s1\", \"s2\"]");
  EXPECT_EQ(r.content_type, "application/json");
}

TEST_F(ApiTest, ListsVisibleEventsOfAScope) {
  auto r = call("GET", "/notification/s1/");

  EXPECT_EQ(r.body, "[\"both\", \"broken\", \"plain\"]");
}

TEST_F(ApiTest, UnknownScopeIs400WithReasonAndJsonBody) {
  auto r = call("GET", "/notification/nope/");

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.reason, "Unknown scope 'nope'");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"], "Unknown scope 'nope'");
  EXPECT_EQ(j["correlationId"].get<std::string>().rfind("tattler:", 0), 0u);
}

TEST_F(ApiTest, DotDotIsNeverAScope) {
  EXPECT_EQ(call("GET", "/notification/../").status, 400);
  EXPECT_EQ(call("GET", "/notification/.hidden/").status, 400);
}

TEST_F(ApiTest, ListsVectorsOfAnEvent) {
  EXPECT_EQ(call("GET", "/notification/s1/both/vectors/").body,
            "[\"email\", \"sms\"]");
  EXPECT_EQ(call("GET", "/notification/s1/nope/vectors/").body, "[]");
}

TEST_F(ApiTest, EventWithoutVectorsSuffixIs404OnGet) {
  auto r = call("GET", "/notification/s1/plain/");

  EXPECT_EQ(r.status, 405);
}

TEST_F(ApiTest, UnknownPathIs404) {
  auto r = call("POST", "/invalid_url/");

  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.reason, "Unknown path requested");
}

TEST_F(ApiTest, OtherMethodsGet405WithAllow) {
  auto r = call("DELETE", "/notification/s1/");

  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "GET, POST");
}

TEST_F(ApiTest, MalformedQueryIs400) {
  EXPECT_EQ(call("POST", "/notification/s1/plain/?user").status, 400);
}

TEST_F(ApiTest, PostSendsAndAnswersTheJobArray) {
  auto r = call("POST", "/notification/s1/plain/?user=a.b%40x.org",
                "{\"name\": \"N\"}");

  ASSERT_EQ(r.status, 200) << r.reason;
  auto j = nlohmann::ordered_json::parse(r.body);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["vector"], "email");
  EXPECT_EQ(j[0]["resultCode"], 0);
  EXPECT_EQ(j[0]["result"], "success");
  EXPECT_EQ(j[0]["detail"], "OK");
  EXPECT_EQ(j[0]["id"].get<std::string>().rfind("email:", 0), 0u);
  EXPECT_NE(r.body.find("{\"id\": \""), std::string::npos);
  ASSERT_EQ(recorder_->sent.size(), 1u);
  EXPECT_EQ(recorder_->sent[0].message.recipients,
            std::vector<std::string>{"a.b@x.org"});
}

TEST(JobIdTest, IsAVersion7UuidOrderedByTime) {
  const std::string first = compose::uuid7();
  usleep(2000);
  const std::string second = compose::uuid7();

  const std::regex shape(
      "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  EXPECT_TRUE(std::regex_match(first, shape)) << first;
  EXPECT_LT(first, second);
  EXPECT_NE(compose::uuid7(), compose::uuid7());
}

TEST_F(ApiTest, UnknownScopeIs400OnPostToo) {
  auto r = call("POST", "/notification/nope/plain/?user=a%40x.org");

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.reason, "Unknown scope 'nope'");
}

TEST_F(ApiTest, UnknownOrHiddenEventIs400) {
  EXPECT_EQ(call("POST", "/notification/s1/nope/?user=a%40x.org").reason,
            "Invalid value provided: Event does not exist: 'nope' in scope "
            "'s1'");
  EXPECT_EQ(call("POST", "/notification/s1/_x/?user=a%40x.org").status, 400);
  EXPECT_EQ(call("POST", "/notification/s1/?user=a%40x.org").reason,
            "Invalid value provided: Event does not exist: 'None' in scope "
            "'s1'");
}

TEST_F(ApiTest, UnavailableVectorIs400) {
  auto r = call("POST", "/notification/s1/plain/?user=a%40x.org&vector=sms");

  EXPECT_EQ(r.reason,
            "Invalid value provided: None of the requested vectors {'sms'} "
            "is available for event plain, which only supports {'email'}. "
            "Returning error.");
}

TEST_F(ApiTest, UnknownRecipientIs400) {
  EXPECT_EQ(call("POST", "/notification/s1/plain/?user=nobody").reason,
            "Invalid value provided: Recipient unknown 'nobody'. Aborting "
            "notification.");
  EXPECT_EQ(call("POST", "/notification/s1/plain/?user=%2B41791234567")
                .reason,
            "Unknown recipient +41791234567 - no contacts found.");
}

TEST_F(ApiTest, TemplateErrorIsResultCode1WithHttp200) {
  auto r = call("POST", "/notification/s1/broken/?user=a%40x.org");

  ASSERT_EQ(r.status, 200);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j[0]["resultCode"], 1);
  EXPECT_EQ(j[0]["result"], "error");
  EXPECT_TRUE(recorder_->sent.empty());
}

TEST_F(ApiTest, FailedDeliveryIsResultCode1WithTheDetail) {
  recorder_->outcome = delivery::Outcome::Permanent("550 no such user");

  auto r = call("POST", "/notification/s1/plain/?user=a%40x.org");

  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j[0]["resultCode"], 1);
  EXPECT_EQ(j[0]["detail"], "550 no such user");
}

TEST_F(ApiTest, DebugModeGoesToTheDebugRecipient) {
  auto r = call("POST",
                "/notification/s1/plain/?user=a%40x.org&mode=debug");

  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(recorder_->sent.size(), 1u);
  EXPECT_EQ(recorder_->sent[0].message.recipients,
            std::vector<std::string>{"debug@example.org"});
}

TEST_F(ApiTest, DebugModeWithoutDebugRecipientSaysNothingWasSent) {
  auto r = call("POST",
                "/notification/s1/both/?user=%2B41791234567&mode=debug");

  ASSERT_EQ(r.status, 200) << r.reason;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j[0]["resultCode"], 0);
  EXPECT_NE(j[0]["detail"].get<std::string>().find("Nothing sent"),
            std::string::npos);
  EXPECT_TRUE(recorder_->sent.empty());
}

TEST_F(ApiTest, ErrorsCarryTheClientCorrelationId) {
  auto r = call("POST", "/notification/s1/plain/?correlationId=abc");

  EXPECT_EQ(r.reason, "Required parameter 'user' is missing (corrId=abc).");
  EXPECT_EQ(nlohmann::json::parse(r.body)["correlationId"], "abc");
}

TEST_F(ApiTest, WrongContentTypeIs400) {
  auto r = call("POST", "/notification/s1/plain/?user=a%40x.org", "{}",
                "application/x-www-form-urlencoded");

  EXPECT_EQ(r.reason, "Unable to get definitions: Invalid content type "
                      "application/x-www-form-urlencoded");
}

TEST_F(ApiTest, MalformedIdempotencyKeyIs400AndNothingIsSent) {
  auto r = call("POST", "/notification/s1/plain/?user=u@example.org", "{}",
                "application/json", {{"Idempotency-Key", ""}});

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.reason, "Idempotency-Key is empty");
  EXPECT_TRUE(recorder_->sent.empty());
}

TEST_F(ApiTest, IdempotencyKeyWithoutAnOutboxIs501) {
  auto r = call("POST", "/notification/s1/plain/?user=u@example.org", "{}",
                "application/json", {{"Idempotency-Key", "k"}});

  EXPECT_EQ(r.status, 501);
  EXPECT_TRUE(recorder_->sent.empty());
}

TEST_F(ApiTest, AnswersAreCountedUnderTheirRouteTemplate) {
  call("POST", "/notification/s1/plain/?user=u@example.org", "{}");
  call("GET", "/notification/s1/");
  call("GET", "/notification/s1/plain/nonsense/deeper/");

  auto r = call("GET", "/metrics");

  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("tattler_http_requests_total{route=\"/notification/"
                        "{scope}/{event}/\",method=\"POST\",status=\"200\"} 1"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("{route=\"/notification/{scope}/\",method=\"GET\","
                        "status=\"200\"} 1"),
            std::string::npos);
  EXPECT_NE(r.body.find("{route=\"other\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_EQ(r.body.find("s1"), std::string::npos);
}

TEST_F(ApiTest, MetricsAnswersGetOnly) {
  auto r = call("POST", "/metrics", "");

  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET");
}

}  // namespace
}  // namespace tattler::api
