// loop_object.hpp - the `loop` variable of a {% for %} loop.
//
// Offers LoopObject: loop.index, index0, revindex, revindex0, first, last,
// length, depth, depth0, previtem, nextitem, cycle(...), changed(...) and,
// for a recursive loop, loop(items). The renderer keeps one LoopObject per
// loop and moves index0_ at each iteration.
//
// Limits: engine internal; items must outlive the object (the renderer
// holds them for the whole loop).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "templates/jinja/renderer.hpp"

namespace tattler::jinja {

class LoopObject : public Callable,
                   public std::enable_shared_from_this<LoopObject> {
 public:
  // recursive is the {% for %} itself when it is `recursive`, else null.
  LoopObject(const List* items, int depth, const Stmt* recursive)
      : items_(items), depth_(depth), recursive_(recursive) {}

  std::string repr() const override { return "<LoopContext>"; }

  // call - loop(items) in a recursive loop.
  Value call(Renderer& r, CallArgs& args) const override;

  // call_attr - loop.cycle(...), without a bound method object (it is
  // called once per iteration).
  bool call_attr(Renderer&, std::string_view n, CallArgs& args,
                 Value* out) const override;

  bool get_attr(std::string_view n, Value* out) const override;

  // The iteration being rendered, from 0; set by the renderer.
  mutable int64_t index0_ = 0;

 private:
  class CycleMethod;
  class ChangedMethod;

  mutable Value last_;  // loop.changed(): the previous call's values
  mutable bool has_last_ = false;
  const List* items_;
  int depth_;
  const Stmt* recursive_;
};

}  // namespace tattler::jinja
