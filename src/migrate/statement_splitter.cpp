#include "vellum/migrate/statement_splitter.hpp"

#include <array>
#include <cstdint>

namespace vellum::migrate {

namespace {

// The token classes and state machine of SQLite's sqlite3_complete() (complete.c): a ';' ends a
// statement unless it sits inside CREATE [TEMP] TRIGGER … END, where only "; END ;" closes it.
enum token : std::uint8_t { tk_semi, tk_ws, tk_other, tk_explain, tk_create, tk_temp, tk_trigger, tk_end };
enum state : std::uint8_t { st_invalid, st_start, st_normal, st_explain, st_create, st_trigger, st_semi, st_end };

constexpr std::array<std::array<state, 8>, 8> transitions{{
    //   SEMI      WS          OTHER       EXPLAIN     CREATE      TEMP        TRIGGER     END
    {{st_start, st_invalid, st_normal, st_explain, st_create, st_normal, st_normal, st_normal}},  // invalid
    {{st_start, st_start, st_normal, st_explain, st_create, st_normal, st_normal, st_normal}},    // start
    {{st_start, st_normal, st_normal, st_normal, st_normal, st_normal, st_normal, st_normal}},    // normal
    {{st_start, st_explain, st_explain, st_normal, st_create, st_normal, st_normal, st_normal}},  // explain
    {{st_start, st_create, st_normal, st_normal, st_normal, st_create, st_trigger, st_normal}},   // create
    {{st_semi, st_trigger, st_trigger, st_trigger, st_trigger, st_trigger, st_trigger, st_trigger}},  // trigger
    {{st_semi, st_semi, st_trigger, st_trigger, st_trigger, st_trigger, st_trigger, st_end}},     // semi
    {{st_start, st_end, st_trigger, st_trigger, st_trigger, st_trigger, st_trigger, st_trigger}},  // end
}};

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view breakpoint = "--> statement-breakpoint";

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// SQLite's IdChar: letters, digits, '_', '$' and every byte of a multi-byte UTF-8 character.
bool is_id_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' ||
         u >= 0x80;
}

bool equals_ignoring_case(std::string_view word, std::string_view upper) noexcept {
  if (word.size() != upper.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

token keyword_token(std::string_view word) noexcept {
  if (equals_ignoring_case(word, "CREATE")) return tk_create;
  if (equals_ignoring_case(word, "TRIGGER")) return tk_trigger;
  if (equals_ignoring_case(word, "TEMP") || equals_ignoring_case(word, "TEMPORARY")) return tk_temp;
  if (equals_ignoring_case(word, "END")) return tk_end;
  if (equals_ignoring_case(word, "EXPLAIN")) return tk_explain;
  return tk_other;
}

bool is_breakpoint(std::string_view comment) noexcept {
  while (!comment.empty() && is_space(comment.back())) comment.remove_suffix(1);
  return comment == breakpoint;
}

class splitter {
 public:
  explicit splitter(std::string_view script) : s_(script) {
    if (s_.starts_with(utf8_bom)) pos_ = utf8_bom.size();
  }

  std::vector<sql_statement> run() {
    while (pos_ < s_.size()) step();
    if (begin_ != npos) emit(last_token_end_);
    return std::move(out_);
  }

 private:
  static constexpr std::size_t npos = std::string_view::npos;

  void step() {
    const std::size_t start = pos_;
    const char c = s_[pos_];
    if (is_space(c)) {
      if (c == '\n') ++line_;
      ++pos_;
      return;  // whitespace never changes the state in a way that matters for splitting
    }
    if (c == '-' && next_is('-')) {
      pos_ = find_or_end('\n', pos_);
      if (is_breakpoint(s_.substr(start, pos_ - start))) {
        if (begin_ != npos) emit(last_token_end_);
        state_ = st_start;
      }
      return;
    }
    if (c == '/' && next_is('*')) {
      const std::size_t close = s_.find("*/", pos_ + 2);
      pos_ = close == npos ? s_.size() : close + 2;
      count_lines(start, pos_);
      return;
    }
    if (c == ';') {
      ++pos_;
      if (begin_ == npos) {  // an empty statement: nothing to run
        state_ = transitions[state_][tk_semi];
        return;
      }
      accept(start, tk_semi);
      if (state_ == st_start) emit(pos_);
      return;
    }
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      pos_ = find_or_end(close, pos_ + 1);
      if (pos_ < s_.size()) ++pos_;  // past the closing quote; '' and "" read as two tokens
      string_token(start);
      return;
    }
    if (c == '$') {
      if (const std::size_t tag = dollar_tag_length(pos_); tag != 0) {  // PostgreSQL's $$…$$ / $tag$…$tag$
        const std::size_t close = s_.find(s_.substr(pos_, tag), pos_ + tag);
        pos_ = close == npos ? s_.size() : close + tag;
        string_token(start);
        return;
      }
    }
    if ((c == 'E' || c == 'e') && next_is('\'') && (start == 0 || !is_id_char(s_[start - 1]))) {
      pos_ = escape_string_end(pos_ + 2);  // PostgreSQL's E'…': a backslash escapes the next byte
      string_token(start);
      return;
    }
    if (is_id_char(c)) {
      while (pos_ < s_.size() && is_id_char(s_[pos_])) ++pos_;
      accept(start, keyword_token(s_.substr(start, pos_ - start)));
      return;
    }
    ++pos_;
    accept(start, tk_other);
  }

  // A quoted token from `start` to pos_: counts its lines, starts on the line it began.
  void string_token(std::size_t start) {
    const std::size_t lines_before = line_;
    count_lines(start, pos_);
    accept(start, tk_other, lines_before);
  }

  // The length of the dollar-quote opener `$tag$` at `at` (tag: a letter or '_', then letters,
  // digits or '_'; may be empty), or 0 when there is none (a SQLite `$name` parameter, `$1`).
  [[nodiscard]] std::size_t dollar_tag_length(std::size_t at) const noexcept {
    if (at > 0 && is_id_char(s_[at - 1])) return 0;  // `a$b` is one identifier
    std::size_t i = at + 1;
    const auto tag_char = [](char ch, bool first) {
      return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || (!first && ch >= '0' && ch <= '9');
    };
    while (i < s_.size() && tag_char(s_[i], i == at + 1)) ++i;
    return i < s_.size() && s_[i] == '$' ? i + 1 - at : 0;
  }

  // The end of an E'…' string whose text starts at `from`: past its closing quote ('' and \'
  // stay inside), or the script's end.
  [[nodiscard]] std::size_t escape_string_end(std::size_t from) const noexcept {
    for (std::size_t i = from; i < s_.size(); ++i) {
      if (s_[i] == '\\') ++i;
      else if (s_[i] == '\'') {
        if (i + 1 < s_.size() && s_[i + 1] == '\'') ++i;
        else return i + 1;
      }
    }
    return s_.size();
  }

  void accept(std::size_t token_start, token t) { accept(token_start, t, line_); }
  void accept(std::size_t token_start, token t, std::size_t token_line) {
    if (begin_ == npos) {
      begin_ = token_start;
      begin_line_ = token_line;
    }
    state_ = transitions[state_][t];
    last_token_end_ = pos_;
  }

  void emit(std::size_t end) {
    out_.push_back(sql_statement{s_.substr(begin_, end - begin_), begin_line_});
    begin_ = npos;
    state_ = st_start;
  }

  [[nodiscard]] bool next_is(char c) const noexcept { return pos_ + 1 < s_.size() && s_[pos_ + 1] == c; }
  [[nodiscard]] std::size_t find_or_end(char c, std::size_t from) const noexcept {
    const std::size_t at = s_.find(c, from);
    return at == npos ? s_.size() : at;
  }
  void count_lines(std::size_t from, std::size_t to) noexcept {
    for (std::size_t i = from; i < to; ++i)
      if (s_[i] == '\n') ++line_;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  state state_ = st_start;
  std::size_t begin_ = npos;
  std::size_t begin_line_ = 1;
  std::size_t last_token_end_ = 0;
  std::vector<sql_statement> out_;
};

}  // namespace

std::vector<sql_statement> split_statements(std::string_view script) { return splitter(script).run(); }

}  // namespace vellum::migrate
