// notify.hpp - the POST pipeline: from checked parameters and definitions
// to delivered (or failed) jobs.
//
// Offers Notifier: checks the scope, the event, the vectors and the user's
// contacts in tattler's order (each failure is a 4xx answer with tattler's
// message), then for every reachable vector, sorted by name: validates the
// recipient, builds the context, renders the templates, applies the mode
// and blacklist, composes the message, and hands all jobs of the request to
// the Dispatcher at once. The answer is tattler's NotificationJob array;
// per-vector problems are resultCode 1 with the message, a vector skipped
// on purpose is resultCode 0 with a detail saying nothing was sent and why.
// A request with an Idempotency-Key is submitted with its key; its answer
// is kept, and a repeat is answered by Idempotency (api/idempotency.hpp).
//
// Limits: one real recipient per request, as tattler; context plug-ins are
// not run here.
#pragma once

#include <memory>
#include <string>

#include "api/api.hpp"
#include "api/definitions.hpp"
#include "api/params.hpp"
#include "api/request_parts.hpp"

namespace tattler::recipients {
class BlacklistFile;
}

namespace tattler::api {

class Idempotency;

class Notifier {
 public:
  explicit Notifier(ApiDeps deps);

  // notify - run the pipeline; calls respond exactly once, maybe from a
  // delivery thread.
  void notify(const Route& route, NotifyParams params,
              Definitions definitions, http::Responder respond) const;

 private:
  void dispatch(const NotifyParams& params, std::vector<delivery::Job> jobs,
                delivery::SubmitDone finish, http::Responder respond) const;

  ApiDeps deps_;
  std::shared_ptr<recipients::BlacklistFile> blacklist_;
  std::shared_ptr<const Idempotency> idempotency_;  // null without a store
};

// JobLine - one NotificationJob of the answer.
struct JobLine {
  std::string id;
  std::string vector;
  int result_code = 0;
  std::string detail = "OK";

  // Stored and not yet attempted (Prefer: respond-async): result "queued".
  bool queued = false;
};

// jobs_json - the NotificationJob array as Python's json.dumps writes it:
// keys id, vector, resultCode, result, detail; separators ", " and ": ".
std::string jobs_json(const std::vector<JobLine>& jobs);

}  // namespace tattler::api
