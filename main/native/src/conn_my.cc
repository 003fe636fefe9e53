// Native load engine. MySQL and MariaDB connections through MariaDB Connector/C's non-blocking
// API: binary-protocol prepared statements by default, the text protocol for simple mode and for
// transaction control (which MySQL cannot prepare).
#include <mysql.h>
// After mysql.h, which it needs: Connector/C's public plugin interface (see SkipFirstRead).
#include <ma_pvio.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <type_traits>

#include "conn.h"

namespace bp {
namespace {

/**
 * Connector/C's non-blocking API sends a command and reads its answer in one call: the read comes
 * microseconds after the send, finds nothing (EAGAIN) and only then suspends for the socket to be
 * readable. That empty recv was a syscall per statement (0.56–1 per query under strace, where
 * sysbench's blocking client does none). A connection's socket methods (Connector/C's public
 * plugin table, ma_pvio.h) are wrapped so that, while a statement is being started, the first read
 * after its command went out reports "would block" without asking the kernel; the loop reads when
 * epoll says the answer is there. Plain sockets only: TLS reads go through OpenSSL's own BIO.
 *
 * A connection that has its thread to itself (Conn::exclusive) reads instead as sysbench's blocking
 * client does: the read waits in the kernel for the answer (a blocking socket), so that a query
 * costs a send and a recv, without the epoll_wait between them. The wait is bounded
 * (SO_RCVTIMEO): when it runs out the read reports "would block" and the loop waits in epoll as
 * before, where stop() reaches it.
 */
struct SkipFirstRead {
  PVIO_METHODS methods;  // first member: the wrappers find this struct from pvio->methods
  PVIO_METHODS* socket = nullptr;
  int blockingFd = -1;    // >= 0: reads wait on this (blocking) socket
  bool starting = false;  // a statement is being started (MyConn::send)
  bool sent = false;      // ... and its command went out: the next read would find nothing

  bool install(MARIADB_PVIO* pvio) {
    if (!pvio || !pvio->methods || !pvio->methods->async_read || !pvio->methods->async_write) return false;
    socket = pvio->methods;
    methods = *socket;
    methods.async_read = read;
    methods.async_write = write;
    pvio->methods = &methods;
    return true;
  }

  static SkipFirstRead& of(MARIADB_PVIO* pvio) { return *reinterpret_cast<SkipFirstRead*>(pvio->methods); }

  static ssize_t write(MARIADB_PVIO* pvio, const uchar* buffer, size_t length) {
    SkipFirstRead& s = of(pvio);
    ssize_t n = s.socket->async_write(pvio, buffer, length);
    if (n > 0 && s.starting) s.sent = true;
    return n;
  }

  static ssize_t read(MARIADB_PVIO* pvio, uchar* buffer, size_t length) {
    SkipFirstRead& s = of(pvio);
    if (s.blockingFd >= 0) {
      ssize_t n = recv(s.blockingFd, buffer, length, 0);
      // A signal is no error of the connection: wait again, in epoll.
      if (n < 0 && errno == EINTR) errno = EAGAIN;
      return n;
    }
    if (s.sent) {
      s.sent = false;
      errno = EAGAIN;
      return -1;
    }
    return s.socket->async_read(pvio, buffer, length);
  }
};
static_assert(std::is_standard_layout<SkipFirstRead>::value, "SkipFirstRead::of casts from its first member");

/** A prepared statement's parameters: the MYSQL_BINDs and the buffers they point into. */
struct Binding {
  std::vector<MYSQL_BIND> binds;
  std::vector<long long> ints;
  std::vector<double> dbls;
  std::vector<std::string> strs;
  std::vector<unsigned long> lens;
  bool bound = false;
  void resize(size_t n) {
    binds.assign(n, MYSQL_BIND{});
    for (MYSQL_BIND& x : binds) x.buffer_type = MYSQL_TYPE_NULL;
    ints.assign(n, 0);
    dbls.assign(n, 0);
    strs.assign(n, std::string());
    lens.assign(n, 0);
  }
};

class MyConn : public Conn {
 public:
  explicit MyConn(const ConnConfig& cfg) : cfg_(cfg) {}
  ~MyConn() override {
    for (MYSQL_STMT* s : stmts_)
      if (s) mysql_stmt_close(s);
    if (my_) mysql_close(my_);
  }

  bool open(const Program& program, std::string& err) override {
    my_ = mysql_init(nullptr);
    if (!my_) {
      err = "out of memory";
      return false;
    }
    mysql_options(my_, MYSQL_OPT_NONBLOCK, 0);
    unsigned int timeout = 5;
    mysql_options(my_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    if (cfg_.tls) {
      mysql_ssl_set(my_, cfg_.key.empty() ? nullptr : cfg_.key.c_str(),
                    cfg_.cert.empty() ? nullptr : cfg_.cert.c_str(), cfg_.ca.empty() ? nullptr : cfg_.ca.c_str(),
                    nullptr, nullptr);
      my_bool verify = cfg_.tlsMode == "verify-full";
      mysql_options(my_, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
      if (!cfg_.passphrase.empty()) mysql_options(my_, MARIADB_OPT_TLS_PASSPHRASE, cfg_.passphrase.c_str());
    }
    if (!mysql_real_connect(my_, cfg_.host.c_str(), cfg_.user.c_str(), cfg_.password.c_str(),
                            cfg_.schema.c_str(), (unsigned)cfg_.port, nullptr, 0)) {
      err = mysql_error(my_);
      return false;
    }
    if (cfg_.tls && !mysql_get_ssl_cipher(my_)) {
      err = "the server did not accept TLS";
      return false;
    }
    skipping_ = !cfg_.tls && skip_.install(my_->net.pvio);
    stmts_.assign(program.statements.size(), nullptr);
    binds_.resize(program.statements.size());
    if (!cfg_.simple) {
      for (size_t i = 0; i < program.statements.size(); i++) {
        const Statement& s = program.statements[i];
        if (s.txControl) continue;
        MYSQL_STMT* st = mysql_stmt_init(my_);
        if (!st || mysql_stmt_prepare(st, s.sql.c_str(), s.sql.size()) != 0) {
          err = "preparing " + s.sql + ": " + (st ? mysql_stmt_error(st) : mysql_error(my_));
          if (st) mysql_stmt_close(st);
          return false;
        }
        stmts_[i] = st;
        binds_[i].resize(mysql_stmt_param_count(st));
      }
    }
    return true;
  }

  void exclusive() override {
    int fd = (int)mysql_get_socket(my_);
    if (skipping_ && blockBounded(fd)) skip_.blockingFd = fd;
  }

  int fd() const override { return my_ ? (int)mysql_get_socket(my_) : -1; }
  bool dead() const override { return dead_; }
  uint32_t wantEvents() const override {
    uint32_t e = 0;
    if (status_ & MYSQL_WAIT_READ) e |= EPOLLIN;
    if (status_ & MYSQL_WAIT_WRITE) e |= EPOLLOUT;
    if (status_ & MYSQL_WAIT_EXCEPT) e |= EPOLLPRI;
    return e == 0 ? EPOLLIN : e;
  }

  void send(int tag, const Program& program, int stmt, const std::vector<Value>& params,
            std::vector<Completion>& done) override {
    tag_ = tag;
    skip_.starting = skipping_;
    skip_.sent = false;
    start(program, stmt, params, done);
    skip_.starting = skip_.sent = false;
  }

  /** Starts the statement's first phase (execute or query); finishes it at once if the answer came. */
  void start(const Program& program, int stmt, const std::vector<Value>& params, std::vector<Completion>& done) {
    MYSQL_STMT* st = stmts_[stmt];
    if (st == nullptr) {
      sql_ = inlineSql(program.statements[stmt], params, true);
      phase_ = QUERY;
      status_ = mysql_real_query_start(&ierr_, my_, sql_.c_str(), sql_.size());
    } else {
      Binding& b = binds_[stmt];
      if (!bind(b, params)) {
        if (mysql_stmt_bind_param(st, b.binds.data())) {
          finishStmtError(st, done);
          return;
        }
        b.bound = true;
      }
      cur_ = st;
      phase_ = EXEC;
      status_ = mysql_stmt_execute_start(&ierr_, st);
    }
    if (status_ == 0) advance(done);
  }

  void onEvent(uint32_t events, std::vector<Completion>& done) override {
    if (phase_ == IDLE || dead_) return;
    int ready = 0;
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) ready |= MYSQL_WAIT_READ;
    if (events & EPOLLOUT) ready |= MYSQL_WAIT_WRITE;
    if (events & EPOLLPRI) ready |= MYSQL_WAIT_EXCEPT;
    if (!(ready & status_)) return;
    switch (phase_) {
      case QUERY: status_ = mysql_real_query_cont(&ierr_, my_, ready); break;
      case STORE: status_ = mysql_store_result_cont(&res_, my_, ready); break;
      case EXEC: status_ = mysql_stmt_execute_cont(&ierr_, cur_, ready); break;
      case SSTORE: status_ = mysql_stmt_store_result_cont(&ierr_, cur_, ready); break;
      case IDLE: return;
    }
    if (status_ == 0) advance(done);
  }

 private:
  enum Phase { IDLE, QUERY, STORE, EXEC, SSTORE };

  /**
   * Writes the values into the statement's own buffers. Returns whether the bound types are the
   * ones the statement already has: then the buffers are all that changed and the statement is not
   * bound again, so Connector/C sends the types only with the first execution (new-params-bound 0
   * after it, as sysbench does) and the server skips setting its parameters up again. Returns false
   * when mysql_stmt_bind_param must run (the caller marks the binding bound once it succeeded).
   */
  static bool bind(Binding& b, const std::vector<Value>& params) {
    bool same = b.bound;
    size_t n = b.binds.size();
    for (size_t i = 0; i < n; i++) {
      MYSQL_BIND& x = b.binds[i];
      const Value* v = i < params.size() ? &params[i] : nullptr;
      enum_field_types type;
      if (!v || v->kind == Value::NUL) {
        type = MYSQL_TYPE_NULL;
      } else if (v->kind == Value::NUM && isInteger(v->num)) {
        type = MYSQL_TYPE_LONGLONG;
        b.ints[i] = (long long)v->num;
      } else if (v->kind == Value::NUM) {
        type = MYSQL_TYPE_DOUBLE;
        b.dbls[i] = v->num;
      } else {
        type = MYSQL_TYPE_STRING;
        std::string& buf = b.strs[i];
        // The bound buffer is this string's storage: it may move only while rebinding.
        if (v->str.size() > buf.capacity()) same = false;
        buf.assign(v->str);
        b.lens[i] = buf.size();
      }
      if (x.buffer_type != type) same = false;
      if (same) continue;
      std::memset(&x, 0, sizeof x);
      x.buffer_type = type;
      if (type == MYSQL_TYPE_LONGLONG) x.buffer = &b.ints[i];
      if (type == MYSQL_TYPE_DOUBLE) x.buffer = &b.dbls[i];
      if (type == MYSQL_TYPE_STRING) {
        x.buffer = const_cast<char*>(b.strs[i].data());
        x.buffer_length = b.strs[i].capacity();
        x.length = &b.lens[i];
      }
    }
    if (same) return true;
    // A string that grew has moved: every string parameter points at its storage again.
    for (size_t i = 0; i < n; i++) {
      MYSQL_BIND& x = b.binds[i];
      if (x.buffer_type == MYSQL_TYPE_STRING) {
        x.buffer = const_cast<char*>(b.strs[i].data());
        x.buffer_length = b.strs[i].capacity();
      }
    }
    return false;
  }

  /** A phase finished: start the next one, or complete the statement. */
  void advance(std::vector<Completion>& done) {
    for (;;) {
      switch (phase_) {
        case QUERY:
          if (ierr_) return finishError(mysql_errno(my_), mysql_error(my_), done);
          if (mysql_field_count(my_) == 0) return finishOk(done);
          phase_ = STORE;
          status_ = mysql_store_result_start(&res_, my_);
          if (status_ != 0) return;
          continue;
        case STORE:
          if (!res_ && mysql_errno(my_)) return finishError(mysql_errno(my_), mysql_error(my_), done);
          if (res_) mysql_free_result(res_);
          res_ = nullptr;
          return finishOk(done);
        case EXEC:
          if (ierr_) return finishStmtError(cur_, done);
          if (mysql_stmt_field_count(cur_) == 0) return finishOk(done);
          phase_ = SSTORE;
          status_ = mysql_stmt_store_result_start(&ierr_, cur_);
          if (status_ != 0) return;
          continue;
        case SSTORE:
          if (ierr_) return finishStmtError(cur_, done);
          mysql_stmt_free_result(cur_);
          return finishOk(done);
        case IDLE: return;
      }
    }
  }

  void finishOk(std::vector<Completion>& done) {
    phase_ = IDLE;
    status_ = 0;
    done.emplace_back().tag = tag_;
  }

  void finishStmtError(MYSQL_STMT* st, std::vector<Completion>& done) {
    finishError(mysql_stmt_errno(st), mysql_stmt_error(st), done);
  }

  void finishError(unsigned int errnum, const char* message, std::vector<Completion>& done) {
    phase_ = IDLE;
    status_ = 0;
    Completion c;
    c.tag = tag_;
    c.ok = false;
    c.code = std::to_string(errnum);
    c.message = message ? message : "";
    if (c.message.size() > 500) c.message.resize(500);
    c.connLost = std::find(cfg_.connectionCodes.begin(), cfg_.connectionCodes.end(), c.code) !=
                 cfg_.connectionCodes.end();
    if (c.connLost) dead_ = true;
    done.push_back(c);
  }

  ConnConfig cfg_;
  MYSQL* my_ = nullptr;
  SkipFirstRead skip_;
  bool skipping_ = false;
  std::vector<MYSQL_STMT*> stmts_;
  std::vector<Binding> binds_;
  std::string sql_;
  MYSQL_STMT* cur_ = nullptr;
  MYSQL_RES* res_ = nullptr;
  Phase phase_ = IDLE;
  int status_ = 0;
  int ierr_ = 0;
  int tag_ = 0;
  bool dead_ = false;
};

}  // namespace

std::unique_ptr<Conn> makeMyConn(const ConnConfig& cfg) { return std::make_unique<MyConn>(cfg); }

}  // namespace bp
