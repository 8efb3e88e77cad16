// The phases add up to the total exactly: whatever happens between two
// recorded moments belongs to one phase (the spawn of Ninja and its exit to
// "ninja start+scan", the stat of the binary and the app's spawn to its
// start-up), so no time goes unaccounted for.
#include "devserver/timings.hpp"

#include <algorithm>
#include <charconv>

namespace cpprustango::cli::devserver {
namespace {

long to_long(std::string_view text) {
  long value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

long milliseconds(CycleTimes::Clock::duration duration) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count());
}

std::string ms(long value) { return std::to_string(std::max(0L, value)) + " ms"; }

}  // namespace

NinjaSteps parse_ninja_log(std::string_view appended, std::string_view executable) {
  NinjaSteps steps;
  while (!appended.empty()) {
    const auto end = appended.find('\n');
    std::string_view line = appended.substr(0, end);
    appended = end == std::string_view::npos ? std::string_view{} : appended.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    // start \t end \t mtime \t output \t command hash
    std::string_view fields[4];
    bool complete = true;
    for (auto& field : fields) {
      const auto tab = line.find('\t');
      if (tab == std::string_view::npos) {
        complete = false;
        break;
      }
      field = line.substr(0, tab);
      line.remove_prefix(tab + 1);
    }
    if (!complete) continue;
    const long start = to_long(fields[0]);
    const long finish = to_long(fields[1]);
    const std::string_view output = fields[3];
    steps.first_start = steps.edges == 0 ? start : std::min(steps.first_start, start);
    steps.last_end = std::max(steps.last_end, finish);
    ++steps.edges;
    if (output.ends_with(".o")) ++steps.compiles;
    if (output == executable) {
      steps.link_start = start;
      steps.link_end = finish;
    }
  }
  return steps;
}

std::string format_timings(const CycleTimes& t) {
  const long debounce = milliseconds(t.batch - t.first_change);
  const long build = milliseconds(t.build_end - t.batch);
  long compile = 0, link = 0, ninja = build;
  int files = 0;
  if (t.ninja && t.ninja->known && t.ninja->edges > 0) {
    const auto& steps = *t.ninja;
    const long span = steps.last_end - steps.first_start;
    const bool linked = steps.link_start >= 0;
    compile = (linked ? steps.link_start : steps.last_end) - steps.first_start;
    link = linked ? steps.last_end - steps.link_start : 0;
    ninja = build - span;
    files = steps.compiles;
  }
  const long startup = milliseconds(t.app_ready - t.build_end);
  std::string line = "timings: debounce " + ms(debounce);
  if (t.ninja && !t.ninja->known) {
    line += ", ninja " + ms(build) + " (its log was rewritten: not split)";
  } else if (t.ninja) {
    line += ", ninja start+scan " + ms(ninja) + ", compile " + ms(compile) + " (" + std::to_string(files) +
            (files == 1 ? " file)" : " files)") + ", link " + ms(link);
  }
  line += ", start-up " + ms(startup);
  const auto end = t.first_answer.value_or(t.app_ready);
  line += t.first_answer ? ", switch-over " + ms(milliseconds(*t.first_answer - t.app_ready)) : ", switch-over no request";
  line += ", total " + ms(milliseconds(end - t.first_change));
  return line;
}

}  // namespace cpprustango::cli::devserver
