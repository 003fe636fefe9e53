// Native load engine. PostgreSQL connections through libpq in non-blocking mode
// (PQsendQueryPrepared / PQconsumeInput / PQgetResult), in pipeline mode when the run pipelines.
#include <fcntl.h>
#include <libpq-fe.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <deque>

#include "conn.h"

namespace bp {

std::string inlineSql(const Statement& s, const std::vector<Value>& params, bool backslashEscapes) {
  std::string sql = s.parts.empty() ? s.sql : s.parts[0];
  std::string num;
  for (size_t i = 1; i < s.parts.size(); i++) {
    const Value* v = i - 1 < params.size() ? &params[i - 1] : nullptr;
    if (!v || v->kind == Value::NUL) sql += "NULL";
    else if (v->kind == Value::NUM) {
      formatNumber(v->num, num);
      sql += num;
    } else {
      sql += '\'';
      for (char ch : v->str) {
        if (ch == '\'') sql += "''";
        else if (ch == '\\' && backslashEscapes) sql += "\\\\";
        else sql += ch;
      }
      sql += '\'';
    }
    sql += s.parts[i];
  }
  return sql;
}

/** How long an exclusive connection's read waits in the kernel before it waits in epoll instead. */
constexpr long kBlockingReadUs = 100'000;

bool blockBounded(int fd) {
  int flags = fcntl(fd, F_GETFL);
  timeval bound{0, kBlockingReadUs};
  if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof bound) != 0) {
    if (flags >= 0) fcntl(fd, F_SETFL, flags);
    return false;
  }
  return true;
}

namespace {

bool connectionSqlstate(const std::string& code) {
  return code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0;
}

class PgConn : public Conn {
 public:
  explicit PgConn(const ConnConfig& cfg) : cfg_(cfg) {}
  ~PgConn() override {
    if (conn_) PQfinish(conn_);
  }

  bool open(const Program& program, std::string& err) override {
    std::string port = std::to_string(cfg_.port);
    std::string options = "-c search_path=" + cfg_.schema;
    std::string sslmode = !cfg_.tls ? "disable" : cfg_.tlsMode == "verify-full" ? "verify-full" : "require";
    std::vector<const char*> keys, vals;
    auto add = [&](const char* k, const std::string& v) {
      if (v.empty()) return;
      keys.push_back(k);
      vals.push_back(v.c_str());
    };
    add("host", cfg_.host);
    add("port", port);
    add("user", cfg_.user);
    add("password", cfg_.password);
    add("dbname", cfg_.database);
    add("options", options);
    add("sslmode", sslmode);
    if (cfg_.tls) {
      add("sslrootcert", cfg_.ca);
      add("sslcert", cfg_.cert);
      add("sslkey", cfg_.key);
      add("sslpassword", cfg_.passphrase);
    }
    static const std::string timeout = "5", app = "benchphant_bench";
    add("connect_timeout", timeout);
    add("application_name", app);
    keys.push_back(nullptr);
    vals.push_back(nullptr);
    conn_ = PQconnectdbParams(keys.data(), vals.data(), 0);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      err = conn_ ? PQerrorMessage(conn_) : "out of memory";
      return false;
    }
    // Server notices (and the FATAL of a terminated backend) belong to the run's figures, not stderr.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    if (!cfg_.simple) {
      for (const auto& s : program.statements) {
        PGresult* r = PQprepare(conn_, s.name.c_str(), s.sql.c_str(), 0, nullptr);
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok) err = "preparing " + s.sql + ": " + PQresultErrorMessage(r);
        PQclear(r);
        if (!ok) return false;
      }
    }
    if (PQsetnonblocking(conn_, 1) != 0 || (cfg_.pipeline && PQenterPipelineMode(conn_) != 1)) {
      err = PQerrorMessage(conn_);
      return false;
    }
    return true;
  }

  /**
   * libpq reads a short answer with one recv per PQconsumeInput (pqReadData), so on a blocking
   * socket the read straight after the send waits in the kernel for the answer: a send and a recv
   * a query, without the wait in epoll between them (pgbench waits in ppoll there). Plain sockets
   * only: TLS reads go through OpenSSL.
   */
  void exclusive() override { blocking_ = !cfg_.tls && !cfg_.pipeline && blockBounded(PQsocket(conn_)); }

  int fd() const override { return conn_ ? PQsocket(conn_) : -1; }
  bool dead() const override { return dead_; }
  uint32_t wantEvents() const override { return EPOLLIN | (wantWrite_ ? (uint32_t)EPOLLOUT : 0u); }

  void send(int tag, const Program& program, int stmt, const std::vector<Value>& params,
            std::vector<Completion>& done) override {
    const Statement& s = program.statements[stmt];
    int ok;
    if (cfg_.simple) {
      std::string sql = inlineSql(s, params, false);
      ok = cfg_.pipeline ? PQsendQueryParams(conn_, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0)
                         : PQsendQuery(conn_, sql.c_str());
    } else {
      texts_.resize(params.size());
      ptrs_.resize(params.size());
      for (size_t i = 0; i < params.size(); i++) {
        const Value& v = params[i];
        if (v.kind == Value::NUL) {
          ptrs_[i] = nullptr;
          continue;
        }
        if (v.kind == Value::NUM) formatNumber(v.num, texts_[i]);
        else texts_[i] = v.str;
        ptrs_[i] = texts_[i].c_str();
      }
      ok = PQsendQueryPrepared(conn_, s.name.c_str(), (int)params.size(), ptrs_.data(), nullptr, nullptr, 0);
    }
    if (!ok) {
      fail(done, PQerrorMessage(conn_));
      Completion c;
      c.tag = tag;
      c.ok = false;
      c.connLost = true;
      c.message = firstLine(PQerrorMessage(conn_));
      done.push_back(c);
      return;
    }
    inflight_.push_back(tag);
    // A pipeline sends what the loop queued in one write and one sync (sync()); otherwise now.
    if (cfg_.pipeline) unsynced_ = true;
    else flush(done);
    if (blocking_ && !wantWrite_ && !dead_) onEvent(EPOLLIN, done);
  }

  void sync(std::vector<Completion>& done) override {
    if (!unsynced_ || dead_) return;
    unsynced_ = false;
    if (!PQpipelineSync(conn_)) {
      fail(done, PQerrorMessage(conn_));
      return;
    }
    flush(done);
  }

  void onEvent(uint32_t events, std::vector<Completion>& done) override {
    if (dead_) return;
    if (events & EPOLLOUT) flush(done);
    if (dead_ || !(events & (EPOLLIN | EPOLLERR | EPOLLHUP))) return;
    if (!PQconsumeInput(conn_)) {
      fail(done, PQerrorMessage(conn_));
      return;
    }
    while (!inflight_.empty() && !PQisBusy(conn_)) {
      PGresult* r = PQgetResult(conn_);
      if (r == nullptr) {
        int tag = inflight_.front();
        inflight_.pop_front();
        if (pending_.ok) {
          // The common case, once per statement: no copy of the (empty) error strings.
          done.emplace_back();
          done.back().tag = tag;
          continue;
        }
        Completion c = pending_;
        c.tag = tag;
        pending_ = Completion();
        done.push_back(c);
        // The server ended the session (admin shutdown, terminated backend): the rest fail alike.
        if (c.connLost) {
          pending_ = c;
          fail(done, c.message.c_str());
          return;
        }
        continue;
      }
      ExecStatusType st = PQresultStatus(r);
      if (st == PGRES_PIPELINE_ABORTED && pending_.ok) {
        // An earlier statement of the same batch failed; this one was not run.
        pending_.ok = false;
        pending_.message = "not run: an earlier statement of the same pipeline failed";
      }
      if (st == PGRES_FATAL_ERROR && pending_.ok) {
        pending_.ok = false;
        const char* code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        pending_.code = code ? code : "";
        const char* msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        pending_.message = firstLine(msg ? msg : PQresultErrorMessage(r));
        pending_.connLost = connectionSqlstate(pending_.code);
      }
      PQclear(r);
    }
    if (PQstatus(conn_) == CONNECTION_BAD) fail(done, PQerrorMessage(conn_));
  }

 private:
  static std::string firstLine(const char* text) {
    std::string s = text ? text : "";
    size_t nl = s.find('\n');
    if (nl != std::string::npos) s.resize(nl);
    if (s.rfind("ERROR:  ", 0) == 0 || s.rfind("FATAL:  ", 0) == 0) s = s.substr(8);
    if (s.size() > 500) s.resize(500);
    return s.empty() ? "the connection was lost" : s;
  }

  void flush(std::vector<Completion>& done) {
    int r = PQflush(conn_);
    if (r < 0) fail(done, PQerrorMessage(conn_));
    wantWrite_ = r == 1;
  }

  /** The connection is gone: every statement in flight fails with the connection class. */
  void fail(std::vector<Completion>& done, const char* why) {
    if (dead_) return;
    dead_ = true;
    std::string message = pending_.ok ? firstLine(why) : pending_.message;
    std::string code = pending_.ok ? "" : pending_.code;
    for (int tag : inflight_) {
      Completion c;
      c.tag = tag;
      c.ok = false;
      c.connLost = true;
      c.code = code;
      c.message = message;
      done.push_back(c);
    }
    inflight_.clear();
  }

  ConnConfig cfg_;
  PGconn* conn_ = nullptr;
  std::deque<int> inflight_;
  Completion pending_;
  bool dead_ = false;
  bool wantWrite_ = false;
  bool unsynced_ = false;
  bool blocking_ = false;  // exclusive(): reads wait in the kernel, bounded
  std::vector<std::string> texts_;
  std::vector<const char*> ptrs_;
};

}  // namespace

std::unique_ptr<Conn> makePgConn(const ConnConfig& cfg) { return std::make_unique<PgConn>(cfg); }

}  // namespace bp
