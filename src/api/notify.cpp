// notify.cpp - the POST pipeline of a notification.
//
// Limits: rendering and composing run on the calling (HTTP) thread; only
// delivery is handed to the dispatcher.
#include "api/notify.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/idempotency.hpp"
#include "api/metrics.hpp"
#include "api/pyjson.hpp"
#include "compose/compose.hpp"
#include "compose/random_id.hpp"
#include "recipients/addressbook.hpp"
#include "recipients/blacklist.hpp"
#include "recipients/delivery_set.hpp"
#include "recipients/validate.hpp"
#include "templates/context.hpp"
#include "templates/template_tree.hpp"

namespace tattler::api {
namespace {

using templates::Vector;

// Prepared - one vector after composing: a job to send, or a final line.
struct Prepared {
  JobLine line;
  std::optional<delivery::Job> job;
};

// names_of - vector names.
std::vector<std::string> names_of(const std::vector<Vector>& vectors) {
  std::vector<std::string> out;
  for (Vector v : vectors) out.emplace_back(templates::vector_name(v));
  return out;
}

// compose_message - the finished message of one vector.
Result<compose::Message> compose_message(
    Vector vector, const templates::RenderedParts& parts,
    const NotifyParams& params, const Definitions& definitions,
    const config::Settings& settings, const std::string& recipient,
    const std::vector<std::string>& envelope) {
  switch (vector) {
    case Vector::kEmail: {
      std::vector<compose::Attachment> attachments;
      if (!definitions.attachments.is_null()) {
        compose::AttachmentOptions options;
        options.block_private_addresses = settings.attachment_guard;
        auto loaded = compose::load_attachments(definitions.attachments,
                                                options);
        if (!loaded.ok()) return Err{loaded.error()};
        attachments = std::move(loaded.value());
      }
      compose::EmailParts email{parts.subject.value_or(""), parts.body_text,
                                parts.body_html,
                                params.priority ? params.priority
                                                : parts.priority};
      compose::EmailHeaders headers{settings.email_sender, {recipient},
                                    envelope, params.correlation_id};
      return compose::build_email(email, headers, attachments);
    }
    case Vector::kSms:
      return compose::build_sms(parts.body_text.value_or(""),
                                settings.sms_sender.value_or(""), envelope);
    case Vector::kTelegram:
      return compose::build_telegram(parts.body_text.value_or(""), envelope);
    case Vector::kWhatsapp:
      return compose::build_whatsapp(parts.body_text.value_or(""), envelope);
  }
  return Err{"unknown vector"};
}

// failed - a resultCode 1 line.
Prepared failed(JobLine line, std::string why) {
  line.result_code = 1;
  line.detail = std::move(why);
  return Prepared{std::move(line), std::nullopt};
}

// merge - the answer lines: prepared lines, with dispatched results filled
// in by job id.
std::vector<JobLine> merge(std::vector<Prepared> prepared,
                           const std::vector<delivery::JobResult>& results) {
  std::map<std::string, const delivery::JobResult*> by_id;
  for (const auto& r : results) by_id[r.id] = &r;
  std::vector<JobLine> lines;
  for (auto& p : prepared) {
    if (p.job) {
      auto it = by_id.find(p.line.id);
      if (it == by_id.end()) {
        p.line.result_code = 1;
        p.line.detail = "No delivery result";
      } else if (it->second->queued) {
        // Stored, not yet delivered: a first attempt that failed for a
        // temporary reason is an error for now, and the job stays queued.
        bool failed = !it->second->outcome.delivered();
        p.line.result_code = failed ? 1 : 0;
        p.line.queued = !failed;
        p.line.detail = failed ? "Queued for retry: " +
                                     it->second->outcome.detail
                               : "Queued";
      } else if (it->second->outcome.delivered()) {
        p.line.detail = "OK";
      } else {
        p.line.result_code = 1;
        p.line.detail = it->second->outcome.detail;
      }
    }
    lines.push_back(std::move(p.line));
  }
  return lines;
}

// Target - what the checks of a request found.
struct Target {
  std::vector<Vector> reachable;
  recipients::Contacts contacts;
};

// find_target - scope, event, vectors and contacts, in tattler's order;
// false with status and message on the first failure.
bool find_target(const templates::TemplateTree& tree,
                 const recipients::Addressbook& addressbook,
                 const std::string& scope, const std::string& event,
                 const NotifyParams& params, Target& out, ParseError& error) {
  if (!tree.scope_exists(scope)) {
    error = {400, fmt::format("Unknown scope '{}'", scope)};
    return false;
  }
  auto vectors = tree.vectors(scope, event);
  if (!tree.event_exists(scope, event) || !vectors.ok()) {
    error = {400, fmt::format("Invalid value provided: Event does not exist: "
                              "'{}' in scope '{}'", event, scope)};
    return false;
  }
  std::vector<Vector> active;
  for (Vector v : *vectors) {
    std::string name(templates::vector_name(v));
    if (params.vectors.empty() ||
        std::find(params.vectors.begin(), params.vectors.end(), name) !=
            params.vectors.end()) {
      active.push_back(v);
    }
  }
  if (active.empty()) {
    error = {400, fmt::format(
        "Invalid value provided: None of the requested vectors {} is "
        "available for event {}, which only supports {}. Returning error.",
        py_set_repr(params.vectors), event, py_set_repr(names_of(*vectors)))};
    return false;
  }
  auto contacts = addressbook.lookup(params.user);
  if (!contacts) {
    error = {400, fmt::format("Invalid value provided: Recipient unknown "
                              "'{}'. Aborting notification.",
                              params.user)};
    return false;
  }
  for (Vector v : active) {
    if (contacts->address(templates::vector_name(v))) {
      out.reachable.push_back(v);
    }
  }
  if (out.reachable.empty()) {
    error = {400, fmt::format("Unknown recipient {} - no contacts found.",
                              params.user)};
    return false;
  }
  out.contacts = std::move(*contacts);
  return true;
}

}  // namespace

Notifier::Notifier(ApiDeps deps) : deps_(std::move(deps)) {
  if (deps_.store && deps_.submit_once) {
    idempotency_ = std::make_shared<const Idempotency>(
        *deps_.store, deps_.settings->answer_timeout, deps_.metrics.get());
  }
  if (deps_.settings->blacklist_path) {
    blacklist_ = std::make_shared<recipients::BlacklistFile>(
        *deps_.settings->blacklist_path);
  }
}

// jobs_json - Python json.dumps of the NotificationJob list.
std::string jobs_json(const std::vector<JobLine>& jobs) {
  std::string out = "[";
  for (size_t i = 0; i < jobs.size(); ++i) {
    const JobLine& j = jobs[i];
    if (i) out += ", ";
    out += fmt::format(
        "{{\"id\": {}, \"vector\": {}, \"resultCode\": {}, \"result\": {}, "
        "\"detail\": {}}}",
        json_string(j.id), json_string(j.vector), j.result_code,
        j.queued ? "\"queued\""
                 : (j.result_code == 0 ? "\"success\"" : "\"error\""),
        json_string(j.detail));
  }
  out += "]";
  return out;
}

}  // namespace tattler::api

namespace tattler::api {

// prepare - one vector from recipient check to finished message.
static Prepared prepare(const ApiDeps& deps, const recipients::Blacklist* bl,
                        const Route& route, const std::string& event,
                        const NotifyParams& params, const Definitions& defs,
                        const recipients::Contacts& contacts, Vector vector) {
  std::string name(templates::vector_name(vector));
  JobLine line{name + ":" + compose::uuid7(), name, 0, "OK"};
  const auto& settings = *deps.settings;
  auto recipient = recipients::validate_recipient(name,
                                                  *contacts.address(name));
  if (!recipient.ok()) return failed(line, recipient.error());

  templates::CoreInfo core{params.user, contacts, params.correlation_id,
                           params.mode, vector, route.scope, event};
  jinja::Dict context = templates::build_context(core, defs.context);
  auto parts = deps.tree->render(route.scope, event, vector, context,
                                 contacts.language);
  if (!parts.ok()) return failed(line, parts.error());

  auto set = recipients::delivery_set(
      name, *recipient, params.mode, settings.debug_recipient(name),
      settings.supervisor_recipient(name), bl);
  if (!set.warning.empty()) {
    spdlog::warn("{} api.delivery_set vector={} warning=\"{}\"",
                 params.correlation_id, name, set.warning);
  }
  if (!set.skipped_reason.empty()) {
    line.detail = "Nothing sent: " + set.skipped_reason;
    spdlog::info("{} api.skipped vector={} reason=\"{}\"",
                 params.correlation_id, name, set.skipped_reason);
    return Prepared{line, std::nullopt};
  }

  auto message = compose_message(vector, *parts, params, defs, settings,
                                 *recipient, set.recipients);
  if (!message.ok()) return failed(line, message.error());
  delivery::Job job{line.id, params.correlation_id, route.scope, event,
                    std::move(message.value())};
  return Prepared{line, std::move(job)};
}

// notify - checks, then prepare every reachable vector, then dispatch.
void Notifier::notify(const Route& route, NotifyParams params,
                      Definitions definitions,
                      http::Responder respond) const {
  std::string event = route.kind == Route::Kind::kEvent ? route.event
                                                        : "None";
  auto fresh = deps_.tree->fresh();  // one look at the tree per request
  Target target;
  ParseError error;
  if (!find_target(*deps_.tree, *deps_.addressbook, route.scope, event,
                   params, target, error)) {
    respond(make_error(error.status, error.message, params.correlation_id));
    return;
  }
  spdlog::info("{} api.notify scope={} event={} vectors={} mode={}",
               params.correlation_id, route.scope, event,
               fmt::join(names_of(target.reachable), ","), params.mode);

  auto blacklist = blacklist_ ? blacklist_->current() : nullptr;
  std::vector<Prepared> prepared;
  std::vector<delivery::Job> jobs;
  for (Vector v : target.reachable) {
    Prepared p = prepare(deps_, blacklist.get(), route, event, params,
                         definitions, target.contacts, v);
    if (p.line.result_code != 0) {
      spdlog::info("{} api.vector_failed vector={} detail=\"{}\"",
                   params.correlation_id, p.line.vector, p.line.detail);
    }
    if (p.job) jobs.push_back(std::move(*p.job));  // keeps has_value()
    prepared.push_back(std::move(p));
  }

  std::string cid = params.correlation_id;
  bool async = params.respond_async;
  std::optional<std::string> key = params.idempotency_key;
  auto finish = [prepared = std::move(prepared), respond, cid, async, key,
                 idempotency = idempotency_](
                    std::vector<delivery::JobResult> results) mutable {
    http::Response r;
    auto lines = merge(std::move(prepared), results);
    bool any_queued = false;
    for (const auto& line : lines) any_queued = any_queued || line.queued;
    if (async && any_queued) r.status = 202;
    r.body = jobs_json(lines);
    r.correlation_id = cid;
    if (key && idempotency) {
      idempotency->finish(*key, std::move(r), std::move(respond));
    } else {
      respond(std::move(r));
    }
  };
  dispatch(params, std::move(jobs), std::move(finish), std::move(respond));
}

// dispatch - hand the jobs over (under the key when there is one), or
// answer at once when there is nothing to send and no key to keep.
void Notifier::dispatch(const NotifyParams& params,
                        std::vector<delivery::Job> jobs,
                        delivery::SubmitDone finish,
                        http::Responder respond) const {
  const auto wait = params.respond_async ? delivery::Wait::kStored
                                         : delivery::Wait::kFirstAttempt;
  if (params.idempotency_key && idempotency_) {
    outbox::IdempotencyRecord record;
    record.key = *params.idempotency_key;
    record.fingerprint = params.fingerprint;
    auto replay = [idempotency = idempotency_, fp = params.fingerprint,
                   cid = params.correlation_id,
                   respond = std::move(respond)](
                      outbox::IdempotencyRecord first) {
      respond(idempotency->replay(first, fp, cid));
    };
    deps_.submit_once(record, std::move(jobs), wait, std::move(finish),
                      std::move(replay));
    return;
  }
  if (jobs.empty()) {
    finish({});
    return;
  }
  deps_.dispatcher->submit(std::move(jobs), wait, std::move(finish));
}

}  // namespace tattler::api
