// loop_object.cpp - the `loop` variable of a {% for %} loop.
//
// Limits: see loop_object.hpp.
#include "templates/jinja/loop_object.hpp"

namespace tattler::jinja {

// CycleMethod - loop.cycle(a, b, ...) bound to one iteration.
class LoopObject::CycleMethod : public Callable {
 public:
  explicit CycleMethod(int64_t index0) : index0_(index0) {}
  std::string repr() const override { return "<bound method cycle>"; }
  Value call(Renderer&, CallArgs& args) const override {
    return pick(index0_, args);
  }
  static Value pick(int64_t index0, const CallArgs& args) {
    if (args.args.empty()) raise("no items for cycling given");
    return args.args[static_cast<size_t>(index0) % args.args.size()];
  }

 private:
  int64_t index0_;
};

// ChangedMethod - loop.changed(*values): true when they differ from
// the previous call's.
class LoopObject::ChangedMethod : public Callable {
 public:
  explicit ChangedMethod(std::shared_ptr<const LoopObject> loop)
      : loop_(std::move(loop)) {}
  std::string repr() const override { return "<bound method changed>"; }
  Value call(Renderer&, CallArgs& args) const override {
    Value now = Value::tuple(args.args);
    if (loop_->has_last_ && py_equal(loop_->last_, now)) return Value(false);
    loop_->last_ = now;
    loop_->has_last_ = true;
    return Value(true);
  }

 private:
  std::shared_ptr<const LoopObject> loop_;
};

// LoopObject::call - loop(items): the recursive loop one level deeper.
Value LoopObject::call(Renderer& r, CallArgs& args) const {
  if (recursive_ == nullptr) {
    raise("Tried to call non recursive loop.  Maybe you forgot the "
          "'recursive' modifier.");
  }
  if (args.args.empty()) raise("loop() takes exactly one argument");
  return r.finish(r.capture_loop(*recursive_, args.args[0], depth_ + 1));
}

// LoopObject::call_attr - loop.cycle(...) picked in place.
bool LoopObject::call_attr(Renderer&, std::string_view n, CallArgs& args,
                           Value* out) const {
  if (n != "cycle") return false;
  *out = CycleMethod::pick(index0_, args);
  return true;
}

// LoopObject::get_attr - the attributes of the loop.
bool LoopObject::get_attr(std::string_view n, Value* out) const {
  int64_t len = static_cast<int64_t>(items_->size());
  if (n == "index") *out = Value(index0_ + 1);
  else if (n == "index0") *out = Value(index0_);
  else if (n == "revindex") *out = Value(len - index0_);
  else if (n == "revindex0") *out = Value(len - index0_ - 1);
  else if (n == "first") *out = Value(index0_ == 0);
  else if (n == "last") *out = Value(index0_ == len - 1);
  else if (n == "length") *out = Value(len);
  else if (n == "depth") *out = Value(depth_);
  else if (n == "depth0") *out = Value(depth_ - 1);
  else if (n == "previtem") {
    *out = index0_ > 0 ? (*items_)[static_cast<size_t>(index0_ - 1)]
                       : Value::undefined("there is no previous item");
  } else if (n == "nextitem") {
    *out = index0_ + 1 < len ? (*items_)[static_cast<size_t>(index0_ + 1)]
                             : Value::undefined("there is no next item");
  } else if (n == "cycle") {
    *out = Value(std::static_pointer_cast<const Callable>(
        std::make_shared<CycleMethod>(index0_)));
  } else if (n == "changed") {
    *out = Value(std::static_pointer_cast<const Callable>(
        std::make_shared<ChangedMethod>(shared_from_this())));
  } else {
    return false;
  }
  return true;
}

}  // namespace tattler::jinja
