// Checking what a failure says: tests pin exact error messages, so every
// suite needs "run this, it must throw E, give me the error".
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>

namespace test_support {

/** Runs `action`, which must throw E; returns the caught error (a test failure otherwise). */
template <class E>
E expect_throw(const std::function<void()>& action) {
  try {
    action();
  } catch (const E& error) {
    return error;
  } catch (const std::exception& other) {
    ADD_FAILURE() << "wrong error type: " << other.what();
    throw;
  }
  ADD_FAILURE() << "no error thrown";
  throw std::logic_error("no error thrown");
}

/** The what() of the E that `action` throws, or "no error" when it throws nothing. */
template <class E>
std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const E& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace test_support
