// std::visit over Operation with one lambda per alternative.
#pragma once

namespace cpprustango::migrate::detail {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};

}  // namespace cpprustango::migrate::detail
